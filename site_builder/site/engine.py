"""The port between the site stage and the engine that turns Markdown into a static site.

The site stage hands over a finished docs folder and a :class:`SiteSpec`: every page's
Markdown already written, and every title and name already escaped as HTML (see
:func:`title`), so no engine, theme or plugin has to be trusted to escape anything. An engine
only builds: :func:`build_site` calls the one in use (today MkDocs with Material, in
:mod:`site_builder.site.engine_mkdocs`). Moving to another engine means writing one module
with a ``build`` function and changing :data:`ENGINE`; nothing here names an engine.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ENGINE = "site_builder.site.engine_mkdocs"
"""The module that builds sites; it has ``build(spec, docs_dir, site_dir, project_dir)``."""

MARKDOWN_EXTENSIONS: list[Any] = [
    "tables",
    "admonition",
    "attr_list",
    "md_in_html",
    {"toc": {"permalink": False}},
]
"""Markdown extensions every page may use. The escaping in
:mod:`site_builder.render.escape` must cover the syntax of each one: add an extension only
together with a test of hostile values."""


def title(text: str) -> str:
    """A title or name as the engine is given it: HTML, with every character of the value
    shown as itself (``St <Mary's>`` is ``St &lt;Mary&#x27;s&gt;``)."""
    return html.escape(text, quote=True)


def front_matter(page_title: str) -> str:
    """The lines that start a page and give its (escaped) title, as YAML front matter."""
    from site_builder.render.escape import yaml_string

    return f"---\ntitle: {yaml_string(title(page_title))}\n---\n\n"


@dataclass
class NavItem:
    """A page (``path`` relative to the docs folder) or a section of pages (``children``).

    ``title`` is plain text; the engine is given it escaped (:attr:`html`)."""

    title: str
    path: str | None = None
    children: list[NavItem] = field(default_factory=list)
    language: str = ""
    """The title's language when it is not the site's (a policy with no translation yet)."""

    @property
    def html(self) -> str:
        if self.language in ("cy", "en"):
            return f'<span lang="{self.language}">{title(self.title)}</span>'
        return title(self.title)


@dataclass
class SiteSpec:
    """What a site needs, in our terms rather than an engine's. Text is plain; the engine
    is given the ``*_html`` forms, escaped here."""

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
    alternates: dict[str, str] = field(default_factory=dict)
    """The same site in other languages: language code -> that site's root, relative to this
    one's (``{"en": "en/"}``). Each page names its twins in its head (``hreflang``)."""
    date: dt.date | None = None
    """The date the site stands for (sitemap, archives) unless SOURCE_DATE_EPOCH is set:
    the same inputs then give the same bytes."""

    @property
    def name_html(self) -> str:
        return title(self.name)

    @property
    def copyright_html(self) -> str:
        return title(self.copyright)

    @property
    def description_html(self) -> str:
        return title(self.description)


class Engine(Protocol):
    def build(self, spec: SiteSpec, docs_dir: Path, site_dir: Path, project_dir: Path) -> None:
        """Build ``docs_dir`` into ``site_dir``; raise a ``BuildError`` if it cannot."""


def build_site(spec: SiteSpec, docs_dir: Path, site_dir: Path, project_dir: Path) -> None:
    """Build the finished ``docs_dir`` into ``site_dir`` with the engine in use.

    ``project_dir`` is a scratch folder the engine may write its own files into (the
    MkDocs engine leaves its ``mkdocs.yml`` there).
    """
    engine: Any = importlib.import_module(ENGINE)
    engine.build(spec, docs_dir, site_dir, project_dir)
