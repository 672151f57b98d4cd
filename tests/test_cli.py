"""The command line: exit codes, messages on stderr, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXAMPLE_SCHOOLS, write

Run = Callable[..., tuple[int, str, str]]


def test_check_ok(project: Path, run_cli: Run) -> None:
    code, out, err = run_cli("check", "schools/kettleshulme.yml")
    assert code == 0
    assert out == (
        "schools/kettleshulme.yml: Kettleshulme St James CE (VA) Primary School, 4 policies, "
        "no problems.\n"
    )
    # A maintained primary with four policies: the statutory ones it lacks, and nothing else.
    lines = err.splitlines()
    assert lines and all(" school.type: " in line for line in lines)
    assert 'a maintained school must have "Admission arrangements"' in err


def test_check_warns_of_an_older_template_version(project: Path, run_cli: Run) -> None:
    code, out, err = run_cli("check", "schools/any-school.yml")
    assert code == 0
    assert out == "schools/any-school.yml: Any School, 6 policies, no problems.\n"
    line = (
        Path("schools/any-school.yml").read_text().splitlines().index("    template_version: 1.0.0")
        + 1
    )
    own = [line for line in err.splitlines() if " school.type: " not in line]
    assert own == [
        f"warning: schools/any-school.yml:{line}:23: policies.staff-social-media.template_version: "
        "follows version 1.0.0; the library's current version is 1.1.0 (see what changed: "
        "policy-site changes schools/any-school.yml --policy staff-social-media)"
    ]
    assert run_cli("check", "--strict", "schools/any-school.yml")[0] == 1


def test_check_takes_a_folder_and_several_files_like_build(project: Path, run_cli: Run) -> None:
    code, out, _err = run_cli("check", "schools")
    assert code == 0
    assert [line.split(":")[0] for line in out.splitlines()] == [
        f"schools/{slug}.yml" for slug in EXAMPLE_SCHOOLS
    ]
    broken = Path("schools/kettleshulme.yml")
    broken.write_text(broken.read_text().replace("adopted: 2026-11-10", "adopted: soon", 1))
    code, out, err = run_cli("check", "schools/any-school.yml", "schools/kettleshulme.yml")
    assert code == 1
    assert out.splitlines() == ["schools/any-school.yml: Any School, 6 policies, no problems."]
    assert err.splitlines()[-2:] == [
        'schools/kettleshulme.yml:31:14: policies.staff-social-media.adopted: "soon" is not a '
        "date (use YYYY-MM-DD)",
        "1 problem found; nothing was changed.",
    ]


def test_check_with_nothing_to_check_is_a_usage_error(project: Path, run_cli: Run) -> None:
    assert run_cli("check") == (
        2,
        "",
        "policy-site check: give a school's config (schools/x.yml), several, a folder of them, "
        "or --templates\n",
    )


def test_check_templates_only(project: Path, run_cli: Run) -> None:
    code, out, _ = run_cli("check", "--templates")
    assert (code, out) == (0, "The template library is fine: 8 templates.\n")


def test_bad_config_exits_1_with_located_message(project: Path, run_cli: Run) -> None:
    path = Path("schools/any-school.yml")
    path.write_text(path.read_text().replace("adopted: 2026-09-14", 'adopted: "31/02/2026"', 1))
    line = path.read_text().splitlines().index('    adopted: "31/02/2026"') + 1
    code, out, err = run_cli("check", str(path))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f'schools/any-school.yml:{line}:14: policies.staff-social-media.adopted: "31/02/2026" is '
        "not a date: February 2026 has no day 31",
        "1 problem found; nothing was changed.",
    ]


def test_missing_config_file(project: Path, run_cli: Run) -> None:
    code, _, err = run_cli("build", "schools/nope.yml")
    assert code == 1
    assert err.splitlines()[0] == "schools/nope.yml: school config not found"


@pytest.mark.parametrize("args", [[], ["frobnicate"], ["build"], ["build", "a.yml", "--bogus"]])
def test_usage_errors_exit_2(project: Path, run_cli: Run, args: list[str]) -> None:
    code, _, err = run_cli(*args)
    assert code == 2
    assert "usage: policy-site" in err


def test_help_shows_an_example(run_cli: Run) -> None:
    code, out, _ = run_cli("build", "--help")
    assert code == 0
    assert "policy-site build schools/any-school.yml" in out


@pytest.mark.slow
def test_build_prints_where_the_site_is(project: Path, run_cli: Run) -> None:
    code, out, err = run_cli("build", "schools/kettleshulme.yml", "--out", "public")
    assert code == 0, err
    assert (
        "Built the site of Kettleshulme St James CE (VA) Primary School (4 policies, 5 PDFs and 5 Word documents) in public/kettleshulme/"
        in out
    )
    assert "public/kettleshulme/index.html" in out
    assert (project / "public" / "kettleshulme" / "index.html").is_file()


@pytest.mark.slow
def test_broken_link_in_template_fails_strict_build_and_keeps_old_site(
    project: Path, run_cli: Run
) -> None:
    assert run_cli("build", "schools/kettleshulme.yml")[0] == 0
    old = (project / "site" / "kettleshulme" / "policies" / "staff-social-media.html").read_bytes()
    policy = project / "policy_templates" / "staff-social-media" / "policy.md"
    policy.write_text(policy.read_text() + "\nSee [the guidance](../missing-page.md).\n")
    code, _, err = run_cli("build", "schools/kettleshulme.yml")
    assert code == 1
    assert "the site did not build" in err and "missing-page.md" in err
    assert "Traceback" not in err
    assert (
        project / "site" / "kettleshulme" / "policies" / "staff-social-media.html"
    ).read_bytes() == old
    assert sorted(p.name for p in (project / "site").iterdir()) == [
        ".policy-site-cache.json",
        "kettleshulme",
    ]


def test_console_script_runs_without_traceback(project: Path) -> None:
    write(project / "schools" / "broken.yml", "school: [\n")
    proc = subprocess.run(
        [sys.executable, "-m", "site_builder.cli", "check", "schools/broken.yml"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(
        "schools/broken.yml:1:9: the [ opened here is never closed; end the list with ] on the "
        "same line"
    )
