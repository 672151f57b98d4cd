"""Read a Word document (``.docx``) into a neutral model of paragraphs, tables and runs.

mammoth reads the document: paragraph styles, list numbering and levels, runs with their
bold, italic and highlight, links, footnotes, and tables with merged cells. python-docx opens
and checks the package first, and brings out the two things mammoth would drop: content
controls (their runs are given a marker style, so the control's name survives) and simple
merge fields. Headers and footers are never read: the site and the PDFs make their own.

Nothing here knows what a placeholder or a policy is.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
import mammoth
import mammoth.documents as mdoc
import olefile
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..errors import Problem, WordImportError
from ..source import display_name

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL_STYLE = "PolicySiteControl"
_FIELD_STYLE = "PolicySiteField"
_MERGEFIELD = re.compile(r'^\s*MERGEFIELD\s+"?([^"\\\s]+)', re.IGNORECASE)
_PAGE_FIELD = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES)\b", re.IGNORECASE)
_HEADING_STYLE = re.compile(r"heading\s*([1-9])\b", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list\s+(?:bullet|number|continue)\s*([2-9])$", re.IGNORECASE)
_KINDS = {
    "macroEnabled": "a Word document with macros (.docm)",
    "template": "a Word template (.dotx or .dotm)",
}


@dataclass
class Span:
    """A piece of a paragraph's text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    highlight: str | None = None
    href: str | None = None
    control: int | None = None
    """Index into :attr:`WordDocument.controls` when the text is inside a content control."""
    field: str | None = None
    """The merge field's name when the text is a merge field's result."""
    note: str | None = None
    """A footnote or endnote reference: its key in :attr:`WordDocument.notes`."""
    superscript: bool = False


@dataclass
class Paragraph:
    spans: list[Span]
    number: int
    """Where the paragraph is in the document, counting every paragraph from 1."""
    style: str = ""
    heading: int | None = None
    """1 to 9 from a "Heading N" style; 0 for the "Title" style."""
    list_level: int | None = None
    ordered: bool = False
    centred: bool = False
    after_page_break: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Cell:
    blocks: list[Paragraph | Table]
    colspan: int = 1

    @property
    def paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        for block in self.blocks:
            out += [block] if isinstance(block, Paragraph) else block.paragraphs
        return out

    @property
    def text(self) -> str:
        return " ".join(p.text.strip() for p in self.paragraphs if p.text.strip())


@dataclass
class Table:
    rows: list[list[Cell]]
    number: int
    """The number of the table's first paragraph."""

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for row in self.rows for cell in row for p in cell.paragraphs]


@dataclass(frozen=True)
class Control:
    """A content control (a form field Word draws as a box): what its author called it."""

    alias: str
    tag: str
    showing_prompt: bool
    """Word is showing the control's own prompt, not text someone typed into it."""
    kind: str = "text"
    """text, date or choice."""
    choices: tuple[str, ...] = ()


@dataclass
class WordDocument:
    path: Path
    blocks: list[Paragraph | Table]
    notes: dict[str, list[Paragraph]] = field(default_factory=dict)
    controls: list[Control] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """What the reader left out, in words (a contents page, images)."""


def read_document(path: Path) -> WordDocument:
    """Read ``path``; raise :class:`WordImportError` (one line) if it is not a readable .docx."""
    document = _open(path)
    doc = WordDocument(path=path, blocks=[])
    _expose_controls(document, doc)
    _expose_fields(document)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    captured: list[Any] = []

    def capture(element: Any) -> Any:
        captured.append(element)
        return element

    try:
        mammoth.convert_to_html(buffer, transform_document=capture)
    except Exception as exc:  # mammoth raises many kinds on a damaged part
        raise _error(path, f"is damaged: Word's text cannot be read ({_reason(exc)})") from None
    _Converter(doc, captured[0]).run()
    return doc


