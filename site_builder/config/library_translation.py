"""The library's own words in another language: ``library.<lang>.yml`` beside
``library.yml`` gives the library's name (the LA's name, printed in every policy's adoption
details), the words for each group "everyone" may cover (printed wherever a policy lists
them) and the labels of the shared fields (shown on the LA's template site), in that
language. Both are optional: without them the English is used, and marked as English where
a page shows it.

```yaml
name: Llyfrgell bolisïau Cyngor Sir Anyshire
groups:
  staff: aelodau staff
labels:
  school.name: Enw'r ysgol
  governance.chair_title: Teitl y cadeirydd
```
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from site_builder.config.fields import declarations, declared, read_declared
from site_builder.config.library import LIBRARY_FILE, Library
from site_builder.config.source import Located, load_yaml
from site_builder.config.spelling import suggest
from site_builder.config.validators import Context
from site_builder.errors import Problem


@dataclass(frozen=True)
class LibraryTranslation:
    """The library's name and its shared fields' labels in one language."""

    name: str | None = declared(
        "text", "the library's name (the LA's name) in this language", max_length=200
    )
    groups: dict[str, str] = field(default_factory=dict)
    """Group id -> how the policies name that group in this language."""
    labels: dict[str, str] = field(default_factory=dict)
    """Shared field name -> its label in this language."""


FIELDS = declarations(LibraryTranslation)


def file_name(language: str) -> str:
    return LIBRARY_FILE.replace(".yml", f".{language}.yml")


def library_translation(library: Library, language: str) -> LibraryTranslation:
    """The library's words in ``language`` (empty for English, or without the file); the
    problems of the file are in :func:`library_translation_problems`."""
    key = f"library-translation:{language}"
    if key not in library.cache:
        library.cache[key] = _read(library, language)
    found: tuple[LibraryTranslation, list[Problem]] = library.cache[key]
    return found[0]


def library_translation_problems(library: Library, language: str) -> list[Problem]:
    library_translation(library, language)
    found: tuple[LibraryTranslation, list[Problem]] = library.cache[
        f"library-translation:{language}"
    ]
    return found[1]


def library_name(library: Library, language: str) -> str:
    """The library's name in ``language``, or its English name."""
    return library_translation(library, language).name or library.name


def everyone_groups(library: Library, language: str) -> dict[str, str]:
    """Group id -> how the policies name that group in ``language`` (English for a group the
    translation does not name)."""
    return {**library.everyone_groups, **library_translation(library, language).groups}


def _read(library: Library, language: str) -> tuple[LibraryTranslation, list[Problem]]:
    path = library.root / file_name(language)
    if language == "en" or not path.is_file():
        return LibraryTranslation(), []
    doc, problems = load_yaml(path, what="library translation")
    if doc is None:
        return LibraryTranslation(), problems
    values = read_declared(doc, FIELDS, Context(), problems, other_keys=["groups", "labels"])
    known = library.everyone_groups
    groups = translated_words(
        doc, "groups", known, f"{LIBRARY_FILE} declares no group with this name", problems
    )
    labels = translated_words(
        doc, "labels", library.fields, f"{LIBRARY_FILE} declares no field with this name", problems
    )
    return LibraryTranslation(name=values.get("name"), groups=groups, labels=labels), problems


def translated_words(
    doc: Located, key: str, known: Collection[str], unknown: str, problems: list[Problem]
) -> dict[str, str]:
    """The group ``key`` of a translation file: one line per thing it translates (a group,
    a label, a related title, a version), each the name of one in ``known`` (else
    ``unknown`` says so, with the nearest name), each with its words."""
    node = doc.data.get(key) or {}
    if not isinstance(node, dict):
        problems.append(
            doc.problem((key,), "must be a group, one translation on each line (name: words)")
        )
        return {}
    out: dict[str, str] = {}
    for name, words in node.items():
        if str(name) not in known:
            problems.append(
                doc.problem((key, name), unknown + suggest(str(name), sorted(known)), at_key=True)
            )
        elif not isinstance(words, str) or not words.strip():
            problems.append(doc.problem((key, name), "needs the translated words"))
        else:
            out[str(name)] = words.strip()
    return out
