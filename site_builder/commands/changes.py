"""``policy-site changes``: what changed for a school since the versions it adopted, and
review packs (PDFs) for governors."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from site_builder.config.library import Library
from site_builder.config.models import SchoolConfig
from site_builder.config.school import load_school
from site_builder.config.source import display_name
from site_builder.errors import Problem, SiteBuilderError
from site_builder.la.versions import PolicyChanges, diff_markdown, policy_changes, report
from site_builder.print.pdf import PdfWriter, PrintedSchool
from site_builder.print.review_pack import review_pack_source
from site_builder.site.build import printed_policy
from site_builder.site.theme import readable_on_white


@dataclass
class Changes:
    config: SchoolConfig
    found: list[PolicyChanges]
    """One entry per policy adopted at an older version (empty: nothing changed)."""

    def text(self, fmt: str, colour: bool) -> str:
        return report(self.config.name, self.found, fmt, colour)


def find_changes(config_path: Path, library: Library, policy: str | None = None) -> Changes:
    """The changes for every policy the school adopted (or for ``policy`` only)."""
    config = load_school(config_path, library)
    chosen = [a for a in config.policies if policy in (None, a.id)]
    if policy and not chosen:
        raise SiteBuilderError(
            [
                Problem(
                    display_name(config_path),
                    key=f"policies.{policy}",
                    message="the school has not adopted this policy",
                )
            ]
        )
    found = [policy_changes(config, a, library) for a in chosen if a.outdated]
    return Changes(config, found)


def write_review_packs(changes: Changes, library: Library, folder: Path) -> list[Path]:
    """A review pack PDF per changed policy in ``folder``: notes, changes marked, sign-off."""
    config = changes.config
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        logo = config.school.logo
        if logo:
            (root / "assets").mkdir()
            (root / "assets" / f"logo{logo.suffix}").write_bytes(logo.data)
        school = PrintedSchool(
            name=config.name,
            colour=readable_on_white(config.school.colour),
            logo=f"/assets/logo{logo.suffix}" if logo else None,
        )
        writer = PdfWriter(root)
        for c in changes.found:
            printed = printed_policy(config, c.new, library)
            source = review_pack_source(
                school,
                printed,
                c.old_version,
                [(n.version, n.date, n.summary, n.notes) for n in c.notes],
                [(f.name, f.description) for f in c.fields if f.change == "added"],
                diff_markdown(c.old.markdown, c.new.markdown),
            )
            path = folder / (
                f"{config.slug}-{c.adoption.id}-review-{c.old_version}-to-{c.new_version}.pdf"
            )
            writer.compile(source, path, c.adoption.adopted)
            written.append(path)
    return written
