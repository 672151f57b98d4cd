"""Dates as a UK school writes them, and the review-cycle arithmetic policies need."""

from __future__ import annotations

import datetime as dt
import os
import re

from site_builder import locale

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d+)$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d+)$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d+)$", re.IGNORECASE)
_MONTH_NAMES = {
    **{name.lower(): i for i, name in enumerate(MONTHS, 1)},
    **{name[:3].lower(): i for i, name in enumerate(MONTHS, 1)},
    "sept": 9,
}


def parse_iso(text: str) -> dt.date | None:
    """``2026-09-01`` -> date; None when it is not a real ISO calendar date."""
    m = _ISO.match(text.strip())
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


class NotADate(ValueError):
    """Text that is not a date; the message says why, in the school's terms."""


class YearOutOfRange(NotADate):
    """A date whose year no calendar arithmetic here can hold (0, 99999)."""


def parse(text: str) -> dt.date:
    """A date as a UK school writes it: ``2026-09-14``, ``14/09/2026``, ``14.09.2026``,
    ``14 September 2026``, ``14 Sept 2026``, ``14th Sep 2026`` (and ``September 14, 2026``).

    Numbers are read day first, as in the UK. A two-digit year, a month past 12 and a day
    the month does not have are refused with the reason (:class:`NotADate`).
    """
    text = " ".join(text.split())
    day = month = year = None
    if m := _YMD.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(text):
        day, month, digits = int(m[1]), int(m[2]), m[3]
        if len(digits) > 4:
            raise YearOutOfRange(digits)
        if len(digits) != 4:
            raise NotADate(f"give the year in full, like {m[1]}/{m[2]}/20{digits[-2:]:0>2}")
        year = int(digits)
        if month > 12 and day <= 12:
            raise NotADate(
                f"there is no month {month}; write the day first, like {month}/{day}/{year}"
            )
    elif (m := _DAY_MONTH.match(text)) or (m := _MONTH_DAY.match(text)):
        words = m.groups()
        name, number = (words[1], words[0]) if words[0].isdigit() else (words[0], words[1])
        month = _MONTH_NAMES.get(name.lower())
        if month is None:
            raise NotADate(f'"{name}" is not the name of a month')
        day = int(number)
        if len(words[2]) > 4:
            raise YearOutOfRange(words[2])
        if len(words[2]) != 4:
            raise NotADate(f"give the year in full, like {day} {MONTHS[month - 1]} 2026")
        year = int(words[2])
    else:
        raise NotADate("use YYYY-MM-DD")
    if not 1 <= month <= 12:
        raise NotADate(f"there is no month {month}")
    if not 1 <= year <= 9999:
        raise YearOutOfRange(str(year))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise NotADate(f"{MONTHS[month - 1]} {year} has no day {day}") from None


def uk(date: dt.date) -> str:
    """``1 September 2026`` (``1 Medi 2026`` while a Welsh page or copy is written, see
    :func:`site_builder.locale.writing`): independent of the machine's locale."""
    return f"{date.day} {locale.month(date.month)} {date.year}"


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
