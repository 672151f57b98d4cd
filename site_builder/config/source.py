"""Read YAML files keeping where each value came from.

Every error we report names ``file:line:column``; PyYAML's composed node tree carries those
marks, so we build plain Python values from nodes ourselves and keep a map from each key path
to its position. This module knows nothing about what the keys mean.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from site_builder.config.nodes import (
    KeyPath,
    _Budget,
    _construct,
    _Expansion,
    _ScalarLoader,
    dotted,
)
from site_builder.config.yaml_errors import Syntax, explain, keys_on
from site_builder.errors import Problem


@dataclass
class Located:
    """A parsed YAML document with the position of every key and value."""

    file: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    spoiled: set[int] = field(default_factory=set)
    """Lines set aside because of a syntax mistake (the document is then only what could be
    read, for reporting other mistakes; it is never built)."""
    lost_keys: set[str] = field(default_factory=set)
    """Keys written on the spoiled lines: not missing, only unreadable."""
    numbers_as_typed: bool = False
    """Numbers kept as the characters typed (:class:`NumberText`), for fields to read."""
    lines: list[str] = field(default_factory=list, repr=False)
    """The file's text, a line each, to explain a value YAML read differently."""

    def after_syntax_errors(self, problems: list[Problem]) -> list[Problem]:
        """``problems`` found in what could be read, without those a syntax mistake caused."""
        return [
            p
            for p in problems
            if p.line not in self.spoiled
            and not (
                p.message.startswith(("is required", "is empty"))
                and p.key.rsplit(".", 1)[-1] in self.lost_keys
            )
        ]

    def where(self, path: KeyPath) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at ``path``, or of its nearest parent."""
        for end in range(len(path), -1, -1):
            pos = self.positions.get(tuple(path[:end]))
            if pos is not None:
                return pos
        return None, None

    def problem(self, path: KeyPath, message: str, *, at_key: bool = False) -> Problem:
        """A problem with the value at ``path`` (or with its key, e.g. a misspelt key)."""
        line, col = self.key_positions.get(path, (None, None)) if at_key else (None, None)
        if line is None:
            line, col = self.where(path)
        return Problem(self.file, line, col, dotted(path), message)


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: ~10x faster


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as text until the schema says a field is a date.

    YAML 1.1 would otherwise turn ``no`` into False and ``2026-02-31`` into an exception;
    we want to decide types ourselves and report them in the school's terms.
    """


# Only the core scalar types we want YAML itself to resolve.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_ScalarLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def config_file_problem(path: Path) -> Problem | None:
    """Why ``path`` cannot be a school's config, if it cannot: a config is a regular file,
    and a link may not lead out of its folder (a config committed as a link to
    /etc/passwd would otherwise be read, and quoted in messages)."""
    name = display_name(path)
    try:
        if path.is_symlink():
            try:
                path.resolve(strict=True)
            except FileNotFoundError:
                return Problem(name, message="is a link to a file that does not exist")
        if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
            return Problem(name, message="is a link to a file outside its folder; a school's "
                           "config must be a file in the folder")  # fmt: skip
        if path.is_dir():
            return Problem(name, message="is a folder, expected a school config")
        if not path.is_file():
            return Problem(name, message="is not a regular file, expected a school config")
    except (OSError, RuntimeError):
        return Problem(name, message="cannot be read (a broken or looping link)")
    return None


def display_name(path: Path, base: Path | None = None) -> str:
    """A path as the user should see it: relative to the working folder when possible."""
    base = base or Path.cwd()
    # Not resolved: a link is named as the user named it (and a looping link cannot fail).
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(os.path.abspath(base)))
    except ValueError:
        return str(path)


MAX_FILE_BYTES = 1_000_000
"""The largest YAML file read: a school's config is a few kilobytes."""
MAX_DEPTH = 20
"""How deeply groups and lists may nest; a config needs five levels."""


def _read_limited(path: Path, what: str, name: str) -> tuple[bytes | None, list[Problem]]:
    try:
        if not path.is_file() and path.exists():
            if path.is_dir():
                return None, [Problem(name, message=f"is a folder, expected a {what}")]
            return None, [Problem(name, message=f"is not a regular file, expected a {what}")]
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None, [Problem(name, message=f"{what} not found")]
    except IsADirectoryError:
        return None, [Problem(name, message=f"is a folder, expected a {what}")]
    except OSError as exc:
        return None, [Problem(name, message=f"cannot read {what}: {exc.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                name,
                message=f"is larger than {MAX_FILE_BYTES // 1_000_000} MB; a {what} is a few "
                "kilobytes (is this the right file?)",
            )
        ]
    return raw, []


MAX_SYNTAX_ERRORS = 10
_LINE_SEPARATOR = re.compile("[\u0085\u2028\u2029]")


_BINARY = {
    b"PK\x03\x04": "a zip file (perhaps a Word document)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"%PDF": "a PDF document",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an Office document",
    b"{\\rtf": "an RTF document",
}


