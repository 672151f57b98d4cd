"""Building many schools at once: in parallel, incrementally, and in shards.

A school is rebuilt only when something its site depends on has changed: its config (and
logo), the templates it adopted, the library's shared files, ``la.yml``, or this program and
its theme and fonts. Fingerprints of those inputs live in ``<out>/.policy-site-cache.json``;
the file is safe to delete and is ignored when it cannot be read. One school's failure never
stops the others, and its previously published site stays as it was.
"""

from __future__ import annotations

import concurrent.futures as futures
import multiprocessing
import multiprocessing.context
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.config import dates
from site_builder.config.library import Library, load_library
from site_builder.config.reviews import Row, rows_for
from site_builder.config.school import load_school
from site_builder.config.source import config_file_problem, display_name
from site_builder.config.template_model import ID_PATTERN
from site_builder.errors import Problem, SiteBuilderError
from site_builder.la.cache import (
    Inputs,
    _current_files,
    _external_states,
    _overdue,
    _sha,
    is_unchanged,
    load_cache,
    save_cache,
)
from site_builder.la.coverage import SchoolCoverage, coverage_of
from site_builder.la.dashboard import write_dashboard
from site_builder.site.build import build_school
from site_builder.site.publish import file_error, prepare_out


@dataclass
class Outcome:
    """What happened to one school in a batch."""

    slug: str
    path: Path
    status: str  # "built", "unchanged" or "failed"
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    """Notes that are never errors (what the statutory register is uncertain about)."""
    entry: dict[str, Any] | None = None
    """The cache entry describing the inputs of the site now published."""


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    seconds: float
    inputs: Inputs | None = None
    """The fingerprints the run used, for writing the index without hashing again."""
    cache_problems: list[Problem] = field(default_factory=list)
    """Why the cache could not be saved, when it could not (the sites are built anyway)."""

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def warnings(self) -> int:
        return sum(len(o.warnings) for o in self.outcomes)


def collect_configs(paths: Iterable[Path]) -> list[Path]:
    """School configs named directly or found in folders, sorted by slug; bad paths are errors.

    A config that is there but cannot be one (a folder or a pipe named ``x.yml``, a link out
    of its folder) is kept in the list, so that it fails alone with its reason while every
    other school is built or checked.
    """
    found: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir() and path.suffix not in (".yml", ".yaml"):
            candidates = sorted([*path.glob("*.yml"), *path.glob("*.yaml")])
            if not candidates:
                problems.append(
                    Problem(display_name(path), message="no school configs (*.yml) here")
                )
        elif path.exists() or path.is_symlink():
            refused = config_file_problem(path)  # named on its own: refused before anything
            if refused is not None:
                problems.append(refused)
                continue
            candidates = [path]
        else:
            problems.append(Problem(display_name(path), message="school config not found"))
            continue
        for candidate in candidates:
            slug = candidate.stem
            if slug in found and _real(found[slug]) != _real(candidate):
                problems.append(
                    Problem(
                        display_name(candidate),
                        message=(
                            f"has the same file name as {display_name(found[slug])}; each school "
                            "needs its own"
                        ),
                    )
                )
            found[slug] = candidate
    if problems:
        raise SiteBuilderError(problems)
    return [found[slug] for slug in sorted(found)]


