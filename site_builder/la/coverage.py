"""Statutory coverage for the LA: for each school, how many of the statutory policies a
school of its type needs it has, lacks, or has overdue for review, and the LA's totals.

A school's coverage is made from its validated config (:func:`coverage_of`), kept in the
build cache as plain data, and counted on the day the dashboard is written (a review date
passing makes a policy overdue without any file changing). The CSV export says the same as
the dashboard, every text cell made safe for spreadsheets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from site_builder.config.models import SchoolConfig
from site_builder.config.register_model import SCHOOL_TYPES, Register
from site_builder.config.reviews import review_status
from site_builder.config.statutory import HAVE, MISSING, UNCERTAIN, coverage
from site_builder.render.escape import csv_cell

COVERAGE_CSV = "statutory-coverage.csv"


@dataclass(frozen=True)
class Item:
    """One statutory policy of one school: ``have``, ``missing`` or ``uncertain``."""

    id: str
    title: str
    state: str
    where: str = ""
    review_date: str = ""


@dataclass(frozen=True)
class SchoolCoverage:
    slug: str
    school: str
    type: str
    """The school's type, or "" when its config does not say."""
    items: list[Item] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> SchoolCoverage:
        return SchoolCoverage(
            slug=str(data["slug"]),
            school=str(data["school"]),
            type=str(data["type"]),
            items=[
                Item(**{k: str(i[k]) for k in Item.__dataclass_fields__}) for i in data["items"]
            ],
        )


@dataclass
class Counts:
    have: int = 0
    missing: int = 0
    overdue: int = 0
    uncertain: int = 0

    def add(self, other: Counts) -> None:
        self.have += other.have
        self.missing += other.missing
        self.overdue += other.overdue
        self.uncertain += other.uncertain


def coverage_of(config: SchoolConfig, register: Register) -> SchoolCoverage:
    items = [
        Item(
            h.entry.id, h.entry.title, h.state, h.where,
            h.review_date.isoformat() if h.review_date else "",
        )
        for h in coverage(config, register)
    ]  # fmt: skip
    return SchoolCoverage(config.slug, config.name, config.school.type or "", items)


def overdue(item: Item, today: dt.date) -> bool:
    return (
        item.state == HAVE
        and bool(item.review_date)
        and review_status(dt.date.fromisoformat(item.review_date), today) == "overdue"
    )


def counts(school: SchoolCoverage, today: dt.date) -> Counts:
    """Have (overdue ones included), missing, overdue, and not known."""
    out = Counts()
    for item in school.items:
        out.have += item.state == HAVE
        out.missing += item.state == MISSING
        out.uncertain += item.state == UNCERTAIN
        out.overdue += overdue(item, today)
    return out


def type_words(school: SchoolCoverage) -> str:
    return SCHOOL_TYPES.get(school.type, "type not given")


def coverage_view(schools: list[SchoolCoverage], today: dt.date) -> dict[str, Any]:
    """What the dashboard shows: a row per school, and the LA's totals."""
    rows = []
    total = Counts()
    for school in sorted(schools, key=lambda s: s.school.lower()):
        c = counts(school, today)
        total.add(c)
        rows.append(
            {
                "slug": school.slug,
                "school": school.school,
                "type": type_words(school),
                "counts": c,
                "missing": [i.title for i in school.items if i.state == MISSING],
                "overdue": [i.title for i in school.items if overdue(i, today)],
            }
        )
    return {"rows": rows, "total": total, "schools": len(rows)}


def coverage_csv(schools: list[SchoolCoverage], today: dt.date) -> str:
    """One line per school and one for the LA: the dashboard's figures, and which policies
    are missing and overdue. Every value from a config goes through :func:`csv_cell`."""
    view = coverage_view(schools, today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["school", "school_id", "type", "have", "missing", "overdue", "uncertain",
         "missing_policies", "overdue_policies"]
    )  # fmt: skip
    for row in view["rows"]:
        c = row["counts"]
        writer.writerow(
            [csv_cell(row["school"]), row["slug"], row["type"], c.have, c.missing, c.overdue,
             c.uncertain, csv_cell("; ".join(row["missing"])),
             csv_cell("; ".join(row["overdue"]))]
        )  # fmt: skip
    t = view["total"]
    writer.writerow(
        ["All schools", "", "", t.have, t.missing, t.overdue, t.uncertain, "", ""]
    )  # fmt: skip
    return out.getvalue()
