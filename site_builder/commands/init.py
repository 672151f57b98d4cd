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
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from site_builder.commands.init_file import Answers
from site_builder.config import dates
from site_builder.config.fields import FieldSpec
from site_builder.config.languages import LANGUAGE_FIELDS, is_word_field
from site_builder.config.library import Library
from site_builder.config.models import POLICY_FIELDS, approvers
from site_builder.config.reviews import version_in_force
from site_builder.config.template_model import Template
from site_builder.config.translations import translations
from site_builder.config.validators import Context, Invalid

Ask = Callable[[str], str]


def in_language(value: Any, language: str = "en") -> Any:
    """A value given per language (``{cy: ..., en: ...}``, or a list of such) in one."""
    if isinstance(value, dict):
        return value.get(language)
    if isinstance(value, list):
        return [in_language(v, language) for v in value]
    return value


class Questionnaire:
    """Asks one question at a time through ``ask`` and writes explanations to ``out``."""

    def __init__(self, library: Library, ask: Ask, out: TextIO, base_dir: Path) -> None:
        self.library = library
        self.ask = ask
        self.out = out
        self.base_dir = base_dir
        self.languages = ["en"]

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

    def words(
        self,
        spec: FieldSpec,
        ctx: Context,
        group: str = "",
        default: Any = None,
        welsh_default: Any = None,
    ) -> Any:
        """A value, and for a bilingual school its Welsh as well when it is words: returned
        as the config writes it, ``{cy: ..., en: ...}`` (item by item for a list)."""
        value = self.field(spec, ctx, default)
        if value is None or self.languages == ["en"] or not is_word_field(spec, group):
            return value
        return self.welsh(spec, ctx, value, welsh_default)

    def welsh(self, spec: FieldSpec, ctx: Context, value: Any, default: Any = None) -> Any:
        """Ask for the Welsh of ``value`` (already given in English) and pair the two."""
        asked = replace(spec, label=f"{spec.title}, in Welsh", required=True, default=None)
        while True:
            welsh = self.field(asked, ctx, default)
            if not isinstance(value, list):
                return {"cy": welsh, "en": value}
            if len(welsh) == len(value):
                return [{"cy": w, "en": e} for w, e in zip(welsh, value, strict=True)]
            self.say(
                f"  Give {len(value)} in Welsh, in the same order as the English: {_show(value)}."
            )

    def ask_languages(self, answers: Answers) -> None:
        """For a school in Wales, when the library has Welsh: English only, or Welsh and
        English; then the Welsh of each word already given."""
        if not translations(self.library, "cy"):
            return
        spec = LANGUAGE_FIELDS["languages"]
        self.say()
        self.say("The library has policies in Welsh, so the site can be in Welsh and English.")
        self.say("Give cy, en for a bilingual site with the Welsh pages first.")
        chosen = self.field(spec, Context(), default=["en"])
        self.languages = answers.languages = list(dict.fromkeys(chosen or ["en"]))
        if self.languages == ["en"]:
            return
        self.say("Now the Welsh of what you have written so far.")
        for name, value in list(answers.shared.items()):
            spec = self.library.fields[name]
            if is_word_field(spec):
                answers.shared[name] = self.welsh(spec, Context(), value)

    def approvers(self, answers: Answers) -> list[str]:
        """Who may approve a policy, by its name in each of the school's languages (the
        school's main body first)."""
        names: list[str] = []
        for language in ("en", *(c for c in self.languages if c != "en")):
            names += approvers(
                self.library.fields,
                in_language(answers.shared.get("governance.governing_body"), language),
                in_language(answers.shared.get("governance.committees"), language),
            )
        return list(dict.fromkeys(n for n in names if n))

    def untranslated(self, answers: Answers, template: Template, version: str) -> None:
        """For a bilingual school, a policy whose version has no Welsh yet: say so, and ask
        once whether such a policy's Welsh page may show the English meanwhile."""
        if self.languages == ["en"]:
            return
        tr = translations(self.library, "cy").get(template.id)
        if tr is not None and tr.fits(version):
            return
        self.say(
            f"  Version {version} of this policy has no Welsh translation yet, so its Welsh "
            "page cannot be built until the LA adds one."
        )
        if answers.allow_untranslated is None:
            spec = LANGUAGE_FIELDS["allow_untranslated"]
            answers.allow_untranslated = bool(self.field(spec, Context(), default=False))

    def run(self) -> Answers:
        answers = Answers()
        lib = self.library
        self.say(f"Let's set up your school's policy site ({lib.name}).")
        self.say("Press Enter to accept a suggestion in [brackets].")
        for name, spec in lib.fields.items():
            committees = self.approvers(answers)
            ctx = Context(committees=committees, base_dir=self.base_dir)
            value = self.words(spec, ctx)
            if value is not None:
                answers.shared[name] = value
            if name == "school.nation" and value == "wales":
                self.ask_languages(answers)
        templates = list(lib.templates.values())
        self.say()
        self.say("Which policies will the school adopt?")
        for i, t in enumerate(templates, 1):
            self.say(f"  {i}. {t.title}: {t.summary}")
        chosen = [templates[i] for i in self._choose(len(templates))]
        committees = self.approvers(answers)
        body = committees[0] if committees else ""
        ctx = Context(committees=committees, base_dir=self.base_dir)
        shared = shared_options(chosen)
        shared_values: dict[str, Any] = {}
        if shared:
            self.say()
            self.say("--- Choices that apply to several of your policies ---")
            self.say("Each is asked once and used in every policy that has it.")
            for name, spec in shared.items():
                shared_values[name] = self.words(spec, ctx, "options")
        head, chair = (
            answers.shared.get(f) for f in ("school.headteacher_title", "governance.chair_title")
        )
        roles = {
            "{headteacher}": in_language(head) or "Headteacher",
            "{chair}": in_language(chair) or "Chair of Governors",
        }
        welsh_roles = {
            "{headteacher}": head.get("cy") if isinstance(head, dict) else None,
            "{chair}": chair.get("cy") if isinstance(chair, dict) else None,
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
            self.untranslated(answers, t, version)
            entry: dict[str, Any] = {"template_version": version, "adopted": adopted}
            template = t.version_of(version) or t
            approver = t.suggested_approver if t.suggested_approver in committees else body
            entry["approved_by"] = self.field(POLICY_FIELDS["approved_by"], ctx, default=approver)
            entry["review_cycle_months"] = self.field(
                POLICY_FIELDS["review_cycle_months"], ctx, default=t.review_cycle_months
            )
            usual = [roles.get(r, r) for r in template.signatures]
            welsh = [welsh_roles.get(r) for r in template.signatures]
            signers = self.words(
                POLICY_FIELDS["signatures"],
                ctx,
                "signatures",
                default=usual or None,
                welsh_default=welsh if usual and all(welsh) else None,
            )
            entry["signatures"] = signers or []
            options = {}
            for name, spec in template.options.items():
                value = shared_values[name] if name in shared else self.words(spec, ctx, "options")
                if value is not None and value != spec.default:
                    options[name] = value
            entry["options"] = options
            clauses = {}
            for name, spec in template.clauses.items():
                items = self.words(spec, ctx, "clauses")
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
