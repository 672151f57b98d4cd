"""The sign-off sheet at the end of a policy's Word copy, as in its PDF: on a new page, a
heading, the statement each person signs, then a Word table with a row for each person (its
heading row repeated at the top of every page, rows that never split across pages, and a
title for screen readers). Every value goes in as text through the writer's ``_run``.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Twips
from docx.text.paragraph import Paragraph

from site_builder.config.features import SignOff
from site_builder.locale import t
from site_builder.print.sign_off import NARROW
from site_builder.word.docx_blocks import caption
from site_builder.word.template import TEXT_WIDTH

if TYPE_CHECKING:
    from site_builder.word.docx_writer import DocxWriter

ROW_HEIGHT = Mm(9)


def sign_off_sheet(
    writer: DocxWriter, out: list[BaseOxmlElement], sign_off: SignOff | None
) -> None:
    """Append the sheet to ``out`` (nothing without one)."""
    if sign_off is None:
        return
    heading = writer._paragraph(out, "Heading2")
    Paragraph(heading, writer._doc).paragraph_format.page_break_before = True
    writer._run(heading, t("signing_sheet"), frozenset())
    writer._run(writer._paragraph(out), sign_off.statement, frozenset())
    out.append(_table(writer, sign_off))
    writer._paragraph(out)  # Word needs a paragraph after a table that ends a section


def _table(writer: DocxWriter, sign_off: SignOff) -> CT_Tbl:
    columns = sign_off.columns
    narrow = {c: int(Mm(float(NARROW[c.casefold()][:-2])).twips) for c in columns
              if c.casefold() in NARROW}  # fmt: skip
    rest = TEXT_WIDTH - sum(narrow.values())
    shared = rest // max(1, len(columns) - len(narrow))
    widths = [Twips(narrow.get(c, shared)) for c in columns]
    tbl = CT_Tbl.new_tbl(1 + sign_off.rows, len(columns), Twips(TEXT_WIDTH))
    tbl.tblStyle_val = "TableGrid"
    tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstColumn"), "0")
    tbl.tblPr.append(caption(t("signing_sheet")))
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width
    head, *rows = tbl.tr_lst
    head_pr = head.get_or_add_trPr()
    head_pr.append(OxmlElement("w:cantSplit"))
    head_pr.append(OxmlElement("w:tblHeader"))  # repeated at the top of each page
    for tc, name, width in zip(head.tc_lst, columns, widths, strict=True):
        tc.width = width
        writer._run(tc.p_lst[0], name, frozenset({"b"}))
    height = OxmlElement(
        "w:trHeight", {qn("w:val"): str(int(ROW_HEIGHT.twips)), qn("w:hRule"): "atLeast"}
    )
    for tr in rows:
        pr = tr.get_or_add_trPr()
        pr.append(OxmlElement("w:cantSplit"))
        pr.append(copy.copy(height))
        for tc, width in zip(tr.tc_lst, widths, strict=True):
            tc.width = width
    return tbl
