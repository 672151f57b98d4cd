"""``policy-site init``: a questionnaire that writes a school's first config.

It asks for each field the library declares, showing its description and an example,
checks every answer as it is typed (a wrong answer is asked again, never accepted), offers
defaults, and writes a config with each key's description as a comment above it. It never
overwrites a file without asking. With ``--no-input`` it writes a commented starter file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from site_builder.config import dates
from site_builder.config.fields import FieldSpec
from site_builder.config.images import ImageFile
from site_builder.config.library import Library
from site_builder.config.models import POLICY_FIELDS, approvers
from site_builder.config.reviews import version_in_force
from site_builder.config.schema import SCHEMA_FILE
from site_builder.config.school import load_school
from site_builder.config.template_model import ID_PATTERN, Template
from site_builder.config.validators import Context, Invalid
from site_builder.errors import ConfigError
from site_builder.render.escape import yaml_string

Ask = Callable[[str], str]


@dataclass
class Answers:
    shared: dict[str, Any] = field(default_factory=dict)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)


class Questionnaire:
    """Asks one question at a time through ``ask`` and writes explanations to ``out``."""

    def __init__(self, library: Library, ask: Ask, out: TextIO, base_dir: Path) -> None:
        self.library = library
        self.ask = ask
        self.out = out
        self.base_dir = base_dir

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def field(self, spec: FieldSpec, ctx: Context, default: Any = None) -> Any:
        """Ask for one value until it is valid; Enter takes the default (or skips)."""
        default = spec.default if default is None else default
        self.say()
        self.say(f"{spec.title}: {spec.description}")
        if spec.example is not None and spec.type not in ("choice", "choices", "yesno"):
            self.say(f"  for example: {_show(spec.example)}")
        if spec.type in ("choice", "choices"):
            for i, (key, meaning) in enumerate(spec.choices.items(), 1):
                self.say(f"  {i}. {key}: {meaning}")
        how = {
            "choice": "  Answer with a number or a name from the list.",
            "choices": "  Answer with numbers or names from the list, separated by commas.",
            "list": "  Give several by separating them with commas.",
            "yesno": "  Answer yes or no.",
            "date": "  Write the date as on a letter, like 14/09/2026 or 14 September 2026.",
        }.get(spec.type)
        if how:
            self.say(how)
        while True:
            hint = (
                f" [{_show(default)}]"
                if default not in (None, [])
                else ("" if spec.required else " (Enter to leave out)")
            )
            raw = self.ask(f"{spec.title}{hint}: ").strip()
            if not raw:
                if default not in (None, []):
                    return default
                if not spec.required:
                    return None
                self.say("  This one is needed; please give a value.")
                continue
            heard = replace(ctx, notes=[])
            try:
                value = spec.validate(_parse(spec, raw), heard)
            except Invalid as exc:
                self.say(f"  That is not right: {exc}. Please try again.")
                continue
            for _, note in heard.notes:
                self.say(f"  Understood: {note}.")
            return value

    def run(self) -> Answers:
        answers = Answers()
        lib = self.library
        self.say(f"Let's set up your school's policy site ({lib.name}).")
        self.say("Press Enter to accept a suggestion in [brackets].")
        for name, spec in lib.fields.items():
            committees = approvers(
                lib.fields,
                answers.shared.get("governance.governing_body"),
                answers.shared.get("governance.committees"),
            )
            ctx = Context(committees=committees, base_dir=self.base_dir)
            value = self.field(spec, ctx)
            if value is not None:
                answers.shared[name] = value
        templates = list(lib.templates.values())
        self.say()
        self.say("Which policies will the school adopt?")
        for i, t in enumerate(templates, 1):
            self.say(f"  {i}. {t.title}: {t.summary}")
        chosen = [templates[i] for i in self._choose(len(templates))]
        committees = approvers(
            lib.fields,
            answers.shared.get("governance.governing_body"),
            answers.shared.get("governance.committees"),
        )
        body = committees[0] if committees else ""
        ctx = Context(committees=committees, base_dir=self.base_dir)
        shared = shared_options(chosen)
        shared_values: dict[str, Any] = {}
        if shared:
            self.say()
            self.say("--- Choices that apply to several of your policies ---")
            self.say("Each is asked once and used in every policy that has it.")
            for name, spec in shared.items():
                shared_values[name] = self.field(spec, ctx)
        roles = {
            "{headteacher}": answers.shared.get("school.headteacher_title") or "Headteacher",
            "{chair}": answers.shared.get("governance.chair_title") or "Chair of Governors",
        }
        for t in chosen:
            self.say()
            self.say(f"--- {t.title} ---")
            adopted = self.field(POLICY_FIELDS["adopted"], ctx, default=dates.today())
            version = version_in_force(t, adopted)
            if version != t.version:
                self.say(
                    f"  On {dates.uk(adopted)} the LA's version of this policy was {version}; "
                    f"that is the one recorded (the current version is {t.version})."
                )
            entry: dict[str, Any] = {"template_version": version, "adopted": adopted}
            template = t.version_of(version) or t
            approver = t.suggested_approver if t.suggested_approver in committees else body
            entry["approved_by"] = self.field(POLICY_FIELDS["approved_by"], ctx, default=approver)
            entry["review_cycle_months"] = self.field(
                POLICY_FIELDS["review_cycle_months"], ctx, default=t.review_cycle_months
            )
            usual = [roles.get(r, r) for r in template.signatures]
            signers = self.field(POLICY_FIELDS["signatures"], ctx, default=usual or None)
            entry["signatures"] = signers or []
            options = {}
            for name, spec in template.options.items():
                value = shared_values[name] if name in shared else self.field(spec, ctx)
                if value is not None and value != spec.default:
                    options[name] = value
            entry["options"] = options
            clauses = {}
            for name, spec in template.clauses.items():
                items = self.field(spec, ctx)
                if items:
                    clauses[name] = items
            entry["clauses"] = clauses
            answers.policies[t.id] = entry
        return answers

    def _choose(self, count: int) -> list[int]:
        while True:
            raw = self.ask("Numbers separated by commas, or Enter for all: ").strip()
            if not raw:
                return list(range(count))
            try:
                picked = sorted({int(p) for p in re.split(r"[,\s]+", raw) if p})
            except ValueError:
                self.say("  Please give numbers, like 1, 3.")
                continue
            if picked and all(1 <= p <= count for p in picked):
                return [p - 1 for p in picked]
            self.say(f"  Please choose numbers from 1 to {count}.")


def shared_options(templates: list[Template]) -> dict[str, FieldSpec]:
    """Options declared the same way by more than one of ``templates``: asked once, so the
    answers cannot disagree between policies."""
    seen: dict[str, list[FieldSpec]] = {}
    for t in templates:
        for name, spec in t.options.items():
            seen.setdefault(name, []).append(spec)
    return {
        name: specs[0]
        for name, specs in seen.items()
        if len(specs) > 1
        and all((s.type, s.choices) == (specs[0].type, specs[0].choices) for s in specs)
    }


def _parse(spec: FieldSpec, raw: str) -> Any:
    """What a typed answer means for this kind of field."""
    if spec.type == "yesno":
        word = raw.lower()
        if word in ("y", "yes", "true"):
            return True
        if word in ("n", "no", "false"):
            return False
        return raw
    if spec.type == "number":
        return int(raw) if raw.isdigit() else raw
    if spec.type in ("list", "choices"):
        items = [p.strip() for p in re.split(r"[;,]", raw) if p.strip()]
        if spec.type == "choices":
            keys = list(spec.choices)
            items = [
                keys[int(p) - 1] if p.isdigit() and 1 <= int(p) <= len(keys) else p for p in items
            ]
        return items
    if spec.type == "choice" and raw.isdigit():
        keys = list(spec.choices)
        if 1 <= int(raw) <= len(keys):
            return keys[int(raw) - 1]
    return raw


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


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
