"""Word (.docx) copies of a school's policies, from the same data and tokens as the PDFs.

One :class:`DocxWriter` per school build turns each :class:`~site_builder.print.pdf.
PrintedPolicy` into an A4 Word document laid out like its PDF: the school's name (and logo)
in the header, the policy's title and "Page X of Y" (Word's own PAGE and NUMPAGES fields) in
the footer, the title as Heading 1, the adoption details table, the policy text, the
signature block and the note that printed copies may be out of date. ``handbook`` binds every
policy into one document with a cover and contents, each policy in a section of its own.

The text comes from markdown-it-py's token stream, parsed once per policy for the PDF too
(:attr:`PrintedPolicy.tokens`), so the Word copy, the PDF and the web page say the same.
Headings use Word's built-in Heading styles (the navigation pane lists them), lists are
Word numbering, tables are Word tables with a repeated header row. Every value goes in as
text through python-docx (``add_t``, ``add_run``, core property setters) or as an attribute
value through lxml (a link's address, the logo's description), never into a string of XML,
so nothing a school typed can become Word markup or a field.

Making a Word document with python-docx from scratch costs tens of milliseconds (its
starting document alone is 800 kB of styles), and python-docx takes a tenth of a
millisecond to place each property among its siblings. A school has 31 documents, so:

- one writer opens one small package per school (:mod:`site_builder.word.template`) and
  sets the school's colour, header and footer up once;
- each policy's body is built once: the policy's own document and the handbook both use it;
  each document is saved from the one package with only its own body, list numbering and
  links in it;
- a kind of paragraph or run is made once through python-docx's API and copied after that,
  and the runs of a paragraph's text are kept per process (a batch's schools share most of
  their templates' text), each copy given its own link ids;
- parts that recur (styles, settings, header, logo) are serialised and compressed once.

The zip is written with fixed timestamps and core-property dates taken from the adoption
date, so the same inputs give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage
from docx.opc.part import Part
from docx.opc.rel import Relationships
from docx.opc.spec import default_content_types
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.parts.image import ImagePart
from docx.parts.settings import SettingsPart
from docx.parts.styles import StylesPart
from docx.shared import Mm, RGBColor, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree
from markdown_it.token import Token

from site_builder.config import dates
from site_builder.errors import BuildError, Problem
from site_builder.print.pdf import PrintedPolicy, PrintedSchool
from site_builder.print.typst_markup import OWN_OPEN
from site_builder.word.template import (
    BULLET_NUM_IDS,
    BULLETS,
    FIRST_FREE_NUM_ID,
    LANGUAGE,
    LIST_INDENT,
    ORDERED_ABSTRACT_IDS,
    TEXT_WIDTH,
    template_bytes,
)

LOGO_HEIGHT = Mm(10)
_SUPPORTED_LOGOS = (".png", ".jpg", ".jpeg")
"""Logos Word shows everywhere. An SVG logo is left out of the Word copy (Word needs a
bitmap beside it, and nothing installed here makes one cheaply); the name is still there."""
DETAILS = ("Version", "Date adopted", "Approved by", "Next review", "LA template")
DETAILS_COLUMNS = (Twips(1701), Twips(TEXT_WIDTH - 1701))
"""The adoption details table: 30 mm of labels, the rest values (as in the PDF)."""

# Text goes into Word as it goes into Typst: line breaks and tabs become spaces and other
# control characters (no glyph, and most are not allowed in XML) are dropped.
_CLEAN: dict[int, str | None] = {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}
_CLEAN.update({c: None for c in [*range(32), *range(0x7F, 0xA0)] if c not in _CLEAN})
_CLEAN.update({c: None for c in (*range(0xD800, 0xE000), 0xFFFE, 0xFFFF)})  # not in XML


def clean(text: str) -> str:
    """``text`` as one line of characters XML may hold."""
    return text.translate(_CLEAN)


@dataclass
class _Body:
    """One policy's content, built once: its document and the handbook both show it."""

    elements: list[BaseOxmlElement] = field(default_factory=list)
    nums: list[CT_Num] = field(default_factory=list)
    """The ``w:num`` of each ordered list: each list restarts its own numbering."""
    links: dict[str, str] = field(default_factory=dict)
    """Relationship id to address, for each link in the text."""
    bookmark: str = ""
    """The bookmark on the title, which the handbook's contents link to."""


