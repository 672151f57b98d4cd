"""The typed models of what a school's config holds, declared once: the keys of an adopted
policy (:data:`POLICY_FIELDS`, from which checking, the JSON Schema, the template site's
reference and ``init`` all come), a policy as adopted, the shared fields the product itself
reads (:class:`SchoolDetails`, :class:`Governance`), and the checked config.

The shared fields are the LA's (``library.yml`` declares them, and templates reach them by
name); the few the site, the accessibility statement and print rely on are read once into the
typed models here, so no other module reaches a value by its dotted name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from site_builder.config.external import ExternalPolicy
from site_builder.config.feature_fields import FEATURE_FIELDS
from site_builder.config.features import RelatedDoc, SignOff
from site_builder.config.fields import FieldSpec
from site_builder.config.images import ImageFile
from site_builder.config.library import Library
from site_builder.config.nodes import KeyPath
from site_builder.config.source import Located
from site_builder.config.template_model import Template
from site_builder.config.validators import EmailAddress, WebAddress
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
        *FEATURE_FIELDS.values(),
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
    reference: str | None = None
    """The policy's reference code (the school's, or else the template's)."""
    numbered_sections: bool = False
    related: tuple[RelatedDoc, ...] = ()
    """The template's related documents, then the school's own."""

    @property
    def sign_off(self) -> SignOff | None:
        """The sheet each person signs at the end of the printed copies, if the template has
        one."""
        return self.template.features.sign_off

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


@dataclass(frozen=True)
class SchoolDetails:
    """The ``school.*`` fields the product itself reads (the header, links, the accessibility
    statement, feeds); each is None (or empty) when the school leaves it out or the LA's
    library does not declare it."""

    name: str = ""
    """Empty only in a config that failed its checks (nothing is built from one)."""
    local_authority: str | None = None
    logo: ImageFile | None = None
    colour: str | None = None
    contact_email: EmailAddress | None = None
    phone: str | None = None
    website: WebAddress | None = None
    policy_site_url: WebAddress | None = None
    accessibility_reviewed: dt.date | None = None
    accessibility_issues: tuple[str, ...] = ()
    type: str | None = None
    """The kind of school (maintained, academy, ...): which statutory policies it needs."""
    nation: str | None = None
    phases: tuple[str, ...] = ()
    headteacher_title: str | None = None


@dataclass(frozen=True)
class Governance:
    """The ``governance.*`` fields the product reads: who may approve a policy."""

    governing_body: str = ""
    """Empty only in a config that failed its checks."""
    committees: tuple[str, ...] = ()

    @property
    def approvers(self) -> tuple[str, ...]:
        """The governing body, then each committee: who may approve a policy."""
        return tuple(a for a in (self.governing_body, *self.committees) if a)


def _shared_names(model: type, group: str) -> tuple[str, ...]:
    return tuple(f"{group}.{f.name}" for f in dataclass_fields(model))


USED_BY_SITE = _shared_names(SchoolDetails, "school") + _shared_names(Governance, "governance")
"""Shared fields the product itself shows or checks, whether or not a template prints them
(so they are never reported unused): the fields of the two models above."""


def approvers(
    fields: Mapping[str, FieldSpec], governing_body: object, committees: object
) -> list[str]:
    """Who may approve a policy, from values as written (any type: this runs before they are
    checked): the governing body (the library's default name when it is not text), then each
    committee that is text. The one place approvers are worked out."""
    if not isinstance(governing_body, str):
        spec = fields.get("governance.governing_body")
        governing_body = spec.default if spec else None
    out = [governing_body.strip()] if isinstance(governing_body, str) else []
    if isinstance(committees, list):
        out += [c.strip() for c in committees if isinstance(c, str)]
    return out


def _typed(model: type, group: str, values: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclass_fields(model):
        value = values.get(f"{group}.{f.name}")
        if isinstance(value, list):
            value = tuple(value)
        if value is not None:
            out[f.name] = value
    return out


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
    language: str = "en"
    """The language this config's values are in (a bilingual school has one per language)."""
    languages: tuple[str, ...] = ("en",)
    """Every language the school publishes in, the primary first."""
    allow_untranslated: bool = False
    external: list[ExternalPolicy] = field(default_factory=list)
    """Statutory policies the school keeps outside the library."""
    info: list[Problem] = field(default_factory=list)
    """Notes that are never errors, even under ``--strict`` (what the register is uncertain
    about)."""

    school: SchoolDetails = field(init=False)
    governance: Governance = field(init=False)

    def __post_init__(self) -> None:
        self.school = SchoolDetails(**_typed(SchoolDetails, "school", self.values))
        self.governance = Governance(**_typed(Governance, "governance", self.values))

    @property
    def name(self) -> str:
        return self.school.name


def _roles(roles: list[str], values: dict[str, Any]) -> list[str]:
    """A template's default signatories, with ``{headteacher}`` and ``{chair}`` as the school
    names those roles."""
    names = {
        "{headteacher}": values.get("school.headteacher_title") or "Headteacher",
        "{chair}": values.get("governance.chair_title") or "Chair of Governors",
    }
    return [names.get(role, role) for role in roles]
