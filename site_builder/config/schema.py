"""The JSON Schema of a school config, generated from the declarations.

Editors (VS Code with the YAML extension, for one) read it through the
``# yaml-language-server: $schema=...`` line at the top of each config and offer completion,
descriptions on hover and red squiggles as the school types. It is derived, never written by
hand: the library's fields and each template's options are its only source.
"""

from __future__ import annotations

import json
from typing import Any

from site_builder.config.external import EXTERNAL_FIELDS, EXTERNAL_KEY
from site_builder.config.fields import FieldSpec
from site_builder.config.library import Library, Template
from site_builder.config.models import POLICY_GROUPS, policy_fields

SCHEMA_FILE = "policy-site.schema.json"


def _object(specs: dict[str, FieldSpec] | dict[str, Any], description: str) -> dict[str, Any]:
    properties = {
        name: (spec.json_schema() if isinstance(spec, FieldSpec) else spec)
        for name, spec in specs.items()
    }
    required = [n for n, s in specs.items() if isinstance(s, FieldSpec) and s.required]
    out: dict[str, Any] = {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        out["required"] = required
    return out


def _policy(template: Template, library: Library) -> dict[str, Any]:
    fields: dict[str, Any] = dict(policy_fields(library))
    entry = _object(fields, f"{template.title}: {template.summary}")
    entry["properties"]["template_version"]["enum"] = template.versions
    entry["properties"]["options"] = _object(template.options, POLICY_GROUPS["options"])
    entry["properties"]["clauses"] = _object(template.clauses, POLICY_GROUPS["clauses"])
    return entry


def school_schema(library: Library) -> dict[str, Any]:
    """The schema of ``schools/<slug>.yml`` for this library."""
    groups: dict[str, dict[str, FieldSpec]] = {}
    top: dict[str, Any] = {}
    for name, spec in library.fields.items():
        head, _, rest = name.partition(".")
        if rest:
            groups.setdefault(head, {})[rest] = spec
        else:
            top[head] = spec.json_schema()
    for head, specs in groups.items():
        top[head] = _object(specs, f"The school's {head} details.")
    top["policies"] = {
        "type": "object",
        "description": "The policies the school has adopted, one entry per template id.",
        "additionalProperties": False,
        "properties": {t.id: _policy(t, library) for t in library.templates.values()},
    }
    top[EXTERNAL_KEY] = {
        "type": "object",
        "description": "Statutory policies the school keeps outside the library, one entry per "
        "id of the statutory register (policy_templates/register.yml).",
        "propertyNames": {"enum": list(library.register.entries)},
        "additionalProperties": _object(
            EXTERNAL_FIELDS, "A statutory policy kept outside the library: give url or pdf."
        ),
    }
    required = sorted(
        {n.partition(".")[0] for n, s in library.fields.items() if s.required} | {"policies"}
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"School policy config ({library.name})",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": top,
    }


def schema_text(library: Library) -> str:
    """The schema as the stable, pretty JSON ``policy-site schema`` prints."""
    return json.dumps(school_schema(library), indent=2, ensure_ascii=False) + "\n"
