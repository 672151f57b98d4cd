"""``policy-site check``: every config named or found in a folder, checked, nothing written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.config.library import Library
from site_builder.errors import Problem, SiteBuilderError
from site_builder.la.batch import collect_configs
from site_builder.site.build import check_school


def strict(enabled: bool, warnings: Sequence[Problem]) -> None:
    """Under ``--strict`` a warning stops the run like an error (and nothing is written)."""
    if enabled and warnings:
        raise SiteBuilderError(
            [replace(w, message=f"{w.message} (an error under --strict)") for w in warnings]
        )


@dataclass(frozen=True)
class Checked:
    """One config that has no problems."""

    path: Path
    school: str
    policies: int
    warnings: list[Problem]
    info: list[Problem] = field(default_factory=list)
    """Notes that are never errors (what the statutory register is uncertain about)."""


def check_configs(
    paths: Sequence[Path], library: Library, *, strict_mode: bool
) -> tuple[list[Checked], list[Problem]]:
    """Check every config: the ones with no problems, and every problem of the others."""
    problems: list[Problem] = []
    fine: list[Checked] = []
    for path in collect_configs(paths):
        try:
            config, rendered = check_school(path, library)
            strict(strict_mode, config.warnings)
        except SiteBuilderError as exc:
            problems += exc.problems
            continue
        fine.append(
            Checked(path, config.name, len(rendered), list(config.warnings), list(config.info))
        )
    return fine, problems
