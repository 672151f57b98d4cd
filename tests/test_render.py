"""Rendering templates with school values: golden output, escaping, missing values, dates."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from site_builder.config import dates
from site_builder.config.library import Library, load_library
from site_builder.config.school import load_school
from site_builder.errors import ConfigError
from site_builder.render.checks import check_templates
from site_builder.render.jinja import render_school

from .conftest import EXAMPLE_SCHOOLS, MINIMAL_SCHOOL, SCHOOLS, TEMPLATES, write

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("slug", EXAMPLE_SCHOOLS)
def test_example_school_matches_golden_markdown(slug: str, library: Library) -> None:
    config = load_school(SCHOOLS / f"{slug}.yml", library, "en")  # the English text
    for policy in render_school(config, library):
        golden = GOLDEN / slug / f"{policy.id}.md"
        if os.environ.get("UPDATE_GOLDEN"):
            write(golden, policy.markdown)
        assert golden.is_file(), f"no golden file {golden}; run with UPDATE_GOLDEN=1"
        assert policy.markdown == golden.read_text(encoding="utf-8"), (
            f"{slug}/{policy.id} differs from {golden}; if the change is intended, "
            "rerun with UPDATE_GOLDEN=1 and review the diff"
        )


def test_templates_pass_static_checks(library: Library) -> None:
    errors, _ = check_templates(
        library,
        ("school.logo", "school.colour", "school.website", "school.phone", "governance.committees"),
    )
    assert errors == []


def _render(tmp_path: Path, library: Library, text: str) -> str:
    path = write(tmp_path / "schools" / "test-school.yml", text)
    config = load_school(path, library)
    (policy,) = render_school(config, library)
    return policy.markdown


def test_uk_dates_and_review_from_cycle(tmp_path: Path, library: Library) -> None:
    text = _render(tmp_path, library, MINIMAL_SCHOOL.format(name="Test School"))
    assert "approved by the Governing Body on 1 September 2026" in text
    assert "by 1 September 2027" in text


def test_hostile_school_name_is_escaped_in_markdown(tmp_path: Path, library: Library) -> None:
    text = _render(
        tmp_path, library, MINIMAL_SCHOOL.format(name='"St <Mary\'s> *Academy* {{x}} # [a](b)"')
    )
    assert "St &#60;Mary's&#62; &#42;Academy&#42; &#123;&#123;x&#125;&#125; &#35;" in text
    assert "<Mary" not in text and "*Academy*" not in text and "{{x}}" not in text


def _edited_library(tmp_path: Path, text: str, *, append: bool = True) -> tuple[Path, Path]:
    """A copy of the real library whose staff-social-media text is extended (or replaced)."""
    root = tmp_path / "policy_templates"
    shutil.copytree(TEMPLATES, root)
    policy = root / "staff-social-media" / "policy.md"
    policy.write_text((policy.read_text() if append else "") + text)
    return root, policy


def test_optional_value_used_but_not_given_is_an_error(tmp_path: Path) -> None:
    root, _ = _edited_library(tmp_path, "\nVisit {{ school.website }}.\n")
    library = load_library(root)
    path = write(tmp_path / "schools" / "no-site.yml", MINIMAL_SCHOOL.format(name="Test"))
    config = load_school(path, library)
    with pytest.raises(ConfigError) as info:
        render_school(config, library)
    message = str(info.value)
    assert "school.website" in message
    assert "no-site.yml:10:" in message
    assert "policies.staff-social-media" in message


def test_undeclared_option_in_template_is_reported_statically(tmp_path: Path) -> None:
    root, policy = _edited_library(tmp_path, "\n{{ options.colour_of_sky }}\n")
    errors, _ = check_templates(load_library(root))
    assert [str(e) for e in errors] == [
        f"{policy}:{len(policy.read_text().splitlines())}: options.colour_of_sky: is used but "
        "not declared in "
        f"{root / 'staff-social-media' / 'template.yml'} or library.yml"
    ]


def test_template_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    root, policy = _edited_library(
        tmp_path, "Line one\n{% if options.parents_section %}\nunclosed\n", append=False
    )
    errors, _ = check_templates(load_library(root))
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{policy}:3: template syntax:")


def test_placeholder_debris_in_template_is_an_error(tmp_path: Path) -> None:
    root, policy = _edited_library(tmp_path, "\nThis was developed in (insert Date).\n")
    errors, _ = check_templates(load_library(root))
    line = len(policy.read_text().splitlines())
    assert [str(e) for e in errors] == [
        f'{policy}:{line}: placeholder "(insert" left in the policy text: fill it in or remove it'
    ]


def test_placeholder_in_a_school_value_is_a_config_error(tmp_path: Path, library: Library) -> None:
    path = write(tmp_path / "schools" / "debris.yml", MINIMAL_SCHOOL.format(name="XXXXXXXX School"))
    with pytest.raises(ConfigError) as info:
        load_school(path, library)
    assert [p.message for p in info.value.problems] == [
        '"XXXXXXXX" looks like a placeholder that was never filled in; write the real text'
    ]


@pytest.mark.parametrize(("start", "months", "expected"), [
    (dt.date(2026, 9, 1), 12, dt.date(2027, 9, 1)),
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
    (dt.date(2026, 11, 15), 24, dt.date(2028, 11, 15)),
])  # fmt: skip
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert dates.add_months(start, months) == expected


def test_uk_date_format_does_not_depend_on_locale() -> None:
    assert dates.uk(dt.date(2026, 9, 1)) == "1 September 2026"
