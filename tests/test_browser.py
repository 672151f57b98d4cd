"""In a real browser: what a parent does, keyboard and phone use, printing, privacy, and
WCAG 2.2 AA with zero axe violations on every page type.

Drives Debian's Chromium (/usr/bin/chromium) with Playwright; `.ci/run` installs it.
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

from .conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests need Chromium at /usr/bin/chromium: install it with "
        "`apt-get install chromium` (Playwright's own browser download is not used)",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api")
axe_js = Path(pytest.importorskip("axe_playwright_python").__file__).parent / "axe.min.js"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example school, the LA index and the LA template site, built as users build them."""
    root = tmp_path_factory.mktemp("browser")
    for name in ("policy_templates", "schools", "docs"):
        shutil.copytree(REPO / name, root / name)
    for name in ("mkdocs.yml", "la.yml"):
        shutil.copy(REPO / name, root / name)
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
def server(built: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync",
        ])  # fmt: skip
        yield b
        b.close()


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},  # type: ignore[attr-defined]
        accept_downloads=True,
    )
    # The pages' security policy refuses injected scripts; axe comes in as an init script,
    # the browser's own, so it checks each page exactly as a parent gets it.
    context.add_init_script(path=str(axe_js))
    requests: list[str] = []
    pg = context.new_page()
    pg.on("request", lambda r: requests.append(r.url))
    pg.requests = requests
    yield pg
    # Privacy: everything from the site's own origin, and no cookies, on every page visited.
    assert requests and all(
        url.startswith(server) or url.startswith("data:") for url in requests
    ), [u for u in requests if not u.startswith(server)]
    assert context.cookies() == []
    context.close()


def _search(pg: object, word: str) -> None:
    if pg.evaluate("innerWidth") < 960:  # type: ignore[attr-defined]  # a phone: the icon
        pg.click(".md-header label[for='__search']")  # type: ignore[attr-defined]
        pg.wait_for_function(  # type: ignore[attr-defined]
            "document.activeElement.matches('.md-search__input')"
        )
    else:
        pg.click(".md-search__input")  # type: ignore[attr-defined]
    pg.keyboard.type(word, delay=20)  # type: ignore[attr-defined]
    pg.wait_for_selector(".md-search-result__item")  # type: ignore[attr-defined]


def _axe(pg: object) -> list[dict[str, object]]:
    result = pg.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]
    ]


def test_a_parent_finds_reads_searches_and_downloads_a_policy(page: object, server: str) -> None:
    pg = page
    pg.goto(f"{server}/houghton-conquest/index.html")  # type: ignore[attr-defined]
    table = pg.locator("table.policy-list")  # type: ignore[attr-defined]
    assert "Staff use of social media" in table.inner_text()
    assert "8 July 2026" in table.inner_text()
    table.get_by_role("link", name="Staff use of social media").click()
    assert pg.locator("h1").inner_text() == "Staff use of social media"  # type: ignore[attr-defined]
    pg.goto(f"{server}/houghton-conquest/index.html")  # type: ignore[attr-defined]
    _search(pg, "libel")
    results = pg.locator(".md-search-result__item")  # type: ignore[attr-defined]
    assert results.count() >= 1
    results.first.locator("a").first.click()
    pg.wait_for_load_state()  # type: ignore[attr-defined]
    assert "staff-social-media.html" in pg.url  # type: ignore[attr-defined]
    assert "libel" in pg.locator("article").inner_text()  # type: ignore[attr-defined]
    with pg.expect_download() as info:  # type: ignore[attr-defined]
        pg.get_by_role("link", name="Download PDF").click()  # type: ignore[attr-defined]
    pdf = Path(info.value.path())
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert info.value.suggested_filename == "houghton-conquest-staff-social-media.pdf"


def test_phone_width_has_no_sideways_scroll_and_a_reachable_menu(
    browser: object, server: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})  # type: ignore[attr-defined]
    pg = context.new_page()
    for path in (
        "any-school/index.html",
        "any-school/policies/staff-social-media.html",
        "any-school/accessibility.html",
        "index.html",
        "templates/library/staff-social-media.html",
        "templates/cy/library/complaints-procedure.html",
    ):
        pg.goto(f"{server}/{path}")
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
    pg.goto(f"{server}/any-school/index.html")
    pg.click(".md-header label[for='__drawer']")
    pg.locator(".md-nav--primary").get_by_role("link", name="Accessibility").click()
    assert "accessibility.html" in pg.url
    context.close()


