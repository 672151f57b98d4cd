"""Dates as a UK school writes them, and the review-cycle arithmetic policies need."""

from __future__ import annotations

import datetime as dt
import os
import re

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_iso(text: str) -> dt.date | None:
    """``2026-09-01`` -> date; None when it is not a real ISO calendar date."""
    m = _ISO.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def uk(date: dt.date) -> str:
    """``1 September 2026``: independent of the machine's locale."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def add_months(date: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = date.month - 1 + months
    year, month = date.year + index // 12, index % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(date.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def today() -> dt.date:
    """The date builds treat as today.

    ``SOURCE_DATE_EPOCH`` pins it, so a rebuild of the same inputs gives the same warnings
    and the same pages.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
