"""Each template's translation status, for the LA's template site and dashboard: whether it
has Welsh, whether that Welsh is up to date, and if not what changed in the English since
the version it translates (the word-level diff of ``policy-site changes``)."""

from __future__ import annotations

from dataclasses import dataclass

from site_builder.config.library import Library
from site_builder.config.template_model import Template
from site_builder.config.translations import (
    Translation,
    diff_markdown_of,
    translations,
)
from site_builder.render.escape import escape_markdown as md

STATUS_EN = {
    "none": "No Welsh yet",
    "stale": "Welsh out of date",
    "current": "Welsh up to date",
}
STATUS_CY = {
    "none": "Dim Cymraeg eto",
    "stale": "Y Gymraeg wedi dyddio",
    "current": "Y Gymraeg yn gyfredol",
}


@dataclass(frozen=True)
class Status:
    template: Template
    translation: Translation | None

    @property
    def key(self) -> str:
        if self.translation is None:
            return "none"
        return "stale" if self.translation.stale else "current"

    @property
    def words(self) -> str:
        tr = self.translation
        if tr is None:
            return STATUS_EN["none"]
        if tr.stale:
            return (
                f"{STATUS_EN['stale']}: translates version {tr.translates}, "
                f"the English is {self.template.version}"
            )
        return f"{STATUS_EN['current']} (version {tr.translates})"

    @property
    def words_cy(self) -> str:
        tr = self.translation
        if tr is None:
            return STATUS_CY["none"]
        if tr.stale:
            return (
                f"{STATUS_CY['stale']}: mae'n cyfieithu fersiwn {tr.translates}, "
                f"mae'r Saesneg yn fersiwn {self.template.version}"
            )
        return f"{STATUS_CY['current']} (fersiwn {tr.translates})"


def statuses(library: Library, language: str = "cy") -> list[Status]:
    found = translations(library, language)
    return [Status(t, found.get(t.id)) for t in library.templates.values()]


def summary(library: Library, language: str = "cy") -> dict[str, int]:
    """How many templates have up-to-date, stale and no translations."""
    counts = dict.fromkeys(STATUS_EN, 0)
    for status in statuses(library, language):
        counts[status.key] += 1
    return counts


def translation_section(library: Library, template: Template) -> str:
    """The template page's section on its Welsh translation."""
    status = next(s for s in statuses(library) if s.template.id == template.id)
    lines = ["## Welsh translation", "", f"**{md(status.words)}.**", ""]
    tr = status.translation
    if tr is None:
        lines.append(
            "A bilingual school cannot publish this policy in Welsh until the library has "
            f"`{template.id}/policy.cy.md` and `template.cy.yml` (see the Welsh guide)."
        )
        return "\n".join(lines) + "\n"
    lines += [
        f'<div lang="cy" markdown="1">\n\n**{md(tr.title)}**: {md(tr.summary)}\n\n</div>',
        "",
    ]
    if tr.stale:
        lines += [
            f"What changed in the English since version {md(tr.translates)}, for the "
            "translator (deleted words struck through, inserted words underlined):",
            "",
            diff_markdown_of(tr),
        ]
    return "\n".join(lines) + "\n"
