"""What the imported template declares about itself, taken from the document where it says
so: who it applies to, who approves it, how often it is reviewed, its summary; and the
document's details (author, policy number, dates), which the site prints for itself."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from site_builder.word.placeholders import find_regions
from site_builder.word.reader import Paragraph, Span
from site_builder.word.report import Report, quote
from site_builder.word.structure import Node, Outline
from site_builder.word.tables import DETAIL_LABELS

if TYPE_CHECKING:
    from site_builder.word.writer import Writer

_CYCLES = (
    (re.compile(r"\bevery (\d{1,2}) months\b", re.I), None),
    (re.compile(r"\b(?:every (?:three|3) years|triennial(?:ly)?)\b", re.I), 36),
    (re.compile(r"\b(?:every (?:two|2) years|biennial(?:ly)?|bi-annual(?:ly)?)\b", re.I), 24),
    (re.compile(r"\b(?:annual(?:ly)?|every year|each year|yearly|12 months)\b", re.I), 12),
    (re.compile(r"\btermly\b|\bevery term\b", re.I), 4),
)
_GROUPS = (
    ("supply-staff", re.compile(r"\b(?:supply|agency)\b", re.I)),
    ("staff", re.compile(r"\b(?:staff|employees?|teachers?)\b", re.I)),
    ("governors", re.compile(r"\b(?:governors?|trustees?)\b", re.I)),
    ("volunteers", re.compile(r"\bvolunt\w*", re.I)),
    ("pta", re.compile(r"\b(?:friends|pta|parent[- ]teacher)\b", re.I)),
    ("parents", re.compile(r"\b(?:parents?|carers?)\b", re.I)),
    ("ex-pupils", re.compile(r"\b(?:ex-pupils?|former pupils?)\b", re.I)),
    ("pupils", re.compile(r"\b(?:pupils?|children|students?)\b", re.I)),
)
_CHOICE_HINT = re.compile(
    r"\b(?:delete as appropriate|if applicable|where applicable|if your school|your school|"
    r"schools may|the school may wish|optional(?:ly)?|choose|select one|amend as)\b|"
    r"\b[a-z]{4,}/[a-z]{4,}\b|\be\.g\.",
    re.I,
)
_DETAIL_KEYS = {"author", "policy.adopted", "policy.review_date", "policy.approved_by"}
_LABEL_WORDS = re.compile(
    r"\b(?:author|owner|written|prepared|by|date|dated|adopted|approved|ratified|agreed|"
    r"issued|review|reviewed|next|for|of|on|the|policy|version|number|no|due|last|and)\b|"
    r"[\s:|/,.;()\-\u2013\u2014]+",
    re.I,
)
_LABEL_VALUE = re.compile(
    r"(?P<label>(?:policy )?(?:author|owner|written by|policy (?:number|no)|version|"
    r"(?:date )?(?:approved|adopted|ratified)(?: on| by)?|(?:next )?review(?: date| due)?|"
    r"date (?:of|for) (?:next )?review|review (?:frequency|cycle)))\s*:\s*",
    re.I,
)


@dataclass
class Meta:
    applies_to: list[str]
    suggested_approver: str
    review_cycle_months: int
    summary: str
    signatures: list[str] = field(default_factory=list)


@dataclass
class Option:
    """A template option the import declares."""

    name: str
    type: str
    description: str
    example: Any = None
    default: Any = None
    choices: dict[str, str] = field(default_factory=dict)


def detail_rows(para: Paragraph, writer: Writer) -> list[tuple[str, Paragraph]] | None:
    """A paragraph of the document's details ("[Author Name] [Date Adopted] [Date for
    Review]", "Author: ... Review date: ..."), as rows like a details table's."""
    text = para.text
    if len(text) > 200:
        return None
    labelled = list(_LABEL_VALUE.finditer(text))
    if labelled and labelled[0].start() == 0:
        rows = []
        for i, m in enumerate(labelled):
            end = labelled[i + 1].start() if i + 1 < len(labelled) else len(text)
            kind = next((k for k, p in DETAIL_LABELS.items() if p.search(m["label"])), None)
            if kind:
                rows.append((kind, Paragraph([Span(text[m.end() : end].strip())], para.number)))
        return rows or None
    regions = find_regions(para, writer.doc.controls, writer.names)
    if not regions or any(r.meaning is None or r.meaning.key not in _DETAIL_KEYS for r in regions):
        return None
    rest = (
        "".join(text[(regions[i - 1].end if i else 0) : r.start] for i, r in enumerate(regions))
        + text[regions[-1].end :]
    )
    if _LABEL_WORDS.sub("", rest).strip():
        return None
    kinds = {"author": "author", "policy.adopted": "adopted", "policy.review_date": "review"}
    kinds["policy.approved_by"] = "approver"
    return [
        (kinds[r.meaning.key], Paragraph([Span(r.raw)], para.number))
        for r in regions
        if r.meaning and r.meaning.key
    ]


