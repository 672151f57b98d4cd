"""The shape of a Word policy: its title, headings, lists and tables, and what to leave out.

Headings come from Word's heading styles and from pseudo-headings (a short line in bold or
capitals, or a short numbered line followed by text). Lists come from Word's numbering and
from typed markers (``•``, ``1.``, ``a)``, ``(iv)``), nested by marker. A contents page, page
numbers typed into the text, and the letterhead above the title are dropped. Tables of
commitments, of document details and of signatures are recognised as such. Every decision
is written to the :class:`~site_builder.word.report.Report`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from site_builder.word.line_kinds import LETTER, marker, plain, pseudo_heading, short_line
from site_builder.word.reader import Paragraph, Span, Table, WordDocument
from site_builder.word.report import Report, quote
from site_builder.word.tables import classify_table, signing_role

_TITLE_WORDS = re.compile(
    r"\b(?:polic(?:y|ies)|procedures?|code of conduct|statement|guidance|agreement|protocol)\b",
    re.I,
)
_CONTENTS = re.compile(r"^\s*(?:table of )?contents\s*$", re.I)
_CONTENTS_LINE = re.compile(r"(?:\t|\.{3,}|\u2026|\s{3,})\s*\d{1,3}\s*$")
_FURNITURE = re.compile(
    r"^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s+of\s+\d+|[-\u2013]\s*\d+\s*[-\u2013]|"
    r"page\s+x\s+of\s+y)\s*$",
    re.I,
)
_HEADING_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+(?=\S)")
_EVERYONE = re.compile(
    r"[\"\u201c\u2018']?everyone[\"\u201d\u2019']?\s*\*?\s*(?:refers to|means|includes|covers|"
    r"applies to|is used to mean)",
    re.I,
)
_SIGN = re.compile(r"\bsign(?:ed|ature)?\b", re.I)
_TERMINAL = '.!?:;,"\u201d)'


@dataclass
class Node:
    """One block of the policy as it will be written."""

    kind: str
    """heading, para, item, table, everyone, commitments, details, notes"""
    para: Paragraph | None = None
    level: int = 0
    ordered: bool = False
    table: Table | None = None
    items: list[Paragraph] = field(default_factory=list)
    rows: list[tuple[str, Paragraph]] = field(default_factory=list)
    """A details table: (what the row is, its value)."""


@dataclass
class Outline:
    title: str | None
    nodes: list[Node]
    signatures: list[str] = field(default_factory=list)
    everyone: str | None = None
    """The document's own definition of "everyone", when it has one."""
    notes: list[list[Paragraph]] = field(default_factory=list)


def outline(doc: WordDocument, report: Report) -> Outline:
    """The policy's structure, with every decision reported."""
    for what in doc.dropped:
        report.decide("the whole document", "", f"left out {what}")
    paras = _visible(doc, report)
    title, paras = _title(paras, report)
    out = Outline(title=title, nodes=[])
    everyone_note = _everyone_notes(doc, out, report)
    paras = _join_broken(paras, report)
    asterisk = next(
        (
            b.number
            for b in paras
            if isinstance(b, Paragraph)
            and b.text.lstrip().startswith("*")
            and _EVERYONE.search(b.text)
        ),
        None,
    )
    if asterisk is not None and out.everyone is not None:
        asterisk = None  # a footnote already defines it; keep the asterisked note as text
    _Builder(out, report, doc, everyone_note, asterisk).build(paras)
    _rank_headings(out.nodes)
    return out


def _visible(doc: WordDocument, report: Report) -> list[Paragraph | Table]:
    out: list[Paragraph | Table] = []
    in_contents = False
    for block in doc.blocks:
        if isinstance(block, Table):
            in_contents = False
            if block.rows and any(c.text for row in block.rows for c in row):
                out.append(block)
            continue
        text = block.text.strip()
        if not text and not any(s.note for s in block.spans):
            continue
        if block.style.lower().startswith("toc") or _CONTENTS.match(text):
            if not in_contents:
                report.decide(block.number, text, "left out: the document's contents page")
            in_contents = True
            continue
        if in_contents and _CONTENTS_LINE.search(block.text):
            continue
        in_contents = False
        if _FURNITURE.match(text):
            report.decide(block.number, text, "left out: a page number (the PDFs number pages)")
            continue
        out.append(block)
    return out


