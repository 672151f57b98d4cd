"""A whole LA at once: incremental decisions, failures in isolation, shards, reproducibility,
and the review dashboard."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest

from site_builder.config.library import load_library
from site_builder.config.reviews import Row
from site_builder.la.batch import _init_worker, build_many, collect_configs, parse_shard, shard
from site_builder.la.cache import CACHE_FILE, CACHE_VERSION
from site_builder.la.dashboard import status
from site_builder.site.feeds import ics_text

from .conftest import GOOD, Run, digest, write

pytestmark = pytest.mark.slow


def _school(project: Path, slug: str, name: str, extra: str = "") -> Path:
    return write(project / "schools" / f"{slug}.yml", GOOD.replace("Test School", name) + extra)


@pytest.fixture
def la(project: Path) -> Path:
    """Three small schools in a fresh project (the example schools removed)."""
    for path in (project / "schools").glob("*.yml"):
        path.unlink()
    _school(project, "alpha", "Alpha School")
    _school(
        project,
        "beta",
        "Beta School",
        """\
  staff-ict-acceptable-use:
    template_version: 1.0.0
    adopted: 2026-09-01
    approved_by: Governing Body
""",
    )
    _school(project, "gamma", "Gamma School")
    return project


def _run(project: Path, **kw: object) -> dict[str, str]:
    library = load_library(project / "policy_templates")
    configs = collect_configs([project / "schools"])
    result = build_many(configs, library, project / "site", jobs=1, **kw)  # type: ignore[arg-type]
    return {o.slug: o.status for o in result.outcomes}


def test_incremental_decisions(la: Path) -> None:
    everything = {"alpha": "built", "beta": "built", "gamma": "built"}
    nothing = {"alpha": "unchanged", "beta": "unchanged", "gamma": "unchanged"}
    assert _run(la) == everything
    assert _run(la) == nothing
    # A school's own config.
    path = la / "schools" / "alpha.yml"
    path.write_text(path.read_text().replace("Alpha School", "Alpha Primary School"))
    assert _run(la) == {**nothing, "alpha": "built"}
    # A template only one school adopted.
    ict = la / "policy_templates" / "staff-ict-acceptable-use" / "policy.md"
    ict.write_text(ict.read_text() + "\nA new sentence for every school using this.\n")
    assert _run(la) == {**nothing, "beta": "built"}
    # A template no school adopted.
    parents = la / "policy_templates" / "parents-social-media" / "policy.md"
    parents.write_text(parents.read_text() + "\nNobody adopted this one.\n")
    assert _run(la) == nothing
    # Shared wording every template imports.
    shared = la / "policy_templates" / "_shared" / "definitions.md"
    shared.write_text(shared.read_text() + "\n")
    assert _run(la) == everything
    # A deleted site is rebuilt; --force rebuilds everything.
    import shutil

    shutil.rmtree(la / "site" / "gamma")
    assert _run(la) == {**nothing, "gamma": "built"}
    assert _run(la, force=True) == everything


def test_program_change_rebuilds(la: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import site_builder.la.cache as batch

    _run(la)
    monkeypatch.setattr(batch, "program_fingerprint", lambda: "a newer policy-site")
    assert set(_run(la).values()) == {"built"}


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"version": 1, "schools": []}',
    b'{"version": 1, "schools": {"alpha": {"fingerprint": 5}}}',
    b'{"version": 1, "schools": {"alpha": {"fingerprint": "x", "templates": 7}}}',
    b'{"version": 99, "schools": {}}',
])  # fmt: skip
def test_damaged_cache_is_never_trusted(la: Path, damage: bytes) -> None:
    _run(la)
    (la / "site" / CACHE_FILE).write_bytes(damage)
    assert set(_run(la).values()) == {"built"}
    assert json.loads((la / "site" / CACHE_FILE).read_text())["version"] == CACHE_VERSION


def test_a_failing_school_leaves_the_others_built(la: Path, run_cli: Run) -> None:
    assert run_cli("build", "schools", "--jobs", "2")[0] == 0
    before = digest(la / "site" / "beta")
    beta = la / "schools" / "beta.yml"
    beta.write_text(beta.read_text().replace("adopted: 2026-09-01", "adopted: soon", 1))
    alpha = la / "schools" / "alpha.yml"
    alpha.write_text(alpha.read_text().replace("Alpha School", "Alpha Academy"))
    code, _out, err = run_cli("build", "schools", "--jobs", "2")
    assert code == 1
    assert (
        'schools/beta.yml:12:14: policies.staff-social-media.adopted: "soon" is not a date' in err
    )
    assert "Built 1, unchanged 1, failed 1, warnings 0" in err
    assert digest(la / "site" / "beta") == before
    assert "Alpha Academy" in (la / "site" / "alpha" / "index.html").read_text()


def test_shards_cover_every_school_exactly_once(tmp_path: Path) -> None:
    configs = [tmp_path / f"school-{i:03d}.yml" for i in range(23)]
    for count in (1, 2, 3, 4, 7, 23, 30):
        slices = [shard(configs, i, count) for i in range(1, count + 1)]
        flat = [p for s in slices for p in s]
        assert sorted(flat) == sorted(configs)
        assert len(flat) == len(set(flat))
        assert max(map(len, slices)) - min(map(len, slices)) <= 1
    assert shard(configs, 2, 4) == shard(list(reversed(configs)), 2, 4)
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "2", "a/b", "2/0"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_shard_option_builds_its_slice_only(la: Path, run_cli: Run) -> None:
    code, _, _ = run_cli("build", "schools", "--shard", "2/3")
    assert code == 0
    assert sorted(p.name for p in (la / "site").iterdir() if not p.name.startswith(".")) == ["beta"]
    assert run_cli("build", "schools", "--shard", "4/3")[0] == 2


def test_rebuilds_are_byte_identical(la: Path, run_cli: Run) -> None:
    assert run_cli("build", "schools", "--out", "one")[0] == 0
    assert run_cli("build", "schools", "--out", "two", "--force")[0] == 0
    for slug in ("alpha", "beta", "gamma"):
        assert digest(la / "one" / slug) == digest(la / "two" / slug), slug
    assert (la / "one" / "index.html").read_bytes() == (la / "two" / "index.html").read_bytes()


def _row(review: str, version: str = "1.0.0", library: str = "1.0.0") -> Row:
    return Row("s", "School", "p", "Policy", version, library, "2025-01-01", review, "GB")


@pytest.mark.parametrize(("row", "expected"), [
    (_row("2026-11-20"), "overdue"),
    (_row("2026-11-21"), "due"),
    (_row("2027-01-20"), "due"),
    (_row("2027-01-21"), "current"),
    (_row("2027-06-01", version="1.0.0", library="1.1.0"), "outdated"),
    (_row("2027-06-01", version="1.10.0", library="1.9.0"), "current"),
    (_row("2026-01-01", version="1.0.0", library="2.0.0"), "overdue"),
])  # fmt: skip
def test_dashboard_status(row: Row, expected: str) -> None:
    assert status(row, dt.date(2026, 11, 21)) == expected


def test_index_dashboard_csv_and_calendar(la: Path, run_cli: Run) -> None:
    gamma = la / "schools" / "gamma.yml"
    gamma.write_text(gamma.read_text().replace("adopted: 2026-09-01", "adopted: 2025-10-01"))
    code, _out, err = run_cli("build", "schools")
    assert code == 0, err
    assert "warning: schools/gamma.yml" in err and "review overdue since 1 October 2026" in err
    index = (la / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("Alpha School", "Beta School", "Gamma School"):
        assert name in index
    assert 'href="alpha/index.html"' in index and 'href="beta/reviews.ics"' in index
    assert "http://" not in index.replace("http://www.w3.org", "") and "https://" not in index
    text = (la / "site" / "reviews.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert [(r["school_id"], r["policy_id"], r["status"]) for r in rows] == [
        ("alpha", "staff-social-media", "current"),
        ("beta", "staff-social-media", "current"),
        ("beta", "staff-ict-acceptable-use", "outdated"),
        ("gamma", "staff-social-media", "overdue"),
    ]
    ics = (la / "site" / "beta" / "reviews.ics").read_bytes().decode("utf-8")
    assert ics.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20270901" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_calendar_escapes_and_folds_text() -> None:
    row = Row(
        "s",
        "School",
        "p",
        "Rules; commas, and \\ slashes " + "é" * 60,
        "1.0.0",
        "1.0.0",
        "2026-09-01",
        "2027-09-01",
        "Board",
    )
    ics = ics_text([row], "School")
    assert "SUMMARY:Review due: Rules\\; commas\\, and \\\\ slashes" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    unfolded = ics.replace("\r\n ", "")
    assert "é" * 60 in unfolded


def test_csv_cells_never_start_a_formula(la: Path, run_cli: Run) -> None:
    path = la / "schools" / "alpha.yml"
    path.write_text(path.read_text().replace("name: Alpha School", 'name: "=HYPERLINK(1)"'))
    assert run_cli("build", "schools")[0] == 0
    text = (la / "site" / "reviews.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text


def test_workers_share_the_cpus_with_typst(la: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker limits Typst's thread pool to its share of the CPUs, unless the user chose."""
    # Set, then removed, so that undoing the patch removes what the worker sets too.
    monkeypatch.setenv("RAYON_NUM_THREADS", "unset")
    monkeypatch.delenv("RAYON_NUM_THREADS")
    _init_worker(str(la / "policy_templates"), 1)
    assert os.environ["RAYON_NUM_THREADS"] == "1"
    monkeypatch.setenv("RAYON_NUM_THREADS", "3")
    _init_worker(str(la / "policy_templates"), 1)
    assert os.environ["RAYON_NUM_THREADS"] == "3"