class DocxWriter:
    """Makes the Word copies of one school's policies; one per school build.

    ``root`` is the folder that :attr:`PrintedSchool.logo` is relative to (the site's docs
    folder), as for :class:`~site_builder.print.pdf.PdfWriter`.
    """

    def __init__(self, school: PrintedSchool, root: Path) -> None:
        self.school = school
        self._doc = docx.Document(io.BytesIO(template_bytes()))
        self._part = self._doc.part
        self._body = self._doc.element.body
        self._sentinel = self._body.sectPr
        self._numbering = self._part.numbering_part.element
        self._next_num = FIRST_FREE_NUM_ID
        self._next_bookmark = 1
        self._links: dict[str, str] = {}
        self._built: dict[int, tuple[PrintedPolicy, _Body]] = {}
        self._protos: dict[tuple[str | None, int, int], CT_P] = {}
        self._runs: dict[frozenset[str], CT_R] = {}
        self._details_table: CT_Tbl | None = None
        self._signature_lines: list[CT_P] | None = None
        self._num: CT_Num | None = None
        self._placed: list[BaseOxmlElement] = []
        self._packer = _Packer()
        self._footer_line: CT_P | None = None
        self._brand(RGBColor.from_string(school.colour.lstrip("#")))
        section = self._doc.sections[0]
        section.header.is_linked_to_previous = False
        self._header(section.header.paragraphs[0], root)
        section.footer.is_linked_to_previous = False
        self._footer = section.footer.part.element
        self._packer.freeze(
            part
            for part in self._doc.part.package.iter_parts()
            if isinstance(part, StylesPart | SettingsPart | HeaderPart | ImagePart)
        )

    # --- the documents ----------------------------------------------------------------------

    def policy(self, policy: PrintedPolicy) -> bytes:
        """The .docx bytes of one policy."""
        body = self._policy_body(policy)
        self._fill_footer(self._footer, policy.title)
        return self._save(
            body.elements,
            body.nums,
            body.links,
            f"{policy.title}: {self.school.name}",
            policy.adopted,
        )

    def handbook(self, policies: Sequence[PrintedPolicy]) -> bytes:
        """The .docx bytes of every policy in one document: cover, contents, then each
        policy in a section of its own, starting on a new page, its title in the footer."""
        bodies = [self._policy_body(p) for p in policies]
        latest = max((p.adopted for p in policies), default=dt.date(2000, 1, 1))
        nums: list[CT_Num] = []
        links: dict[str, str] = {}
        elements = self._cover(len(policies), links)
        elements += self._contents(policies, bodies)
        footers: list[str] = []

        def end_section(title: str) -> None:
            # A footer of its own, like the one every document has (python-docx's
            # add_footer_part would read and parse its own starting footer each time).
            package = self._part.package
            name = package.next_partname("/word/footer%d.xml")
            part = FooterPart(name, CT.WML_FOOTER, copy.copy(self._footer), package)
            rid = self._part.relate_to(part, RT.FOOTER)
            footers.append(rid)
            self._fill_footer(part.element, title)
            elements[-1:] = self._section_end(elements[-1], rid)

        # The cover and contents end in a paragraph of their own: LibreOffice loses the page
        # numbers of a section that ends inside the contents field.
        self._paragraph(elements)
        end_section("")
        for i, (policy, body) in enumerate(zip(policies, bodies, strict=True)):
            elements += body.elements
            nums += body.nums
            links.update(body.links)
            if i < len(policies) - 1:
                end_section(policy.title)
        self._fill_footer(self._footer, policies[-1].title if policies else "")
        try:
            return self._save(elements, nums, links, f"Policies: {self.school.name}", latest)
        finally:
            for rid in footers:
                del self._part.rels[rid]

    # --- school-wide set-up -----------------------------------------------------------------

    def _brand(self, colour: RGBColor) -> None:
        """The school's colour on headings and titles, the header's rule and the details."""
        styles = self._doc.styles
        for name in ("Title", *(f"Heading {n}" for n in range(1, 7))):
            styles[name].font.color.rgb = colour
        for style_name, border in (("Header", "w:bottom"), ("Policy Details", "w:left")):
            rule = styles[style_name].element.find(f".//{qn(border)}")
            rule.set(qn("w:color"), str(colour))

    def _header(self, paragraph: Paragraph, root: Path) -> None:
        run = paragraph.add_run(clean(self.school.name))
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(self.school.colour.lstrip("#"))
        logo = self.school.logo
        if not logo or Path(logo).suffix.lower() not in _SUPPORTED_LOGOS:
            return
        path = root / logo.lstrip("/")
        paragraph.add_run("\t")
        try:
            picture = paragraph.add_run().add_picture(str(path), height=LOGO_HEIGHT)
        except (OSError, UnrecognizedImageError, ValueError) as exc:
            raise BuildError(
                [Problem(Path(logo).name, message=f"the logo cannot go in the Word copies: {exc}")]
            ) from None
        # Alternative text, as the PDF's logo has: what a screen reader says.
        docpr = picture._inline.docPr
        docpr.set("descr", clean(f"{self.school.name} logo"))
        docpr.set("name", "Logo")

    def _fill_footer(self, footer: BaseOxmlElement, title: str) -> None:
        """The policy's title, then "Page X of Y" from Word's PAGE and NUMPAGES fields."""
        for child in list(footer):
            footer.remove(child)
        if self._footer_line is None:
            p = self._footer_line = self._paragraph([], "Footer")
            p.add_r().add_tab()
            self._run(p, "Page ", frozenset())
            self._field(p, "PAGE", "1")
            self._run(p, " of ", frozenset())
            self._field(p, "NUMPAGES", "1")
        p = copy.copy(self._footer_line)
        footer.append(p)
        title_run: list[CT_R] = []
        self._run(title_run, title, frozenset())
        if title_run:
            p.pPr.addnext(title_run[0])

    # --- building blocks --------------------------------------------------------------------

    # Paragraphs and runs are copies of one made through python-docx's API for each kind:
    # python-docx finds where a property goes among its siblings by searching for each of
    # the tags that may follow it, which costs a tenth of a millisecond every time.

    def _paragraph(
        self,
        parent: BaseOxmlElement | list,
        style: str | None = None,
        level: int = -1,
        num_id: int = 0,
    ) -> CT_P:
        """A new paragraph in ``style``; with a ``level``, an item of list ``num_id``."""
        p = copy.copy(self._paragraph_like(style, level, num_id))
        parent.append(p)
        return p

    def _paragraph_like(self, style: str | None, level: int, num_id: int) -> CT_P:
        key = (style, level, num_id)
        proto = self._protos.get(key)
        if proto is None:
            if num_id:  # another list's item at the same level, but for its w:numId
                proto = copy.copy(self._paragraph_like(style, level, 0))
                proto.pPr.numPr.numId.val = num_id
            else:
                proto = OxmlElement("w:p")
                if style:
                    proto.style = style
                if level >= 0:
                    num_pr = proto.get_or_add_pPr().get_or_add_numPr()
                    num_pr.get_or_add_ilvl().val = level
                    num_pr.get_or_add_numId().val = 0
            self._protos[key] = proto
        return proto

    def _run(self, container: BaseOxmlElement, text: str, fmt: frozenset[str]) -> None:
        """A run of ``text`` in ``container`` (a paragraph or a link), formatted by ``fmt``."""
        text = clean(text)
        if not text:
            return
        r = copy.copy(self._empty_run(fmt))
        container.append(r)
        r.add_t(text)

    def _empty_run(self, fmt: frozenset[str]) -> CT_R:
        """A run without text, formatted by ``fmt`` through python-docx's font API."""
        found = self._runs.get(fmt)
        if found is None:
            run = Run(OxmlElement("w:r"), self._doc)
            font = run.font
            if "own" in fmt:
                run.style = self._doc.styles["Added by the school"]
            elif "link" in fmt:
                run.style = self._doc.styles["Hyperlink"]
            elif "code" in fmt:
                run.style = self._doc.styles["Code"]
            if "b" in fmt:
                font.bold = True
            if "i" in fmt:
                font.italic = True
            if "s" in fmt or "del" in fmt:
                font.strike = True
            if "ins" in fmt:
                font.underline = True
                font.color.rgb = RGBColor(0x0B, 0x5D, 0x1E)
            if "del" in fmt:
                font.color.rgb = RGBColor(0xA4, 0x16, 0x1A)
            rpr = run._r.get_or_add_rPr()
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)
            rpr.append(lang)  # w:lang comes after every property set above
            found = self._runs[fmt] = run._r
        return found

    def _field(self, p: CT_P, instruction: str, shown: str) -> None:
        """A Word field (``PAGE``, ``NUMPAGES``) that Word works out as it lays pages out."""
        self._field_start(p, instruction)
        self._run(p, shown, frozenset())
        self._field_end(p)

    def _field_start(self, p: CT_P, instruction: str) -> None:
        begin = p.add_r()
        begin.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
        code = p.add_r()
        text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
        text.text = f" {instruction} "
        code.append(text)
        p.add_r().append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))

    def _field_end(self, p: CT_P) -> None:
        p.add_r().append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))

    def _link(self, p: BaseOxmlElement, url: str, links: dict[str, str]) -> BaseOxmlElement:
        """A ``w:hyperlink`` to ``url`` in ``p``; ``links`` records its relationship."""
        link = OxmlElement("w:hyperlink", {qn("r:id"): self._link_id(url, links)})
        link.set(qn("w:history"), "1")
        p.append(link)
        return link

    def _link_id(self, url: str, links: dict[str, str]) -> str:
        """The relationship id of ``url``, recorded in ``links``."""
        rid = self._links.get(url)
        if rid is None:
            # Named apart from python-docx's own rId1, rId2...: the relationship exists only
            # while a document that uses it is being saved.
            rid = self._links[url] = f"rIdLink{len(self._links) + 1}"
        links[rid] = url
        return rid

    def _new_num(self, body: _Body, abstract_id: int, ilvl: int, start: int) -> int:
        """A new list numbering that starts at ``start`` (Word continues a numbering that
        another list shares unless it is told where to start)."""
        num_id = self._next_num
        self._next_num += 1
        if self._num is None:
            self._num = CT_Num.new(0, 0)
            self._num.add_lvlOverride(ilvl=0).add_startOverride(1)
        num = copy.copy(self._num)
        num.numId = num_id
        num.abstractNumId.val = abstract_id
        override = num.lvlOverride_lst[0]
        override.ilvl = ilvl
        override.startOverride.val = start
        body.nums.append(num)
        return num_id

    # --- a policy ---------------------------------------------------------------------------

    def _policy_body(self, policy: PrintedPolicy) -> _Body:
        """The content of ``policy``, built the first time it is asked for."""
        found = self._built.get(id(policy))
        if found is None:  # (the policy is kept with it, so that its id stays its own)
            found = self._built[id(policy)] = (policy, self._build(policy))
        return found[1]

    def _build(self, policy: PrintedPolicy) -> _Body:
        body = _Body()
        out = body.elements
        title = self._paragraph(out, "Heading1")
        body.bookmark = f"_TocPolicy{self._next_bookmark}"
        mark = str(self._next_bookmark)
        self._next_bookmark += 1
        title.append(
            OxmlElement("w:bookmarkStart", {qn("w:id"): mark, qn("w:name"): body.bookmark})
        )
        self._run(title, policy.title, frozenset())
        title.append(OxmlElement("w:bookmarkEnd", {qn("w:id"): mark}))
        out.append(self._details(policy))
        _Blocks(self, body).render(policy.tokens)
        self._signatures(out, policy.signatures)
        if policy.online_url:
            self._online_note(out, policy.online_url, body.links)
        return body

    def _details(self, policy: PrintedPolicy) -> CT_Tbl:
        """The adoption details: a table of labels and values, as in the PDF."""
        values = [
            policy.version,
            dates.uk(policy.adopted),
            policy.approved_by,
            dates.uk(policy.review_date),
            f"{policy.title}, version {policy.template_version}, {policy.library_name}",
        ]
        if self._details_table is None:
            tbl = self._details_table = CT_Tbl.new_tbl(len(DETAILS), 2, Twips(TEXT_WIDTH))
            tbl.tblStyle_val = "PolicyDetails"
            tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstRow"), "0")
            tbl.tblPr.append(_caption("Adoption details"))
            for col, width in zip(tbl.tblGrid.gridCol_lst, DETAILS_COLUMNS, strict=True):
                col.w = width
            for tr, label in zip(tbl.tr_lst, DETAILS, strict=True):
                for tc, width in zip(tr.tc_lst, DETAILS_COLUMNS, strict=True):
                    tc.width = width
                self._run(tr.tc_lst[0].p_lst[0], label, frozenset({"b"}))
        tbl = copy.copy(self._details_table)
        for tr, value in zip(tbl.tr_lst, values, strict=True):
            self._run(tr.tc_lst[1].p_lst[0], value, frozenset())
        return tbl

    def _signatures(self, out: list, roles: Sequence[str]) -> None:
        """For each role, its name and lines to write a name, a signature and a date on."""
        if not roles:
            return
        if self._signature_lines is None:
            lines = self._signature_lines = []
            for label in ("Name", "Signature", "Date"):
                line = self._paragraph(lines, "SignatureLine")
                self._run(line, label, frozenset())
                line.add_r().add_tab()
                line.add_r().add_tab()
            # The block of each role stays on one page, and the next may start another.
            Paragraph(line, self._doc).paragraph_format.keep_with_next = False
        heading = self._paragraph(out, "Heading2")
        self._run(heading, "Signatures", frozenset())
        for role in roles:
            self._run(self._paragraph(out, "SignatureRole"), role, frozenset())
            out += [copy.copy(line) for line in self._signature_lines]

    def _online_note(self, out: list, url: str, links: dict[str, str]) -> None:
        note = self._paragraph(out, "OnlineNote")
        self._run(
            note, "Printed copies may be out of date: the current version is at ", frozenset()
        )
        self._run(self._link(note, url, links), url, frozenset({"link"}))
        self._run(note, ".", frozenset())

    # --- the handbook's own pages -----------------------------------------------------------

    def _cover(self, count: int, links: dict[str, str]) -> list[BaseOxmlElement]:
        out: list[BaseOxmlElement] = []
        self._run(self._paragraph(out, "Title"), self.school.name, frozenset())
        self._run(self._paragraph(out, "Subtitle"), "Policies", frozenset())
        summary = self._paragraph(out)
        Paragraph(summary, self._doc).alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(summary, f"{count} polic{'ies' if count != 1 else 'y'}", frozenset())
        if self.school.handbook_url:
            self._online_note(out, self.school.handbook_url, links)
        return out

    def _contents(
        self, policies: Sequence[PrintedPolicy], bodies: Sequence[_Body]
    ) -> list[BaseOxmlElement]:
        """A real Word contents field (Word can refresh it, with page numbers), showing for
        now each policy's title, linked to it."""
        out: list[BaseOxmlElement] = []
        heading = self._paragraph(out, "TOCHeading")
        Paragraph(heading, self._doc).paragraph_format.page_break_before = True
        self._run(heading, "Contents", frozenset())
        entries = []
        for policy, body in zip(policies, bodies, strict=True):
            p = self._paragraph(out, "TOC1")
            if not entries:
                self._field_start(p, 'TOC \\o "1-1" \\h \\z \\u')
            link = OxmlElement("w:hyperlink", {qn("w:anchor"): body.bookmark, qn("w:history"): "1"})
            p.append(link)
            self._run(link, policy.title, frozenset())
            entries.append(p)
        if entries:
            self._field_end(entries[-1])
        return out

    def _section_end(self, last: BaseOxmlElement, footer_rid: str) -> list[BaseOxmlElement]:
        """What stands for ``last`` at the end of a section whose footer is ``footer_rid``:
        a copy of it holding the section's properties (the original belongs to a policy's
        own document), or after a table, a paragraph holding them. The next section starts
        on a new page."""
        sect = copy.copy(self._sentinel)
        for ref in sect.findall(qn("w:footerReference")):
            ref.set(qn("r:id"), footer_rid)
        if isinstance(last, CT_P):
            p = copy.copy(last)
            out = [p]
        else:
            p = OxmlElement("w:p")
            out = [last, p]
        p.set_sectPr(sect)
        return out

    # --- saving -----------------------------------------------------------------------------

    def _save(
        self,
        elements: Sequence[BaseOxmlElement],
        nums: Sequence[CT_Num],
        links: dict[str, str],
        title: str,
        date: dt.date,
    ) -> bytes:
        with self._contents_in_place(elements, nums, links):
            props = self._doc.core_properties
            stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
            props.title = clean(title)
            props.author = clean(self.school.name)
            props.last_modified_by = clean(self.school.name)
            props.created = stamp
            props.modified = stamp
            props.revision = 1
            props.language = LANGUAGE
            return self._packer.package(self._doc.part.package, date)

    @contextmanager
    def _contents_in_place(
        self,
        elements: Sequence[BaseOxmlElement],
        nums: Sequence[CT_Num],
        links: dict[str, str],
    ) -> Iterator[None]:
        """The package holds one document's body, numbering and links while it is saved.

        The body stays until the next document replaces it: moving elements in and out of
        a tree walks all they hold, and the last document's need never be moved out.
        """
        for element in self._placed:
            self._body.remove(element)
        self._placed = list(elements)
        for element in self._placed:
            self._sentinel.addprevious(element)
        rels = self._part.rels
        for num in nums:
            self._numbering.append(num)
        for rid, url in links.items():
            rels.add_relationship(RT.HYPERLINK, url, rid, is_external=True)
        try:
            yield
        finally:
            for num in nums:
                self._numbering.remove(num)
            for rid in links:
                del rels[rid]