def _title(
    blocks: list[Paragraph | Table], report: Report
) -> tuple[str | None, list[Paragraph | Table]]:
    """The Title-styled paragraph, else the first short line that names itself a policy (or a
    procedure, a code of conduct...), else a first line in bold; only short lines (a
    letterhead) may stand above it, and they are left out."""
    head: list[Paragraph] = []
    for block in blocks[:6]:
        if not isinstance(block, Paragraph) or block.list_level is not None:
            break
        head.append(block)
        if not short_line(block.text):
            break
    index = next((i for i, b in enumerate(head) if b.heading == 0), None)
    if index is None:
        index = next(
            (i for i, b in enumerate(head) if short_line(b.text) and _TITLE_WORDS.search(b.text)),
            None,
        )
    if index is None and head and pseudo_heading(head[0]):
        index = 0
    if index is None:
        return None, blocks
    title = head[index]
    for before in head[:index]:
        report.decide(
            before.number,
            before.text,
            "left out: above the title (the site shows the school's name)",
        )
    report.decide(title.number, title.text, "taken as the policy's title")
    return " ".join(title.text.split()), blocks[index + 1 :]


def _everyone_notes(doc: WordDocument, out: Outline, report: Report) -> str | None:
    """The key of a footnote that says who "everyone" is; other notes are kept for a
    Notes section at the end."""
    found = None
    for key, paragraphs in doc.notes.items():
        text = " ".join(p.text.strip() for p in paragraphs)
        if found is None and _EVERYONE.search(text):
            found = key
            out.everyone = text
            report.decide(
                "footnote",
                text,
                'says who "everyone" is: replaced by the library\'s shared definition, which '
                "each school fills in with its own groups",
            )
    return found


def _join_broken(blocks: list[Paragraph | Table], report: Report) -> list[Paragraph | Table]:
    """A sentence broken over two paragraphs (no full stop, next starts in lower case)."""
    out: list[Paragraph | Table] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Paragraph)
            and isinstance(prev, Paragraph)
            and plain(prev)
            and plain(block)
            and prev.text.rstrip()[-1:] not in _TERMINAL
            and block.text.lstrip()[:1].islower()
        ):
            report.decide(block.number, block.text, "joined to the paragraph before: one sentence")
            prev.spans = [*prev.spans, Span(" "), *block.spans]
            continue
        out.append(block)
    return out