def _error(path: Path, message: str) -> WordImportError:
    return WordImportError([Problem(display_name(path), message=message)])


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def _open(path: Path) -> Any:
    """The python-docx document, after the checks that give each kind of bad file its message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(path, "file not found") from None
    except IsADirectoryError:
        raise _error(path, "is a folder, expected a Word document (.docx)") from None
    except OSError as exc:
        raise _error(path, f"cannot be read: {exc.strerror}") from None
    save_as = "open it in Word or LibreOffice and save it as Word Document (.docx)"
    if data.startswith(_OLE_MAGIC):
        raise _error(path, _ole_message(data, save_as))
    if data.startswith(b"{\\rtf"):
        raise _error(path, f"is a Rich Text (.rtf) file, not a .docx: {save_as}")
    if data.startswith(b"%PDF"):
        raise _error(path, "is a PDF, not a Word document: import the .docx it was made from")
    if not data.startswith(b"PK"):
        raise _error(path, "is not a Word document (.docx)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _error(
            path, "is damaged or incomplete: it cannot be opened as a .docx (copy it again)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _error(path, "is damaged: it cannot be opened as a .docx (copy it again)") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise _error(path, "is a zip file, not a Word document (.docx)")
    if broken is not None:
        raise _error(path, f"is damaged: its part {broken} cannot be read (copy it again)")
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        kind = next((v for k, v in _KINDS.items() if k in str(exc)), "not a Word document")
        raise _error(path, f"is {kind}, not a .docx: {save_as}") from None
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged part
        raise _error(path, f"is damaged: it cannot be read as a .docx ({_reason(exc)})") from None


def _ole_message(data: bytes, save_as: str) -> str:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:
        return "is damaged: it looks like an old Office file but cannot be opened"
    with ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            return (
                "is password-protected: open it in Word, remove the password "
                "(File > Info > Protect Document) and save it again"
            )
        if ole.exists("WordDocument"):
            return f"is an old Word 97-2003 document (.doc), not a .docx: {save_as}"
    return "is an older Office file, not a Word document (.docx)"


def _val(element: Any, tag: str) -> str:
    found = element.find(qn(tag)) if element is not None else None
    return (found.get(qn("w:val")) or "") if found is not None else ""


def _mark(run: Any, style: str) -> None:
    run.get_or_add_rPr().style = style


def _new_run(text: str) -> Any:
    run = OxmlElement("w:r")
    run.text = text
    return run


def _expose_controls(document: Any, doc: WordDocument) -> None:
    """Give every content control's runs a marker style, so mammoth keeps which control
    they belong to; drop a contents page kept in a content control."""
    body = document.element.body
    for sdt in list(body.iter(qn("w:sdt"))):
        props = sdt.find(qn("w:sdtPr"))
        content = sdt.find(qn("w:sdtContent"))
        if props is None or content is None:
            continue
        gallery = props.find(f"{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
        if gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower():
            sdt.getparent().remove(sdt)
            doc.dropped.append("the document's contents page")
            continue
        if props.find(qn("w14:checkbox")) is not None:
            continue  # mammoth reads checkboxes itself
        choices = tuple(
            item.get(qn("w:displayText")) or item.get(qn("w:value")) or ""
            for item in props.iter(qn("w:listItem"))
        )
        kind = "date" if props.find(qn("w:date")) is not None else "choice" if choices else "text"
        showing = props.find(qn("w:showingPlcHdr")) is not None
        has_paragraphs = content.find(qn("w:p")) is not None
        if has_paragraphs and not showing:
            continue  # a region of real text that happens to be in a control
        index = len(doc.controls)
        doc.controls.append(
            Control(_val(props, "w:alias"), _val(props, "w:tag"), showing, kind, choices)
        )
        runs = list(content.iter(qn("w:r")))
        if not runs:
            run = _new_run(_val(props, "w:alias") or _val(props, "w:tag") or "content control")
            target = content.find(qn("w:p"))
            (target if target is not None else content).append(run)
            runs = [run]
        for run in runs:
            _mark(run, f"{_CONTROL_STYLE}{index}")


def _expose_fields(document: Any) -> None:
    """Merge fields keep their name (as a marker style); simple fields, which mammoth would
    drop, are unwrapped; page-number fields in the body are left as their shown number."""
    body = document.element.body
    for simple in list(body.iter(qn("w:fldSimple"))):
        instr = simple.get(qn("w:instr")) or ""
        runs = simple.findall(qn("w:r"))
        merge = _MERGEFIELD.match(instr)
        if merge:
            if not runs:
                runs = [_new_run(f"\u00ab{merge[1]}\u00bb")]
            for run in runs:
                _mark(run, f"{_FIELD_STYLE}:{merge[1]}")
        parent = simple.getparent()
        at = parent.index(simple)
        for offset, run in enumerate(runs):
            parent.insert(at + offset, run)
        parent.remove(simple)
    for paragraph in body.iter(qn("w:p")):
        stack: list[dict[str, str]] = []
        for run in paragraph.iter(qn("w:r")):
            char = run.find(qn("w:fldChar"))
            if char is not None:
                kind = char.get(qn("w:fldCharType"))
                if kind == "begin":
                    stack.append({"instr": "", "phase": "instr"})
                elif kind == "separate" and stack:
                    stack[-1]["phase"] = "result"
                elif kind == "end" and stack:
                    stack.pop()
                continue
            instr = run.find(qn("w:instrText"))
            if instr is not None and stack:
                stack[-1]["instr"] += instr.text or ""
                continue
            if stack and stack[-1]["phase"] == "result":
                merge = _MERGEFIELD.match(stack[-1]["instr"])
                if merge and run.find(qn("w:t")) is not None:
                    _mark(run, f"{_FIELD_STYLE}:{merge[1]}")


class _Converter:
    """mammoth's document model to ours, numbering every paragraph in document order."""

    def __init__(self, doc: WordDocument, source: Any) -> None:
        self.doc = doc
        self.source = source
        self.count = 0
        self.page_break = False
        self.images = 0

    def run(self) -> None:
        self.doc.blocks = self.blocks(self.source.children)
        if self.images:
            n = self.images
            self.doc.dropped.append(f"{n} picture{'s' if n != 1 else ''} (add them by hand)")

    def blocks(self, children: list[Any]) -> list[Paragraph | Table]:
        out: list[Paragraph | Table] = []
        for child in children:
            if isinstance(child, mdoc.Paragraph):
                out.append(self.paragraph(child))
            elif isinstance(child, mdoc.Table):
                out.append(self.table(child))
            elif hasattr(child, "children"):
                out += self.blocks(child.children)
        return out

    def table(self, table: Any) -> Table:
        number = self.count + 1
        rows = []
        for row in table.children:
            if not isinstance(row, mdoc.TableRow):
                continue
            cells = [
                Cell(self.blocks(cell.children), getattr(cell, "colspan", 1) or 1)
                for cell in row.children
                if hasattr(cell, "children")
            ]
            rows.append(cells)
        return Table(rows, number)

    def paragraph(self, para: Any) -> Paragraph:
        self.count += 1
        style = para.style_name or para.style_id or ""
        heading = None
        if style.lower() == "title":
            heading = 0
        elif match := _HEADING_STYLE.search(style):
            heading = int(match[1])
        level = None
        ordered = False
        if para.numbering is not None:
            level = int(para.numbering.level_index or 0)
            ordered = bool(para.numbering.is_ordered)
            if match := _LIST_STYLE.match(style):
                level = max(level, int(match[1]) - 1)
        out = Paragraph(
            spans=[],
            number=self.count,
            style=style,
            heading=heading,
            list_level=level,
            ordered=ordered,
            centred=para.alignment in ("center", "centre"),
            after_page_break=self.page_break,
        )
        self.page_break = False
        self.inline(para.children, out, None, None)
        return out

    def inline(self, children: list[Any], para: Paragraph, run: Any, href: str | None) -> None:
        for child in children:
            if isinstance(child, mdoc.Run):
                self.inline(child.children, para, child, href)
            elif isinstance(child, mdoc.Hyperlink):
                self.inline(child.children, para, run, child.href or None)
            elif isinstance(child, mdoc.Text):
                para.spans.append(self.span(child.value, run, href))
            elif isinstance(child, mdoc.Tab):
                para.spans.append(self.span("\t", run, href))
            elif isinstance(child, mdoc.Break):
                if child.break_type == "page":
                    self.page_break = True
                else:
                    para.spans.append(self.span("\n", run, href))
            elif isinstance(child, mdoc.NoteReference):
                key = f"{child.note_type}:{child.note_id}"
                if key not in self.doc.notes:
                    self.doc.notes[key] = self.note(child)
                para.spans.append(Span("", note=key))
            elif isinstance(child, mdoc.Image):
                self.images += 1
            elif hasattr(child, "children"):
                self.inline(child.children, para, run, href)

    def note(self, reference: Any) -> list[Paragraph]:
        try:
            body = self.source.notes.resolve(reference).body
        except (KeyError, AttributeError):
            return []
        saved = self.count
        paragraphs = [b for b in self.blocks(body) if isinstance(b, Paragraph)]
        self.count = saved  # notes are not counted among the body's paragraphs
        return paragraphs

    def span(self, text: str, run: Any, href: str | None) -> Span:
        if run is None:
            return Span(text, href=href)
        style = run.style_id or ""
        control = None
        merge = None
        if style.startswith(_CONTROL_STYLE):
            control = int(style[len(_CONTROL_STYLE) :])
        elif style.startswith(f"{_FIELD_STYLE}:"):
            merge = style.split(":", 1)[1]
        return Span(
            text,
            bold=bool(run.is_bold),
            italic=bool(run.is_italic),
            highlight=run.highlight,
            href=href,
            control=control,
            field=merge,
            superscript=run.vertical_alignment == "superscript",
        )
