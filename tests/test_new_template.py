"""Adding a template to the library needs only a new folder: no code, no registration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import GOOD, Run, write

DECLARATION = """\
id: visitors-code
title: Code of conduct for visitors
version: 1.0.0
summary: What the school expects of everyone who visits.
applies_to: [volunteers]
suggested_approver: Governing Body
review_cycle_months: 36
options:
  sign_in_point:
    type: text
    required: true
    description: Where visitors sign in.
    example: the main reception
clauses:
  extra_rules:
    description: Rules of your own for visitors.
    example: [Wear your visitor badge at all times.]
"""

TEXT = """\
## Arriving

Every visitor to {{ school.name }} signs in at {{ options.sign_in_point }} and wears a badge.

{% for rule in clauses.extra_rules %}
- {{ rule | own }}
{% endfor %}
"""


@pytest.mark.slow
def test_a_new_template_folder_is_all_it_takes(project: Path, run_cli: Run) -> None:
    write(project / "policy_templates" / "visitors-code" / "template.yml", DECLARATION)
    write(project / "policy_templates" / "visitors-code" / "policy.md", TEXT)
    write(
        project / "schools" / "test.yml",
        GOOD
        + """\
  visitors-code:
    template_version: 1.0.0
    adopted: 2026-09-01
    approved_by: Governing Body
    options:
      sign_in_point: the school office
    clauses:
      extra_rules: [Do not use your phone in corridors.]
""",
    )
    assert run_cli("check", "--templates")[1] == "The template library is fine: 9 templates.\n"
    code, _out, err = run_cli("build", "schools/test.yml")
    assert code == 0, err
    site = project / "site" / "test"
    page = (site / "policies" / "visitors-code.html").read_text(encoding="utf-8")
    assert "signs in at the school office" in page
    assert (
        'Do not use your phone in corridors. <span class="school-own">added by the school' in page
    )
    assert (site / "pdf" / "test-visitors-code.pdf").is_file()
    assert "Code of conduct for visitors" in (site / "index.html").read_text(encoding="utf-8")
    code, schema, _ = run_cli("schema")
    entry = json.loads(schema)["properties"]["policies"]["properties"]["visitors-code"]
    assert entry["properties"]["options"]["required"] == ["sign_in_point"]
