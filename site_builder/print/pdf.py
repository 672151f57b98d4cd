"""Assemble and compile the printable policies of one school with Typst.

One :class:`PdfWriter` per school build holds one Typst compiler (fonts are loaded once) and
turns each rendered policy into an A4, tagged PDF/UA-1 document: school name and logo in the
header, title and "Page X of Y" in the footer, the adoption details on the first page, an
optional signature block, and where the school publishes its site, a note that paper copies
may be out of date. ``handbook`` binds every policy into one document with a contents page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import typst
from markdown_it.token import Token

from site_builder.config import dates
from site_builder.config.features import SignOff
from site_builder.errors import BuildError, Problem
from site_builder.locale import t as say
from site_builder.print.sign_off import sign_off_typst
from site_builder.print.typst_markup import (
    escape_text,
    parse,
    string_literal,
    tokens_to_typst,
)

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_FAMILY = "Noto Sans"
PDF_STANDARD: Literal["ua-1"] = "ua-1"


@dataclass(frozen=True)
class PrintedPolicy:
    """Everything the printed version of one policy shows, as plain values."""

    id: str
    title: str
    markdown: str
    version: str
    adopted: dt.date
    approved_by: str
    review_date: dt.date
    template_version: str
    library_name: str
    signatures: Sequence[str] = ()
    online_url: str | None = None
    review_status: str = "current"
    """``overdue``, ``due`` (within 60 days) or ``current``, on the day the copy is made."""
    reference: str | None = None
    sign_off: SignOff | None = None

    @property
    def footer_title(self) -> str:
        """The title at the foot of its pages, with its reference code if it has one."""
        return f"{self.title} ({self.reference})" if self.reference else self.title

    @cached_property
    def tokens(self) -> list[Token]:
        """The policy text parsed once: the PDF and the Word copy are both made from it."""
        return parse(self.markdown)

    @cached_property
    def body(self) -> str:
        """The policy text as Typst markup (made once; the handbook reuses it)."""
        return tokens_to_typst(self.tokens)


@dataclass(frozen=True)
class PrintedSchool:
    """The school-wide parts of every printed page."""

    name: str
    colour: str
    logo: str | None = None
    """Path of the logo relative to the compiler's root folder, e.g. ``/assets/logo.png``."""
    handbook_url: str | None = None
    language: str = "en"
    """The language of the copies (their interface words, dates and document language)."""


def _t(text: str) -> str:
    """Escaped Typst content for a plain value."""
    return escape_text(text)


def _date(value: dt.date) -> str:
    return f"datetime(year: {value.year}, month: {value.month}, day: {value.day})"


def _preamble(school: PrintedSchool) -> str:
    """Page set-up and styles: the same text for every document of one school.

    Nothing here names a document: the footer shows the ``section`` state each document sets
    (see :func:`_section`) and the document's title and date are set at its end (see
    :func:`_metadata`). With one style chain for all of a school's PDFs, Typst's cache lays
    out what they share (page furniture, fonts, text runs) once instead of 31 times.
    """
    logo = ""
    if school.logo:
        logo = (
            f"#box(height: 10mm, image({string_literal(school.logo)}, height: 10mm, "
            f"alt: {string_literal(say('logo_alt', school=school.name))}))"
        )
    return f"""#let section = state("section", [])
#let brand = rgb({string_literal(school.colour)})
#set text(font: {string_literal(FONT_FAMILY)}, size: 10.5pt,
  lang: {string_literal(school.language)}, region: "GB", hyphenate: false)
#set par(leading: 0.72em, spacing: 1.15em, justify: false)
#set page(
  paper: "a4",
  margin: (left: 22mm, right: 22mm, top: 30mm, bottom: 26mm),
  header: context {{
    set text(size: 9pt, fill: luma(60))
    grid(columns: (1fr, auto), align: (left + horizon, right + horizon),
      text(weight: "bold", fill: brand)[{_t(school.name)}], [{logo}])
    v(-2mm)
    line(length: 100%, stroke: 0.6pt + brand)
  }},
  footer: context {{
    set text(size: 8.5pt, fill: luma(60))
    line(length: 100%, stroke: 0.4pt + luma(180))
    v(-1mm)
    grid(columns: (1fr, auto), [#section.get()],
      [{_t(say("page_word"))} #counter(page).display() {_t(say("of_word"))}
        #counter(page).final().first()])
  }},
)
#set list(indent: 0.4em, body-indent: 0.6em, spacing: 0.7em,
  marker: ([#sym.bullet], [#sym.dash.en]))
#set enum(indent: 0.2em, body-indent: 0.6em, spacing: 0.7em, numbering: "1.a.i.")
#set table(stroke: 0.5pt + luma(170), inset: 6pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#show heading: set text(fill: brand)
// A heading never ends a page: it moves to the next one with the text it heads.
#show heading: set block(sticky: true)
#show heading.where(level: 1): set text(size: 19pt, weight: "bold")
#show heading.where(level: 1): set block(above: 0pt, below: 12pt)
#show heading.where(level: 2): set text(size: 13pt, weight: "bold")
#show heading.where(level: 2): set block(above: 18pt, below: 8pt)
#show heading.where(level: 3): set text(size: 11pt, weight: "bold")
#show heading.where(level: 3): set block(above: 14pt, below: 6pt)
#show heading.where(level: 4): set text(size: 10.5pt, weight: "bold")
#show link: set text(fill: rgb("#1d4f91"))
"""


