"""The one family of exceptions a user may see.

Library code raises these; only :mod:`site_builder.cli` turns them into messages and exit
codes. Anything else escaping to the CLI is a bug in this program, not in the user's input.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int | None = None
    column: int | None = None
    key: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.key}:" if self.key else ""
        return one_line(f"{where}:{key} {self.message}")


def one_line(text: str) -> str:
    """A message is one line of plain text wherever it is shown (a terminal, a CI log): a
    control character from a value (a line break, an escape sequence) is written as U+000A,
    so no value can forge a line of output or send the terminal a command."""
    return "".join(
        f"U+{ord(ch):04X}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
        for ch in text
    )


class SiteBuilderError(Exception):
    """Root of every error caused by the user's input rather than by a bug."""

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="policy-site", message=problems)]
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


def _problem_order(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.file, p.line or 0, p.column or 0, p.key, p.message)


class ConfigError(SiteBuilderError):
    """A school's configuration file is wrong."""


class TemplateError(SiteBuilderError):
    """A policy template or its declaration is wrong."""


class BuildError(SiteBuilderError):
    """The site or a document could not be produced from valid input."""


class WordImportError(SiteBuilderError):
    """A Word document cannot be imported as a template (or the import would overwrite one)."""
