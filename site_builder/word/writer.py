"""The imported policy's text: Markdown with Jinja placeholders, and the fields it uses.

The Word text is the LA's own wording and becomes template text, so every character that
Jinja or Markdown would read as syntax is escaped here (``{`` and ``}`` as character
references, so no ``{{`` or ``{%`` can form; ``*``, ``#``, ``[`` ... with a backslash; ``<``
as ``&lt;``). Each placeholder becomes a Jinja expression; a paragraph that uses an optional
value is printed only when the school gives it (``{% if %}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from site_builder.print.fonts import unprintable
from site_builder.word.markup import (
    Lists,
    article,
    assemble,
    description,
    escape_source,
    format_at,
    guard,
    guidance,
    inert,
    literal_pieces,
    merge_paragraphs,
    prompt_words,
    slug,
)
from site_builder.word.meta import Option, detail_blocks
from site_builder.word.placeholders import Meaning, Names, Region, field_name, find_regions
from site_builder.word.reader import Paragraph, WordDocument
from site_builder.word.report import Report, quote
from site_builder.word.structure import Node, Outline
from site_builder.word.tables import merge_cells

_DATES = {"policy.adopted", "policy.review_date"}
_ROLE_KEYS = {"school.headteacher_title", "governance.chair_title"}
_OPTIONAL_SHARED = {"school.phone", "school.website"}
_SHARED = {
    "school.name", "school.local_authority", "school.contact_email", "school.headteacher_title",
    "governance.chair_title", "governance.governing_body", "policy.adopted",
    "policy.review_date", "policy.approved_by", *_OPTIONAL_SHARED,
}  # fmt: skip
_REVIEWER = (
    "{% if options.reviewer +%}{{ options.reviewer }}{% else +%}"
    "{{ policy.approved_by }}{% endif +%}"
)


@dataclass
class Written:
    text: str
    options: dict[str, Option]
    clauses: dict[str, dict[str, Any]]
    uses_shared: bool
    approvers: list[str]
    meanings: list[tuple[Paragraph, Region]]


class Writer:
    def __init__(self, doc: WordDocument, out: Outline, report: Report, names: Names) -> None:
        self.doc = doc
        self.outline = out
        self.report = report
        self.names = names
        self.options: dict[str, Option] = {}
        self.clauses: dict[str, dict[str, Any]] = {}
        self.by_prompt: dict[tuple[str, str], str] = {}
        self.unknown = 0
        self.uses_shared = False
        self.approvers: list[str] = []
        self.cycle_text = ""
        """The words that said how often the policy is reviewed, if the document said."""
        self.meanings: list[tuple[Paragraph, Region]] = []
        self.blocks: list[str] = []
        self.guidance: list[str] = []
        """Notes for schools about the new fields of the block being written."""
        self.everyone_macro = True
        """The library's shared wording defines everyone_definition()."""

    def write(self) -> Written:
        prev: Node | None = None
        lists = Lists()
        waiting: list[str] = []
        for node in self.outline.nodes:
            if node.kind != "item":
                lists = Lists()
            text = self.node(node, lists)
            if text is None:
                continue
            joined = prev is not None and prev.kind == "item" and node.kind == "item"
            joined = joined and bool(self.blocks) and not lists.restarted
            if not joined and waiting:  # a list's notes wait until the list has ended
                self.blocks.append(guidance(waiting))
                waiting = []
            if joined or (node.kind == "item" and self.guidance):
                waiting += self.guidance
            elif self.guidance:
                text = guidance(self.guidance) + "\n" + text
            self.guidance = []
            if joined:
                self.blocks[-1] += "\n" + text
            else:
                self.blocks.append(text)
            prev = node
        if waiting:
            self.blocks.append(guidance(waiting))
        body = "\n\n".join(self.blocks)
        head = '{% import "_shared/definitions.md" as shared with context %}\n'
        return Written(
            text=(head if self.uses_shared else "") + body.strip() + "\n",
            options=self.options,
            clauses=self.clauses,
            uses_shared=self.uses_shared,
            approvers=self.approvers,
            meanings=self.meanings,
        )

    def node(self, node: Node, lists: Lists) -> str | None:
        kind = node.kind
        if kind == "heading":
            line, guards = self.inline(_text(node))
            return guard(f"{'#' * node.level} {line}", guards)
        if kind == "para":
            line, guards = self.inline(_text(node), line_start=True)
            return guard(line, guards) if line else None
        if kind == "item":
            level, count = lists.add(node.level, node.ordered)
            line, guards = self.inline(_text(node))
            marker = f"{count}." if node.ordered else "-"
            return guard(f"{'    ' * level}{marker} {line}", guards)
        if kind == "end":
            return None
        if kind == "everyone":
            if not self.everyone_macro:
                self.report.ask(
                    "the whole document",
                    self.outline.everyone or "",
                    "the library's shared wording has no everyone_definition(): the document's "
                    "own definition of everyone was kept as text",
                )
                if node.para is None:
                    return escape_source(self.outline.everyone or "", True) or None
                line, guards = self.inline(_text(node))
                return guard(line.lstrip("\\*"), guards)
            self.uses_shared = True
            return "{{ shared.everyone_definition() }}"
        if kind == "table":
            return self.table(node)
        if kind == "commitments":
            return self.commitments(node)
        if kind == "details":
            return self.details(node.rows)
        if kind == "notes":
            items = []
            for i, paragraphs in enumerate(self.outline.notes, start=1):
                line, guards = self.inline(merge_paragraphs(paragraphs))
                items.append(guard(f"{i}. {line}", guards))
            return "## Notes\n\n" + "\n".join(items)
        return None

    def table(self, node: Node) -> str | None:
        if node.table is None:
            return None
        rows = node.table.rows
        width = max(sum(c.colspan for c in row) for row in rows)
        if width == 1 or len(rows) == 1:
            parts = []
            for row in rows:
                for cell in row:
                    for p in cell.paragraphs:
                        line, guards = self.inline(p, line_start=True)
                        if line:
                            parts.append(guard(line, guards))
            return "\n\n".join(parts) or None
        lines = []
        for i, row in enumerate(rows):
            cells = []
            for cell in row:
                line, guards = self.inline(merge_cells([cell]))
                if guards:
                    line = f"{{% if {' and '.join(sorted(guards))} +%}}{line}{{% endif +%}}"
                cells += [line or " "] + [" "] * (cell.colspan - 1)
            cells += [" "] * (width - len(cells))
            lines.append("| " + " | ".join(cells) + " |")
            if i == 0:
                lines.append("|" + " --- |" * width)
        return "\n".join(lines)

    def commitments(self, node: Node) -> str:
        lines = []
        for i, p in enumerate(node.items, start=1):
            line, guards = self.inline(p)
            lines.append(guard(f"{i}. {line}", guards))
        n = len(node.items)
        self.clauses["own_commitments"] = {
            "description": "Commitments of your own, numbered after the LA's and signed with them.",
            "example": ["I will lock my computer whenever I leave it."],
        }
        self.report.decide(
            node.items[0].number if node.items else "table",
            node.items[0].text if node.items else "",
            "schools may add their own commitments after these: clause slot own_commitments",
        )
        lines += [
            "{% for item in clauses.own_commitments %}",
            f"{{{{ loop.index + {n} }}}}. {{{{ item | own }}}}",
            "{% endfor %}",
        ]
        return "\n".join(lines)

    def details(self, rows: list[tuple[str, Paragraph]]) -> str | None:

        return detail_blocks(self, rows)

    def inline(self, para: Paragraph, line_start: bool = True) -> tuple[str, set[str]]:
        """One line of Markdown for ``para``, and the values it needs the school to give."""
        self.printable(para)
        regions = find_regions(para, self.doc.controls, self.names)
        pieces: list[tuple[str, tuple[str | None, bool, bool]]] = []
        guards: set[str] = set()
        text = para.text
        pos = 0
        for region in regions:
            literal = text[pos : region.start]
            meaning = region.meaning or Meaning(None, "")
            dated = meaning.type == "date" or meaning.key in _DATES
            if dated and re.search(r"\bin\s+$", literal):
                literal = re.sub(r"\bin(\s+)$", r"on\1", literal)
            pieces += literal_pieces(para, pos, region.start, literal)
            markup, guard = self.expression(para, region, text[: region.start])
            if guard:
                guards.add(guard)
            pieces.append((markup, format_at(para, region.start)))
            pos = region.end
        pieces += literal_pieces(para, pos, len(text), text[pos:])
        line = assemble(pieces, line_start)
        return " ".join(line.split()), guards

    def printable(self, para: Paragraph) -> None:
        """Characters the printed policies' font has no glyph for (Wingdings bullets, ticks,
        emoji) are taken out, and each is reported: PDF/UA refuses them."""
        removed: list[str] = []
        for span in para.spans:
            while bad := unprintable(span.text):
                pattern = rf"\s?{re.escape(bad)}(?=[\s.,;:!?)]|$)|{re.escape(bad)}"
                span.text = re.sub(pattern, "", span.text)
                if bad not in removed:
                    removed.append(bad)
        for ch in removed:
            self.report.ask(
                para.number,
                para.text,
                f'took out "{ch}" (U+{ord(ch):04X}), which the printed policies\' font cannot '
                "show: reword the sentence if it mattered",
            )

    def expression(self, para: Paragraph, region: Region, before: str) -> tuple[str, str | None]:
        """The Jinja for one placeholder, and the value it needs (for a guard), if optional."""
        meaning = region.meaning or Meaning(None, "")
        key = meaning.key
        self.meanings.append((para, region))
        raw = region.raw
        if key == "keep":
            self.report.ask(
                para.number, para.text, f'names "{raw}": make it an option if schools differ'
            )
            return escape_source(raw), None
        if key in _SHARED:
            named = region.kind in ("role", "committee")
            if key == "policy.approved_by" and named and raw not in self.approvers:
                self.approvers.append(raw)
            expr = f"{{{{ {key} }}}}"
            if key in _ROLE_KEYS and region.kind != "role":
                expr = article(before) + expr
            self.report.decide(
                para.number, para.text, f'"{raw}" is {{{{ {key} }}}} ({meaning.why})'
            )
            return expr, key if key in _OPTIONAL_SHARED else None
        if key == "reviewer":
            self.declare(
                Option(
                    "reviewer",
                    "committee",
                    "Who reviews the policy. Leave out if the body that approved it also "
                    "reviews it.",
                    example=meaning.example,
                )
            )
            self.report.decide(
                para.number,
                para.text,
                f'"{raw}" is the reviewing committee: option reviewer (a committee; when a '
                "school leaves it out, the body that approved the policy reviews it)",
            )
            return _REVIEWER, None
        if key == "author":
            self.declare_author()
            self.report.decide(para.number, para.text, f'"{raw}" is the author: option author')
            return "{{ options.author }}", "options.author"
        return self.new_field(para, region, meaning)

    def declare(self, option: Option) -> None:
        old = self.options.get(option.name)
        if old is None:
            self.options[option.name] = option
        elif old.example is None and option.example is not None:
            old.example = option.example

    def declare_author(self, default: str | None = None) -> None:
        if "author" not in self.options:
            self.report.decide(
                "the whole document",
                "",
                "the library has no shared field for a policy's author, so the template has "
                "its own option author (text): a school names its own author, or leaves it "
                "out and no author is printed",
            )
        self.declare(
            Option(
                "author",
                "text",
                "Who wrote the school's version of this policy (a name or a role). Leave out "
                "to print no author.",
                example="the Headteacher",
                default=default,
            )
        )

    def new_field(
        self, para: Paragraph, region: Region, meaning: Meaning
    ) -> tuple[str, str | None]:
        if meaning.key is None:
            self.unknown += 1
            name = f"fill_in_{self.unknown}"
        else:
            name = meaning.key.split(":", 1)[1]
            worded = region.kind in ("bracket", "insert", "merge", "control")
            own = field_name(region.prompt or region.hint) if worded else ""
            if own and own != "date" and meaning.type != "text":
                name = own
            seen = self.by_prompt.get((region.prompt.lower(), meaning.type))
            if seen:
                name = seen
            elif name in self.options:
                name = f"{name}_{sum(1 for o in self.options if o.startswith(name)) + 1}"
        self.by_prompt[(region.prompt.lower(), meaning.type)] = name
        shown = prompt_words(region)
        option = Option(name, meaning.type, description(shown, meaning), default=meaning.default)
        if meaning.type == "choice":
            option.choices = {slug(c): c for c in meaning.choices}
            option.default = next(iter(option.choices))
        if name not in self.options:
            self.guidance.append(f"`{option.name}`: {escape_source(inert(option.description))}")
            what = (
                f"option {name} ({meaning.type}"
                + (f', default "{quote(str(option.default), 40)}"' if option.default else "")
                + ")"
            )
            if meaning.key is None:
                self.report.ask(
                    para.number,
                    para.text,
                    f"{shown}: {meaning.why}. Declared as {what}; the paragraph is printed only "
                    "when a school fills it in. Say what it is, or rewrite the sentence",
                )
            elif option.default is None:
                self.report.ask(
                    para.number,
                    para.text,
                    f"{shown} ({meaning.why}): declared as {what} with the prompt as its "
                    "description; the paragraph is printed only when a school fills it in. "
                    "Give it a default, or make it required",
                )
            else:
                self.report.decide(para.number, para.text, f"{shown}: {meaning.why}, {what}")
        self.declare(option)
        option = self.options[name]  # as first declared: its default decides the guard
        if option.type == "choice":
            branches = "".join(
                f'{{% {"if" if i == 0 else "elif"} options.{name} == "{k}" +%}}{escape_source(v)}'
                for i, (k, v) in enumerate(option.choices.items())
            )
            return branches + "{% endif +%}", None
        guard = None if option.default is not None else f"options.{name}"
        return f"{{{{ options.{name} }}}}", guard


def _text(node: Node) -> Paragraph:
    """The paragraph of a heading, paragraph or list item (which always has one)."""
    if node.para is None:
        raise TypeError(f"a {node.kind} without its paragraph")
    return node.para
