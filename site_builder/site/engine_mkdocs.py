"""The only module that talks to MkDocs and Material for MkDocs.

Everything MkDocs-specific (configuration keys, theme features, plugin events, its logging
and its exceptions) stays here, so that moving to MkDocs's successor (Zensical reads the same
``mkdocs.yml``) or to another generator touches this one file. Callers hand over a folder of
Markdown pages and a neutral :class:`SiteSpec`; they get back a built static site or a
:class:`~site_builder.errors.BuildError`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup
from material.plugins.search.plugin import SearchPlugin
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import config_options, load_config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section

from site_builder.errors import BuildError, Problem, SiteBuilderError
from site_builder.render.compiled import COMPILED


@dataclass
class NavItem:
    """A page (``path`` relative to the docs folder) or a section of pages (``children``)."""

    title: str
    path: str | None = None
    children: list[NavItem] = field(default_factory=list)

    def to_mkdocs(self) -> dict[str, Any]:
        if self.children:
            return {self.title: [c.to_mkdocs() for c in self.children]}
        return {self.title: self.path}


@dataclass
class SiteSpec:
    """What a site needs, in our terms rather than MkDocs's."""

    name: str
    nav: list[NavItem]
    url: str | None = None
    """Where the site is published, if known (canonical links and sitemap)."""
    language: str = "en"
    copyright: str = ""
    logo: str | None = None
    """Path of the logo image relative to the docs folder."""
    extra_css: list[str] = field(default_factory=list)
    extra_javascript: list[str] = field(default_factory=list)
    """The site's own scripts (relative to the docs folder), loaded after the theme's."""
    description: str = ""
    date: dt.date | None = None
    """The date the site stands for (sitemap, archives) unless SOURCE_DATE_EPOCH is set:
    the same inputs then give the same bytes."""


