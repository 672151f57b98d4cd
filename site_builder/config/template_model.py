"""One template of the library, as :mod:`site_builder.config.library` reads it from its
folder: the keys of ``template.yml`` (each declared once, as the field of :class:`Template`
it is read into), its options and clause slots, its features, its earlier versions and its
changelog.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.config.dates import parse_iso
from site_builder.config.feature_fields import TEMPLATE_KEYS as FEATURE_KEYS
from site_builder.config.features import TemplateFeatures
from site_builder.config.fields import FieldSpec, declarations, declared

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
DECLARATION_FILE = "template.yml"
TEXT_FILE = "policy.md"
CHANGELOG_FILE = "changelog.yml"
ARCHIVE_FOLDER = "versions"


@dataclass(frozen=True, kw_only=True)
class Template:
    """One policy template: its declaration and its Jinja source."""

    id: str = declared(
        "text", "the policy's id, the same as its folder name", required=True, max_length=80
    )
    title: str = declared("text", "the policy's title", required=True, max_length=200)
    version: str = declared(
        "text", "the template's version, MAJOR.MINOR.PATCH", required=True, max_length=20
    )
    summary: str = declared(
        "text", "one line saying what the policy is for", required=True, max_length=500
    )
    applies_to: list[str] = declared(
        "list", "who the policy covers unless the school says otherwise", required=True
    )
    suggested_approver: str = declared(
        "text",
        "who normally approves it (the governing body or a committee)",
        required=True,
        max_length=200,
    )
    review_cycle_months: int = declared(
        "number", "how often it is normally reviewed, in months", default=12,
        minimum=1, maximum=120,
    )  # fmt: skip
    signatures: list[str] = declared(
        "list", "who signs a printed copy unless the school says otherwise", default=[]
    )
    statutory: bool = declared(
        "yesno",
        "true when the law requires the policy (it then has an entry in register.yml)",
        default=False,
    )
    """The template is a policy the law requires (the register says for which schools)."""
    options: dict[str, FieldSpec]
    """The choices a school makes when adopting it (``options:``)."""
    clauses: dict[str, FieldSpec]
    """The places where a school may add its own items (``clauses:``)."""
    folder: Path
    declaration_file: str
    archived: bool = False
    """An earlier released version, kept in ``versions/<version>/`` with its own text."""
    archive: dict[str, Template] = field(default_factory=dict)
    """Earlier released versions by version number (only on the current template)."""
    changelog: dict[str, Change] = field(default_factory=dict)
    """What changed in each version, for schools (only on the current template)."""
    features: TemplateFeatures = field(default_factory=TemplateFeatures)
    """Its reference code, numbered sections, related documents and sign-off sheet."""

    @property
    def text_path(self) -> Path:
        return self.folder / TEXT_FILE

    @property
    def jinja_name(self) -> str:
        return TEXT_FILE if self.archived else f"{self.id}/{TEXT_FILE}"

    @property
    def jinja_root(self) -> Path | None:
        """Where an archived version's text (and its copy of ``_shared``) is loaded from."""
        return self.folder if self.archived else None

    def version_of(self, version: str) -> Template | None:
        """This template as it was at ``version`` (current or archived), if the library has it."""
        return self if version == self.version else self.archive.get(version)

    @property
    def versions(self) -> list[str]:
        """Every version the library can render, oldest first."""
        return sorted({*self.archive, self.version}, key=version_key)


@dataclass(frozen=True)
class Change:
    """One version's entry in a template's changelog."""

    version: str
    date: str
    summary: str
    notes: str = ""
    first_used: str = ""
    """When schools first had this wording, if before its release here (``YYYY-MM-DD``):
    an LA moving its schools in records that a Word copy was adopted in 2019, say."""
    language: str = ""
    """The summary's language when it is not the page's: a summary with no translation yet."""

    @property
    def in_force_from(self) -> dt.date:
        """The earliest date a school can truly have adopted this version."""
        dates = [parse_iso(self.date), parse_iso(self.first_used) if self.first_used else None]
        return min(d for d in dates if d is not None)


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10.0"`` sorts after ``"1.9.0"``."""
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        return (-1,)


TEMPLATE_FIELDS = declarations(Template)
"""The plain keys of ``template.yml``, checked as these fields."""

OTHER_KEYS = {
    "options": "the choices a school makes when adopting it",
    "clauses": "the places where a school may add its own items",
    **FEATURE_KEYS,
}
"""The keys of ``template.yml`` that hold declarations of their own."""
