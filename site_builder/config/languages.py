"""The languages a school publishes in, and its values given once per language.

A school writes ``languages: [cy, en]`` (the first is the primary, whose pages sit at the
site's root) or nothing for English only. A value that is words rather than a name may then
be given per language, ``{cy: Pennaeth, en: Headteacher}``. The config is checked once for
each language on a copy of the document in which every such pair is replaced by that
language's value (:func:`in_language`), so every later check, message and position is the
one a monolingual config gets. What only a bilingual config can get wrong (a missing Welsh
value, one English value for a word field) is found first, by :func:`word_problems`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Literal

from site_builder.config.external import EXTERNAL_FIELDS, EXTERNAL_KEY
from site_builder.config.fields import FieldSpec
from site_builder.config.library import Library
from site_builder.config.models import POLICY_FIELDS, POLICY_GROUPS
from site_builder.config.nodes import KeyPath
from site_builder.config.source import Located
from site_builder.config.validators import Context, Invalid
from site_builder.errors import Problem
from site_builder.locale import LANGUAGES

LANGUAGE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec(
            "languages", "choices",
            "The languages the site, printed copies and Word copies are published in, the "
            "main one first: its pages sit at the site's root, the other's under /en/ or /cy/. "
            "A bilingual school gives every word field in each language.",
            example=["cy", "en"], default=["en"],
            choices={"cy": "Welsh (Cymraeg)", "en": "English"},
        ),
        FieldSpec(
            "allow_untranslated", "yesno",
            "Publish a policy whose template has no translation yet in the language's site, "
            "in English with a notice saying so, instead of stopping the build.",
            example=False, default=False,
        ),
    )
}  # fmt: skip
"""The school's own top-level language keys: declared once, like every field."""

LANGUAGE_WORDS = {"cy": "Welsh", "en": "English"}


@dataclass(frozen=True)
class Languages:
    codes: tuple[str, ...] = ("en",)
    allow_untranslated: bool = False

    @property
    def bilingual(self) -> bool:
        return len(self.codes) > 1


def read_languages(doc: Located) -> tuple[Languages, list[Problem]]:
    """The school's languages and whether untranslated policies may be published."""
    problems: list[Problem] = []
    got: dict[str, Any] = {}
    for name, spec in LANGUAGE_FIELDS.items():
        raw = doc.data.get(name) if isinstance(doc.data, dict) else None
        if raw is None:
            got[name] = spec.default
            continue
        try:
            got[name] = spec.validate(raw, Context())
        except Invalid as exc:
            problems.append(
                doc.problem((name,) if exc.index is None else (name, exc.index), str(exc))
            )
            got[name] = spec.default
    codes = tuple(dict.fromkeys(got["languages"] or ["en"]))
    if len(codes) < len(got["languages"] or []):
        problems.append(doc.problem(("languages",), "names a language twice"))
    return Languages(codes, bool(got["allow_untranslated"])), problems


def is_words(value: Any) -> bool:
    """``{cy: ..., en: ...}``: one value per language."""
    return isinstance(value, dict) and bool(value) and all(k in LANGUAGES for k in value)


def in_language(doc: Located, language: str) -> Located:
    """The document with every per-language value replaced by ``language``'s (a missing one
    by None, which :func:`word_problems` has already reported), and a committee given in
    one language replaced by the same committee in ``language``."""
    committees = _committees(doc.data, language)
    data = _pick(doc.data, language)
    if isinstance(data, dict):
        for path in _committee_paths(data):
            node = data
            for part in path[:-1]:
                node = node[part]
            value = node[path[-1]]
            if isinstance(value, str):
                node[path[-1]] = committees.get(value.strip(), value)
    return replace(doc, data=data)


def _pick(value: Any, language: str) -> Any:
    if is_words(value):
        return _pick(value.get(language), language)
    if isinstance(value, dict):
        return {k: _pick(v, language) for k, v in value.items()}
    if isinstance(value, list):
        return [_pick(v, language) for v in value]
    return value


def _committees(data: Any, language: str) -> dict[str, str]:
    """Each committee's name in any language -> its name in ``language``."""
    if not isinstance(data, dict) or not isinstance(data.get("governance"), dict):
        return {}
    gov = data["governance"]
    names = [gov.get("governing_body")]
    if isinstance(gov.get("committees"), list):
        names += gov["committees"]
    out: dict[str, str] = {}
    for name in names:
        if is_words(name) and isinstance(name.get(language), str):
            for other in name.values():
                if isinstance(other, str):
                    out[other.strip()] = name[language]
    return out


