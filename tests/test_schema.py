"""The JSON Schema for editors: generated, committed, and true to the validator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from site_builder.config.library import Library
from site_builder.config.schema import SCHEMA_FILE, schema_text
from site_builder.config.source import load_yaml

from .conftest import EXAMPLE_SCHOOLS, REPO, SCHOOLS

Run = Callable[..., tuple[int, str, str]]


def test_committed_schema_is_the_generated_one(library: Library) -> None:
    committed = (REPO / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(library), (
        "policy-site.schema.json is out of date: run `policy-site schema > policy-site.schema.json`"
    )


def test_schema_command_prints_it(project: Path, run_cli: Run, library: Library) -> None:
    code, out, _ = run_cli("schema")
    assert code == 0
    assert json.loads(out) == json.loads(schema_text(library))


@pytest.mark.parametrize("slug", EXAMPLE_SCHOOLS)
def test_schema_accepts_example_configs(slug: str, library: Library) -> None:
    doc, problems = load_yaml(SCHOOLS / f"{slug}.yml")
    assert doc is not None and problems == []
    jsonschema.validate(doc.data, json.loads(schema_text(library)))
    first = (SCHOOLS / f"{slug}.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../{SCHEMA_FILE}"


@pytest.mark.parametrize(("change", "path"), [
    (("adopted: 2026-09-14", "adopted: 14/09/26"), ["policies", "staff-social-media", "adopted"]),
    (("  local_authority:", "  local_authorty:"), ["school"]),
    (("friending_parents: take-care", "friending_parents: maybe"),
     ["policies", "staff-social-media", "options", "friending_parents"]),
    (("template_version: 1.0.0", "template_version: 9.9.9"),
     ["policies", "staff-social-media", "template_version"]),
])  # fmt: skip
def test_schema_flags_what_the_validator_flags(
    tmp_path: Path, library: Library, change: tuple[str, str], path: list[str]
) -> None:
    text = (SCHOOLS / "any-school.yml").read_text(encoding="utf-8").replace(*change, 1)
    broken = tmp_path / "any-school.yml"
    broken.write_text(text, encoding="utf-8")
    doc, _ = load_yaml(broken)
    assert doc is not None
    validator = jsonschema.Draft202012Validator(json.loads(schema_text(library)))
    errors = list(validator.iter_errors(doc.data))
    assert {tuple(e.absolute_path) for e in errors} == {tuple(path)}