def _not_text(raw: bytes) -> str | None:
    """Why ``raw`` is not the UTF-8 text a YAML file is, when it plainly is not."""
    for magic, what in _BINARY.items():
        if raw.startswith(magic):
            return f"is {what}, not a YAML text file"
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or (
        len(raw) >= 8
        and (
            (raw[1:4] == b"\x00\x00\x00" and raw[0] != 0)
            or (raw[0:3] == b"\x00\x00\x00" and raw[3] != 0)
        )
    ):
        return "is UTF-32 text, not UTF-8; save it as UTF-8 and try again"
    # UTF-16 (Windows Notepad's "Unicode"): a zero byte beside nearly every letter.
    sample = raw[:400]
    zeros = max(sample[1::2].count(0), sample[0::2].count(0))
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(sample) >= 4 and zeros * 5 > len(sample) * 2):
        return "is UTF-16 text, not UTF-8; save it as UTF-8 and try again"
    return None


def load_yaml(
    path: Path, *, what: str = "file", recover: bool = False, numbers_as_typed: bool = False
) -> tuple[Located | None, list[Problem]]:
    """Parse ``path``; return the document and problems (never raises for bad content).

    The work is bounded whatever the file holds: at most :data:`MAX_FILE_BYTES` are read,
    nesting deeper than :data:`MAX_DEPTH` is refused before anything is built, and aliases
    may not expand past :data:`MAX_VALUES` values or refer to themselves.

    With ``recover``, a syntax mistake is reported and the lines it spoils are set aside, so
    that the rest of the file is read too and its own mistakes can be reported in the same
    run; the document then lists the lines set aside (:attr:`Located.spoiled`).
    """
    name = display_name(path)
    raw, problems = _read_limited(path, what, name)
    if raw is None:
        return None, problems
    not_text = _not_text(raw)
    if not_text is not None:
        return None, [Problem(name, 1, None, "", not_text)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(name, line, None, "", "is not UTF-8 text; save it as UTF-8 and try again")
        ]
    separator = _LINE_SEPARATOR.search(text)
    if separator:  # YAML would read it as a line break, and miscount every line after it
        line = text.count("\n", 0, separator.start()) + 1
        col = separator.start() - (text.rfind("\n", 0, separator.start()) + 1) + 1
        code = ord(separator.group())
        return None, [
            Problem(
                name, line, col, "",
                f"contains an invisible line separator (U+{code:04X}); remove it",
            )
        ]  # fmt: skip
    syntax: list[Problem] = []
    spoiled: set[int] = set()
    lost: set[str] = set()
    node = None
    for _ in range(MAX_SYNTAX_ERRORS):
        try:
            node = _compose(text, name, what)
            break
        except _Refused as exc:
            return None, [*syntax, exc.problem]
        except yaml.MarkedYAMLError as exc:
            found = _syntax(text, exc)
            syntax.append(Problem(name, found.line, found.column, "", found.message))
            lines = text.split("\n")
            region = range(found.first, min(found.last, len(lines)) + 1)
            if not recover or all(not lines[i - 1].strip() for i in region):
                return None, syntax
            lost |= keys_on(lines, found.first, found.last)
            spoiled.update(region)
            for i in region:
                lines[i - 1] = ""
            text = "\n".join(lines)
    else:
        return None, syntax
    problems += syntax
    if node is None:
        return None, syntax or [Problem(name, 1, 1, "", f"{what} is empty")]
    doc = Located(
        name, None, spoiled=spoiled, lost_keys=lost, numbers_as_typed=numbers_as_typed,
        lines=text.split("\n"),
    )  # fmt: skip
    budget = _Budget()
    try:
        doc.data = _construct(node, (), doc, problems, budget)
    except _Expansion as exc:
        return None, [Problem(name, exc.line, exc.column, "", exc.message)]
    if not isinstance(doc.data, dict):
        return None, [Problem(name, 1, 1, "", f"{what} must be a mapping of keys to values")]
    return doc, problems


class _Refused(Exception):
    """The file is refused outright (a character YAML does not allow, nesting too deep)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _compose(text: str, name: str, what: str) -> yaml.Node | None:
    """The node tree of ``text``; :class:`_Refused` or the parser's own error otherwise."""
    try:
        too_deep = _too_deep(text)
        if too_deep is not None:
            line, col = too_deep
            raise _Refused(
                Problem(
                    name,
                    line,
                    col,
                    "",
                    f"nested more than {MAX_DEPTH} levels deep; a {what} needs only a few",
                )
            )
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit, past ours
            mark = exc.problem_mark
            raise _Refused(
                Problem(
                    name,
                    mark.line + 1 if mark else None,
                    mark.column + 1 if mark else None,
                    "",
                    f"nested more than {MAX_DEPTH} levels deep; a {what} needs only a few",
                )
            ) from None
        raise
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as NUL
        line = text[: exc.position].count("\n") + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise _Refused(
            Problem(
                name,
                line,
                col,
                "",
                f"contains a character YAML does not allow (U+{char:04X}); remove it",
            )
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - any other parser failure, on one line
        raise _Refused(
            Problem(name, message=f"invalid YAML: {' '.join(str(exc).split())}")
        ) from None


def _syntax(text: str, exc: yaml.MarkedYAMLError) -> Syntax:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and _char_at(text, mark.line, mark.column) == "\t":
        line = mark.line + 1
        return Syntax(line, mark.column + 1, "a tab character; indent with spaces, never tabs",
                      line, line)  # fmt: skip
    return explain(text, exc)


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting first passes :data:`MAX_DEPTH`, read from the event stream.

    The event parser keeps an explicit stack, so even a megabyte of ``[`` costs a linear
    scan; building nodes from such a file would recurse once per level.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark else (1, 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None
