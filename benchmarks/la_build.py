"""Benchmark of a whole LA build: prints the figures issue "A whole local authority in one
build" sets targets for.

    python benchmarks/la_build.py [--schools 60] [--naive 60] [--jobs 0]

It generates a synthetic LA (see synthetic.py: N schools, 30 policies each), then runs the
real command line, as a CI job would:

- cold build time per school (`policy-site build schools/`; target <= 0.8 s a school);
- no-op rebuild time (target: 600 schools <= 5 s, reported for N and scaled to 600);
- rebuild after one school's config changes (target <= 2 s on top of the no-op);
- peak memory of the whole process tree (target <= 1 GiB);
- the naive loop, a fresh `policy-site build schools/x.yml` process per school, one after
  another, on the first M schools, against the batch build of the same M schools
  (target: batch >= 5x faster);
- where one school's time goes, in one warm process: rendering, the 30 policy PDFs, the
  handbook, the Word copies (31 .docx), the MkDocs site (wall and CPU time); the start-up a
  fresh process adds; and the ceiling on the batch's gain over the naive loop on this
  machine: the naive loop's time a school against a school's CPU time spread over every
  core.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_la

CLI = [sys.executable, "-m", "site_builder.cli"]


def _tree_rss(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in bytes (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root]
    seen = set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += rss.get(pid, 0)
        stack += [child for child, parent in parents.items() if parent == pid]
    return total


def run(args: list[str], cwd: Path) -> tuple[float, int]:
    """Run the CLI; return (seconds, peak memory of its process tree in bytes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*CLI, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"policy-site {' '.join(args)} failed:\n{err}")
    return seconds, peak


def phases(root: Path, schools: Path, count: int = 5) -> dict[str, tuple[float, float]]:
    """(wall, CPU) seconds per school for each step of a build, in this warmed-up process.

    CPU time counts every thread of the process (Typst lays out on several), so it is what a
    school costs a batch whose workers keep every core busy.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from site_builder.site import build as site
    from site_builder.site.engine import build_site

    library = site.load_library(root / "policy_templates")
    steps = ["render", "policy PDFs", "handbook", "Word copies", "site"]
    spent = {k: [0.0, 0.0] for k in steps}

    @contextmanager
    def timed(step: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        spent[step][0] += time.perf_counter() - wall
        spent[step][1] += time.process_time() - cpu

    class Timed(site.PdfWriter):
        def compile(self, source: str, output: Path, date: object) -> None:
            step = "handbook" if output.name.endswith("-policies.pdf") else "policy PDFs"
            with timed(step):
                super().compile(source, output, date)  # type: ignore[arg-type]

    site.PdfWriter = Timed  # type: ignore[misc]
    paths = sorted(schools.glob("*.yml"))[:count]
    with tempfile.TemporaryDirectory() as tmp:
        for n, path in enumerate([paths[0], *paths]):
            if n == 1:  # the first build warmed the process up; count from here
                spent = {k: [0.0, 0.0] for k in steps}
            work = Path(tmp) / str(n)
            with timed("render"):
                config, rendered = site.check_school(path, library)
                site.write_pages(config, rendered, library, work / "docs")
            printed = site.printed_copies(config, rendered, library)
            site.write_pdfs(config, rendered, library, work / "docs", printed)
            with timed("Word copies"):
                site.write_docx(config, rendered, library, work / "docs", printed)
            with timed("site"):
                spec = site.site_spec(config, rendered, work / "docs")
                build_site(spec, work / "docs", work / "site", work)
    return {k: (wall / len(paths), cpu / len(paths)) for k, (wall, cpu) in spent.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--naive", type=int, default=60, help="schools in the naive loop")
    parser.add_argument("--jobs", type=int, default=0)
    a = parser.parse_args()
    env_jobs = ["--jobs", str(a.jobs)] if a.jobs else []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _, schools = make_la(root, a.schools)
        print(f"Synthetic LA: {a.schools} schools x 30 policies, {os.cpu_count()} CPUs")

        cold, peak = run(["build", "schools", "--out", "site", *env_jobs], root)
        print(
            f"cold build:        {cold:7.1f} s, {cold / a.schools:.2f} s a school "
            f"(target <= 0.80); 600 schools ~ {cold / a.schools * 600 / 60:.1f} min"
        )
        noop, _ = run(["build", "schools", "--out", "site", *env_jobs], root)
        # The no-op's cost is a fixed start (reading and checking the library) plus a little
        # per school; measure both, so the figure for 600 schools is not a guess.
        single = root / "single"
        single.mkdir()
        (single / "school-0001.yml").write_text((schools / "school-0001.yml").read_text())
        fixed = min(run(["build", "single", "--out", "site"], root)[0] for _ in range(3))
        per_school = max(noop - fixed, 0) / max(a.schools - 1, 1)
        print(
            f"no-op rebuild:     {noop:7.2f} s for {a.schools} schools "
            f"({fixed:.2f} s fixed + {per_school * 1000:.1f} ms a school); "
            f"600 schools ~ {fixed + 599 * per_school:.1f} s (target <= 5)"
        )
        one = schools / "school-0001.yml"
        one.write_text(one.read_text().replace("School 1\n", "School One\n"))
        changed, _ = run(["build", "schools", "--out", "site", *env_jobs], root)
        print(
            f"one school changed:{changed:7.2f} s ({changed - noop:+.2f} s on the no-op; "
            "target <= 2)"
        )
        print(f"peak memory:       {peak / 2**20:7.0f} MiB, whole process tree (target <= 1024)")

        m = min(a.naive, a.schools)
        if m:
            subset = root / "subset"
            subset.mkdir()
            for path in sorted(schools.glob("*.yml"))[:m]:
                (subset / path.name).write_text(path.read_text())
            batch, _ = run(["build", "subset", "--out", "batch", *env_jobs], root)
            start = time.perf_counter()
            for path in sorted(subset.glob("*.yml")):
                run(["build", f"subset/{path.name}", "--out", "naive", "--force"], root)
            naive = time.perf_counter() - start
            print(
                f"naive loop:        {naive:7.1f} s for {m} schools, one process each, "
                f"against {batch:.1f} s batch: {naive / batch:.1f}x (target >= 5)"
            )
        steps = phases(root, schools)
        wall = sum(w for w, _ in steps.values())
        cpu = sum(c for _, c in steps.values())
        print(
            "one school, warm:  "
            + ", ".join(f"{k} {w:.2f} s" for k, (w, _) in steps.items())
            + f"; {wall:.2f} s in all, {cpu:.2f} s of CPU"
        )
        if m:
            cores = os.cpu_count() or 1
            print(
                f"a fresh process adds about {naive / m - wall:.2f} s a school of start-up "
                "(the naive loop's extra cost)"
            )
            print(
                f"ceiling here:      a batch with no overhead, every one of {cores} cores busy, "
                f"would take {cpu / cores:.2f} s a school: at most "
                f"{naive / m / (cpu / cores):.1f}x the naive loop"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
