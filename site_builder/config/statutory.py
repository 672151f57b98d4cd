"""What the statutory register says about one school: which statutory policies it has (from
the library or kept outside it), which it lacks, and whether each was approved by someone the
register allows and is reviewed as often as it requires.

Warnings (errors under ``--strict``) are located at the key they are about; where the register
is uncertain, the school gets an informational note instead, never an error. This module reads
no files and renders nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from site_builder.config import dates
from site_builder.config.nodes import KeyPath
from site_builder.config.register_model import (
    APPROVER_KINDS,
    OPEN_APPROVERS,
    SCHOOL_TYPES,
    Entry,
    Register,
    months_words,
)
from site_builder.config.reviews import review_status
from site_builder.errors import Problem

if TYPE_CHECKING:
    from site_builder.config.models import SchoolConfig

HAVE, MISSING, UNCERTAIN = "have", "missing", "uncertain"


@dataclass(frozen=True)
class Held:
    """One statutory policy, as a school of its type has it (or not)."""

    entry: Entry
    state: str
    """``have``; ``missing`` (required and not held); ``uncertain`` (the register cannot say
    whether the school needs it, and it does not have it)."""
    where: str = ""
    """``library`` or ``external`` when held."""
    review_date: dt.date | None = None

    def review(self, today: dt.date | None = None) -> str:
        """The review status of a held policy (``overdue``, ``due``, ``current``), else ``""``."""
        return review_status(self.review_date, today) if self.review_date else ""


def _held(config: SchoolConfig) -> dict[str, tuple[str, dt.date, str, KeyPath]]:
    """Each register id the school has: where, its review date, its approver, its path."""
    register_ids: dict[str, tuple[str, dt.date, str, KeyPath]] = {}
    for a in config.policies:
        register_ids[a.id] = ("library", a.review_date, a.approved_by, a.path)
    for e in config.external:
        register_ids[e.id] = ("external", e.review_date, e.approved_by, e.path)
    return register_ids


def coverage(config: SchoolConfig, register: Register) -> list[Held]:
    """Every statutory policy a school of this type and phase needs or may need, in the
    register's order; empty when the school has not said its type."""
    school_type = config.school.type
    nation = config.school.nation or "england"
    if school_type is None:
        return []
    held = _held(config)
    out = []
    for entry in register.statutory(nation):
        duty = entry.duty(school_type)
        phase = entry.for_phases(list(config.school.phases) or None)
        if duty == "not-required" or phase is False:
            continue
        if entry.id in held:
            where, review, _, _ = held[entry.id]
            out.append(Held(entry, HAVE, where, review))
        else:
            sure = duty == "required" and phase is True
            out.append(Held(entry, MISSING if sure else UNCERTAIN))
    return out


def statutory_problems(
    config: SchoolConfig, register: Register
) -> tuple[list[Problem], list[Problem]]:
    """Warnings (missing policies, wrong approvers, review cycles too long) and notes."""
    doc = config.source
    warnings: list[Problem] = []
    notes: list[Problem] = []
    school_type = config.school.type
    nation = config.school.nation or "england"
    if nation != "england" and not register.statutory(nation):
        notes.append(
            doc.problem(
                ("school", "nation"),
                f"the statutory register has no entries for {nation.title()} yet, so the "
                "statutory policies a school there must have are not checked",
            )
        )
        return warnings, notes
    kind = SCHOOL_TYPES.get(school_type or "", "")
    unsure = []
    for held in coverage(config, register):
        entry = held.entry
        if held.state == MISSING:
            how = (
                "adopt its template under policies, or record it under external_policies"
                if entry.template
                else "record it under external_policies (the library has no template for it)"
            )
            warnings.append(
                doc.problem(
                    ("school", "type"),
                    f'{kind} must have "{entry.title}" ({entry.id}); {how}',
                )
            )
        elif held.state == UNCERTAIN:
            unsure.append(f'"{entry.title}" ({entry.id})')
    if unsure:
        notes.append(
            doc.problem(
                ("school", "type"),
                f"the statutory register cannot say whether {kind} needs "
                + ", ".join(unsure)
                + "; see each entry's uncertain: in the register",
            )
        )
    for pid, (_, review, approver, path) in _held(config).items():
        listed = register.entries.get(pid)
        if listed is None or not listed.statutory:
            continue
        adopted = _adopted(config, pid)
        _check_cycle(config, listed, adopted, review, path, warnings)
        if school_type is not None and listed.duty(school_type) != "not-required":
            _check_approver(config, listed, school_type, approver, path, warnings, notes)
    return warnings, notes


def _adopted(config: SchoolConfig, pid: str) -> dt.date:
    for a in config.policies:
        if a.id == pid:
            return a.adopted
    return next(e.adopted for e in config.external if e.id == pid)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end``, a part month counted as one."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day > start.day else 0)


def _check_cycle(
    config: SchoolConfig,
    entry: Entry,
    adopted: dt.date,
    review: dt.date,
    path: KeyPath,
    warnings: list[Problem],
) -> None:
    limit = entry.review.limit if entry.review else None
    if limit is None:
        return
    months = months_between(adopted, review)
    if months <= limit:
        return
    positions = config.source.key_positions
    at = next(
        (p for p in ((*path, "review_cycle_months"), (*path, "review_date")) if p in positions),
        path,
    )
    warnings.append(
        config.source.problem(
            at,
            f'"{entry.title}" is next reviewed {months} months after its adoption on '
            f"{dates.uk(adopted)}; the statutory register allows at most "
            f"{'a ' if months_words(limit) in ('year', 'month') else ''}{months_words(limit)} "
            "between reviews",
            at_key=True,
        )
    )


def approver_kinds(config: SchoolConfig, approver: str) -> set[str]:
    """What the school's approver is, in the register's words."""
    school_type = config.school.type
    body = config.governance.governing_body
    head = config.school.headteacher_title or "Headteacher"
    if approver == body:
        return {"governing-body", "trust"} if school_type == "academy" else {"governing-body"}
    if approver == head:
        return {"headteacher"}
    return {"committee"}


def _check_approver(
    config: SchoolConfig,
    entry: Entry,
    school_type: str,
    approver: str,
    path: KeyPath,
    warnings: list[Problem],
    notes: list[Problem],
) -> None:
    allowed = entry.approvers.get(school_type, ())
    if not allowed or OPEN_APPROVERS & set(allowed):
        return
    kinds = approver_kinds(config, approver)
    if kinds & set(allowed):
        return
    where = (*path, "approved_by")
    kind = SCHOOL_TYPES[school_type]
    if "uncertain" in allowed:
        notes.append(
            config.source.problem(
                where,
                f'the statutory register does not know who may approve "{entry.title}" at '
                f"{kind}; check that the {approver} may",
            )
        )
        return
    who = " or ".join(APPROVER_KINDS[k] for k in allowed)
    warnings.append(
        config.source.problem(
            where,
            f"the {approver} ({APPROVER_KINDS[sorted(kinds)[0]]}) may not approve "
            f'"{entry.title}" at {kind}; the statutory register allows {who}',
        )
    )
