"""The adoption details and the signature block of a policy's Word copy, as in its PDF: a
table of labels and values (its title for screen readers), then for each role that signs
its name and lines for a name, a signature and a date. Each kind of table and line is made
once per writer and copied; every value goes in as text through the writer's ``_run``.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from docx.text.paragraph import Paragraph

from site_builder.config import dates
from site_builder.locale import t as say
from site_builder.print.pdf import PrintedPolicy
from site_builder.word.docx_blocks import caption
from site_builder.word.template import TEXT_WIDTH

if TYPE_CHECKING:
    from site_builder.word.docx_writer import DocxWriter

DETAIL_WORDS = ("version", "date_adopted", "approved_by", "next_review", "la_template")
"""The adoption details' labels, as keys of :mod:`site_builder.locale` (in the copy's
language); a policy with a reference code has "reference" first."""
DETAILS_COLUMNS = (Twips(1701), Twips(TEXT_WIDTH - 1701))
"""The adoption details table: 30 mm of labels, the rest values (as in the PDF)."""


def details_table(writer: DocxWriter, policy: PrintedPolicy) -> CT_Tbl:
    """The adoption details: a table of labels and values, as in the PDF."""
    labels = (*(("reference",) if policy.reference else ()), *DETAIL_WORDS)
    values = [
        *([policy.reference] if policy.reference else []),
        policy.version,
        dates.uk(policy.adopted),
        policy.approved_by,
        dates.uk(policy.review_date),
        say(
            "la_template_print",
            title=policy.title,
            version=policy.template_version,
            library=policy.library_name,
        ),
    ]
    tbl = writer._details_tables.get(labels)
    if tbl is None:
        tbl = writer._details_tables[labels] = CT_Tbl.new_tbl(len(labels), 2, Twips(TEXT_WIDTH))
        tbl.tblStyle_val = "PolicyDetails"
        tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstRow"), "0")
        tbl.tblPr.append(caption(say("adoption_details")))
        for col, width in zip(tbl.tblGrid.gridCol_lst, DETAILS_COLUMNS, strict=True):
            col.w = width
        for tr, label in zip(tbl.tr_lst, map(say, labels), strict=True):
            for tc, width in zip(tr.tc_lst, DETAILS_COLUMNS, strict=True):
                tc.width = width
            writer._run(tr.tc_lst[0].p_lst[0], label, frozenset({"b"}))
    tbl = copy.copy(tbl)
    for tr, value in zip(tbl.tr_lst, values, strict=True):
        writer._run(tr.tc_lst[1].p_lst[0], value, frozenset())
    return tbl


def signature_block(writer: DocxWriter, out: list[BaseOxmlElement], roles: Sequence[str]) -> None:
    """For each role, its name and lines to write a name, a signature and a date on."""
    if not roles:
        return
    if writer._signature_lines is None:
        lines = writer._signature_lines = []
        for label in ("sign_name", "sign_signature", "sign_date"):
            line = writer._paragraph(lines, "SignatureLine")
            writer._run(line, say(label), frozenset())
            line.add_r().add_tab()
            line.add_r().add_tab()
        # The block of each role stays on one page, and the next may start another.
        Paragraph(line, writer._doc).paragraph_format.keep_with_next = False
    heading = writer._paragraph(out, "Heading2")
    writer._run(heading, say("signatures"), frozenset())
    for role in roles:
        writer._run(writer._paragraph(out, "SignatureRole"), role, frozenset())
        out += [copy.copy(line) for line in writer._signature_lines]