# Markdown extensions every page may use. The escaping in site_builder.render.escape must cover the
# syntax of each one; add an extension only together with a test of hostile values.
MARKDOWN_EXTENSIONS: list[Any] = [
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    {"toc": {"permalink": False}},
]


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
    return {
        "site_name": spec.name,
        "site_url": spec.url,
        "site_description": spec.description,
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "use_directory_urls": False,
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "extra": {"generator": False},
        "extra_css": spec.extra_css,
        "extra_javascript": spec.extra_javascript,
        "copyright": spec.copyright,
        "nav": [item.to_mkdocs() for item in spec.nav],
        "validation": {
            "omitted_files": "warn",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
    }


# Static files of the theme, listed once per process. Finding them walks Material's folder
# of some 12,000 icons; every school of a batch would walk it again for the same answer.
_THEME_FILES: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
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


# Material's search reads three defaults (language, word separator, pipeline) from its
# translations by building a fresh Jinja environment and template each time: tens of
# milliseconds a site, for answers that only change with the theme language.
_SEARCH_DEFAULTS: dict[tuple[str, str], Any] = {}
_search_translate = SearchPlugin._translate


def _search_translate_once(plugin: SearchPlugin, config: Any, value: str) -> Any:
    key = (str(config.theme["language"]), value)
    if key not in _SEARCH_DEFAULTS:
        _SEARCH_DEFAULTS[key] = _search_translate(plugin, config, value)
    return _SEARCH_DEFAULTS[key]


class _LiteralTitles(BasePlugin):  # type: ignore[type-arg]
    """Make the site name and page titles plain text wherever the theme prints them.

    MkDocs themes print ``config.site_name`` and page titles as HTML, unescaped in some places
    and ``|e``-escaped in others. Passing them as escaped :class:`Markup` makes both cases show
    the literal characters, so a school called ``St <Mary's>`` is never read as markup.
    """

    def on_config(self, config: Any) -> Any:
        for key in ("site_name", "site_description", "copyright"):
            if config[key]:
                config[key] = Markup(escape(str(config[key])))
        return config

    def on_env(self, env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
        # MkDocs makes a new Jinja environment for every build: without a shared cache, the
        # theme's templates would be compiled again for every school of a batch.
        env.bytecode_cache = COMPILED
        return env

    def on_nav(self, nav: Navigation, config: Any, files: Any) -> Navigation:
        for item in _walk(nav.items):
            if item.title is not None and not isinstance(item.title, Markup):
                item.title = Markup(escape(str(item.title)))
        return nav

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        # Material uses meta.title verbatim in <title>; without it, it applies |striptags,
        # which would turn escaped text back into live markup.
        if page.title is not None:
            page.meta["title"] = (
                page.title if isinstance(page.title, Markup) else Markup(escape(str(page.title)))
            )
        return markdown


def _walk(items: list[Any]) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        if isinstance(item, Section):
            out += _walk(item.children)
    return out


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(spec: SiteSpec, docs_dir: Path, site_dir: Path, project_dir: Path) -> None:
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
    pinned = "SOURCE_DATE_EPOCH" not in os.environ and spec.date is not None
    if pinned:
        epoch = dt.datetime(spec.date.year, spec.date.month, spec.date.day, tzinfo=dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch.timestamp()))
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_path), strict=True)
        config.plugins["policy-site-literal-titles"] = _LiteralTitles()
        Files.add_files_from_theme = _theme_files_once  # type: ignore[method-assign]
        SearchPlugin._translate = _search_translate_once  # type: ignore[method-assign]
        mkdocs_build(config)
    except (MkDocsException, SystemExit, OSError) as exc:
        detail = "; ".join(collector.messages) or str(exc) or type(exc).__name__
        raise BuildError(
            [Problem(str(project_dir), message=f"the site did not build: {detail}")]
        ) from None
    finally:
        Files.add_files_from_theme = _add_files_from_theme  # type: ignore[method-assign]
        SearchPlugin._translate = _search_translate  # type: ignore[method-assign]
        if pinned:
            del os.environ["SOURCE_DATE_EPOCH"]
        logger.removeHandler(collector)
        logger.setLevel(old_level)
        logger.propagate = old_propagate


class LaTemplatesPlugin(_LiteralTitles):
    """``policy-site-templates``: the LA's template site, generated from its library.

    Listed under ``plugins:`` in the repository's ``mkdocs.yml``. It reads the template
    library and ``la.yml``, adds the generated pages, the JSON Schema and the LA's branding,
    and sets the navigation; ``mkdocs serve`` rebuilds when a template changes.
    """

    config_scheme = (
        ("templates_dir", config_options.Type(str, default="policy_templates")),
        ("la_config", config_options.Type(str, default="la.yml")),
    )

    def on_config(self, config: Any) -> Any:
        from site_builder.la.template_site import build_la_site, load_la
        from site_builder.site.build import load_checked_library

        root = Path(config.config_file_path or ".").resolve().parent
        self.templates_dir = root / self.config["templates_dir"]
        self.la_path = root / self.config["la_config"]
        try:
            library, _ = load_checked_library(self.templates_dir)
            self.site = build_la_site(library, load_la(self.la_path))
        except SiteBuilderError as exc:
            raise PluginError("\n" + str(exc)) from None
        la = self.site.la
        config.site_name = Markup(escape(la.site_name))
        config.copyright = Markup(escape(la.name))
        config.nav = self.site.nav
        config.extra_css = ["assets/policy-site.css", *config.extra_css, "assets/la.css"]
        if la.logo:
            config.theme["logo"] = f"assets/la-site-logo{la.logo.suffix}"
            config.theme["favicon"] = config.theme["logo"]
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        for page in self.site.pages:
            files.append(File.generated(config, page.path, content=page.content))
        return files

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        from site_builder.site.csp import protect

        return protect(output)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        server.watch(str(self.templates_dir))
        server.watch(str(self.la_path))
        return server
