"""A school published in several languages: one site per language, joined by a switch.

The primary language's site is the site's root; each other language's is the same site
built again under ``/<lang>/`` (``/en/`` for a Welsh-first school), with the same page paths.
Every page carries a switch, written by the product into the page itself, that links to
the same page in the other language with ``hreflang``: a plugin (mkdocs-static-i18n)
could do it, but another engine (Zensical) silently skips plugins it does not know, and a
link in the page survives any engine.
"""

from __future__ import annotations

from pathlib import Path

from site_builder.config.library import Library
from site_builder.config.models import SchoolConfig
from site_builder.config.school import load_school
from site_builder.errors import ConfigError, Problem, SiteBuilderError
from site_builder.locale import t, writing
from site_builder.render.escape import html
from site_builder.render.jinja import RenderedPolicy
from site_builder.render.translated import render_language

Version = tuple[SchoolConfig, list[RenderedPolicy]]
"""One language of a school: its config read in that language and its rendered policies."""


def check_languages(config_path: Path, library: Library) -> list[Version]:
    """The school's config and policies in each of its languages, primary first; every
    problem of every language reported at once."""
    primary = load_school(config_path, library)
    english = primary if primary.language == "en" else None
    configs = [primary]
    for lang in primary.languages[1:]:
        config = load_school(config_path, library, lang)
        english = config if lang == "en" else english
        configs.append(config)
    out: list[Version] = []
    problems: list[Problem] = []
    error: type[SiteBuilderError] = ConfigError
    for config in configs:
        try:
            with writing(config.language):
                out.append((config, render_language(config, library, english)))
        except SiteBuilderError as exc:
            problems += exc.problems
            error = type(exc)
    if problems:
        raise error(sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or 0)))
    return out


def all_warnings(versions: list[Version]) -> list[Problem]:
    """Every language's warnings, each said once."""
    seen: dict[Problem, None] = {}
    for config, _ in versions:
        seen.update(dict.fromkeys(config.warnings))
    return list(seen)


def site_prefix(config: SchoolConfig) -> str:
    """Where this language's pages sit in the published site: "" or "en/"."""
    return "" if config.language == config.languages[0] else f"{config.language}/"


def alternate_roots(config: SchoolConfig) -> dict[str, str]:
    """Each other language's site root, relative to this language's root: "en/" from a
    Welsh-first school's root, "../" back from its /en/ site."""
    up = "../" if site_prefix(config) else ""
    return {
        other: up + ("" if other == config.languages[0] else f"{other}/")
        for other in config.languages
        if other != config.language
    }


def switch_html(page: str, config: SchoolConfig, other: str) -> str:
    """The link from ``page`` (a path in the docs folder, like ``policies/x.md``) to the
    same page in ``other``'s site."""
    depth = page.count("/") + (1 if site_prefix(config) else 0)
    target_prefix = "" if other == config.languages[0] else f"{other}/"
    href = "../" * depth + target_prefix + page[:-3] + ".html"
    return (
        f'<p class="language-switch" markdown="0">{html(t("switch_intro"))} '
        f'<a href="{html(href)}" hreflang="{other}" lang="{other}" rel="alternate">'
        f"{html(t('switch_link'))}</a></p>\n\n"
    )


def add_switches(docs: Path, config: SchoolConfig) -> None:
    """Put the language switch at the top of every page of this language's docs folder."""
    others = [lang for lang in config.languages if lang != config.language]
    if not others:
        return
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        text = path.read_text(encoding="utf-8")
        head, body = _split_front_matter(text)
        links = "".join(switch_html(page, config, other) for other in others)
        path.write_text(head + links + body, encoding="utf-8")


def _split_front_matter(text: str) -> tuple[str, str]:
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        return text[:end] + "\n", text[end:].lstrip("\n")
    return "", text