def _details(policy: PrintedPolicy) -> str:
    rows = [
        *([(say("reference"), policy.reference)] if policy.reference else []),
        (say("version"), policy.version),
        (say("date_adopted"), dates.uk(policy.adopted)),
        (say("approved_by"), policy.approved_by),
        (say("next_review"), dates.uk(policy.review_date)),
        (
            say("la_template"),
            say(
                "la_template_print",
                title=policy.title,
                version=policy.template_version,
                library=policy.library_name,
            ),
        ),
    ]
    cells = ", ".join(f"[*{_t(k)}*], [{_t(v)}]" for k, v in rows)
    return (
        "#block(width: 100%, fill: luma(244), stroke: (left: 3pt + brand), inset: 10pt, "
        "below: 16pt)[#set text(size: 9.5pt)\n"
        f"#grid(columns: ({say('label_width')}, 1fr), row-gutter: 6pt, {cells})]"
    )


def _signatures(roles: Sequence[str]) -> str:
    if not roles:
        return ""
    blocks = []
    for role in roles:
        blocks.append(
            "#block(breakable: false, above: 14pt)["
            f'#text(weight: "bold")[{_t(role)}]\n\n'
            "#grid(columns: (22mm, 1fr), row-gutter: 16pt, column-gutter: 4pt, "
            + ", ".join(
                f"[{_t(say(label))}], "
                "[#box(width: 100%, height: 0pt, stroke: (bottom: 0.5pt + luma(90)))]"
                for label in ("sign_name", "sign_signature", "sign_date")
            )
            + ")]"
        )
    # The heading stays with the first block: a heading alone at a page foot reads badly.
    first, *rest = blocks
    return "\n\n".join(
        [
            f"#block(breakable: false)[#heading(level: 2)[{_t(say('signatures'))}]\n\n"
            + first
            + "]",
            *rest,
        ]
    )


def _online_note(url: str | None) -> str:
    if not url:
        return ""
    return (
        "#block(above: 24pt, width: 100%, inset: 8pt, stroke: 0.5pt + luma(170))["
        "#set text(size: 9pt)\n"
        f"{_t(say('online_note'))}"
        f"#link({string_literal(url)})[{_t(url)}].]"
    )


def _section(policy: PrintedPolicy) -> str:
    """Start a section: the footer of this page and the following ones names it, and says
    when its review is overdue or due."""
    note = _status_words(policy)
    footer = _t(policy.footer_title)
    if note:
        footer += f' #text(weight: "bold", fill: rgb("#8a1c1c"))[· {_t(note)}]'
    return f"#section.update([{footer}])"


def _status_words(policy: PrintedPolicy) -> str:
    if policy.review_status == "overdue":
        return say("footer_overdue", date=dates.uk(policy.review_date))
    if policy.review_status == "due":
        return say("footer_due", date=dates.uk(policy.review_date))
    return ""


def _status_box(policy: PrintedPolicy) -> str:
    """A warning on the first page of a policy overdue or soon due for review."""
    if policy.review_status == "current":
        return ""
    if policy.review_status == "overdue":
        heading = say("overdue_heading")
        text = say("overdue_text", date=dates.uk(policy.review_date), body=policy.approved_by)
        colour = "#8a1c1c"
    else:
        heading = say("due_heading")
        text = say("due_text", date=dates.uk(policy.review_date))
        colour = "#6b4a00"
    return (
        f'#block(width: 100%, stroke: 1.5pt + rgb("{colour}"), inset: 10pt, below: 12pt)['
        f'#text(weight: "bold", fill: rgb("{colour}"))[{_t(heading)}]\n\n{_t(text)}]'
    )


def _metadata(school: PrintedSchool, title: str, date: dt.date) -> str:
    """The document's title, author and date, set after its content so that they stay out
    of the style chain of the text (see :func:`_preamble`)."""
    return (
        f"#set document(title: {string_literal(title)}, author: {string_literal(school.name)}, "
        f"date: {_date(date)})"
    )


def _policy_parts(policy: PrintedPolicy, number: int = 1) -> list[str]:
    """One policy; ``number`` is its place in the document (the contents link to it)."""
    return [
        _section(policy),
        f"#heading(level: 1)[{_t(policy.title)}] <policy-{number}>",
        _status_box(policy),
        _details(policy),
        policy.body,
        _signatures(policy.signatures),
        _online_note(policy.online_url),
        sign_off_typst(policy.sign_off),
    ]


