"""Word documents built in code with python-docx, from the project's own wording.

python-docx writes paragraphs, runs, styles, tables, headers and footers itself; for the
parts it has no method for (footnotes, content controls, merge fields, hyperlinks, lettered
numbering) these helpers add the elements through its own XML element API.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn


class B(str):
    """Bold text."""


class I(str):  # noqa: E742 - reads like Word's own button
    """Italic text."""


class HL(str):
    """Highlighted (yellow) text."""


class Link:
    def __init__(self, text: str, url: str) -> None:
        self.text, self.url = text, url


class Note:
    """A footnote at this point, with this text."""

    def __init__(self, text: str) -> None:
        self.text = text


class Control:
    """A content control showing ``text``; ``showing`` means it shows Word's own prompt."""

    def __init__(self, text: str, alias: str = "", tag: str = "", showing: bool = True,
                 kind: str = "text", choices: Sequence[str] = ()) -> None:  # fmt: skip
        self.text, self.alias, self.tag, self.showing = text, alias, tag, showing
        self.kind, self.choices = kind, choices


class Merge:
    """A merge field; ``simple`` writes Word's w:fldSimple form, else the complex form."""

    def __init__(self, name: str, simple: bool = False) -> None:
        self.name, self.simple = name, simple


Part = str | B | I | HL | Link | Note | Control | Merge


