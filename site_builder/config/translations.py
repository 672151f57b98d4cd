"""Translations of the library's templates: ``policy.<lang>.md`` and ``template.<lang>.yml``
beside a template's English, and ``_shared/<name>.<lang>.md`` beside the shared text.

``template.cy.yml`` says which English version it ``translates``, then gives the template's
words in Welsh under the same keys as ``template.yml`` (``title``, ``summary``, each option's
``description`` and ``choices``, each clause slot's ``description`` and ``label``); nothing
structural is repeated. A translation of an older version than the template's current one is
**stale**: :func:`translation_warnings` says so, with the English paragraphs that changed
since, so that the LA's translator knows what to bring up to date.

This module reads and checks translations only; the Welsh is rendered by
:mod:`site_builder.render.jinja` with :func:`translated_template`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder.config.library import Library
from site_builder.config.library_translation import (
    library_translation_problems,
    translated_words,
)
from site_builder.config.source import Located, display_name, load_yaml
from site_builder.config.spelling import suggest
from site_builder.config.template_model import (
    ARCHIVE_FOLDER,
    VERSION_PATTERN,
    Template,
    version_key,
)
from site_builder.errors import Problem

LANGUAGE_NAMES = {"cy": "Welsh", "en": "English"}
_KEYS = ("translates", "title", "summary", "options", "clauses", "guidance", "related", "changelog")
_OPTION_KEYS = ("description", "choices", "label", "example")
_CLAUSE_KEYS = ("description", "label", "example")


def text_name(language: str) -> str:
    return f"policy.{language}.md"


def declaration_name(language: str) -> str:
    return f"template.{language}.yml"


@dataclass(frozen=True)
class Translation:
    """One template's words in one language."""

    template: Template
    """The current English template."""
    language: str
    translates: str
    title: str
    summary: str
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    clauses: dict[str, dict[str, Any]] = field(default_factory=dict)
    related: dict[str, str] = field(default_factory=dict)
    """The titles of the template's related documents and laws: English title -> this
    language's. A related policy of the library takes its own translation's title."""
    changelog: dict[str, str] = field(default_factory=dict)
    """The summary of each version in the revision history: version -> this language's."""
    file: str = ""

    @property
    def stale(self) -> bool:
        return version_key(self.translates) < version_key(self.template.version)

    @property
    def text_path(self) -> Path:
        return self.template.folder / text_name(self.language)

    def fits(self, version: str) -> bool:
        """Whether this translation can stand for ``version`` of the English: the one it
        translates, or the current one (then it is stale, and said so)."""
        return version in (self.translates, self.template.version)


def translations(library: Library, language: str) -> dict[str, Translation]:
    """Every template's translation into ``language``, read once (problems: see
    :func:`translation_problems`)."""
    key = f"translations:{language}"
    if key not in library.cache:
        found, problems = _read_all(library, language)
        library.cache[key] = found
        library.cache[f"{key}:problems"] = problems
    found_all: dict[str, Translation] = library.cache[key]
    return found_all


def translation_problems(library: Library, language: str = "cy") -> list[Problem]:
    """What is wrong with the library's translations into ``language``."""
    translations(library, language)
    problems: list[Problem] = library.cache[f"translations:{language}:problems"]
    return problems


def translation_warnings(library: Library, language: str = "cy") -> list[Problem]:
    """One warning per stale translation: the template, both versions and the English
    paragraphs changed since the translated version."""
    out = []
    for tr in translations(library, language).values():
        if tr.stale:
            changed = english_changes(tr)
            out.append(
                Problem(
                    tr.file,
                    1,
                    1,
                    "translates",
                    f'the {LANGUAGE_NAMES.get(language, language)} of "{tr.template.title}" '
                    f"translates version {tr.translates}, but the English is now version "
                    f"{tr.template.version}; bring it up to date and set translates: "
                    f"{tr.template.version}. Changed in the English since {tr.translates}: "
                    + (" | ".join(changed) or "only the declaration"),
                )
            )
    return out


