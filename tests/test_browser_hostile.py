"""An attacker's values in every field, on every page type, in a real browser.

A school adopts every template with markup, script, template and Typst syntax in every
free-text field (and tricky but valid addresses in the others); the LA's own values are
hostile too. Every page type the product writes is opened in Chromium. The test fails on
any dialog, any request to another origin, any element an attacker could have injected
(``img[src=x]``, ``onerror``, a ``javascript:`` link, a script not from the site), and any
Content-Security-Policy violation: with escaping right, the policy never has to act.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from site_builder.config.library import load_library

from .conftest import REPO
from .hostile import EMAIL, SCRIPT, URL, hostile_config

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
  e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""
INJECTED = """() => ({
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
  handlers: [...document.querySelectorAll('*')].filter(
    el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
  js_links: document.querySelectorAll('a[href^="javascript:" i]').length,
  foreign_scripts: [...document.scripts].filter(
    s => s.src && !s.src.startsWith(location.origin)).map(s => s.src),
  violations: window.__violations,
})"""
CLEAN = {"images": 0, "handlers": 0, "js_links": 0, "foreign_scripts": [], "violations": []}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-browser")
    for name in ("policy_templates", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    library = load_library(root / "policy_templates")
    (root / "schools").mkdir()
    (root / "schools" / "hostile.yml").write_text(hostile_config(library), encoding="utf-8")
    la = yaml.safe_load((REPO / "la.yml").read_text(encoding="utf-8"))
    la.update(name=SCRIPT, site_name=SCRIPT, contact_email=EMAIL, website=URL)
    la.pop("logo", None)
    (root / "la.yml").write_text(yaml.safe_dump(la, allow_unicode=True), encoding="utf-8")
    for args in (
        ["-m", "site_builder.cli", "build", "schools", "--out", "public"],
        ["-m", "mkdocs", "build", "--strict", "--site-dir", "public/templates"],
    ):
        proc = subprocess.run(
            [sys.executable, *args], cwd=root, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 0, proc.stderr
    return root / "public"


@pytest.fixture(scope="module")
def server(hostile_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(hostile_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def _pages(site: Path) -> list[str]:
    school = site / "hostile"
    pages = ["hostile/index.html", "hostile/accessibility.html", "hostile/404.html"]
    pages += [f"hostile/policies/{p.name}" for p in sorted((school / "policies").glob("*.html"))]
    pages += ["index.html"]
    pages += [p.relative_to(site).as_posix() for p in sorted((site / "templates").rglob("*.html"))]
    return pages


def test_every_page_type_shows_hostile_values_as_text_and_runs_nothing(
    hostile_site: Path, server: str
) -> None:
    pages = _pages(hostile_site)
    assert len(pages) >= 20
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync",
        ])  # fmt: skip
        context = browser.new_context()
        context.add_init_script(WATCH)
        dialogs: list[str] = []
        foreign: list[str] = []
        context.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        context.on(
            "request",
            lambda r: None if r.url.startswith((server, "data:")) else foreign.append(r.url),
        )
        page = context.new_page()
        seen_text = 0
        for path in pages:
            page.goto(f"{server}/{path}")
            page.wait_for_load_state("networkidle")
            if path.endswith(("index.html", "accessibility.html")) and "templates" not in path:
                search = page.locator(".md-search__input, #filter-text").first
                search.fill(SCRIPT)
                page.wait_for_timeout(300)
            assert page.evaluate(INJECTED) == CLEAN, path
            if SCRIPT in page.locator("body").inner_text():
                seen_text += 1
        browser.close()
    assert dialogs == []
    assert foreign == []
    # The hostile text is on the page, as text, nearly everywhere it was used.
    assert seen_text >= len(pages) - 3