def _committee_paths(data: dict[str, Any]) -> list[KeyPath]:
    policies = data.get("policies")
    if not isinstance(policies, dict):
        return []
    paths: list[KeyPath] = []
    for pid, entry in policies.items():
        if isinstance(entry, dict):
            paths.append(("policies", pid, "approved_by"))
            if "approved_by" not in entry:
                paths.pop()
            options = entry.get("options")
            if isinstance(options, dict):
                paths += [("policies", pid, "options", k) for k in options]
    return paths


def is_word_field(spec: FieldSpec, group: str = "") -> bool:
    """Whether a bilingual school gives the field in each of its languages: a shared field
    declared ``translated``; a template's clause slot, signatories, or a text or list option,
    unless declared otherwise."""
    if spec.translated is not None:
        return spec.translated
    return group in ("clauses", "signatures") or (
        group == "options" and spec.type in ("text", "list")
    )


_SHAPE = {"school", "governance", "policies", "languages", "allow_untranslated", EXTERNAL_KEY}
"""The top-level keys that are groups or settings, never per language."""


def _clashing_names(doc: Located) -> list[Problem]:
    """A name that stands for one committee (or the governing body) in one language and
    another in another: a policy approved by that name could be either."""
    gov = doc.data.get("governance") if isinstance(doc.data, dict) else None
    if not isinstance(gov, dict):
        return []
    bodies: list[tuple[KeyPath, Any]] = [
        (("governance", "governing_body"), gov.get("governing_body"))
    ]
    if isinstance(gov.get("committees"), list):
        bodies += [(("governance", "committees", i), c) for i, c in enumerate(gov["committees"])]
    owner: dict[str, int] = {}
    out: list[Problem] = []
    for i, (path, body) in enumerate(bodies):
        names = body.values() if is_words(body) else [body]
        for name in sorted({n.strip() for n in names if isinstance(n, str)}):
            if owner.setdefault(name, i) != i:
                out.append(
                    doc.problem(
                        path,
                        f'"{name}" is also the name of another committee (or of the governing '
                        "body) in another language; give each a name of its own",
                    )
                )
    return out


def word_problems(doc: Located, library: Library, languages: Languages) -> list[Problem]:
    """In a bilingual config: every per-language value missing one of the school's
    languages, and every word field given in one language only (or left to an English-only
    default)."""
    if not languages.bilingual or not isinstance(doc.data, dict):
        return []
    finder = _WordFinder(doc, languages.codes, library)
    finder.walk(doc.data, ())
    finder.problems += _clashing_names(doc)
    for name, spec in library.fields.items():
        if is_word_field(spec):
            finder.field(tuple(name.split(".")), spec, "a word field")
    policies = doc.data.get("policies")
    if isinstance(policies, dict):
        for pid, entry in policies.items():
            template = library.templates.get(str(pid))
            if template is None or not isinstance(entry, dict):
                continue
            base = ("policies", pid)
            finder.items((*base, "signatures"), entry.get("signatures"))
            for group in POLICY_GROUPS:
                specs = template.options if group == "options" else template.clauses
                for name, spec in specs.items():
                    if is_word_field(spec, group):
                        finder.field((*base, group, name), spec, f"the {group[:-1]} {name}")
    return finder.problems


WORD_TYPES = ("text", "list", "url", "email", "committee", "pdf")
"""The kinds of field whose value may differ between languages (words, names, a website or
a document in each language); a date, number, choice or version is the same in every
language, and so is the shape of the config."""

_ONE_VALUE = {"template_version"}
"""Keys of a text type that are still the same in every language."""