def test_everything_reachable_by_keyboard(page: object, server: str) -> None:
    pg = page
    home = f"{server}/any-school/index.html"
    active = "document.activeElement"
    pg.goto(home)  # type: ignore[attr-defined]
    pg.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert pg.evaluate(f"{active}.textContent.trim()") == "Skip to content"  # type: ignore[attr-defined]
    pg.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert pg.url.endswith("#any-school")  # type: ignore[attr-defined]
    # From the top of a page: Tab to the search box, search, choose a result with the arrows.
    pg.goto(home)  # type: ignore[attr-defined]
    for _ in range(5):
        pg.keyboard.press("Tab")  # type: ignore[attr-defined]
        if pg.evaluate(f"{active}.classList.contains('md-search__input')"):  # type: ignore[attr-defined]
            break
    assert pg.evaluate(f"{active}.classList.contains('md-search__input')")  # type: ignore[attr-defined]
    pg.keyboard.type("breaches", delay=20)  # type: ignore[attr-defined]
    pg.wait_for_selector(".md-search-result__item")  # type: ignore[attr-defined]
    pg.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
    assert pg.evaluate(f"{active}.classList.contains('md-search-result__link')")  # type: ignore[attr-defined]
    pg.keyboard.press("Enter")  # type: ignore[attr-defined]
    pg.wait_for_url("**/policies/staff-social-media.html**")  # type: ignore[attr-defined]
    # Tabbing through a policy page reaches the navigation and the PDF download.
    names = []
    for _ in range(60):
        pg.keyboard.press("Tab")  # type: ignore[attr-defined]
        names.append(pg.evaluate(f"{active}.textContent.trim()"))  # type: ignore[attr-defined]
    assert "Download PDF" in names and "Accessibility" in names


def test_printing_leaves_out_navigation_and_keeps_the_school_name(
    page: object, server: str
) -> None:
    pg = page
    pg.goto(f"{server}/kettleshulme/policies/staff-social-media.html")  # type: ignore[attr-defined]
    pg.emulate_media(media="print")  # type: ignore[attr-defined]
    for selector in (
        ".md-header__button[for='__drawer']",
        ".md-search",
        ".md-sidebar--primary",
        ".md-footer",
        ".md-button",
    ):
        assert not pg.locator(selector).first.is_visible(), selector  # type: ignore[attr-defined]
    assert pg.locator("article h1").is_visible()  # type: ignore[attr-defined]
    title = pg.locator(".md-header__topic").first  # type: ignore[attr-defined]
    assert title.is_visible()
    assert title.inner_text().strip() == "Kettleshulme St James CE (VA) Primary School"


HOME_COLUMNS = ("Policy", "Reference", "Approved by", "Adopted", "Next review", "Status")
_CLIPPED = """() => {
  const out = [];
  const head = document.querySelector('table.policy-list thead');
  const cells = head.getBoundingClientRect().height > 2  // the headings show as a table's
    ? 'table.policy-list th, table.policy-list td'      // (on a phone, as each card's labels)
    : 'table.policy-list tbody th, table.policy-list td';
  for (const el of document.querySelectorAll(cells)) {
    const box = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1) { out.push(['overflows', el.textContent]); }
    if (box.right > document.documentElement.clientWidth + 1 || box.left < -1) {
      out.push(['off screen', el.textContent]);
    }
    if (box.width === 0 || box.height === 0) { out.push(['hidden', el.textContent]); }
  }
  return out;
}"""


