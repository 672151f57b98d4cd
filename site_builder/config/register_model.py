"""The statutory register's typed model: what ``policy_templates/register.yml`` holds.

Each value the register may take is declared once here (the school types, the approver
kinds, the review words), with its meaning in words; the loader
(:mod:`site_builder.config.register`) checks the file against these declarations, and the
checks, the school's home page, the LA dashboard and the template site's register page read
only these dataclasses. This module reads no files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from site_builder.config.nodes import KeyPath
from site_builder.config.validators import WebAddress

REGISTER_FILE = "register.yml"
FORMAT = 1

SCHOOL_TYPES: dict[str, str] = {
    "maintained": "a maintained school",
    "special": "a maintained special school",
    "nursery": "a maintained nursery school",
    "pupil-referral-unit": "a pupil referral unit",
    "academy": "an academy or free school",
}
"""The school types of England, each as running text names it."""

NATIONS: dict[str, str] = {"england": "England", "wales": "Wales"}

PHASES: dict[str, str] = {
    "primary": "primary",
    "secondary": "secondary",
    "sixth-form": "sixth form",
}

DUTIES: dict[str, str] = {
    "required": "required",
    "not-required": "not required",
    "uncertain": "uncertain",
}
"""Must a school of a type have it: ``applies_to``'s values."""

PUBLISHING: dict[str, str] = {
    "required": "must be published online",
    "recommended": "should be published online",
    "not-required": "no duty to publish online",
    "uncertain": "uncertain",
}

APPROVER_KINDS: dict[str, str] = {
    "governing-body": "the full governing body",
    "committee": "a committee of the governing body",
    "individual-governor": "one governor, by delegation",
    "headteacher": "the headteacher",
    "trust": "the academy trust board",
    "trust-decides": "as the trust's scheme of delegation says",
    "governing-body-decides": "as the governing body decides",
    "local-authority": "the local authority",
    "uncertain": "uncertain",
}

OPEN_APPROVERS = frozenset({"trust-decides", "governing-body-decides"})
"""Approver kinds that leave the choice to the school: any approver may approve."""

REVIEW_WORDS: dict[str, str] = {
    "governing-body-decides": "the governing body sets it",
    "headteacher-decides": "the headteacher sets it",
    "live-document": "kept up to date continuously",
    "not-stated": "no interval stated",
    "uncertain": "uncertain",
}

SOURCE_STATUSES = ("current", "withdrawn", "superseded")


@dataclass(frozen=True)
class Review:
    """How often a policy must be reviewed."""

    max_months: int | str
    """The longest interval allowed, in months, or one of :data:`REVIEW_WORDS`."""
    recommended_months: int | None = None

    @property
    def limit(self) -> int | None:
        """The longest interval as a number of months, when the register gives one."""
        return self.max_months if isinstance(self.max_months, int) else None

    def words(self) -> str:
        if isinstance(self.max_months, int):
            most = f"at least every {months_words(self.max_months)}"
        else:
            most = REVIEW_WORDS[self.max_months]
        if self.recommended_months:
            most += f" (DfE recommends every {months_words(self.recommended_months)})"
        return most


def months_words(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "year" if years == 1 else f"{years} years"
    return "month" if months == 1 else f"{months} months"


@dataclass(frozen=True)
class Source:
    """One piece of guidance or law an entry cites."""

    id: str
    title: str
    publisher: str
    url: WebAddress
    """A checked address: safe in a link."""
    status: str
    seen: bool
    date: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class Entry:
    """One policy the register tracks."""

    id: str
    title: str
    template: str | None
    statutory: bool
    nation: str
    path: KeyPath
    """Where the entry is in the register, for messages."""
    applies_to: dict[str, str] = field(default_factory=dict)
    phases: tuple[str, ...] | None = None
    """The phases the duty is limited to; None for all."""
    published_online: dict[str, str] = field(default_factory=dict)
    approvers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    review: Review | None = None
    law: str = ""
    sources: tuple[str, ...] = ()
    checked: dt.date | None = None
    uncertain: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def duty(self, school_type: str) -> str:
        """required, not-required or uncertain, for a school of ``school_type``."""
        return (
            self.applies_to.get(school_type, "not-required") if self.statutory else ("not-required")
        )

    def for_phases(self, phases: list[str] | None) -> bool | None:
        """Whether the duty covers a school of these phases: None when the school has not said
        its phases and the duty is limited to some."""
        if self.phases is None:
            return True
        if phases is None:
            return None
        return any(p in self.phases for p in phases)


@dataclass
class Register:
    """Every entry, by id, and the sources they cite."""

    file: str
    entries: dict[str, Entry] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)

    def for_template(self, template_id: str) -> Entry | None:
        return next((e for e in self.entries.values() if e.template == template_id), None)

    def statutory(self, nation: str) -> list[Entry]:
        """The statutory entries of a nation, in the register's order."""
        return [e for e in self.entries.values() if e.statutory and e.nation == nation]
