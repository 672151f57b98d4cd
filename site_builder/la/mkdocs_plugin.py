"""``policy-site-templates``: the MkDocs plugin that builds the LA's template site.

The LA builds its template site with ``mkdocs build`` from the repository's ``mkdocs.yml``
and ``docs/``; this plugin, listed under ``plugins:`` there, adds the pages generated from
the library (:mod:`site_builder.la.template_site`) with their titles already escaped, the
JSON Schema, the LA's branding and the navigation, and gives every page its security
policy. ``mkdocs serve`` rebuilds when a template changes. It is the only MkDocs code
outside :mod:`site_builder.site.engine_mkdocs`, whose helpers it uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from site_builder.errors import SiteBuilderError
from site_builder.site.engine import title
from site_builder.site.engine_mkdocs import Speedups, as_html


def _escaped_nav(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            out.append(
                {
                    title(str(k)): _escaped_nav(v) if isinstance(v, list) else v
                    for k, v in item.items()
                }
            )
        else:
            out.append(item)
    return out


class LaTemplatesPlugin(Speedups):  # type: ignore[no-untyped-call]
    """Reads the template library and ``la.yml`` and adds the generated pages."""

    config_scheme = (
        ("templates_dir", config_options.Type(str, default="policy_templates")),
        ("la_config", config_options.Type(str, default="la.yml")),
    )

    def on_config(self, config: Any) -> Any:
        from site_builder.la.la_config import load_la
        from site_builder.la.template_site import build_la_site
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
        config.site_name = title(la.site_name)
        config.copyright = title(la.name)
        as_html(config)
        config.nav = _escaped_nav(self.site.nav)
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
