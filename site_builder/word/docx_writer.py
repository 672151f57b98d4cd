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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
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
from docx.shared import Mm, RGBColor
from docx.text.paragraph import Paragraph

from site_builder.errors import BuildError, Problem
from site_builder.locale import WORD_LANG, language
from site_builder.locale import t as say
from site_builder.print.pdf import PrintedPolicy, PrintedSchool
from site_builder.word.docx_adoption import details_table, signature_block
from site_builder.word.docx_blocks import Blocks
from site_builder.word.docx_features import sign_off_sheet
from site_builder.word.docx_package import Packer
from site_builder.word.docx_xml import Body, XmlMaker, clean
from site_builder.word.template import (
    FIRST_FREE_NUM_ID,
    template_bytes,
)

LOGO_HEIGHT = Mm(10)
_SUPPORTED_LOGOS = (".png", ".jpg", ".jpeg")
"""Logos Word shows everywhere. An SVG logo is left out of the Word copy (Word needs a
bitmap beside it, and nothing installed here makes one cheaply); the name is still there."""


class DocxWriter(XmlMaker):
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
        self._built: dict[int, tuple[PrintedPolicy, Body]] = {}
        self._protos: dict[tuple[str | None, int, int], CT_P] = {}
        self._runs: dict[frozenset[str], CT_R] = {}
        self._details_tables: dict[tuple[str, ...], CT_Tbl] = {}
        self._signature_lines: list[CT_P] | None = None
        self._num: CT_Num | None = None
        self._placed: list[BaseOxmlElement] = []
        self._packer = Packer()
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
        self._fill_footer(self._footer, policy.footer_title)
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
                end_section(policy.footer_title)
        self._fill_footer(self._footer, policies[-1].footer_title if policies else "")
        try:
            title = say("handbook_metadata", school=self.school.name)
            return self._save(elements, nums, links, title, latest)
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
        docpr.set("descr", clean(say("logo_alt", school=self.school.name)))
        docpr.set("name", "Logo")

    def _fill_footer(self, footer: BaseOxmlElement, title: str) -> None:
        """The policy's title, then "Page X of Y" from Word's PAGE and NUMPAGES fields."""
        for child in list(footer):
            footer.remove(child)
        if self._footer_line is None:
            p = self._footer_line = self._paragraph([], "Footer")
            p.add_r().add_tab()
            self._run(p, f"{say('page_word')} ", frozenset())
            self._field(p, "PAGE", "1")
            self._run(p, f" {say('of_word')} ", frozenset())
            self._field(p, "NUMPAGES", "1")
        p = copy.copy(self._footer_line)
        footer.append(p)
        title_run: list[BaseOxmlElement] = []
        self._run(title_run, title, frozenset())
        if title_run:
            p.get_or_add_pPr().addnext(title_run[0])

    # --- a policy ---------------------------------------------------------------------------

    def _policy_body(self, policy: PrintedPolicy) -> Body:
        """The content of ``policy``, built the first time it is asked for."""
        found = self._built.get(id(policy))
        if found is None:  # (the policy is kept with it, so that its id stays its own)
            found = self._built[id(policy)] = (policy, self._build(policy))
        return found[1]

    def _build(self, policy: PrintedPolicy) -> Body:
        body = Body()
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
        out.append(details_table(self, policy))
        Blocks(self, body).render(policy.tokens)
        signature_block(self, out, policy.signatures)
        if policy.online_url:
            self._online_note(out, policy.online_url, body.links)
        sign_off_sheet(self, out, policy.sign_off)
        return body

    def _online_note(self, out: list[BaseOxmlElement], url: str, links: dict[str, str]) -> None:
        note = self._paragraph(out, "OnlineNote")
        self._run(note, say("online_note"), frozenset())
        self._run(self._link(note, url, links), url, frozenset({"link"}))
        self._run(note, ".", frozenset())

    # --- the handbook's own pages -----------------------------------------------------------

    def _cover(self, count: int, links: dict[str, str]) -> list[BaseOxmlElement]:
        out: list[BaseOxmlElement] = []
        self._run(self._paragraph(out, "Title"), self.school.name, frozenset())
        self._run(self._paragraph(out, "Subtitle"), say("handbook_title"), frozenset())
        summary = self._paragraph(out)
        Paragraph(summary, self._doc).alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(
            summary,
            say("handbook_count_only" + ("_one" if count == 1 else ""), count=count),
            frozenset(),
        )
        if self.school.handbook_url:
            self._online_note(out, self.school.handbook_url, links)
        return out

    def _contents(
        self, policies: Sequence[PrintedPolicy], bodies: Sequence[Body]
    ) -> list[BaseOxmlElement]:
        """A real Word contents field (Word can refresh it, with page numbers), showing for
        now each policy's title, linked to it."""
        out: list[BaseOxmlElement] = []
        heading = self._paragraph(out, "TOCHeading")
        Paragraph(heading, self._doc).paragraph_format.page_break_before = True
        self._run(heading, say("contents"), frozenset())
        entries: list[CT_P] = []
        for policy, body in zip(policies, bodies, strict=True):
            p = self._paragraph(out, "TOC1")
            if not entries:
                self._field_start(p, 'TOC \\o "1-1" \\h \\z \\u')
            link = OxmlElement("w:hyperlink", {qn("w:anchor"): body.bookmark, qn("w:history"): "1"})
            p.append(link)
            self._run(link, policy.title, frozenset())
            if policy.reference:
                self._run(link, f" ({policy.reference})", frozenset())
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
            props.language = WORD_LANG[language()]
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