def _caption(text: str) -> BaseOxmlElement:
    """A table's title for screen readers (Word's "Alt Text" of a table)."""
    return OxmlElement("w:tblCaption", {qn("w:val"): text})


class _Blocks:
    """Walks markdown-it-py's tokens into Word paragraphs, lists and tables."""

    def __init__(self, writer: DocxWriter, body: _Body) -> None:
        self.w = writer
        self.body = body
        self.out = body.elements
        self.lists: list[tuple[str, int]] = []
        """For each list the text is in: its kind and its ``w:num``."""
        self.first_in_item = False
        self.quote = 0
        self.after_table = True
        """Whether the next paragraph follows a table (the adoption details, first of all):
        it is set apart from it, as the PDF's is, for a table has no space below."""

    def render(self, tokens: Sequence[Token]) -> None:
        self.close = _closes(tokens)
        self.blocks(tokens, 0, len(tokens))

    def blocks(self, tokens: Sequence[Token], start: int, end: int) -> None:
        i = start
        while i < end:
            tok = tokens[i]
            if tok.nesting == 1:
                close = self.close[i]
                self.block(tok, tokens, i + 1, close)
                i = close + 1
                continue
            if tok.type == "inline":
                self.inline(self.paragraph(), tok.children or [])
            elif tok.type in ("fence", "code_block"):
                self.code(tok.content.rstrip("\n"))
            elif tok.type == "hr":
                self.w._paragraph(self.out, "Rule")
            elif tok.type == "html_block":
                self.w._run(self.paragraph(), tok.content.strip(), frozenset())
            i += 1

    def block(self, tok: Token, tokens: Sequence[Token], start: int, end: int) -> None:
        kind = tok.type
        if kind == "heading_open":
            self.after_table = False  # a heading has space of its own above
            level = min(int(tok.tag[1]), 6)
            self.inline(self.w._paragraph(self.out, f"Heading{level}"), _children(tokens, start))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self.list(tok, tokens, start, end)
        elif kind == "blockquote_open":
            self.quote += 1
            self.blocks(tokens, start, end)
            self.quote -= 1
        elif kind == "table_open":
            self.table(tokens, start, end)
        else:  # paragraph_open, and anything else that only holds blocks
            self.blocks(tokens, start, end)

    def paragraph(self, style: str | None = None) -> CT_P:
        """A new paragraph of running text, placed by the lists and quotes it is in."""
        p = self._paragraph(style)
        if self.after_table:
            self.after_table = False
            Paragraph(p, self.w._doc).paragraph_format.space_before = Twips(240)
        return p

    def _paragraph(self, style: str | None) -> CT_P:
        if not self.lists:
            return self.w._paragraph(self.out, style or ("Quote" if self.quote else None))
        level = min(len(self.lists) - 1, 8)
        if self.first_in_item:
            self.first_in_item = False
            p = self.w._paragraph(self.out, "ListParagraph", level, self.lists[-1][1])
        else:  # a later paragraph of an item: indented as the item's text, no marker
            p = self.w._paragraph(self.out, "ListParagraph")
            if level:
                p.pPr.get_or_add_ind().left = Twips(LIST_INDENT * (level + 1))
        return p

    def list(self, tok: Token, tokens: Sequence[Token], start: int, end: int) -> None:
        if self.first_in_item:  # an item that starts with a list: its marker stands alone
            self.paragraph()
        kind = "bullet" if tok.type == "bullet_list_open" else "ordered"
        depth = sum(1 for k, _ in self.lists if k == kind)
        ilvl = min(len(self.lists), 8)
        if kind == "bullet":
            num_id = BULLET_NUM_IDS[depth % len(BULLETS)]
        else:
            abstract = ORDERED_ABSTRACT_IDS[depth % len(ORDERED_ABSTRACT_IDS)]
            num_id = self.w._new_num(self.body, abstract, ilvl, int(tok.attrGet("start") or 1))
        self.lists.append((kind, num_id))
        i = start
        while i < end:
            if tokens[i].type == "list_item_open":
                close = self.close[i]
                self.first_in_item = True
                self.blocks(tokens, i + 1, close)
                if self.first_in_item:  # an empty item keeps its marker
                    self.paragraph()
                i = close + 1
            else:
                i += 1
        self.lists.pop()

    def code(self, text: str) -> None:
        p = self.w._paragraph(self.out, "CodeBlock")
        for n, line in enumerate(text.split("\n")):
            if n:
                p.add_r().add_br()
            self.w._run(p, line, frozenset())

    def table(self, tokens: Sequence[Token], start: int, end: int) -> None:
        rows: list[tuple[bool, list[list[Token]]]] = []
        in_head = False
        for i in range(start, end):
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                rows.append((in_head, []))
            elif tok.type in ("th_open", "td_open"):
                rows[-1][1].append(tokens[i + 1].children or [])
        columns = max((len(cells) for _, cells in rows), default=1)
        if self.out and isinstance(self.out[-1], CT_Tbl):
            self.w._paragraph(self.out)  # two tables in a row would be one in Word
        tbl = CT_Tbl.new_tbl(len(rows), columns, Twips(TEXT_WIDTH))
        tbl.tblStyle_val = "TableGrid"
        look = tbl.tblPr.find(qn("w:tblLook"))
        look.set(qn("w:firstColumn"), "0")
        for tr, (head, cells) in zip(tbl.tr_lst, rows, strict=True):
            if head:  # repeated at the top of each page the table runs on to
                tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for tc, children in zip(tr.tc_lst, cells, strict=False):
                self.inline(tc.p_lst[0], children, frozenset({"b"}) if head else frozenset())
        self.out.append(tbl)
        self.after_table = True

    def inline(
        self, p: CT_P, children: Sequence[Token], base: frozenset[str] = frozenset()
    ) -> None:
        """The runs (and links) of one paragraph's text.

        Most paragraphs recur: in every policy of a school and in every school's copy of a
        template. Their runs are made once per process and copied after that (with each
        link's relationship id set for the document at hand).
        """
        key = (base, *((t.type, t.content, t.attrGet("href")) for t in children))
        found = _RUNS.get(key)
        if found is None:
            start = len(p)
            hrefs = self._inline(p, children, base)
            if len(_RUNS) >= _RUNS_KEPT:
                _RUNS.clear()
            _RUNS[key] = (tuple(copy.copy(e) for e in p[start:]), hrefs)
            return
        made, hrefs = found
        urls = iter(hrefs)
        for element in made:
            element = copy.copy(element)
            if element.tag == _HYPERLINK:
                element.set(_RID, self.w._link_id(next(urls), self.body.links))
            p.append(element)

    def _inline(self, p: CT_P, children: Sequence[Token], base: frozenset[str]) -> tuple[str, ...]:
        """Make the runs of ``children`` in ``p``; return the address of each link made."""
        w = self.w
        hrefs: list[str] = []
        container: BaseOxmlElement = p
        fmt = set(base)
        stack: list[tuple[str, str]] = []
        shown: list[str] = []
        """The text of the link being written, to tell whether it shows its own address."""
        for tok in children:
            kind = tok.type
            text: str | None = None
            if kind == "text":
                text = tok.content
            elif kind == "softbreak":
                text = " "
            elif kind == "hardbreak":
                container.append(OxmlElement("w:r"))
                container[-1].add_br()
            elif kind == "code_inline":
                w._run(container, tok.content, frozenset({*fmt, "code"}))
                shown.append(tok.content)
            elif kind in ("strong_open", "em_open", "s_open"):
                mark = {"strong_open": "b", "em_open": "i", "s_open": "s"}[kind]
                stack.append((mark, "" if mark in fmt else mark))
                fmt.add(mark)
            elif kind in ("strong_close", "em_close", "s_close"):
                if stack:
                    _, added = stack.pop()
                    fmt.discard(added)
            elif kind == "link_open":
                href = str(tok.attrGet("href") or "")
                stack.append(("link", href))
                container = w._link(p, href, self.body.links) if href else p
                if href:
                    hrefs.append(href)
                fmt.add("link")
                shown = []
            elif kind == "link_close":
                _, href = stack.pop() if stack else ("link", "")
                container = p
                fmt.discard("link")
                # On paper a link must say where it goes: the address after the text.
                target = href[len("mailto:") :] if href.startswith("mailto:") else href
                if target and "".join(shown) != target:
                    w._run(p, f" ({target})", frozenset(fmt))
            elif kind == "html_inline" and tok.content in ("<ins>", "<del>"):
                mark = tok.content.strip("<>")
                stack.append((mark, mark))
                fmt.add(mark)
            elif (
                kind == "html_inline"
                and tok.content in ("</ins>", "</del>")
                and stack
                and (stack[-1][0] == tok.content.strip("</>"))
            ):
                fmt.discard(stack.pop()[1])
            elif kind == "html_inline" and tok.content == OWN_OPEN:
                stack.append(("own", "own"))
                fmt.add("own")
                w._run(container, "(", frozenset(fmt))
            elif (
                kind == "html_inline"
                and tok.content == "</span>"
                and stack
                and (stack[-1][0] == "own")
            ):
                w._run(container, ")", frozenset(fmt))
                fmt.discard(stack.pop()[1])
            elif kind in ("image", "html_inline"):
                # Raw HTML is text in our Markdown; images print as their description.
                text = tok.content
            if text is not None:
                w._run(container, text, frozenset(fmt))
                shown.append(text)
        return tuple(hrefs)


