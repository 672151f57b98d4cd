"""The file ``policy-site init`` writes: a school's config with each key under a comment
saying what it is, in the order of the config reference, checked as a config before it is
kept (:func:`write_config`); and the starter file of ``--no-input``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.config.fields import FieldSpec
from site_builder.config.images import ImageFile
from site_builder.config.languages import LANGUAGE_FIELDS
from site_builder.config.library import Library
from site_builder.config.models import POLICY_FIELDS
from site_builder.config.schema import SCHEMA_FILE
from site_builder.config.school import load_school
from site_builder.config.template_model import ID_PATTERN
from site_builder.errors import ConfigError
from site_builder.render.escape import yaml_string


@dataclass
class Answers:
    shared: dict[str, Any] = field(default_factory=dict)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)
    languages: list[str] = field(default_factory=lambda: ["en"])
    """The school's languages, the main one first."""
    allow_untranslated: bool | None = None
    """Asked only when a bilingual school adopts a policy that has no Welsh yet."""


def _yaml(value: Any) -> str:
    """A YAML value: JSON-quoted strings are valid YAML, and never mistaken for anything."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):  # one value per language: {cy: ..., en: ...}
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, ImageFile):
        value = value.source
    return yaml_string(str(value))


def _comment(spec: FieldSpec, indent: str, required_mark: bool = False) -> list[str]:
    words = spec.description
    if spec.type in ("choice", "choices"):
        words += " Choose from: " + ", ".join(spec.choices) + "."
    if required_mark and spec.required:
        words = "REQUIRED. " + words
    return [f"{indent}# {line}" for line in _wrap(words, 92 - len(indent))]


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def config_text(library: Library, answers: Answers, starter: bool = False) -> str:
    """The config file: each key under a comment saying what it is, in the reference order."""
    out = [
        f"# yaml-language-server: $schema=../{SCHEMA_FILE}",
        "# Policy site configuration. Check it with `policy-site check` and build the site",
        "# with `policy-site build`. Dates are YEAR-MONTH-DAY, like 2026-09-01 (14/09/2026 and",
        "# 14 September 2026 are understood too).",
    ]
    if answers.languages != ["en"]:
        out += [
            "",
            *_comment(LANGUAGE_FIELDS["languages"], ""),
            f"languages: {_yaml(answers.languages)}",
        ]
    if answers.allow_untranslated:
        out += [
            "",
            *_comment(LANGUAGE_FIELDS["allow_untranslated"], ""),
            "allow_untranslated: true",
        ]
    groups: dict[str, list[tuple[str, FieldSpec]]] = {}
    for name, spec in library.fields.items():
        head, _, rest = name.partition(".")
        groups.setdefault(head, []).append((rest, spec))
    for head, members in groups.items():
        out.append("")
        if members[0][0] == "":  # a top-level field such as "everyone"
            spec = members[0][1]
            value = answers.shared.get(head, spec.example if starter else None)
            out += _comment(spec, "", starter)
            out.append(f"{head}: {_yaml(value)}" if value not in (None, []) else f"# {head}:")
            continue
        out.append(f"{head}:")
        for rest, spec in members:
            name = f"{head}.{rest}"
            value = answers.shared.get(name)
            if value is None and starter and spec.required:
                value = f"TODO: {spec.title.lower()}"
            out += _comment(spec, "  ", starter)
            if value in (None, []):
                example = f" {_yaml(spec.example)}" if spec.example is not None else ""
                out.append(f"  # {rest}:{example}")
            else:
                out.append(f"  {rest}: {_yaml(value)}")
    out += ["", "# The policies the school has adopted, one entry per template id.", "policies:"]
    for pid, entry in answers.policies.items():
        template = library.templates[pid]
        out += [
            "",
            *[f"  # {line}" for line in _wrap(f"{template.title}: {template.summary}", 88)],
            f"  {pid}:",
        ]
        for key in ("template_version", "adopted", "approved_by", "review_cycle_months"):
            out += _comment(POLICY_FIELDS[key], "    ", starter)
            out.append(f"    {key}: {_yaml(entry[key])}")
        signatures = entry.get("signatures")
        if signatures:
            out += _comment(POLICY_FIELDS["signatures"], "    ")
            out.append(f"    signatures: {_yaml(signatures)}")
        options = entry.get("options") or {}
        out.append("    # The template's options; one left out takes its default.")
        if options:
            out.append("    options:")
            for name, value in options.items():
                out += _comment(template.options[name], "      ")
                out.append(f"      {name}: {_yaml(value)}")
        else:
            out.append("    options: {}")
        clauses = entry.get("clauses") or {}
        if clauses:
            out.append(
                "    # Your own items, added after the LA's; each is labelled as the school's."
            )
            out.append("    clauses:")
            for name, items in clauses.items():
                out += _comment(template.clauses[name], "      ")
                out.append(f"      {name}:")
                out += [f"        - {_yaml(item)}" for item in items]
        elif template.clauses:
            names = ", ".join(template.clauses)
            out.append(f"    # Places for your own items, if you want any: {names}")
    return "\n".join(out) + "\n"


def starter_answers(library: Library) -> Answers:
    """Every policy, with example dates: a file to edit by hand."""
    answers = Answers()
    roles = {"{headteacher}": "Headteacher", "{chair}": "Chair of Governors"}
    for t in library.templates.values():
        answers.policies[t.id] = {
            "template_version": t.version,
            "adopted": "TODO: the date it was approved",
            "approved_by": "Governing Body",
            "review_cycle_months": t.review_cycle_months,
            "signatures": [roles.get(r, r) for r in t.signatures],
            "options": {},
        }
    return answers


PLACEHOLDER = "looks like a placeholder that was never filled in"


def write_config(path: Path, text: str, library: Library, *, starter: bool = False) -> None:
    """Write ``text`` to ``path`` and check it as a school config; on a problem, put back
    what was there before and raise. A ``starter`` file may fail only on its ``TODO``
    values, which the school must replace before it can build."""
    if not ID_PATTERN.match(path.stem):
        from site_builder.errors import Problem

        raise ConfigError(
            [
                Problem(
                    str(path),
                    message=(
                        "the file name must be the school's short id: lower-case letters, "
                        "digits and hyphens, like schools/st-marys.yml"
                    ),
                )
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = path.with_name(f".{path.name}.previous")
    if path.exists():
        path.replace(backup)
    path.write_text(text, encoding="utf-8")
    try:
        load_school(path, library)
    except ConfigError as exc:
        if starter and all(PLACEHOLDER in p.message for p in exc.problems):
            backup.unlink(missing_ok=True)
            return
        path.unlink()
        if backup.exists():
            backup.replace(path)
        raise
    backup.unlink(missing_ok=True)
