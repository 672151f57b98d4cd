"""What a table in a Word policy is: commitments, document details, signatures or text."""

from __future__ import annotations

import re
from typing import Any

from site_builder.word.reader import Cell, Paragraph, Span, Table

_NUMBER_CELL = re.compile(r"^\s*\(?\d{1,3}[.)]?\s*$")
_SIGN = re.compile(r"\bsign(?:ed|ature)?\b", re.I)
_NAME_OR_DATE = re.compile(r"\b(?:print(?:ed)? name|name|date)\b", re.I)
_PROMISE = re.compile(r"^\s*I (?:will|understand|agree|confirm|must|have|shall)\b")
DETAIL_LABELS = {
    "author": re.compile(r"\b(?:author|owner|written by|prepared by|policy lead)\b", re.I),
    "number": re.compile(r"\b(?:policy (?:number|no|ref(?:erence)?)|reference|ref)\b", re.I),
    "version": re.compile(r"\bversion\b", re.I),
    "cycle": re.compile(r"\breview (?:frequency|cycle|period)\b|\bfrequency\b", re.I),
    "review": re.compile(r"\b(?:review|next review|review date|date (?:of|for) review)\b", re.I),
    "approver": re.compile(r"\b(?:approved|ratified|agreed|adopted) by\b|\bapprov\w* body\b", re.I),
    "adopted": re.compile(r"\b(?:date )?(?:approved|adopted|ratified|agreed|issued)\b", re.I),
    "status": re.compile(r"\bstatus\b", re.I),
}


def signing_role(text: str) -> str | None:
    lowered = text.lower()
    if re.search(r"head\s?teacher|head of school|principal", lowered):
        return "{headteacher}"
    if "chair" in lowered:
        return "{chair}"
    if re.search(r"\b(?:member of staff|employee|staff member|staff)\b", lowered):
        return "Member of staff"
    return None


def classify_table(table: Table) -> tuple[str, Any]:
    """``(kind, data)``: ``("commitments", [paragraph, ...])``, ``("details", [(what,
    paragraph), ...])``, ``("signatures", [role, ...])`` or ``("text", None)``."""
    rows = [row for row in table.rows if any(c.text for c in row)]
    if not rows:
        return "text", None
    details = _details(rows, DETAIL_LABELS)
    if details:
        return "details", details
    flat = " ".join(c.text for row in rows for c in row)
    if len(rows) <= 8 and _SIGN.search(flat) and _NAME_OR_DATE.search(flat):
        roles: list[str] = []
        for row in rows:
            who = signing_role(" ".join(c.text for c in row))
            if who and who not in roles:
                roles.append(who)
        return "signatures", roles or ["{headteacher}", "{chair}"]
    body = rows if _NUMBER_CELL.match(rows[0][0].text) else rows[1:]
    if len(body) >= 2 and all(len(r) >= 2 and _NUMBER_CELL.match(r[0].text) for r in body):
        return "commitments", [merge_cells(r[1:]) for r in body]
    if len(rows) >= 2 and all(len(r) == 1 and _PROMISE.match(r[0].text) for r in rows):
        return "commitments", [merge_cells(r) for r in rows]
    return "text", None


def _details(rows: list[list[Cell]], labels: dict[str, re.Pattern[str]]) -> list[Any]:
    def label(text: str) -> str | None:
        if len(text) > 40:
            return None
        return next((kind for kind, p in labels.items() if p.search(text)), None)

    pairs: list[tuple[str, Cell]] = []
    if all(len(r) in (2, 4) for r in rows):
        for row in rows:
            for i in range(0, len(row), 2):
                kind = label(row[i].text)
                if kind:
                    pairs.append((kind, row[i + 1]))
        if len(pairs) >= 2 and len(pairs) * 2 >= sum(len(r) for r in rows) // 2:
            return [(kind, merge_cells([cell])) for kind, cell in pairs]
    if len(rows) == 2 and len(rows[0]) == len(rows[1]) >= 2:
        pairs = [(k, v) for h, v in zip(rows[0], rows[1], strict=True) if (k := label(h.text))]
        if len(pairs) >= 2:
            return [(kind, merge_cells([cell])) for kind, cell in pairs]
    return []


def merge_cells(cells: list[Cell]) -> Paragraph:
    """The paragraphs of ``cells`` as one paragraph (words joined by spaces)."""
    paragraphs = [p for c in cells for p in c.paragraphs if p.text.strip()]
    spans: list[Span] = []
    for p in paragraphs:
        if spans:
            spans.append(Span(" "))
        spans += p.spans
    number = paragraphs[0].number if paragraphs else 0
    return Paragraph(spans=spans, number=number)
