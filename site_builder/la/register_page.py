"""The template site's "Statutory register" page, generated from ``register.yml``.

Every entry is listed: which types of school must have it, whether it must be published
online, who may approve it, the longest review interval, the law and sources, and what the
register is uncertain about. Nothing is copied by hand: the page is made from the same typed
:class:`~site_builder.config.register_model.Register` that checks schools. Every value goes
through :mod:`site_builder.render.escape`.
"""

from __future__ import annotations

from site_builder.config.dates import uk
from site_builder.config.library import Library
from site_builder.config.register_model import (
    APPROVER_KINDS,
    DUTIES,
    PHASES,
    PUBLISHING,
    SCHOOL_TYPES,
    Entry,
    Register,
)
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import markdown_link

REGISTER_PAGE = "statutory-register.md"
_SHORT = {
    "maintained": "maintained",
    "special": "special",
    "nursery": "nursery",
    "pupil-referral-unit": "pupil referral unit",
    "academy": "academy",
}


def register_page(library: Library) -> str:
    register = library.register
    entries = list(register.entries.values())
    statutory = [e for e in entries if e.statutory]
    lines = [
        "# Statutory register",
        "",
        f"Every policy the {md(library.name)} tracks as required by law for schools in England "
        f"({len(statutory)} statutory entries), and the library's own templates that are good "
        "practice. `policy-site check` warns a school of each statutory policy a school of its "
        "type lacks, and of an approver or a review cycle the register does not allow. Where "
        "the sources do not settle a fact the register says **uncertain**, and schools get a "
        "note, never an error. See [What we must have](what-we-must-have.md) and "
        "[Keeping the register up to date](register.md).",
        "",
        "## At a glance",
        "",
        "| Policy | Required for | Uncertain for | Longest review |",
        "| --- | --- | --- | --- |",
    ]
    for e in statutory:
        need = ", ".join(_SHORT[t] for t in SCHOOL_TYPES if e.duty(t) == "required") or "none"
        vague = ", ".join(_SHORT[t] for t in SCHOOL_TYPES if e.duty(t) == "uncertain") or "none"
        review = md(e.review.words()) if e.review else ""
        lines.append(f"| [{md(e.title)}](#{e.id}) | {need} | {vague} | {review} |")
    lines += ["", "## Every entry", ""]
    for e in entries:
        lines += _entry(e, register)
    return "\n".join(lines) + "\n"


def _by_type(values: dict[str, str]) -> str:
    return "; ".join(f"{SCHOOL_TYPES[t]}: {md(v)}" for t, v in values.items()) or "none"


def _entry(e: Entry, register: Register) -> list[str]:
    lines = [f"### {md(e.title)} {{: #{e.id} }}", "", f"- **Id:** `{e.id}`"]
    if e.template:
        lines.append(f"- **Template:** [{md(e.title)}](library/{e.template}.md)")
    else:
        lines.append("- **Template:** none in the library; schools record their own under "
                     "`external_policies`")  # fmt: skip
    if not e.statutory:
        lines += ["- **Statutory:** no"]
        if e.note:
            lines.append(f"- **Note:** {md(e.note)}")
        return [*lines, ""]
    phases = "all" if e.phases is None else ", ".join(PHASES[p] for p in e.phases)
    published = {t: PUBLISHING[v] for t, v in e.published_online.items()}
    approvers = {
        t: " or ".join(APPROVER_KINDS[k] for k in kinds) for t, kinds in e.approvers.items()
    }
    lines += [
        "- **Must have it:** " + _by_type({t: DUTIES[e.duty(t)] for t in SCHOOL_TYPES}),
        f"- **Phases:** {md(phases)}",
        f"- **Published online:** {_by_type(published)}",
        f"- **Who may approve it:** {_by_type(approvers)}",
        f"- **Longest review interval:** {md(e.review.words()) if e.review else 'not stated'}",
    ]
    if e.law:
        lines.append(f"- **Law:** {md(e.law)}")
    sources = []
    for key in e.sources:
        source = register.sources[key]
        status = "" if source.status == "current" else f" ({md(source.status)})"
        link = markdown_link(source.url, source.title)
        sources.append(f"{link}, {md(source.publisher)}{status}")
    lines.append("- **Sources:** " + "; ".join(sources))
    if e.checked:
        lines.append(f"- **Last checked:** {uk(e.checked)}")
    for key, text in e.uncertain.items():
        lines.append(f"- **Uncertain ({md(key.replace('_', ' '))}):** {md(text)}")
    if e.note:
        lines.append(f"- **Note:** {md(e.note)}")
    return [*lines, ""]