@pytest.mark.parametrize("width", [320, 375, 768, 1280, 1920])
def test_home_page_shows_every_column_at_every_width(
    browser: object, server: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.goto(f"{server}/northfield-academy/index.html")
    assert pg.evaluate("document.documentElement.scrollWidth") <= width
    assert pg.evaluate(_CLIPPED) == []
    rows = pg.locator("table.policy-list tbody tr")
    assert rows.count() == 8  # seven from the library, one kept on the academy's own website
    first = rows.first.inner_text()
    last = rows.last.inner_text()
    for fact in ("Admission arrangements 2027 to 2028", "kept on the school's own website",
                 "Statutory", "10 February 2027"):  # fmt: skip
        assert fact in last, (width, last)
    # Every fact of a policy is on screen at every width: on a phone as labelled lines of a
    # card, on a wide screen in its column.
    for fact in ("Staff use of social media", "Standards and Safeguarding Committee",
                 "12 November 2026", "12 November 2027", "Current"):  # fmt: skip
        assert fact in first, (width, first)
    cards = pg.evaluate("getComputedStyle(document.querySelector('table.policy-list tr')).display")
    assert (cards == "block") == (width < 720), (width, cards)
    if width < 720:  # each line of a card says what it is
        labels = pg.evaluate(
            "[...document.querySelectorAll('table.policy-list tbody tr:first-child td')]"
            ".map(td => getComputedStyle(td, '::before').content)"
        )
        assert labels == [f'"{label}: "' for label in HOME_COLUMNS[1:]]
    context.close()


@pytest.mark.parametrize(("path", "search"), [
    ("any-school/index.html", None),
    ("any-school/policies/staff-social-media.html", None),
    ("any-school/policies/staff-ict-acceptable-use.html", None),
    ("any-school/policies/charging-remissions.html", None),
    ("any-school/accessibility.html", None),
    ("any-school/index.html", "social media"),
    ("northfield-academy/policies/staff-social-media.html", None),
    ("index.html", None),
    ("templates/index.html", None),
    ("templates/library/index.html", None),
    ("templates/library/staff-social-media.html", None),
    ("templates/reference.html", None),
    ("templates/publishing.html", None),
    ("templates/import.html", None),
    ("templates/security.html", None),
    ("templates/register.html", None),
    ("templates/what-we-must-have.html", None),
    ("templates/cy/index.html", None),
    ("templates/cy/library/index.html", None),
    ("templates/cy/library/complaints-procedure.html", None),
    ("templates/cy/library/staff-social-media.html", None),
    ("templates/index.html", "device"),
])  # fmt: skip
@pytest.mark.parametrize("width", [375, 1280])
def test_zero_axe_violations(
    page: object, server: str, path: str, search: str | None, width: int
) -> None:
    pg = page
    pg.set_viewport_size({"width": width, "height": 900})  # type: ignore[attr-defined]
    pg.goto(f"{server}/{path}")  # type: ignore[attr-defined]
    if search:
        _search(pg, search)
    assert _axe(pg) == []


@pytest.fixture(scope="module")
def school_at_root(built: Path) -> Iterator[str]:
    """One school's site served at the root of its address, as a host serves it: the 404
    page's links are absolute, from the site's address."""
    handler = functools.partial(_Quiet, directory=str(built / "any-school"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("width", [375, 1280])
def test_zero_axe_violations_on_the_404_page(
    browser: object, school_at_root: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    context.add_init_script(path=str(axe_js))
    pg = context.new_page()
    pg.goto(f"{school_at_root}/404.html")
    assert "404" in pg.locator("article").inner_text()
    assert _axe(pg) == []
    context.close()


def test_accessibility_statement_follows_the_gov_uk_model(page: object, server: str) -> None:
    pg = page
    pg.goto(f"{server}/northfield-academy/accessibility.html")  # type: ignore[attr-defined]
    text = pg.locator("article").inner_text()  # type: ignore[attr-defined]
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert heading in text
    assert "enquiries@northfield-academy.example.sch.uk" in text
    assert "01632 960 123" in text
    assert "This statement was prepared on 12 October 2026." in text


def test_a_site_opened_from_disk_says_why_it_has_no_search(browser: object, built: Path) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.goto((built / "any-school" / "index.html").as_uri())
    note = pg.locator(".policy-site-file-note")
    assert note.inner_text().startswith("Search works once the site is on a web server")
    assert "Staff use of social media" in pg.locator("table.policy-list").inner_text()
    context.close()
