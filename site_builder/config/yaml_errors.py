"""YAML mistakes in plain words, at the line where the mistake starts.

The parser reports where it gave up, in its own terms ("did not find expected key", on the
line after an unclosed bracket). A school business manager needs to know what to change and
where: "the `[` opened on line 3 is never closed". :func:`explain` turns a parser error into
that, and says which lines the mistake spoils, so that the rest of the file can still be
read and every other mistake in it reported in the same run.

This module knows YAML's error messages and a config's shape, nothing about fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY_WITH_VALUE = re.compile(r"^\s*[^\s#:-][^:#]*:\s+\S")
_KEY = re.compile(r"^\s*-?\s*([A-Za-z0-9_.-]+)")


@dataclass(frozen=True)
class Syntax:
    """A mistake: where it starts, what to do about it, and the lines it spoils."""

    line: int
    column: int | None
    message: str
    first: int
    last: int
    """The lines (1-based, inclusive) to set aside to read the rest of the file."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], index: int) -> int | None:
    """The index of the nearest line above ``index`` with content (not blank, not a comment)."""
    for i in range(index - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return None


def explain(text: str, exc: yaml.MarkedYAMLError) -> Syntax:
    """The mistake behind ``exc``, in words a school can act on."""
    lines = text.splitlines() or [""]
    problem = exc.problem_mark
    context = exc.context_mark
    reason = (exc.problem or exc.context or "").strip()
    what = (exc.context or "").strip()
    p_line = problem.line + 1 if problem else 1
    p_col = problem.column + 1 if problem else None
    p_index = min(p_line - 1, len(lines) - 1)
    if context is not None and what.startswith(("while parsing a flow", "while scanning a quoted")):
        c_line, c_col = context.line + 1, context.column + 1
        opener = lines[c_line - 1][c_col - 1 : c_col] if c_line <= len(lines) else ""
        if what.startswith("while parsing a flow") and opener not in ("[", "{"):
            found = _unclosed(lines, p_line)
            if found is not None:
                opener, c_line, c_col = found
        if what.startswith("while scanning a quoted"):
            return Syntax(
                c_line, c_col,
                f"the quote {opener} opened here is never closed; end the text with {opener} "
                "on the same line",
                c_line, c_line,
            )  # fmt: skip
        closer = {"[": "]", "{": "}"}.get(opener, "]")
        return Syntax(
            c_line, c_col,
            f"the {opener} opened here is never closed; end the list with {closer} on the same "
            "line (and put a comma between items)",
            c_line, max(c_line, p_line - 1),
        )  # fmt: skip
    if "expected a single document" in what or "another document" in reason:
        return Syntax(
            p_line, p_col,
            "holds a second YAML document (after a line of ---); keep only one",
            p_line, len(lines),
        )  # fmt: skip
    if "could not find expected ':'" in reason and context is not None:
        c_line = context.line + 1
        if len(lines[context.line].strip()) >= 1024:
            return Syntax(
                c_line, context.column + 1,
                "this line is longer than YAML allows a key to be (1,024 characters)",
                c_line, c_line,
            )  # fmt: skip
        return Syntax(
            c_line, context.column + 1,
            "this line has no colon after its key; write it as key: value",
            c_line, c_line,
        )  # fmt: skip
    if "mapping values are not allowed" in reason:
        above = _previous(lines, p_index)
        here = lines[p_index]
        if (
            above is not None
            and ":" not in lines[above]
            and not lines[above].strip().startswith("-")
            and _indent(lines[above]) == _indent(here)
        ):
            return Syntax(
                above + 1, _indent(lines[above]) + 1,
                "this line has no colon after its key; write it as key: value",
                above + 1, above + 1,
            )  # fmt: skip
        if (
            above is not None
            and _indent(here) > _indent(lines[above])
            and _KEY_WITH_VALUE.match(lines[above])
        ):
            return Syntax(
                p_line, _indent(here) + 1,
                f"this line is indented more than line {above + 1}, so it is read as part of "
                "that line's value; line it up with the key above it",
                p_line, p_line,
            )  # fmt: skip
        value_at = here.find(":") + 1
        return Syntax(
            p_line, value_at + 2 if value_at else p_col,
            'this value contains ": ", which YAML reads as the start of another key; put the '
            'whole value in double quotes, like name: "St Mary\'s: a church school"',
            p_line, p_line,
        )  # fmt: skip
    if "did not find expected key" in reason or "expected <block end>" in reason:
        here = lines[p_index]
        if here.strip().startswith("-"):
            message = (
                "this list item is not under a key that takes a list; put it under its key, "
                "indented, with nothing after that key's colon"
            )
        else:
            message = (
                "this line is indented differently from the lines above it; line it up "
                "with the key it belongs beside"
            )
        return Syntax(p_line, _indent(here) + 1, message, p_line, p_line)
    if "undefined alias" in reason:
        name = re.match(r"\*(\S+)", lines[p_index][(p_col or 1) - 1 :])
        alias = name[1] if name else "name"
        return Syntax(
            p_line, p_col,
            f"uses the alias *{alias}, but no &{alias} comes before it",
            p_line, p_line,
        )  # fmt: skip
    return Syntax(
        p_line, p_col, f"invalid YAML: {reason or 'the file cannot be read'}", p_line, p_line
    )


def _unclosed(lines: list[str], upto: int) -> tuple[str, int, int] | None:
    """The last ``[`` or ``{`` never closed before line ``upto`` (quotes and comments aside)."""
    stack: list[tuple[str, int, int]] = []
    for number, line in enumerate(lines[:upto], 1):
        quote = None
        for col, ch in enumerate(line, 1):
            if quote:
                if ch == quote:
                    quote = None
            elif ch in "\"'":
                quote = ch
            elif ch == "#" and (col == 1 or line[col - 2] in " \t"):
                break
            elif ch in "[{":
                stack.append((ch, number, col))
            elif ch in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def keys_on(lines: list[str], first: int, last: int) -> set[str]:
    """The keys written on lines ``first`` to ``last`` (1-based), so that "is required"
    is not reported for a key that is there but could not be read."""
    found = set()
    for line in lines[first - 1 : last]:
        m = _KEY.match(line)  # the key, or the first word of a line that lost its colon
        if m:
            found.add(m[1])
    return found
