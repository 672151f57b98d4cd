"""A governors' review pack as Typst: what changed in a template and why, the policy with
every insertion and deletion marked, and the approval block; laid out as every other PDF of
the school (:mod:`site_builder.print.pdf`)."""

from __future__ import annotations

from collections.abc import Sequence

from site_builder.print.pdf import (
    PrintedPolicy,
    PrintedSchool,
    _join,
    _metadata,
    _preamble,
    _signatures,
    _t,
)
from site_builder.print.typst_markup import markdown_to_typst


def review_pack_source(
    school: PrintedSchool,
    policy: PrintedPolicy,
    old_version: str,
    notes: Sequence[tuple[str, str, str, str]],
    new_fields: Sequence[tuple[str, str]],
    marked_markdown: str,
) -> str:
    """A governors' review pack: what changed and why, then the policy with every insertion
    and deletion marked, then the approval block.

    ``notes`` are (version, date, summary, notes) from the LA's changelog; ``new_fields`` are
    (field, description) pairs the school must now fill in.
    """
    title = f"Review pack: {policy.title}"
    intro = (
        f"This pack shows what changes in {school.name}'s policy if it moves from version "
        f"{old_version} of the LA's template to version {policy.template_version}. "
        "Inserted words are underlined in green; deleted words are struck through in red."
    )
    parts = [
        _preamble(school),
        f"#section.update([{_t(title)}])",
        f"#heading(level: 1)[{_t(title)}]",
        f"#text(size: 11pt)[Version {_t(old_version)} to version {_t(policy.template_version)}]",
        _t(intro),
        "#heading(level: 2)[What changed and why]",
    ]
    for version, date, summary, text in notes:
        parts.append(f"#heading(level: 3)[Version {_t(version)}, {_t(date)}]")
        parts.append(f"#strong[{_t(summary)}]")
        if text:
            parts.append(markdown_to_typst(text, heading_offset=3))
    if new_fields:
        parts.append("#heading(level: 2)[New choices the school must make]")
        parts.append(
            "#list(" + ", ".join(f"[#strong[{_t(n)}]: {_t(d)}]" for n, d in new_fields) + ")"
        )
    parts += [
        "#pagebreak()",
        "#heading(level: 2)[The policy with changes marked]",
        markdown_to_typst(marked_markdown, heading_offset=1),
        _signatures(policy.signatures or ("Headteacher", "Chair of Governors")),
        _metadata(school, f"{title}: {school.name}", policy.adopted),
    ]
    return _join(parts)
