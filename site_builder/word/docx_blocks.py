"""Markdown tokens to Word paragraphs, lists and tables, for :class:`~site_builder.word.
docx_writer.DocxWriter`."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from markdown_it.token import Token

from site_builder.print.typst_markup import OWN_OPEN
from site_builder.render.escape import LANGUAGE_OPEN
from site_builder.word.docx_xml import Body
from site_builder.word.template import (
    BULLET_NUM_IDS,
    BULLETS,
    LIST_INDENT,
    ORDERED_ABSTRACT_IDS,
    TEXT_WIDTH,
)

if TYPE_CHECKING:
    from site_builder.word.docx_writer import DocxWriter


def caption(text: str) -> BaseOxmlElement:
    """A table's title for screen readers (Word's "Alt Text" of a table)."""
    return OxmlElement("w:tblCaption", {qn("w:val"): text})


class Blocks:
    """Walks markdown-it-py's tokens into Word paragraphs, lists and tables."""

    def __init__(self, writer: DocxWriter, body: Body) -> None:
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
                p.get_or_add_pPr().get_or_add_ind().left = Twips(LIST_INDENT * (level + 1))
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
            elif kind == "html_inline" and (lang := LANGUAGE_OPEN.match(tok.content)):
                stack.append(("lang", f"lang:{lang[1]}"))
                fmt.add(f"lang:{lang[1]}")
            elif (
                kind == "html_inline"
                and tok.content == "</span>"
                and stack
                and (stack[-1][0] == "lang")
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


_RUNS: dict[tuple[Any, ...], tuple[tuple[BaseOxmlElement, ...], tuple[str, ...]]] = {}
"""The runs made for a paragraph's tokens, by those tokens (see :meth:`Blocks.inline`)."""
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
