"""A school's review dates as an iCalendar feed (``reviews.ics``), for the clerk's calendar."""

from __future__ import annotations

import datetime as dt

from site_builder.config import dates
from site_builder.config.reviews import Row
from site_builder.render.escape import ics_text as _ics_text


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF and a space."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
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