def english_changes(translation: Translation) -> list[str]:
    """The English paragraphs changed since the translated version, each with its words
    marked ``[deleted: ...]`` and ``[added: ...]`` (the word-level diff of ``changes``)."""
    from site_builder.la.versions import changed_only, diff_markdown, diff_terminal

    marked = diff_markdown(*english_texts(translation))
    lines = diff_terminal(changed_only(marked), colour=False).splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def english_texts(translation: Translation) -> tuple[str, str]:
    """The English text of the translated version and the current one."""
    template = translation.template
    old = template.archive.get(translation.translates)
    new_text = template.text_path.read_text(encoding="utf-8")
    old_text = old.text_path.read_text(encoding="utf-8") if old else ""
    return old_text, new_text


def translated_template(template: Template, tr: Translation) -> Template:
    """``template`` (the version the school adopted) with its words in ``tr``'s language."""
    options = {
        name: replace(
            spec,
            description=str(tr.options.get(name, {}).get("description") or spec.description),
            label=str(tr.options.get(name, {}).get("label") or spec.label),
            choices={
                k: str((tr.options.get(name, {}).get("choices") or {}).get(k) or v)
                for k, v in spec.choices.items()
            },
        )
        for name, spec in template.options.items()
    }
    clauses = {
        name: replace(
            spec,
            description=str(tr.clauses.get(name, {}).get("description") or spec.description),
            label=str(tr.clauses.get(name, {}).get("label") or spec.label),
        )
        for name, spec in template.clauses.items()
    }
    return replace(template, title=tr.title, summary=tr.summary, options=options, clauses=clauses)


def shared_texts(library: Library) -> list[Path]:
    """The English shared text files (``_shared/*.md``, not their translations)."""
    shared = library.root / "_shared"
    if not shared.is_dir():
        return []
    return sorted(p for p in shared.glob("*.md") if p.name.count(".") == 1)


def _read_all(library: Library, language: str) -> tuple[dict[str, Translation], list[Problem]]:
    problems: list[Problem] = []
    found: dict[str, Translation] = {}
    for template in library.templates.values():
        tr = _read(template, language, problems)
        if tr is not None:
            found[template.id] = tr
    problems += library_translation_problems(library, language)
    if found:
        for english in shared_texts(library):
            welsh = english.with_name(f"{english.stem}.{language}.md")
            if not welsh.is_file():
                problems.append(
                    Problem(
                        display_name(english),
                        message=f"the shared text has no {LANGUAGE_NAMES[language]} "
                        f"({welsh.name}), which the translated templates need",
                    )
                )
    return found, problems