class _Builder:
    def __init__(
        self,
        out: Outline,
        report: Report,
        doc: WordDocument,
        everyone_note: str | None,
        everyone_para: int | None,
    ) -> None:
        self.out = out
        self.report = report
        self.doc = doc
        self.everyone_note = everyone_note
        self.everyone_para = everyone_para
        self.styles: list[str] = []
        self.pending_everyone = False
        """The "everyone" footnote was referred to: its definition follows this block."""
        self.last_letter: str | None = None
        self.last_rank = 0

    def add(self, node: Node) -> None:
        if self.pending_everyone and node.kind != "item":
            self.pending_everyone = False
            self.out.nodes.append(Node("everyone"))
        self.out.nodes.append(node)

    def build(self, blocks: list[Paragraph | Table]) -> None:
        for i, block in enumerate(blocks):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if isinstance(block, Table):
                self.styles = []
                self.table(block)
            else:
                self.paragraph(block, following)
        if self.pending_everyone:
            self.add(Node("end"))
        notes = [n for n in self.out.notes if n]
        if notes:
            self.add(Node("notes"))

    def paragraph(self, p: Paragraph, following: Paragraph | Table | None) -> None:
        self.strip_notes(p)
        text = p.text.strip()
        if p.number == self.everyone_para:
            self.out.everyone = text.lstrip("* ")
            self.report.decide(
                p.number,
                text,
                'says who "everyone" is: replaced by the library\'s shared definition, which '
                "each school fills in with its own groups",
            )
            self.add(Node("everyone", p))
            return
        if p.heading is not None and p.heading > 0:
            self.heading(p, p.heading, "a Word heading style")
            return
        next_is_text = isinstance(following, Table) or (
            isinstance(following, Paragraph)
            and following.list_level is None
            and not marker(following.text)[0]
        )
        if p.list_level is not None:
            if short_line(text) and next_is_text and (p.ordered or pseudo_heading(p)):
                self.heading(p, p.list_level + 1, "a short numbered line followed by text")
                return
            self.add(Node("item", p, p.list_level, p.ordered))
            return
        numbered = _HEADING_NUMBER.match(text)
        if numbered and short_line(text) and (next_is_text or pseudo_heading(p)):
            depth = numbered[1].count(".") + 1
            self.cut(p, len(numbered.group(0)) + (len(p.text) - len(p.text.lstrip())))
            self.heading(p, depth, f'a short numbered line ("{numbered[1]}") followed by text')
            return
        style, length = marker(text, self.last_letter)
        if style == "letter":
            letter = LETTER.match(text)
            self.last_letter = letter[1] if letter else self.last_letter
        if style:
            if style in self.styles:
                del self.styles[self.styles.index(style) + 1 :]
            else:
                self.styles.append(style)
            self.cut(p, length + (len(p.text) - len(p.text.lstrip())))
            ordered = style != "bullet"
            self.add(Node("item", p, len(self.styles) - 1, ordered))
            return
        self.styles = []
        if pseudo_heading(p) and following is not None:
            rank = self.last_rank + 1 if self.last_rank and not p.centred else 1
            self.heading(p, rank, "a short line in bold or capitals", pseudo=True)
            return
        if _SIGN.match(text) and re.search(r"_{3,}|\.{4,}|\u2026", text):
            self.signature_line(p)
            return
        self.add(Node("para", p))

    def heading(self, p: Paragraph, rank: int, why: str, pseudo: bool = False) -> None:
        self.styles = []
        if not pseudo:
            self.last_rank = rank
        for span in p.spans:
            span.bold = span.italic = False
        self.report.decide(p.number, p.text, f"a heading: {why}")
        self.add(Node("heading", p, rank))

    @staticmethod
    def cut(p: Paragraph, length: int) -> None:
        """Remove the first ``length`` characters (a typed marker) from the paragraph."""
        for span in p.spans:
            take = min(length, len(span.text))
            span.text = span.text[take:]
            length -= take
            if not length:
                break

    def strip_notes(self, p: Paragraph) -> None:
        """A reference to the "everyone" note disappears (the definition is in the text);
        other notes are numbered [1], [2] for the Notes section."""
        spans = []
        for span in p.spans:
            if span.note is None:
                spans.append(span)
            elif span.note == self.everyone_note:
                if not any(n.kind == "everyone" for n in self.out.nodes):
                    self.pending_everyone = True
            else:
                self.out.notes.append(self.notes_for(span.note))
                spans.append(Span(f"[{len(self.out.notes)}]"))
        if self.everyone_note or self.everyone_para is not None:
            for span in spans:
                span.text = re.sub(r"(?i)\b(everyone)\*+", r"\1", span.text)
        p.spans = spans

    def notes_for(self, key: str) -> list[Paragraph]:
        return self.doc.notes.get(key, [])

    def signature_line(self, p: Paragraph) -> None:
        who = signing_role(p.text)
        if who and who not in self.out.signatures:
            self.out.signatures.append(who)
        self.report.decide(
            p.number, p.text, "a signature line: the printed policy has a signature block"
        )

    def table(self, table: Table) -> None:
        kind, data = classify_table(table)
        where = f"table at paragraph {table.number}"
        first = table.rows[0][0].text if table.rows and table.rows[0] else ""
        if kind == "commitments":
            self.report.decide(
                where, first, "a numbered table of commitments: written as a numbered list"
            )
            self.add(Node("commitments", items=data))
        elif kind == "details":
            self.report.decide(where, first, "a table of the document's details")
            self.add(Node("details", rows=data))
        elif kind == "signatures":
            for role in data:
                if role not in self.out.signatures:
                    self.out.signatures.append(role)
            self.report.decide(
                where, first, "a signature table: the printed policy has a signature block"
            )
        else:
            self.add(Node("table", table=table))


def _rank_headings(nodes: list[Node]) -> None:
    """Heading ranks (1 = top) become levels from 2 (``##``), with no gaps."""
    ranks = sorted({n.level for n in nodes if n.kind == "heading"})
    levels = {rank: min(2 + i, 6) for i, rank in enumerate(ranks)}
    for node in nodes:
        if node.kind == "heading":
            node.level = levels[node.level]


__all__ = ["Node", "Outline", "outline", "quote"]