def detail_blocks(writer: Writer, rows: list[tuple[str, Paragraph]]) -> str | None:
    """The details the site does not print itself, each printed only when it has a value."""
    out = []
    report = writer.report
    for kind, value in rows:
        text = " ".join(value.text.split())
        real = text if text and not find_regions(value, writer.doc.controls) else None
        where = value.number or "table"
        if kind == "author":
            writer.declare_author(default=real)
            out.append("{% if options.author %}\nWritten by {{ options.author }}.\n{% endif %}")
            report.decide(
                where, text, "the author: option author" + (f', default "{real}"' if real else "")
            )
        elif kind == "number":
            writer.declare(
                Option(
                    "policy_number",
                    "text",
                    "The number or reference of this policy in the school's own list, if it "
                    "numbers its policies.",
                    example=real or "P12",
                    default=real,
                )
            )
            out.append(
                "{% if options.policy_number %}\n"
                "Policy number: {{ options.policy_number }}\n{% endif %}"
            )
            report.decide(where, text, "the policy's number: option policy_number")
        elif kind == "approver":
            if real:
                writer.approvers.append(real)
            report.decide(where, text, "who approves it: each school's approved_by")
        elif kind == "cycle":
            writer.cycle_text = text
            report.decide(where, text, "how often it is reviewed: the template's review cycle")
        else:
            words = {
                "adopted": "the adoption date",
                "review": "the review date",
                "version": "the version",
                "status": "the status",
            }[kind]
            report.decide(
                where,
                text,
                f"{words}: left out of the text, because the site and the PDFs print each "
                "school's own from its config",
            )
    return "\n\n".join(out) or None


def template_meta(
    outline: Outline,
    writer: Writer,
    groups: dict[str, str],
    governing_body: str,
    report: Report,
) -> Meta:
    """applies_to, suggested_approver, review_cycle_months and summary, with where each
    came from reported."""
    paras = [n.para for n in outline.nodes if n.para is not None]
    cycle = None
    sources = [writer.cycle_text] + [p.text for p in paras]
    for i, text in enumerate(sources):
        for pattern, months in _CYCLES:
            m = pattern.search(text or "")
            if m:
                cycle = months if months is not None else int(m[1])
                where = paras[i - 1].number if i else "details"
                report.decide(where, text, f'review_cycle_months: {cycle} (it says "{m[0]}")')
                break
        if cycle:
            break
    if not cycle:
        cycle = 12
        report.ask(
            "template.yml", "", "review_cycle_months: 12, the usual (the document does not say)"
        )
    approver = writer.approvers[0] if writer.approvers else governing_body
    if writer.approvers:
        report.decide("template.yml", "", f'suggested_approver: "{approver}", as the document says')
    else:
        report.ask(
            "template.yml", "", f'suggested_approver: "{approver}" (the document does not say)'
        )
    applies = [g for g, p in _GROUPS if g in groups and p.search(outline.everyone or "")]
    if "supply-staff" in applies and "staff" not in applies:
        applies.insert(0, "staff")
    if applies:
        report.decide(
            "template.yml", "", f"applies_to: {', '.join(applies)}, from its definition of everyone"
        )
    else:
        title = outline.title or ""
        applies = [g for g, p in _GROUPS if g in groups and p.search(title)] or ["staff"]
        report.ask(
            "template.yml",
            "",
            f"applies_to: {', '.join(applies)} (from the title; the document does not say who "
            "it covers)",
        )
    summary = _summary(paras, writer, outline.title)
    report.ask("template.yml", "", f'summary: "{quote(summary, 60)}": check it reads well')
    for node in outline.nodes:
        if node.para is not None and node.kind in ("para", "item"):
            m = _CHOICE_HINT.search(node.para.text)
            regions = find_regions(node.para, writer.doc.controls, writer.names) if m else []
            if m and not any(r.start <= m.start() < r.end for r in regions):
                report.ask(
                    node.para.number,
                    node.para.text,
                    f'reads like a choice for each school ("{m[0]}"): make it an option or '
                    "a clause slot if schools differ",
                )
    return Meta(applies, approver, cycle, summary, list(outline.signatures))


def _summary(paras: list[Paragraph], writer: Writer, title: str | None) -> str:
    plain = {
        "school.name": "the school",
        "school.local_authority": "the local authority",
        "school.headteacher_title": "the headteacher",
        "governance.chair_title": "the chair of governors",
        "governance.governing_body": "the governing body",
        "policy.approved_by": "the governing body",
    }
    for node_para in paras:
        text = node_para.text
        if len(text.split()) < 8:
            continue
        regions = find_regions(node_para, writer.doc.controls, writer.names)
        if any(r.meaning is None or r.meaning.key not in plain for r in regions):
            continue
        for r in reversed(regions):
            if r.meaning and r.meaning.key:  # (every one has, as checked above)
                text = text[: r.start] + plain[r.meaning.key] + text[r.end :]
        sentence = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
        return quote(sentence, 200)
    return f"{title or 'This policy'}."


__all__ = ["Meta", "Node", "detail_blocks", "detail_rows", "template_meta"]