def _read(template: Template, language: str, problems: list[Problem]) -> Translation | None:
    declaration = template.folder / declaration_name(language)
    text = template.folder / text_name(language)
    if not declaration.is_file():
        if text.is_file():
            problems.append(
                Problem(
                    display_name(text),
                    message=f"has no {declaration.name} beside it saying which version it "
                    "translates",
                )
            )
        return None
    doc, found = load_yaml(declaration, what="template translation")
    problems += found
    if doc is None:
        return None
    before = len(problems)
    if not text.is_file():
        problems.append(Problem(display_name(text), message="translated policy text not found"))
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in data:
        if key not in _KEYS:
            problems.append(
                doc.problem((key,), f"unknown key{suggest(key, list(_KEYS))}", at_key=True)
            )
    translates = str(data.get("translates") or "")
    if not VERSION_PATTERN.match(translates):
        problems.append(
            doc.problem(("translates",), "needs the English version it translates, like 1.0.0")
        )
    elif translates not in template.versions:
        problems.append(
            doc.problem(
                ("translates",),
                f'"{template.title}" has no version {translates} '
                f"(the library has: {', '.join(template.versions)})",
            )
        )
    elif translates != template.version and translates not in template.archive:
        problems.append(doc.problem(("translates",), f"{ARCHIVE_FOLDER}/{translates} not found"))
    for key in ("title", "summary"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(doc.problem((key,), "needs the translated text"))
    options = _group(doc, "options", template.options, _OPTION_KEYS, problems)
    clauses = _group(doc, "clauses", template.clauses, _CLAUSE_KEYS, problems)
    titles = {d.title for t in (template, *template.archive.values()) for d in t.features.related}
    related = translated_words(
        doc, "related", titles, "the template has no related document with this title", problems
    )
    changelog = translated_words(
        doc, "changelog", template.changelog, "the template has no version like this", problems
    )
    if len(problems) > before:
        return None
    return Translation(
        template=template,
        language=language,
        translates=translates,
        title=data["title"].strip(),
        summary=data["summary"].strip(),
        options=options,
        clauses=clauses,
        related=related,
        changelog=changelog,
        file=doc.file,
    )


def _word_types(
    doc: Located,
    path: tuple[str, ...],
    words: dict[str, Any],
    spec: Any,
    group: str,
    problems: list[Problem],
) -> None:
    """Each translated word of an option or clause slot is text (an example of a list is a
    list of text), so that the template site and the config to copy show words."""
    for key in ("description", "label"):
        value = words.get(key)
        if key in words and (not isinstance(value, str) or not value.strip()):
            problems.append(doc.problem((*path, key), "needs the translated text"))
    choices = words.get("choices")
    if "choices" in words and (
        not isinstance(choices, dict)
        or not all(isinstance(v, str) and v.strip() for v in choices.values())
    ):
        problems.append(
            doc.problem((*path, "choices"), "must be a group of choice: translated words")
        )
    if "example" in words:
        example = words["example"]
        listed = group == "clauses" or spec.type == "list"
        fits = (
            isinstance(example, list) and all(isinstance(e, str) for e in example)
            if listed
            else isinstance(example, str | int)
        )
        if not fits:
            what = "a list of translated items" if listed else "the translated text"
            problems.append(doc.problem((*path, "example"), f"needs {what}"))


def _group(
    doc: Located,
    group: str,
    specs: dict[str, Any],
    keys: tuple[str, ...],
    problems: list[Problem],
) -> dict[str, dict[str, Any]]:
    node = doc.data.get(group) or {}
    if not isinstance(node, dict):
        problems.append(doc.problem((group,), f"must be a group with one key per {group[:-1]}"))
        return {}
    out: dict[str, dict[str, Any]] = {}
    for name, words in node.items():
        if name not in specs:
            problems.append(
                doc.problem(
                    (group, name),
                    f"the template has no {group[:-1]} with this name"
                    + suggest(str(name), list(specs)),
                    at_key=True,
                )
            )
            continue
        if not isinstance(words, dict):
            problems.append(
                doc.problem((group, name), f"must be a group of keys: {', '.join(keys)}")
            )
            continue
        for key in words:
            if key not in keys:
                problems.append(
                    doc.problem(
                        (group, name, key),
                        f"unknown key{suggest(str(key), list(keys))}",
                        at_key=True,
                    )
                )
        _word_types(doc, (group, name), words, specs[name], group, problems)
        choices = words.get("choices") or {}
        if isinstance(choices, dict):
            for key in choices:
                if key not in specs[name].choices:
                    problems.append(
                        doc.problem(
                            (group, name, "choices", key),
                            "the option has no such choice",
                            at_key=True,
                        )
                    )
        out[str(name)] = dict(words)
    return out


def diff_markdown_of(translation: Translation) -> str:
    """The English changed since the translated version, as Markdown with ``<del>`` and
    ``<ins>`` marks: only the changed paragraphs, under their headings."""
    from site_builder.la.versions import changed_only, diff_markdown

    return changed_only(diff_markdown(*english_texts(translation)))
