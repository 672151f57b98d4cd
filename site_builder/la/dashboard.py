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
from dataclasses import asdict
from pathlib import Path

import jinja2

from site_builder.config import dates
from site_builder.config.library import Library
from site_builder.config.reviews import DUE_SOON_DAYS, Row, review_status
from site_builder.la.coverage import COVERAGE_CSV, SchoolCoverage, coverage_csv, coverage_view
from site_builder.la.translation_status import summary as translation_summary
from site_builder.render.escape import csv_cell
from site_builder.site.csp import protect
from site_builder.site.publish import write_atomic

ASSETS = Path(__file__).resolve().parent.parent / "assets"

STATUS_LABELS = {
    "overdue": "Overdue",
    "due": f"Due within {DUE_SOON_DAYS} days",
    "outdated": "Older template version",
    "current": "Current",
}


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
        welsh=translation_summary(library),
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
