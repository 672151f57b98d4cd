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
from site_builder.config.languages import LANGUAGE_FIELDS
from site_builder.config.library import Library
from site_builder.config.models import POLICY_GROUPS, policy_fields
from site_builder.config.template_model import Template
from site_builder.locale import LANGUAGES

SCHEMA_FILE = "policy-site.schema.json"


def _field(spec: FieldSpec) -> dict[str, Any]:
    """A field's schema; a value of words may also be given per language (see
    :mod:`site_builder.config.languages`)."""
    schema = spec.json_schema()
    if spec.type not in ("text", "list", "committee"):
        return schema
    one = {k: v for k, v in schema.items() if k not in ("description", "examples", "default")}
    if spec.type == "list":
        item = one["items"]
        one = {**one, "items": {"anyOf": [item, _per_language(item)]}}
    described: dict[str, Any] = {
        k: schema[k] for k in ("description", "examples", "default") if k in schema
    }
    return {**described, "anyOf": [one, _per_language(one)]}


def _per_language(schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "The value in each of the school's languages.",
        "additionalProperties": False,
        "properties": {lang: schema for lang in LANGUAGES},
    }


def _object(specs: dict[str, FieldSpec] | dict[str, Any], description: str) -> dict[str, Any]:
    properties = {
        name: (_field(spec) if isinstance(spec, FieldSpec) else spec)
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
            top[head] = _field(spec)
    for head, specs in groups.items():
        top[head] = _object(specs, f"The school's {head} details.")
    for name, spec in LANGUAGE_FIELDS.items():
        top[name] = spec.json_schema()
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
