"""The sign-off sheet at the end of a policy's PDF: the statement each person signs, then a
table with a row for each of them (the heading row repeated on every page the table runs
on, as a tagged table header), and the reference code shown in the adoption details and the
footer.

Every value goes in through :func:`~site_builder.print.typst_markup.escape_text`."""

from __future__ import annotations

from site_builder.config.features import SignOff
from site_builder.locale import t
from site_builder.print.typst_markup import escape_text

ROW_HEIGHT = "9mm"
NARROW = {"date": "26mm", "initials": "22mm"}
"""Columns that need little room; the others share the width."""


def sign_off_typst(sign_off: SignOff | None) -> str:
    """Typst markup for the sheet, starting on a page of its own ("" without one)."""
    if sign_off is None:
        return ""
    widths = ", ".join(NARROW.get(c.casefold(), "1fr") for c in sign_off.columns)
    header = ", ".join(f"[{escape_text(c)}]" for c in sign_off.columns)
    cells = ", ".join(["[]"] * (len(sign_off.columns) * sign_off.rows))
    return (
        "#pagebreak(weak: true)\n\n"
        f"#heading(level: 2)[{escape_text(t('signing_sheet'))}]\n\n"
        f"{escape_text(sign_off.statement)}\n\n"
        f"#table(columns: ({widths},), rows: (auto, {ROW_HEIGHT}), "
        "table.header(repeat: true, " + header + "), " + cells + ")"
    )