def _join(parts: Sequence[str]) -> str:
    return "\n\n".join(p for p in parts if p)


def policy_source(school: PrintedSchool, policy: PrintedPolicy) -> str:
    """The Typst source of one policy's PDF."""
    return _join(
        [
            _preamble(school),
            *_policy_parts(policy),
            _metadata(school, f"{policy.title}: {school.name}", policy.adopted),
        ]
    )


def handbook_source(school: PrintedSchool, policies: Sequence[PrintedPolicy]) -> str:
    """The Typst source of the combined handbook: cover and contents, then every policy."""
    latest = max((p.adopted for p in policies), default=dt.date(2000, 1, 1))
    parts = [
        _preamble(school),
        f"#align(center + horizon)[#set par(spacing: 14pt)\n"
        f'#text(size: 26pt, weight: "bold", fill: brand)[{_t(school.name)}]\n\n'
        f"#text(size: 16pt)[{_t(say('handbook_title'))}]\n\n"
        f"#text(size: 10pt, fill: luma(60))[{_t(_count(len(policies), dates.uk(latest)))}]\n\n"
        f"{_online_note(school.handbook_url)}]",
        "#pagebreak()",
        _contents(policies),
    ]
    for number, policy in enumerate(policies, 1):
        parts += ["#pagebreak()", *_policy_parts(policy, number)]
    parts.append(_metadata(school, say("handbook_metadata", school=school.name), latest))
    return _join(parts)


def _count(count: int, date: str) -> str:
    if count == 1:
        return say("handbook_count_one", date=date)
    return say("handbook_count", count=count, date=date)


def _contents(policies: Sequence[PrintedPolicy]) -> str:
    """The handbook's contents: each policy, its next review (and whether it is overdue or
    due) and its page, each title a link to the policy."""
    rows = []
    coded = any(p.reference for p in policies)
    for number, p in enumerate(policies, 1):
        code = f"[{_t(p.reference or '')}], " if coded else ""
        review = _t(dates.uk(p.review_date))
        if p.review_status == "overdue":
            review += f' #text(weight: "bold", fill: rgb("#8a1c1c"))[{_t(say("contents_overdue"))}]'
        elif p.review_status == "due":
            review += f' #text(weight: "bold", fill: rgb("#6b4a00"))[{_t(say("contents_due"))}]'
        rows.append(
            f"[#link(<policy-{number}>)[{_t(p.title)}]], {code}[{review}], "
            f"[#context counter(page).at(<policy-{number}>).first()]"
        )
    return (
        f"#heading(level: 1, outlined: false)[{_t(say('contents'))}]\n\n"
        f"#table(columns: (1fr, {'auto, ' if coded else ''}auto, auto), stroke: none, "
        f"inset: (x: 4pt, y: 5pt), align: (left, {'left, ' if coded else ''}left, right), "
        f"table.header([{_t(say('col_policy'))}], "
        + (f"[{_t(say('reference'))}], " if coded else "")
        + f"[{_t(say('next_review'))}], [{_t(say('page_word'))}]), "
        + ", ".join(rows)
        + ")"
    )


def image_problem(data: bytes, suffix: str) -> str | None:
    """Why the PDF engine cannot draw this image, or None: a file can have a good header
    and damaged contents, and only drawing it tells."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"probe{suffix}").write_bytes(data)
        try:
            typst.compile(
                f'#image("probe{suffix}", width: 1cm)'.encode(),  # type: ignore[type-var]
                root=folder,
                ignore_system_fonts=True,  # no text, so no fonts to load
            )
        except (typst.TypstError, RuntimeError, ValueError) as exc:
            text = " ".join(str(exc).split())
            return text[:120]
    return None


class PdfWriter:
    """Compiles Typst sources to PDF with one reused compiler and the project's own fonts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.compiler = typst.Compiler(
            root=str(root), font_paths=[str(FONTS)], ignore_system_fonts=True
        )

    def compile(self, source: str, output: Path, date: dt.date) -> None:
        """Write ``output``; a Typst error becomes a :class:`BuildError` naming the file."""
        stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        try:
            pdf = self.compiler.compile(
                input=source.encode("utf-8"),
                format="pdf",
                pdf_standards=[PDF_STANDARD],
                timestamp=stamp,
            )
        except (typst.TypstError, RuntimeError, ValueError) as exc:
            message = " ".join(str(exc).split())[:500]
            raise BuildError(
                [Problem(str(output.name), message=f"the PDF did not build: {message}")]
            ) from None
        if not isinstance(pdf, bytes):  # one document, so one PDF
            raise TypeError(f"Typst returned {type(pdf).__name__}, not a PDF")
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(pdf)
