"""The MkDocs (with Material) engine behind :mod:`site_builder.site.engine`.

Everything MkDocs-specific (configuration keys, theme features, plugin events, its logging
and its exceptions) stays here, so that moving to another engine (Zensical reads the same
``mkdocs.yml``) touches this module and no other. It is handed a finished docs folder and a
:class:`~site_builder.site.engine.SiteSpec` whose names and titles are already escaped: it
escapes nothing itself and relies on no plugin for what a page says. Its one plugin only
saves time, and a build without it gives the same pages.

A school published in two languages is two builds joined by links the site stage writes
into the pages (see :mod:`site_builder.site.bilingual` and docs/welsh.md for why: Zensical
skips plugins it does not know). What is MkDocs's here: ``theme.language`` for Material's
Welsh interface, and for Welsh, which lunr cannot stem, search settings without English stop
words and a theme override (``mkdocs_overrides/``) that starts Material's search worker
through a small one of ours that folds accents.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path
from typing import Any

import jinja2
import material
import yaml
from markupsafe import Markup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from site_builder.errors import BuildError, Problem
from site_builder.render.compiled import COMPILED
from site_builder.site.engine import MARKDOWN_EXTENSIONS, NavItem, SiteSpec

LANGUAGES = Path(material.__file__).resolve().parent / "templates" / "partials" / "languages"
WORKERS = LANGUAGES.parent.parent / "assets" / "javascripts" / "workers"
OVERRIDES = Path(__file__).resolve().parent / "mkdocs_overrides"
"""Our theme overrides: the search worker of a language lunr cannot stem (Welsh), and each
page's links to its twins in the school's other languages."""
FOLDED = {"cy"}
"""Languages whose search folds accents instead of stemming: lunr has no Welsh stemmer, and
people type "dwr" for "dŵr". Exact and prefix searches work as for every language (Material
adds a trailing wildcard to each word typed)."""


def search_settings(language: str) -> dict[str, Any]:
    """Material's search settings for ``language`` (its words, separator and pipeline), read
    from the theme's own translation once, and given to the search plugin as settings."""
    if language in FOLDED:
        # No English stop words or trimmer (which cuts "ŵ" and "ŷ" off a word's end);
        # "stemmer" is the accent fold our worker puts in the stemmer's place.
        return {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"]}
    if language not in _SEARCH:
        found: dict[str, str] = {}
        for name in ("en", language):  # a language without a setting takes English's
            text = (LANGUAGES / f"{name}.html").read_text(encoding="utf-8")
            found.update(re.findall(r'"search\.config\.(\w+)": "((?:[^"\\]|\\.)*)"', text))
        separator = found.get("separator", r"[\\s\\-]+").encode().decode("unicode_escape")
        pipeline = [p for p in re.split(r"\s*,\s*", found.get("pipeline", "")) if p]
        _SEARCH[language] = {
            "lang": [found.get("lang", "en")],
            "separator": separator,
            "pipeline": pipeline,
        }
    return _SEARCH[language]


_SEARCH: dict[str, dict[str, Any]] = {}


def _nav(items: list[NavItem]) -> list[dict[str, Any]]:
    return [{i.html: _nav(i.children) if i.children else i.path} for i in items]


def mkdocs_config(spec: SiteSpec, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The ``mkdocs.yml`` for a site: Material, built-in search, nothing from other origins."""
    theme: dict[str, Any] = {
        "name": "material",
        "language": spec.language,
        # No Google Fonts: the system font stack, and no request to another origin.
        "font": False,
        "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
        "features": ["search.highlight", "navigation.top", "toc.follow"],
    }
    if spec.logo:
        theme["logo"] = spec.logo
        theme["favicon"] = spec.logo
    extra: dict[str, Any] = {"generator": False}
    if spec.language in FOLDED:
        extra["policy_site_search"] = {"material": _material_worker()}
    if spec.alternates:
        extra["policy_site_alternates"] = [
            {"lang": lang, "root": root} for lang, root in sorted(spec.alternates.items())
        ]
    if spec.language in FOLDED or spec.alternates:
        theme["custom_dir"] = str(OVERRIDES)
    return {
        "site_name": spec.name_html,
        "site_url": spec.url,
        "site_description": spec.description_html,
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "use_directory_urls": False,
        "theme": theme,
        "plugins": [{"search": search_settings(spec.language)}],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra": extra,
        "extra_css": spec.extra_css,
        "extra_javascript": spec.extra_javascript,
        "copyright": spec.copyright_html,
        "nav": _nav(spec.nav),
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
    }


def _material_worker() -> str:
    """The file name of Material's search worker (it carries a hash of its content)."""
    return next(p.name for p in sorted(WORKERS.glob("search.*.min.js")))


def as_html(config: Any) -> None:
    """Mark the names the site stage escaped as HTML, so that the theme prints them as they
    are both where it escapes values (``|e``) and where it does not."""
    for key in ("site_name", "site_description", "copyright"):
        if config[key]:
            config[key] = Markup(str(config[key]))


# Static files of the theme, listed once per process. Finding them walks Material's folder
# of some 12,000 icons; every school of a batch would walk it again for the same answer.
_THEME_FILES: dict[tuple[Any, ...], list[tuple[str, str | None]]] = {}
_add_files_from_theme = Files.add_files_from_theme


def _theme_files_once(files: Files, env: jinja2.Environment, config: Any) -> None:
    key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
    found = _THEME_FILES.get(key)
    if found is None:
        probe = Files([])
        _add_files_from_theme(probe, env, config)
        found = _THEME_FILES[key] = [(f.src_uri, f.src_dir) for f in probe]
    for src_uri, src_dir in found:
        if files.get_file_from_path(src_uri) is None:
            files.append(File(src_uri, src_dir, config.site_dir, config.use_directory_urls))


class Speedups(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Reuse the theme's compiled templates between builds (MkDocs makes a new Jinja
    environment for every build). Only time: a build without it gives the same pages."""

    def on_env(self, env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
        env.bytecode_cache = COMPILED
        return env


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(spec: SiteSpec, docs_dir: Path, site_dir: Path, project_dir: Path) -> None:
    """Build ``docs_dir`` into ``site_dir`` in strict mode (any warning fails the build).

    The generated ``mkdocs.yml`` is written to ``project_dir`` so the project can be inspected
    or served with ``mkdocs serve`` by hand.
    """
    config_path = project_dir / "mkdocs.yml"
    config_path.write_text(
        yaml.safe_dump(
            mkdocs_config(spec, docs_dir, site_dir), sort_keys=False, allow_unicode=True
        ),
        encoding="utf-8",
    )
    logger = logging.getLogger("mkdocs")
    collector = _Collect()
    date = spec.date
    pinned = "SOURCE_DATE_EPOCH" not in os.environ and date is not None
    if pinned and date is not None:
        epoch = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_path), strict=True)
        as_html(config)
        config.plugins["policy-site-speedups"] = Speedups()
        # MkDocs lists the theme's files itself, before any plugin event, walking Material's
        # 12,000 icons for every site: no hook can hand it the list, so it is swapped for
        # one made once per process, for the length of the build.
        Files.add_files_from_theme = _theme_files_once  # type: ignore[method-assign,assignment]
        mkdocs_build(config)
    except (MkDocsException, SystemExit, OSError) as exc:
        detail = "; ".join(collector.messages) or str(exc) or type(exc).__name__
        raise BuildError(
            [Problem(str(project_dir), message=f"the site did not build: {detail}")]
        ) from None
    finally:
        Files.add_files_from_theme = _add_files_from_theme  # type: ignore[method-assign]
        if pinned:
            del os.environ["SOURCE_DATE_EPOCH"]
        logger.removeHandler(collector)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
