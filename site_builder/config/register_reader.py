"""Located reading of one YAML file into typed values (used for the statutory register): each
method returns the value in its Python form, or None after recording a problem at the value's
own line and column."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from site_builder.config.dates import parse_iso
from site_builder.config.nodes import KeyPath
from site_builder.config.source import Located
from site_builder.config.spelling import suggest
from site_builder.errors import Problem

_MAX_MONTHS = 120


class _Reader:
    """Located reading of one register file: each method returns a typed value or None,
    recording a problem at the value's own line and column."""

    def __init__(self, doc: Located, problems: list[Problem], folders: set[str]) -> None:
        self.doc = doc
        self.problems = problems
        self.folders = folders
        """Template folders present: one that failed to load has its own problems already."""

    def error(self, path: KeyPath, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, at_key=at_key))

    def keys(self, node: Mapping[str, Any], path: KeyPath, allowed: tuple[str, ...]) -> None:
        for key in node:
            if key not in allowed:
                hint = suggest(str(key), list(allowed))
                self.error((*path, key), f"unknown key{hint}", at_key=True)

    def group(self, value: Any, path: KeyPath, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(path, f"must be a group of keys: {what}")
        return None

    def text(self, value: Any, path: KeyPath, *, required: bool = True) -> str | None:
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.error(path, "needs text" if value is None else "must be text")
            return None
        return value.strip()

    def flag(self, value: Any, path: KeyPath) -> bool | None:
        if not isinstance(value, bool):
            self.error(path, "must be true or false")
            return None
        return value

    def choice(self, value: Any, path: KeyPath, choices: Mapping[str, str]) -> str | None:
        if isinstance(value, str) and value in choices:
            return value
        hint = suggest(str(value), list(choices)) if isinstance(value, str) else ""
        shown = (
            f'"{value}"'
            if isinstance(value, str)
            else "an empty value"
            if value is None
            else (
                "a list"
                if isinstance(value, list)
                else "a group"
                if isinstance(value, dict)
                else str(value).lower()
            )
        )
        self.error(path, f"{shown} is not one of: {', '.join(choices)}{hint}")
        return None

    def date(self, value: Any, path: KeyPath, *, required: bool = True) -> Any:
        if value is None and not required:
            return None
        parsed = parse_iso(value) if isinstance(value, str) else None
        if parsed is None:
            self.error(path, "must be a date, YYYY-MM-DD")
        return parsed

    def months(self, value: Any, path: KeyPath, words: Mapping[str, str] | None) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= _MAX_MONTHS:
            return value
        if words is not None and isinstance(value, str) and value in words:
            return value
        extra = f", or one of: {', '.join(words)}" if words else ", or null"
        self.error(path, f"must be a whole number of months from 1 to {_MAX_MONTHS}{extra}")
        return None
