"""What a school's dates say: whether each review is current, due or overdue, and the facts
that cannot be true (a version adopted before its release, an adoption far ahead)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from site_builder.config import dates
from site_builder.config.source import (
    display_name,
)
from site_builder.config.template_model import Template
from site_builder.errors import Problem

if TYPE_CHECKING:
    from site_builder.config.models import SchoolConfig

DUE_SOON_DAYS = 60


TERM_DAYS = 120
"""An adoption more than about a term ahead of today is probably a typing error."""


def adoption_warnings(config: SchoolConfig, today: dt.date | None = None) -> list[Problem]:
    """Facts that cannot be true: adopting a version before the LA released it, or a date
    far in the future. Warnings (errors under ``--strict``), located at the key."""
    today = today or dates.today()
    out = []
    for adoption in config.policies:
        change = adoption.latest.changelog.get(adoption.template_version)
        if change is not None and adoption.adopted < change.in_force_from:
            out.append(
                config.source.problem(
                    (*adoption.path, "template_version"),
                    f'version {adoption.template_version} of "{adoption.template.title}" was '
                    f"released on {dates.uk(change.in_force_from)}, after the adoption date "
                    f"{dates.uk(adoption.adopted)}; check the version and the date (the LA "
                    "can record an earlier first use in the template's changelog.yml)",
                )
            )
        if (adoption.adopted - today).days > TERM_DAYS:
            out.append(
                config.source.problem(
                    (*adoption.path, "adopted"),
                    f"{dates.uk(adoption.adopted)} is more than a term from today; check the "
                    "year (a policy is adopted on the date it is approved)",
                )
            )
    return out


def version_in_force(template: Template, on: dt.date) -> str:
    """The newest version of ``template`` the LA had released by ``on`` (for ``init``)."""
    released = [
        v for v in template.versions
        if v in template.changelog and template.changelog[v].in_force_from <= on
    ]  # fmt: skip
    return released[-1] if released else template.versions[0]


def review_status(review_date: dt.date, today: dt.date | None = None) -> str:
    """``overdue`` (the review date has passed), ``due`` (within :data:`DUE_SOON_DAYS`) or
    ``current``: the one place this is decided, for pages, PDFs, warnings and the LA."""
    today = today or dates.today()
    if review_date < today:
        return "overdue"
    if (review_date - today).days <= DUE_SOON_DAYS:
        return "due"
    return "current"


def review_warnings(config: SchoolConfig, today: dt.date | None = None) -> list[Problem]:
    """Reviews overdue or due within :data:`DUE_SOON_DAYS`, and adoptions of an older
    template version, each located at its policy."""
    today = today or dates.today()
    out = []
    for adoption in config.policies:
        if adoption.current is not None:
            new = adoption.current.version
            must = adoption.current.version.split(".")[0] != adoption.template_version.split(".")[0]
            out.append(
                config.source.problem(
                    (*adoption.path, "template_version"),
                    f"follows version {adoption.template_version}; "
                    "the library's current version is "
                    f"{new}"
                    + (", a major change that must be re-adopted" if must else "")
                    + f" (see what changed: policy-site changes {display_name(config.path)}"
                    f" --policy {adoption.id})",
                )
            )
        path = (*adoption.path, "adopted")
        state = review_status(adoption.review_date, today)
        if state == "overdue":
            out.append(
                config.source.problem(
                    path, f"review overdue since {dates.uk(adoption.review_date)}"
                )
            )
        elif state == "due":
            out.append(
                config.source.problem(path, f"review due on {dates.uk(adoption.review_date)}")
            )
    return out


@dataclass(frozen=True)
class Row:
    """One adopted policy of one school, as the dashboard lists it."""

    slug: str
    school: str
    policy_id: str
    policy: str
    version: str
    library_version: str
    adopted: str
    review_date: str
    approved_by: str

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Row:
        return Row(**{k: str(data[k]) for k in Row.__dataclass_fields__})


def rows_for(config: SchoolConfig) -> list[Row]:
    return [
        Row(
            slug=config.slug,
            school=config.name,
            policy_id=a.id,
            policy=a.template.title,
            version=a.template_version,
            library_version=a.latest.version,
            adopted=a.adopted.isoformat(),
            review_date=a.review_date.isoformat(),
            approved_by=a.approved_by,
        )
        for a in config.policies
    ]
