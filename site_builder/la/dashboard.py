"""The LA's review dashboard: every school's policies, their review dates and status.

Rows come from validated school configs (no site needs building to list them). Written as
``<out>/index.html`` (one self-contained page: a table that can be sorted and filtered, with
no request to any other origin), ``<out>/reviews.csv``, and an iCalendar feed of review dates
per school (``reviews.ics``, published in that school's site).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jinja2

from site_builder.config import dates
from site_builder.config.library import Library
from site_builder.config.models import SchoolConfig
from site_builder.config.reviews import DUE_SOON_DAYS, review_status
from site_builder.la.coverage import COVERAGE_CSV, SchoolCoverage, coverage_csv, coverage_view
from site_builder.render.escape import csv_cell
from site_builder.render.escape import ics_text as _ics_text
from site_builder.site.csp import protect
from site_builder.site.publish import write_atomic

ASSETS = Path(__file__).resolve().parent.parent / "assets"

STATUS_LABELS = {
    "overdue": "Overdue",
    "due": f"Due within {DUE_SOON_DAYS} days",
    "outdated": "Older template version",
    "current": "Current",
}


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


def _version(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return (0,)


def status(row: Row, today: dt.date) -> str:
    """overdue, due (within 60 days), outdated (older template than the library's), current.

    A review date matters more than the version: an overdue policy is overdue whatever it
    follows.
    """
    state = review_status(dt.date.fromisoformat(row.review_date), today)
    if state != "current":
        return state
    if _version(row.version) < _version(row.library_version):
        return "outdated"
    return "current"


def csv_text(rows: list[Row], today: dt.date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "school",
            "school_id",
            "policy",
            "policy_id",
            "version_adopted",
            "library_version",
            "adopted",
            "next_review",
            "approved_by",
            "status",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                csv_cell(row.school),
                row.slug,
                csv_cell(row.policy),
                row.policy_id,
                row.version,
                row.library_version,
                row.adopted,
                row.review_date,
                csv_cell(row.approved_by),
                status(row, today),
            ]
        )
    return out.getvalue()


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF and a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        enc = ch.encode("utf-8")
        if len(current) + len(enc) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += enc
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def ics_text(rows: list[Row], school: str, url: str | None = None) -> str:
    """An iCalendar feed with one all-day event on each policy's review date."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//policy-site//school policy reviews//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(f'Policy reviews: {school}')}",
    ]
    for row in rows:
        review = dt.date.fromisoformat(row.review_date)
        stamp = dt.date.fromisoformat(row.adopted)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{row.slug}-{row.policy_id}-{review:%Y%m%d}@policy-site",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{review:%Y%m%d}",
            f"DTEND;VALUE=DATE:{review + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_text(f'Review due: {row.policy}')}",
            "DESCRIPTION:"
            + _ics_text(
                f"{row.policy} (version {row.version}), adopted {dates.uk(stamp)} by the "
                f"{row.approved_by}, is due for review."
            ),
        ]
        if url:
            lines.append(f"URL:{url.rstrip('/')}/policies/{row.policy_id}.html")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def index_html(
    schools: list[tuple[str, str, bool]],
    rows: list[Row],
    library: Library,
    today: dt.date,
    title: str,
    coverage: list[SchoolCoverage] | None = None,
) -> str:
    """The LA index, statutory coverage and review dashboard, one self-contained page."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=True,
        trim_blocks=True, lstrip_blocks=True,
    )  # fmt: skip
    template = env.get_template("dashboard.html")
    counts: dict[str, int] = dict.fromkeys(STATUS_LABELS, 0)
    shown = []
    for row in sorted(rows, key=lambda r: (r.school.lower(), r.policy.lower())):
        state = status(row, today)
        counts[state] += 1
        shown.append(
            {
                **asdict(row),
                "status": state,
                "status_label": STATUS_LABELS[state],
                "adopted_uk": dates.uk(dt.date.fromisoformat(row.adopted)),
                "review_uk": dates.uk(dt.date.fromisoformat(row.review_date)),
            }
        )
    return template.render(
        title=title,
        library=library.name,
        today=dates.uk(today),
        schools=schools,
        rows=shown,
        counts=counts,
        labels=STATUS_LABELS,
        coverage=coverage_view(coverage or [], today),
        coverage_csv=COVERAGE_CSV,
    )


def write_dashboard(
    out: Path,
    schools: list[tuple[str, str, bool]],
    rows: list[Row],
    library: Library,
    today: dt.date,
    coverage: list[SchoolCoverage] | None = None,
) -> None:
    """Write ``index.html``, ``reviews.csv`` and the statutory coverage CSV into ``out`` (each
    replaced in one step)."""
    title = "School policy sites"
    for name, text in (
        ("index.html", protect(index_html(schools, rows, library, today, title, coverage))),
        ("reviews.csv", csv_text(rows, today)),
        (COVERAGE_CSV, coverage_csv(coverage or [], today)),
    ):
        write_atomic(out / name, text.encode("utf-8"))
