"""What an import decided, and what a person must still decide, each with its paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def quote(text: str, limit: int = 70) -> str:
    """A paragraph's words, on one line, shortened to ``limit`` characters."""
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 3].rstrip() + "..."


@dataclass(frozen=True)
class Entry:
    where: str
    """``paragraph 12``, ``table at paragraph 30``, ``footnote``, ``the whole document``"""
    text: str
    """The words of the paragraph it came from, shortened."""
    what: str
    order: int = 0
    """Where it sorts: by paragraph, the whole document first, template.yml last."""


@dataclass
class Report:
    source: str
    decisions: list[Entry] = field(default_factory=list)
    todo: list[Entry] = field(default_factory=list)

    def decide(self, where: int | str, text: str, what: str) -> None:
        label, order = _where(where)
        self.decisions.append(Entry(label, quote(text), what, order))

    def ask(self, where: int | str, text: str, what: str) -> None:
        label, order = _where(where)
        self.todo.append(Entry(label, quote(text), what, order))

    def text(self, heading: str, next_steps: list[str]) -> str:
        """The report as plain text, for the terminal and for the file beside the template."""
        lines = [heading, "", f"Decided ({len(self.decisions)}):"]
        lines += [_line(e) for e in _sorted(self.decisions)] or ["  nothing"]
        lines += ["", f"Still to decide ({len(self.todo)}):"]
        lines += [_line(e) for e in _sorted(self.todo)] or [
            "  nothing: every placeholder was recognised"
        ]
        lines += ["", "Next:"]
        lines += [f"  {step}" for step in next_steps]
        return "\n".join(lines) + "\n"


def _where(where: int | str) -> tuple[str, int]:
    if isinstance(where, int):
        return f"paragraph {where}", where
    number = re.search(r"\d+", where)
    if number:
        return where, int(number[0])
    return where, {"the whole document": 0, "footnote": 10**6}.get(where, 10**7)


def _sorted(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.order)


def _line(entry: Entry) -> str:
    text = f' "{entry.text}"' if entry.text else ""
    return f"  {entry.where}{text}: {entry.what}"
