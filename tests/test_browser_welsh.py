"""Welsh pages in a real browser: zero axe violations at phone and desktop widths, a Welsh
search that finds exact and prefix words and ŵ/ŷ words typed without the circumflex, and a
language switch that goes to the same page in English and back."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from .conftest import REPO
from .test_browser import CHROMIUM, WCAG, _Quiet, axe_js, sync_api
from .welsh import add_welsh_template, bilingual_school

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("welsh")
    for name in ("policy_templates", "schools"):
        shutil.copytree(REPO / name, root / name)
    add_welsh_template(root / "policy_templates")
    bilingual_school(root)
    for school in ("ysgol-llanddewi", "ysgol-y-garn"):
        proc = subprocess.run(
            [sys.executable, "-m", "site_builder.cli", "build", f"schools/{school}.yml",
             "--out", "public"],
            cwd=root, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
    handler = functools.partial(_Quiet, directory=str(root / "public"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.add_init_script(path=str(axe_js))
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", [
    "ysgol-llanddewi/index.html",
    "ysgol-llanddewi/policies/visitors-code.html",
    "ysgol-llanddewi/accessibility.html",
    "ysgol-y-garn/index.html",
    "ysgol-y-garn/policies/parents-social-media.html",
])  # fmt: skip
@pytest.mark.parametrize("width", [375, 1280])
def test_zero_axe_violations_on_welsh_pages(
    page: object, server: str, path: str, width: int
) -> None:
    pg = page
    pg.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    pg.goto(f"{server}/{path}")  # type: ignore[attr-defined]
    assert pg.evaluate("document.documentElement.lang") == "cy"  # type: ignore[attr-defined]
    result = pg.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    assert [v["id"] for v in result["violations"]] == []


def _results(pg: object, word: str) -> str:
    pg.fill(".md-search__input", "")  # type: ignore[attr-defined]
    pg.click(".md-search__input")  # type: ignore[attr-defined]
    pg.keyboard.type(word, delay=20)  # type: ignore[attr-defined]
    pg.wait_for_function(  # type: ignore[attr-defined]
        "document.querySelector('.md-search-result__meta') && "
        "!/Cychwyn|Teipiwch/.test(document.querySelector('.md-search-result__meta').textContent)"
    )
    pg.wait_for_timeout(300)  # type: ignore[attr-defined]
    return pg.locator(".md-search-result").inner_text()  # type: ignore[attr-defined]


@pytest.mark.parametrize("word", ["bathodyn", "bathod", "dwr", "dŵr", "twr"])
def test_welsh_search_finds_exact_prefix_and_unaccented_words(
    page: object, server: str, word: str
) -> None:
    pg = page
    pg.goto(f"{server}/ysgol-llanddewi/index.html")  # type: ignore[attr-defined]
    assert "Cod ymddygiad i ymwelwyr" in _results(pg, word)


def test_the_switch_goes_to_the_same_page_in_english_and_back(page: object, server: str) -> None:
    pg = page
    pg.goto(f"{server}/ysgol-llanddewi/policies/visitors-code.html")  # type: ignore[attr-defined]
    pg.click("a[hreflang=en]")  # type: ignore[attr-defined]
    pg.wait_for_load_state()  # type: ignore[attr-defined]
    assert pg.url.endswith("/ysgol-llanddewi/en/policies/visitors-code.html")  # type: ignore[attr-defined]
    # (waits for the text, as a reader does, rather than reading a page still loading)
    sync_api.expect(pg.locator("article")).to_contain_text("Arriving")  # type: ignore[attr-defined]
    pg.click("a[hreflang=cy]")  # type: ignore[attr-defined]
    pg.wait_for_load_state()  # type: ignore[attr-defined]
    assert pg.url.endswith("/ysgol-llanddewi/policies/visitors-code.html")  # type: ignore[attr-defined]
