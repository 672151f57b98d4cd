"""``policy-site build``: one school, several, or every school in a folder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.config.library import Library
from site_builder.errors import Problem, SiteBuilderError
from site_builder.la.batch import BatchResult, Outcome, build_many, collect_configs, shard
from site_builder.la.batch import write_index as write_la_index


@dataclass
class BuildRun:
    """What a build did: each school's outcome, and what was not written after the sites
    were (the LA index, the cache), which must not be reported as "nothing was changed"."""

    result: BatchResult
    configs: list[Path]
    index_problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(
            self.result.count("failed") or self.index_problems or self.result.cache_problems
        )


def plan(paths: Sequence[Path], shard_of: tuple[int, int] | None) -> tuple[list[Path], list[Path]]:
    """Every config named or found, and the ones this run builds (its shard)."""
    configs = collect_configs(paths)
    return configs, shard(configs, *shard_of) if shard_of else configs


def build(
    paths: Sequence[Path],
    library: Library,
    out: Path,
    *,
    jobs: int = 0,
    shard_of: tuple[int, int] | None = None,
    force: bool = False,
    strict: bool = False,
    progress: Callable[[Outcome], None] | None = None,
    write_index: bool = True,
) -> BuildRun:
    """Build the schools that need it, then the LA index (unless ``write_index`` is off or
    only a shard was built)."""
    configs, todo = plan(paths, shard_of)
    result = build_many(
        todo, library, out, jobs=jobs, force=force, strict=strict, progress=progress
    )
    run = BuildRun(result, configs)
    if write_index and shard_of is None:
        try:
            write_la_index(configs, library, out, result.inputs)
        except SiteBuilderError as exc:
            run.index_problems = exc.problems
    return run