class _WordFinder:
    def __init__(self, doc: Located, codes: tuple[str, ...], library: Library) -> None:
        self.doc = doc
        self.codes = codes
        self.library = library
        self.problems: list[Problem] = []
        self.committees = set(_committees(doc.data, codes[0]))

    def _spec_at(self, path: KeyPath) -> FieldSpec | Literal[False] | None:
        """The field at ``path``; False for a part of the config's shape (a group, a policy
        entry); None for a key the rest of the checks report as unknown."""
        keys = [str(k) for k in path if not isinstance(k, int)]
        head = keys[0] if keys else ""
        if len(keys) == 1:
            return self.library.fields.get(head, False if head in _SHAPE else None)
        if head in ("school", "governance") and len(keys) == 2:
            return self.library.fields.get(f"{head}.{keys[1]}")
        if head == EXTERNAL_KEY:
            return EXTERNAL_FIELDS.get(keys[-1]) if len(keys) == 3 else False
        if head != "policies":
            return None
        if len(keys) == 2 or (len(keys) == 3 and keys[2] in POLICY_GROUPS):
            return False
        if len(keys) == 3:
            return POLICY_FIELDS.get(keys[2])
        template = self.library.templates.get(keys[1])
        if template is None or len(keys) != 4:
            return None
        return (template.options if keys[2] == "options" else template.clauses).get(keys[3])

    def _may_differ(self, path: KeyPath) -> bool:
        spec = self._spec_at(path)
        if spec is None:
            return True  # an unknown key: reported as such
        if spec is False:
            return False
        return spec.type in WORD_TYPES and spec.name not in _ONE_VALUE

    def walk(self, value: Any, path: KeyPath) -> None:
        if is_words(value) and not self._may_differ(path):
            self.problems.append(
                self.doc.problem(
                    path,
                    "is given per language, but it is the same in every language (only words, "
                    "names, addresses and documents may differ); give one value",
                )
            )
            return
        if is_words(value):
            missing = [c for c in self.codes if not _given(value.get(c))]
            if missing:
                have = ", ".join(f"{c}: ..." for c in self.codes)
                self.problems.append(
                    self.doc.problem(
                        path,
                        f"gives no {' or '.join(LANGUAGE_WORDS[c] for c in missing)} "
                        f"({', '.join(missing)}); give it in each of the school's languages, "
                        f"like {{{have}}}",
                    )
                )
            return
        if isinstance(value, dict):
            for k, v in value.items():
                self.walk(v, (*path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.walk(v, (*path, i))

    def _node(self, path: KeyPath) -> tuple[bool, Any]:
        node: Any = self.doc.data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return False, None
            node = node[part]
        return True, node

    def field(self, path: KeyPath, spec: FieldSpec, what: str) -> None:
        present, value = self._node(path)
        if not present or value is None:
            default = spec.default
            if isinstance(default, str) or (isinstance(default, list) and default):
                self.problems.append(
                    self.doc.problem(
                        path,
                        f"is left to its English default ({_quote(default)}); a bilingual "
                        f"school gives {what} in each language, like "
                        f"{path[-1]}: {self._example()}",
                    )
                )
            return
        if isinstance(value, list):
            self.items(path, value)
        elif isinstance(value, str) and value.strip() not in self.committees:
            self._one_language(path)

    def items(self, path: KeyPath, value: Any) -> None:
        if is_words(value) or not isinstance(value, list):
            if isinstance(value, str):
                self._one_language(path)
            return
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip() not in self.committees:
                self._one_language((*path, i))

    def _one_language(self, path: KeyPath) -> None:
        self.problems.append(
            self.doc.problem(
                path,
                "is words in one language only; a bilingual school gives them in each "
                f"language, like {self._example()}",
            )
        )

    def _example(self) -> str:
        return "{" + ", ".join(f"{c}: ..." for c in self.codes) + "}"


def _given(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _quote(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else ", ".join(f'"{v}"' for v in value)


TITLES = (
    ("school", "headteacher_title"),
    ("governance", "chair_title"),
    ("governance", "governing_body"),
)
"""Fields the Welsh texts put the article before ("gan y Pennaeth", "at y Cadeirydd")."""

_OWN_ARTICLE = re.compile(r"\s(?:y|yr)\s\S|\S['\u2019]r\s\S", re.IGNORECASE)


def article_warnings(doc: Located) -> list[Problem]:
    """A Welsh title that carries an article of its own ("Cadeirydd y Llywodraethwyr"), which
    the Welsh texts would print after theirs ("y Cadeirydd y Llywodraethwyr")."""
    out: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    paths: list[KeyPath] = list(TITLES)
    committees = (data.get("governance") or {}).get("committees")
    if isinstance(committees, list):
        paths += [("governance", "committees", i) for i in range(len(committees))]
    for path in paths:
        node: Any = data
        for part in path:
            node = (
                node.get(part)
                if isinstance(node, dict)
                else (node[part] if isinstance(node, list) and isinstance(part, int) else None)
            )
        welsh = node.get("cy") if is_words(node) else None
        if not isinstance(welsh, str):
            continue
        found = _OWN_ARTICLE.search(welsh)
        if found is None:
            continue
        bare = welsh[: found.start() + (1 if found.group(0)[0] not in " \t" else 0)].strip()
        out.append(
            doc.problem(
                path,
                f'the Welsh "{welsh}" carries an article of its own; the Welsh policies put '
                f'"y" before it ("gan y {welsh}"), so give it without one, like "{bare}"',
            )
        )
    return out