_RUNS: dict[tuple, tuple[tuple[BaseOxmlElement, ...], tuple[str, ...]]] = {}
"""The runs made for a paragraph's tokens, by those tokens (see :meth:`_Blocks.inline`)."""
_RUNS_KEPT = 20_000
_HYPERLINK = qn("w:hyperlink")
_RID = qn("r:id")


def _closes(tokens: Sequence[Token]) -> dict[int, int]:
    """The index of the token that closes each opening token."""
    closes: dict[int, int] = {}
    opened: list[int] = []
    for i, tok in enumerate(tokens):
        if tok.nesting == 1:
            opened.append(i)
        elif tok.nesting == -1:
            closes[opened.pop()] = i
    return closes


def _children(tokens: Sequence[Token], start: int) -> list[Token]:
    tok = tokens[start]
    return (tok.children or []) if tok.type == "inline" else []


# --- the package --------------------------------------------------------------------------


class _Packer:
    """Writes a python-docx package as .docx bytes that depend on nothing but its contents
    and a date: python-docx's own ``save`` stamps each zip entry with the time of saving.

    The documents of one school share most of their parts (styles, settings, header, logo,
    most of the numbering), so what it has serialised and compressed once it keeps.
    """

    def __init__(self) -> None:
        self.frozen: dict[Part, bytes] = {}
        self.packed: dict[bytes, tuple[int, bytes]] = {}
        self.xml: dict[tuple, bytes] = {}

    def freeze(self, parts: Iterable[Part]) -> None:
        """``parts`` will not change again: serialise them once."""
        self.frozen.update((part, part.blob) for part in parts)

    def package(self, package: OpcPackage, date: dt.date) -> bytes:
        parts = list(package.iter_parts())
        archive = _Zip(date, self.packed)
        archive.add("[Content_Types].xml", self._content_types(parts))
        archive.add("_rels/.rels", self._relationships(package.rels))
        main = package.main_document_part
        for part in parts:
            blob = self.frozen.get(part)
            if blob is None:
                part.before_marshal()
                blob = part.blob
            archive.add(part.partname.membername, blob, recurs=part is not main)
            if len(part.rels):
                archive.add(part.partname.rels_uri.membername, self._relationships(part.rels))
        return archive.close()

    def _content_types(self, parts: Sequence[Part]) -> bytes:
        """``[Content_Types].xml``: a default by extension for media, else one per part."""
        key = tuple((str(part.partname), part.content_type) for part in parts)
        found = self.xml.get(key)
        if found is None:
            defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
            overrides = {}
            for name, content_type in key:
                ext = name.rpartition(".")[2].lower()
                if (ext, content_type) in default_content_types:
                    defaults[ext] = content_type
                else:
                    overrides[name] = content_type
            root = etree.Element(f"{{{_CT}}}Types", nsmap={None: _CT})
            for ext in sorted(defaults):
                etree.SubElement(
                    root, f"{{{_CT}}}Default", Extension=ext, ContentType=defaults[ext]
                )
            for name in sorted(overrides):
                etree.SubElement(
                    root, f"{{{_CT}}}Override", PartName=name, ContentType=overrides[name]
                )
            found = self.xml[key] = _serialise(root)
        return found

    def _relationships(self, rels: Relationships) -> bytes:
        """A part's ``.rels``, written with lxml (python-docx parses a string per item)."""
        key = tuple((r.rId, r.reltype, r.target_ref, r.is_external) for r in rels.values())
        found = self.xml.get(key)
        if found is None:
            root = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
            for rid, reltype, target, external in key:
                rel = etree.SubElement(root, f"{{{_PR}}}Relationship", Id=rid, Type=reltype)
                rel.set("Target", target)
                if external:
                    rel.set("TargetMode", "External")
            found = self.xml[key] = _serialise(root)
        return found


