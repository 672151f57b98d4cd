"""Statutory policies a school keeps outside the library (``external_policies:``).

A school records each one under the register's id for it, with its title, where it is (its
own web address, or a PDF in the config's folder, checked as the logo is), when it was
adopted, its next review and who approved it. The keys are declared once here
(:data:`EXTERNAL_FIELDS`), from which checking, the JSON Schema and the template site's
reference come. Such a policy counts towards the school's statutory coverage and is linked
from its home page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from site_builder.config.documents import PdfFile
from site_builder.config.fields import FieldSpec
from site_builder.config.nodes import KeyPath
from site_builder.config.register_model import Entry
from site_builder.config.validators import WebAddress

if TYPE_CHECKING:
    from site_builder.config.library import Library

EXTERNAL_KEY = "external_policies"

EXTERNAL_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("title", "text", "The policy's title, as the school publishes it.",
                  example="Admission arrangements 2027 to 2028", required=True, max_length=200),
        FieldSpec("url", "url", "Where the policy is published, if on another website "
                  "(give url or pdf).", example="https://www.st-anywhere.example.sch.uk/admissions"),
        FieldSpec("pdf", "pdf", "The policy as a PDF file in this config's folder, copied into "
                  "the site (give url or pdf).", example="policies/admissions.pdf"),
        FieldSpec("adopted", "date", "The date it was approved.", example="2026-09-14",
                  required=True),
        FieldSpec("review_date", "date", "The date of its next review.", example="2027-09-14",
                  required=True),
        FieldSpec("approved_by", "committee",
                  "Who approved it: the governing body, one of your committees or the "
                  "headteacher (by the title the school gives the head).",
                  example="Governing Body", required=True),
    )
}  # fmt: skip


@dataclass(frozen=True)
class ExternalPolicy:
    """One statutory policy the school keeps outside the library."""

    id: str
    entry: Entry
    title: str
    url: WebAddress | None
    pdf: PdfFile | None
    adopted: dt.date
    review_date: dt.date
    approved_by: str
    path: KeyPath

    @property
    def pdf_name(self) -> str:
        """Where its PDF is published in the site (named after the register's id)."""
        return f"external/{self.id}.pdf"


class Checking(Protocol):
    """What :func:`read_external` needs from the config checker (located checking of one
    declared field)."""

    def check(
        self, spec: FieldSpec, raw: Any, path: KeyPath, also: tuple[str, ...] = ()
    ) -> Any: ...  # pragma: no cover

    def error(self, path: KeyPath, message: str) -> None: ...  # pragma: no cover

    def unknown(self, path: KeyPath, known: list[str], message: str = "unknown key") -> None:
        """A key that is not declared."""  # pragma: no cover


def read_external(
    checker: Checking, node: Any, library: Library, adopted_ids: set[str], head: str
) -> list[ExternalPolicy]:
    """Check the ``external_policies`` group; every mistake is reported through ``checker``."""
    if node is None:
        return []
    base: KeyPath = (EXTERNAL_KEY,)
    if not isinstance(node, dict):
        checker.error(base, "must be a group with one key per policy, by the register's id")
        return []
    entries = library.register.entries
    out = []
    for key, value in node.items():
        pid = str(key)
        path = (*base, pid)
        if pid not in entries:
            checker.unknown(path, list(entries), "no policy with this id in the statutory register")
            continue
        if pid in adopted_ids:
            checker.error(path, f'"{pid}" is adopted from the library under policies; list it '
                          "in one place only")  # fmt: skip
            continue
        if not isinstance(value, dict):
            checker.error(
                path,
                "must be a group of keys (title, url or pdf, adopted, review_date, approved_by)",
            )
            continue
        for k in value:
            if k not in EXTERNAL_FIELDS:
                checker.unknown((*path, k), list(EXTERNAL_FIELDS))
        got = {
            n: checker.check(s, value.get(n), (*path, n), (head,) if n == "approved_by" else ())
            for n, s in EXTERNAL_FIELDS.items()
        }
        if ("url" in value) == ("pdf" in value):
            checker.error(
                path,
                "give url: (where it is published) or pdf: (a PDF file in this "
                "config's folder), one of them",
            )
            continue
        if any(got[n] is None for n, s in EXTERNAL_FIELDS.items() if s.required) or (
            got["url"] is None and got["pdf"] is None
        ):
            continue
        if got["review_date"] <= got["adopted"]:
            checker.error((*path, "review_date"), "is not after the adoption date")
            continue
        out.append(
            ExternalPolicy(
                pid,
                entries[pid],
                got["title"],
                got["url"],
                got["pdf"],
                got["adopted"],
                got["review_date"],
                got["approved_by"],
                path,
            )
        )
    return out
