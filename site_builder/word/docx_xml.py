"""The Word XML a policy is made of: clean text, paragraphs, runs, fields, links, list numbers.

:class:`XmlMaker` makes each kind of paragraph or run once through python-docx's API and
copies it after that: python-docx finds where a property goes among its siblings by
searching for each of the tags that may follow it, which costs a tenth of a millisecond
every time.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Num
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import RGBColor
from docx.text.run import Run

from site_builder.locale import WORD_LANG, language

# Text goes into Word as it goes into Typst: line breaks and tabs become spaces and other
# control characters (no glyph, and most are not allowed in XML) are dropped.
_CLEAN: dict[int, str | None] = {ord("\n"): " ", ord("\r"): " ", ord("\t"): " "}
_CLEAN.update({c: None for c in [*range(32), *range(0x7F, 0xA0)] if c not in _CLEAN})
_CLEAN.update({c: None for c in (*range(0xD800, 0xE000), 0xFFFE, 0xFFFF)})  # not in XML


def clean(text: str) -> str:
    """``text`` as one line of characters XML may hold."""
    return text.translate(_CLEAN)


@dataclass
class Body:
    """One policy's content, built once: its document and the handbook both show it."""

    elements: list[BaseOxmlElement] = field(default_factory=list)
    nums: list[CT_Num] = field(default_factory=list)
    """The ``w:num`` of each ordered list: each list restarts its own numbering."""
    links: dict[str, str] = field(default_factory=dict)
    """Relationship id to address, for each link in the text."""
    bookmark: str = ""
    """The bookmark on the title, which the handbook's contents link to."""


class XmlMaker:
    """The building blocks of a document in one package (``_doc``), made once and copied."""

    _doc: Document
    _protos: dict[tuple[str | None, int, int], CT_P]
    _runs: dict[frozenset[str], CT_R]
    _num: CT_Num | None
    _next_num: int
    _links: dict[str, str]

    # --- building blocks --------------------------------------------------------------------

    # Paragraphs and runs are copies of one made through python-docx's API for each kind:
    # python-docx finds where a property goes among its siblings by searching for each of
    # the tags that may follow it, which costs a tenth of a millisecond every time.

    def _paragraph(
        self,
        parent: BaseOxmlElement | list[BaseOxmlElement],
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
                proto.get_or_add_pPr().numPr.numId.val = num_id  # type: ignore[attr-defined]
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

    def _run(
        self, container: BaseOxmlElement | list[BaseOxmlElement], text: str, fmt: frozenset[str]
    ) -> None:
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
            code = next((f[5:] for f in fmt if f.startswith("lang:")), language())
            lang = OxmlElement("w:lang")
            lang.set(qn("w:val"), WORD_LANG[code])
            lang.set(qn("w:eastAsia"), WORD_LANG[code])
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

    def _new_num(self, body: Body, abstract_id: int, ilvl: int, start: int) -> int:
        """A new list numbering that starts at ``start`` (Word continues a numbering that
        another list shares unless it is told where to start)."""
        num_id = self._next_num
        self._next_num += 1
        if self._num is None:
            self._num = CT_Num.new(0, 0)  # type: ignore[no-untyped-call]
            self._num.add_lvlOverride(ilvl=0).add_startOverride(1)
        num = copy.copy(self._num)
        num.numId = num_id
        num.abstractNumId.val = abstract_id  # type: ignore[union-attr]
        override = num.lvlOverride_lst[0]
        override.ilvl = ilvl
        override.startOverride.val = start
        body.nums.append(num)
        return num_id
