"""Configs with an attacker's value in every field the library declares.

Generated from the declarations themselves (shared fields, the per-policy keys, every
template's options and clause slots), so a field added later is attacked too.
"""

from __future__ import annotations

from typing import Any

import yaml

from site_builder.config.library import Library
from site_builder.config.models import POLICY_FIELDS

# Markup, script, template and Typst syntax that must all show as typed.
SCRIPT = "\"><img src=x onerror=alert(1)><script>alert(2)</script>{{7*7}}'-alert(3)-'[x](javascript:a)#set ]]>"
EMAIL = "o'brien+{x}@evil-example.sch.uk"
URL = "https://evil-example.sch.uk/a(b)*_~!$;=,+:@/?q=1&r=(2)#top"


def value_for(ftype: str, text: str, committee: str) -> Any:
    """A value of ``ftype`` carrying ``text`` wherever the type takes free text."""
    return {
        "text": text,
        "list": [text, text],
        "email": EMAIL,
        "url": URL,
        "committee": committee,
        "colour": "#fafafa",
        "date": "2026-09-01",
        "number": 2,
        "yesno": True,
    }.get(ftype)


def hostile_config(library: Library, text: str = SCRIPT) -> str:
    """A school that adopts every template, with ``text`` in every free-text field."""
    committee = text
    data: dict[str, Any] = {}
    for name, spec in library.fields.items():
        if spec.type == "image":
            continue
        if spec.type in ("choice", "choices"):
            value: Any = list(spec.choices) if spec.type == "choices" else next(iter(spec.choices))
        elif name == "governance.governing_body":
            value = text
        elif name == "governance.committees":
            value = [committee]
        else:
            value = value_for(spec.type, text, committee)
        node = data
        *parents, last = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    policies: dict[str, Any] = {}
    for template in library.templates.values():
        options: dict[str, Any] = {}
        for name, spec in template.options.items():
            if spec.type == "choice":
                options[name] = next(iter(spec.choices))
            elif spec.type == "choices":
                options[name] = list(spec.choices)
            else:
                options[name] = value_for(spec.type, text, committee)
        policies[template.id] = {
            "template_version": template.version,
            "adopted": "2026-09-01",
            "approved_by": committee,
            "signatures": [text],
            "options": options,
            "clauses": {name: [text] for name in template.clauses},
        }
    assert set(POLICY_FIELDS) >= {"signatures", "approved_by"}
    data["policies"] = policies
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