_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_MADE_BY = 3 << 8 | 20  # on Unix, by zip version 2.0
_MODE = 0o100644 << 16  # a regular file, rw-r--r--


class _Zip:
    """A zip archive of deflated entries that all carry one date: the same entries always
    give the same bytes. (The standard library's zipfile compresses every entry each time;
    a school's 31 documents share most of theirs.)"""

    def __init__(self, date: dt.date, packed: dict[bytes, tuple[int, bytes]]) -> None:
        year = min(max(date.year, 1980), 2107)  # the years a zip can hold
        self.date = (year - 1980) << 9 | date.month << 5 | date.day
        self.packed = packed
        self.out = io.BytesIO()
        self.directory: list[bytes] = []

    def add(self, name: str, data: bytes, recurs: bool = True) -> None:
        found = self.packed.get(data)
        if found is None:
            # Parts that recur are compressed once, so well; a document's text quickly.
            deflate = zlib.compressobj(9 if recurs else 1, zlib.DEFLATED, -15)
            found = (zlib.crc32(data), deflate.compress(data) + deflate.flush())
            if recurs:
                self.packed[data] = found
        crc, body = found
        filename = name.encode("utf-8")
        offset = self.out.tell()
        # version 2.0, no flags, deflated, at midnight on the date; no extra fields
        head = (20, 0, 8, 0, self.date, crc, len(body), len(data), len(filename))
        self.out.write(_LOCAL.pack(b"PK\x03\x04", *head, 0) + filename + body)
        self.directory.append(
            _CENTRAL.pack(b"PK\x01\x02", _MADE_BY, *head, 0, 0, 0, 0, _MODE, offset) + filename
        )

    def close(self) -> bytes:
        start = self.out.tell()
        directory = b"".join(self.directory)
        count = len(self.directory)
        self.out.write(directory)
        self.out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0))
        return self.out.getvalue()