def _real(path: Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` -> (2, 4); raises ValueError for anything else."""
    left, sep, right = text.partition("/")
    index, count = int(left), int(right)
    if not sep or count < 1 or not 1 <= index <= count:
        raise ValueError(text)
    return index, count


def shard(configs: list[Path], index: int, count: int) -> list[Path]:
    """The ``index``-th of ``count`` deterministic slices (every school in exactly one)."""
    return [
        p for i, p in enumerate(sorted(configs, key=lambda p: p.stem)) if i % count == index - 1
    ]


# --- the work of one school, run in a worker process ---------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(library_root: str, threads: int) -> None:
    # Typst lays out with a pool of threads, one per CPU by default, whose idle threads spin:
    # with a worker per CPU they would compete for the same cores (two builds side by side
    # each took a quarter longer). Each worker gets its share of the CPUs instead, unless the
    # user chose otherwise.
    os.environ.setdefault("RAYON_NUM_THREADS", str(threads))
    # The parent checked the templates already; a worker only needs to read them.
    library = load_library(Path(library_root))
    _WORKER["library"] = library
    _WORKER["inputs"] = Inputs.of(library)


def build_one(path: Path, out: Path, strict: bool = False) -> Outcome:
    """Build one school (in a worker); every failure becomes a message, never an exception."""
    library: Library = _WORKER["library"]
    inputs: Inputs = _WORKER["inputs"]
    slug = path.stem
    refused = config_file_problem(path)
    if refused is not None:
        return Outcome(slug, path, "failed", problems=[str(refused)])
    try:
        config_bytes = path.read_bytes()
    except OSError as exc:
        return Outcome(slug, path, "failed", problems=[str(file_error(exc, path, "read it"))])
    try:
        result = build_school(path, library, out, strict=strict)
        config = result.config
        assert config is not None
        logo = config.school.logo
        named = [logo.source] if logo else []
        named += [e.pdf.source for e in config.external if e.pdf is not None]
        files = _current_files({"files": {str(f): "" for f in named}}) if named else {}
        templates = [a.id for a in config.policies]
        external = [{"id": e.id, "review_date": e.review_date.isoformat()} for e in config.external]
        entry = {
            "fingerprint": inputs.fingerprint(_sha(config_bytes), templates, files),
            "templates": templates,
            "files": files,
            "school": config.name,
            "rows": [vars(r) for r in rows_for(config)],
            "overdue": _overdue(rows_for(config)) + _external_states(external),
            "external": external,
            "coverage": coverage_of(config, library.register).to_dict(),
        }
        return Outcome(
            slug, path, "built", warnings=[str(w) for w in result.warnings],
            info=[str(n) for n in result.info], entry=entry,
        )  # fmt: skip
    except SiteBuilderError as exc:
        return Outcome(slug, path, "failed", problems=[str(p) for p in exc.problems])
    except Exception as exc:  # a bug, but one school must not stop the others
        return Outcome(
            slug,
            path,
            "failed",
            problems=[
                f"{display_name(path)}: internal error while building: {type(exc).__name__}: {exc}"
            ],
        )


def _build_star(args: tuple[Path, Path, bool]) -> Outcome:
    return build_one(*args)


def build_many(
    configs: list[Path],
    library: Library,
    out: Path,
    *,
    jobs: int = 0,
    force: bool = False,
    strict: bool = False,
    progress: Callable[[Outcome], None] | None = None,
) -> BatchResult:
    """Build every school in ``configs`` that needs it; report each one to ``progress``."""
    start = time.perf_counter()
    prepare_out(out)
    cache = {} if force else load_cache(out)
    inputs = Inputs.of(library)
    outcomes: list[Outcome] = []
    todo: list[Path] = []
    for path in configs:
        if not ID_PATTERN.match(path.stem):
            outcome = Outcome(
                path.stem,
                path,
                "failed",
                problems=[
                    f"{display_name(path)}: the file name must be the school's short id: "
                    "lower-case letters, digits and hyphens, like st-marys.yml"
                ],
            )
        elif is_unchanged(path, out, cache.get(path.stem), inputs):
            outcome = Outcome(path.stem, path, "unchanged", entry=cache[path.stem])
        else:
            todo.append(path)
            continue
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(todo) <= 1:
        _WORKER["library"], _WORKER["inputs"] = library, inputs
        results: Iterable[Outcome] = (build_one(p, out, strict) for p in todo)
        pool = None
    else:
        # Never plain fork: Typst runs threads, and a process forked from one that has used
        # them can deadlock. A fork server starts clean, with the heavy imports preloaded.
        context: multiprocessing.context.BaseContext
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["site_builder.la.batch"])
        else:
            context = multiprocessing.get_context("spawn")
        pool = futures.ProcessPoolExecutor(
            max_workers=min(jobs, len(todo)), mp_context=context,
            initializer=_init_worker,
            initargs=(str(library.root), max(1, (os.cpu_count() or 1) // min(jobs, len(todo)))),
        )  # fmt: skip
        results = pool.map(_build_star, [(p, out, strict) for p in todo], chunksize=1)
    try:
        for outcome in results:
            outcomes.append(outcome)
            if progress:
                progress(outcome)
    finally:
        if pool is not None:
            pool.shutdown()
    entries = dict(cache)
    for outcome in outcomes:
        if outcome.status == "built" and outcome.entry:
            entries[outcome.slug] = outcome.entry
    cache_problems: list[Problem] = []
    if entries != cache:  # a run that built nothing leaves the output folder untouched
        try:
            save_cache(out, entries)
        except SiteBuilderError as exc:
            cache_problems = exc.problems
    outcomes.sort(key=lambda o: o.slug)
    return BatchResult(outcomes, time.perf_counter() - start, inputs, cache_problems)


def dashboard_rows(
    configs: list[Path],
    library: Library,
    out: Path,
    inputs: Inputs | None = None,
    coverage: list[SchoolCoverage] | None = None,
) -> tuple[list[tuple[str, str, bool]], list[Row]]:
    """Schools and rows for the dashboard: from the cache when a school's published site is up
    to date, otherwise by reading its config (a config with errors is listed by id only).
    Each readable school's statutory coverage is added to ``coverage``, when given."""
    found: list[SchoolCoverage] = coverage if coverage is not None else []
    cache = load_cache(out)
    inputs = inputs or Inputs.of(library)
    schools: list[tuple[str, str, bool]] = []
    rows: list[Row] = []
    for path in configs:
        slug = path.stem
        if not ID_PATTERN.match(slug):
            continue  # not a school's id (it failed with its reason): it has no site to list
        built = (out / slug / "index.html").is_file()
        entry = cache.get(slug)
        if entry and is_unchanged(path, out, entry, inputs):
            try:
                cached = [Row.from_dict(r) for r in entry["rows"]]
                held = SchoolCoverage.from_dict(entry["coverage"])
                found.append(held)
                schools.append((slug, str(entry["school"]), built))
                rows += cached
                continue
            except (KeyError, TypeError):
                pass  # an entry from a damaged cache: read the config instead
        try:
            config = load_school(path, library)
        except SiteBuilderError:
            schools.append((slug, slug, built))
            continue
        schools.append((slug, config.name, built))
        rows += rows_for(config)
        found.append(coverage_of(config, library.register))
    return schools, rows


def write_index(
    configs: list[Path], library: Library, out: Path, inputs: Inputs | None = None
) -> None:
    """Write the LA index and dashboard for ``configs`` into ``out``."""
    prepare_out(out)
    held: list[SchoolCoverage] = []
    schools, rows = dashboard_rows(configs, library, out, inputs, held)
    write_dashboard(out, schools, rows, library, dates.today(), held)