class Doc:
    def __init__(self) -> None:
        self.document = docx.Document()
        self.notes: Any = None
        self.next_note = 1
        self.lettered: int | None = None

    def title(self, text: str) -> Doc:
        self.document.add_paragraph(text, style="Title")
        return self

    def heading(self, text: str, level: int = 1) -> Doc:
        self.document.add_heading(text, level)
        return self

    def para(self, *parts: Part, style: str | None = None) -> Any:
        p = self.document.add_paragraph(style=style)
        for part in parts:
            self._add(p, part)
        return p

    def bullet(self, *parts: Part, level: int = 0) -> Doc:
        self.para(*parts, style="List Bullet" if level == 0 else f"List Bullet {level + 1}")
        return self

    def number(self, *parts: Part, level: int = 0) -> Doc:
        self.para(*parts, style="List Number" if level == 0 else f"List Number {level + 1}")
        return self

    def letter(self, *parts: Part, level: int = 0) -> Doc:
        """An item of a list numbered a), b), c) with Word numbering (i), ii) below)."""
        p = self.para(*parts)
        num = self._lettered()
        ppr = p._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                             f'<w:numId w:val="{num}"/></w:numPr>'))  # fmt: skip
        return self

    def table(self, rows: Sequence[Sequence[str | Sequence[Part]]]) -> Doc:
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                p = cell.paragraphs[0]
                for part in [value] if isinstance(value, str) else value:
                    self._add(p, part)
        return self

    def contents(self, *lines: str) -> Doc:
        """A contents page as Word inserts one: a content control of TOC-styled lines."""
        paragraphs = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>{line}</w:t></w:r>'
            f"<w:r><w:tab/></w:r><w:r><w:t>{n}</w:t></w:r></w:p>"
            for n, line in enumerate(lines, start=1)
        )
        sdt = parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr><w:docPartObj>"
            '<w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj>'
            '</w:sdtPr><w:sdtContent><w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>'
            f"<w:r><w:t>Table of contents</w:t></w:r></w:p>{paragraphs}</w:sdtContent></w:sdt>"
        )
        self.document.element.body.sectPr.addprevious(sdt)
        return self

    def page_break(self) -> Doc:
        self.document.add_page_break()
        return self

    def header(self, text: str) -> Doc:
        self.document.sections[0].header.paragraphs[0].text = text
        return self

    def footer(self, text: str) -> Doc:
        self.document.sections[0].footer.paragraphs[0].text = text
        return self

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path

    def _add(self, p: Any, part: Part) -> None:
        if isinstance(part, B):
            p.add_run(str(part)).bold = True
        elif isinstance(part, I):
            p.add_run(str(part)).italic = True
        elif isinstance(part, HL):
            p.add_run(str(part)).font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif isinstance(part, str):
            p.add_run(part)
        elif isinstance(part, Link):
            rid = p.part.relate_to(part.url, RT.HYPERLINK, is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), rid)
            run = OxmlElement("w:r")
            run.text = part.text
            link.append(run)
            p._p.append(link)
        elif isinstance(part, Note):
            self._note(p, part.text)
        elif isinstance(part, Control):
            p._p.append(self._control(part))
        elif isinstance(part, Merge):
            self._merge(p, part)

    def _note(self, p: Any, text: str) -> None:
        if self.notes is None:
            xml = (
                f"<w:footnotes {nsdecls('w')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                "</w:footnote>"
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
            )
            package = self.document.part.package
            self.notes = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                                 parse_xml(xml), package)  # fmt: skip
            self.document.part.relate_to(self.notes, RT.FOOTNOTES)
        n = self.next_note
        self.next_note += 1
        self.notes.element.append(parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{n}"><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        ))  # fmt: skip
        p._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{n}"/></w:r>'
        ))  # fmt: skip

    @staticmethod
    def _control(c: Control) -> Any:
        props = ""
        if c.alias:
            props += f"<w:alias w:val={quoteattr(c.alias)}/>"
        if c.tag:
            props += f"<w:tag w:val={quoteattr(c.tag)}/>"
        if c.showing:
            props += "<w:showingPlcHdr/>"
        if c.kind == "date":
            props += '<w:date><w:dateFormat w:val="dd/MM/yyyy"/></w:date>'
        if c.choices:
            items = "".join(
                f"<w:listItem w:displayText={quoteattr(x)} w:value={quoteattr(x)}/>"
                for x in c.choices
            )
            props += f"<w:dropDownList>{items}</w:dropDownList>"
        return parse_xml(
            f"<w:sdt {nsdecls('w')}><w:sdtPr>{props}</w:sdtPr><w:sdtContent>"
            f'<w:r><w:t xml:space="preserve">{escape(c.text)}</w:t></w:r></w:sdtContent></w:sdt>'
        )

    @staticmethod
    def _merge(p: Any, m: Merge) -> None:
        shown = f"\u00ab{m.name}\u00bb"
        if m.simple:
            p._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" MERGEFIELD {m.name} ">'
                f"<w:r><w:t>{shown}</w:t></w:r></w:fldSimple>"
            ))  # fmt: skip
            return
        for xml in (
            '<w:fldChar w:fldCharType="begin"/>',
            f'<w:instrText xml:space="preserve"> MERGEFIELD {m.name} </w:instrText>',
            '<w:fldChar w:fldCharType="separate"/>',
            f"<w:t>{shown}</w:t>",
            '<w:fldChar w:fldCharType="end"/>',
        ):
            p._p.append(parse_xml(f"<w:r {nsdecls('w')}>{xml}</w:r>"))

    def _lettered(self) -> int:
        if self.lettered is None:
            numbering = self.document.part.numbering_part.element
            levels = "".join(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="%{i + 1})"/></w:lvl>'
                for i, fmt in enumerate(("lowerLetter", "lowerRoman", "decimal"))
            )
            numbering.insert(0, parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'
            ))  # fmt: skip
            numbering.append(parse_xml(
                f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
            ))  # fmt: skip
            self.lettered = 90
        return self.lettered


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (the container of .doc files and of password-protected
    Office files) holding ``streams``, each padded to 4096 bytes so no mini stream is needed."""
    sector = 512
    names = list(streams)
    data = [streams[n].ljust(4096, b"\0") for n in names]
    per = 4096 // sector
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # the FAT itself, then the one directory sector
    starts = []
    for _ in data:
        start = len(fat)
        starts.append(start)
        fat += [start + i + 1 for i in range(per - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw) if name else 0, kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    entries = [entry("Root Entry", 5, 1, 0xFFFFFFFF, 0xFFFFFFFE, 0)]
    for i, _name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else 0xFFFFFFFF
        entries.append(entry(names[i], 2, 0xFFFFFFFF, right, starts[i], 4096))
    entries += [entry("", 0, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0)] * (4 - len(entries))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", 0xFFFFFFFF) * 108
    )
    fat_sector = struct.pack(f"<{len(fat)}I", *fat)
    return header + fat_sector + b"".join(entries) + b"".join(data)
