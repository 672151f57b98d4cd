"""What a school's home page says about statutory policies: which of its policies the law
requires (in words, not colour alone), the ones it keeps outside the library (linked to the
school's own address, or to the PDF copied into the site), and which it still lacks.

Every value reaches the page through :mod:`site_builder.render.escape`; links are built only
from checked addresses and from paths this program names.
"""

from __future__ import annotations

import datetime as dt

from site_builder.config import dates
from site_builder.config.models import SchoolConfig
from site_builder.config.register_model import SCHOOL_TYPES, Register
from site_builder.config.reviews import review_status
from site_builder.locale import t
from site_builder.render.escape import html


def is_statutory(config: SchoolConfig, register: Register, policy_id: str) -> bool:
    """Whether the law requires this school (of its type, if it says) to have the policy."""
    entry = register.entries.get(policy_id)
    if entry is None or not entry.statutory or entry.nation != (config.school.nation or "england"):
        return False  # (the register has entries for England only so far)
    school_type = config.school.type
    return school_type is None or entry.duty(school_type) != "not-required"


def statutory_mark(config: SchoolConfig, register: Register, policy_id: str) -> str:
    """The word "Statutory" after a policy's title, for a policy the law requires."""
    if not is_statutory(config, register, policy_id):
        return ""
    return f' <span class="statutory">{t("statutory")}</span>'


def external_rows(
    config: SchoolConfig, register: Register, today: dt.date, coded: bool = False
) -> list[str]:
    """Rows of the home page's policy table for the policies kept outside the library."""
    rows = []
    for e in config.external:
        state = review_status(e.review_date, today)
        if e.pdf is not None:
            href, where = e.pdf_name, " (PDF)"
        else:
            href, where = str(e.url), f" ({t('kept_outside')})"
        rows.append(
            "<tr>"
            f'<th scope="row" data-label="{t("col_policy")}"><a href="{html(href)}">'
            f"{html(e.title)}</a>"
            f'<span class="where">{html(where)}</span>'
            f"{statutory_mark(config, register, e.id)}</th>"
            + (f'<td data-label="{t("reference")}"></td>' if coded else "")
            + f'<td data-label="{t("col_approved_by")}">{html(e.approved_by)}</td>'
            f'<td data-label="{t("col_adopted")}" class="date">{dates.uk(e.adopted)}</td>'
            f'<td data-label="{t("col_next_review")}" class="date">'
            f"{dates.uk(e.review_date)}</td>"
            f'<td data-label="{t("col_status")}"><span class="review review--{state}">'
            f"{t('status_' + state)}</span></td>"
            "</tr>"
        )
    return rows


def statutory_section(config: SchoolConfig, register: Register) -> list[str]:
    """Markdown lines after the table saying what "Statutory" means (the site is public: it
    does not list what the school lacks; ``check`` and the LA dashboard do)."""
    ids = [a.id for a in config.policies] + [e.id for e in config.external]
    if not any(is_statutory(config, register, pid) for pid in ids):
        return []
    kind = config.school.type
    who = t(f"school_type_{kind}") if kind in SCHOOL_TYPES else t("statutory_who_any")
    return [t("statutory_note", mark=t("statutory"), who=who), ""]
