"""The product's own words in each language it writes: ``en.yml`` and ``cy.yml`` beside this
module, with the same keys, and the accessibility statement as ``accessibility.<lang>.md``.

Every page, printed copy and Word copy asks :func:`t` for its interface text. Which language
that is comes from :func:`writing`, which a build wraps around each language's pages and
copies; outside it the language is English (error messages are always English). This module
reads no config and imports nothing else of the product, so any module may use it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
LANGUAGES = ("cy", "en")
"""The languages the product can write, as ISO 639-1 codes."""
NAMES = {"cy": "Cymraeg", "en": "English"}
REGION = {"cy": "GB", "en": "GB"}
WORD_LANG = {"cy": "cy-GB", "en": "en-GB"}
"""The language tags Word documents use."""

_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


@cache
def strings(language: str) -> dict[str, Any]:
    """Every interface string of ``language``; English fills any key the file lacks."""
    words: dict[str, Any] = yaml.safe_load((HERE / "en.yml").read_text(encoding="utf-8"))
    if language != "en":
        words.update(yaml.safe_load((HERE / f"{language}.yml").read_text(encoding="utf-8")))
    return words


def language() -> str:
    """The language being written now."""
    return _current.get()


@contextlib.contextmanager
def writing(lang: str) -> Iterator[None]:
    """Write everything inside the ``with`` block in ``lang``."""
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The interface string ``key`` in the current language, with ``values`` filled in
    (each already escaped for the output it goes into)."""
    text = str(strings(lang or language())[key])
    return text.format(**values) if values else text


def month(number: int, lang: str | None = None) -> str:
    return str(strings(lang or language())["months"][number - 1])


def and_word(next_word: str, lang: str | None = None) -> str:
    """ "and" before ``next_word``: Welsh writes "ac" before a vowel, "a" otherwise."""
    words = strings(lang or language())
    if "and_vowel" in words and next_word[:1].lower() in "aeiouwyâêîôûŵŷáéíóú":
        return str(words["and_vowel"])
    return str(words["and"])


def accessibility_text(lang: str | None = None) -> str:
    """The accessibility statement's Markdown, with ``{placeholders}`` to fill."""
    return (HERE / f"accessibility.{lang or language()}.md").read_text(encoding="utf-8")
