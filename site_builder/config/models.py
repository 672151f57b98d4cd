"""The typed models of what a school's config holds, declared once: the keys of an adopted
policy (:data:`POLICY_FIELDS`, from which checking, the JSON Schema, the template site's
reference and ``init`` all come), a policy as adopted, and the checked config."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder.config.external import ExternalPolicy
from site_builder.config.fields import FieldSpec
from site_builder.config.library import Library, Template
from site_builder.config.nodes import KeyPath
from site_builder.config.source import Located
from site_builder.errors import Problem

# The keys of one entry under ``policies:``; the product's own declaration, the same for every LA.
POLICY_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec(
            "template_version", "text",
            "The version of the LA template you adopted, as shown on the template's page.",
            example="1.0.0", required=True,
        ),
        FieldSpec(
            "adopted", "date", "The date the governing body or committee approved the policy.",
            example="2026-09-01", required=True,
        ),
        FieldSpec(
            "approved_by", "committee",
            "Who approved it: the governing body's name or one of your committees.",
            example="Governing Body", required=True,
        ),
        FieldSpec(
            "review_cycle_months", "number",
            "How often it is reviewed, in months. Leave out to use the template's usual cycle.",
            example=12, minimum=1, maximum=60,
        ),
        FieldSpec(
            "review_date", "date",
            "The date of the next review, if you set one instead of a review cycle.",
            example="2027-09-01",
        ),
        FieldSpec(
            "signatures", "list",
            "Who signs the printed policy: a signature block with name, signature and date "
            "lines is printed for each. Leave out to use the template's usual signatories.",
            example=["Headteacher", "Chair of Governors"], max_items=8, max_length=100,
        ),
        FieldSpec(
            "everyone", "choices",
            "Who this policy covers, if different from the school's usual list.",
            example=["staff", "governors", "volunteers"],
        ),
    )
}  # fmt: skip


POLICY_GROUPS = {"options": "the template's options", "clauses": "your own extra items"}


def policy_fields(library: Library) -> dict[str, FieldSpec]:
    """The per-policy keys, with ``everyone``'s choices taken from the library."""
    fields = dict(POLICY_FIELDS)
    if "everyone" in library.fields:
        fields["everyone"] = replace(fields["everyone"], choices=library.fields["everyone"].choices)
    return fields


@dataclass(frozen=True)
class Adoption:
    """One policy as the school adopted it."""

    template: Template
    template_version: str
    adopted: dt.date
    approved_by: str
    review_date: dt.date
    everyone: list[str]
    signatures: list[str]
    options: dict[str, Any]
    clauses: dict[str, list[str]]
    path: KeyPath
    current: Template | None = None
    """The library's current version of the template, when the school adopted an older one."""

    @property
    def id(self) -> str:
        return self.template.id

    @property
    def latest(self) -> Template:
        """The library's current version of this template."""
        return self.current or self.template

    @property
    def outdated(self) -> bool:
        return self.current is not None


@dataclass
class SchoolConfig:
    """A validated school configuration."""

    slug: str
    path: Path
    source: Located
    values: dict[str, Any]
    """Shared fields by dotted name, defaults filled in."""
    policies: list[Adoption] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    external: list[ExternalPolicy] = field(default_factory=list)
    """Statutory policies the school keeps outside the library."""
    info: list[Problem] = field(default_factory=list)
    """Notes that are never errors, even under ``--strict`` (what the register is uncertain
    about)."""

    def value(self, name: str) -> Any:
        return self.values.get(name)

    @property
    def name(self) -> str:
        return self.values["school.name"]


def _roles(roles: list[str], values: dict[str, Any]) -> list[str]:
    """A template's default signatories, with ``{headteacher}`` and ``{chair}`` as the school
    names those roles."""
    names = {
        "{headteacher}": values.get("school.headteacher_title") or "Headteacher",
        "{chair}": values.get("governance.chair_title") or "Chair of Governors",
    }
    return [names.get(role, role) for role in roles]
