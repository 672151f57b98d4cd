"""End to end: a real MkDocs build of a school, checked as a reader would see it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from site_builder.errors import ConfigError
from site_builder.site.build import build_school, load_checked_library

from .conftest import EXAMPLE_SCHOOLS, MINIMAL_SCHOOL, english_site, write

pytestmark = pytest.mark.slow

HOSTILE_NAME = 'St "Quote" <Mary\'s> *Academy* {{x}} # & | [a](b) <script>alert(1)</script>'


def _text_of(html: str) -> str:
    """Visible text of a page, entities decoded, as a reader sees it."""
    import html as html_lib

    body = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


def _search_docs(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.parametrize("slug", EXAMPLE_SCHOOLS)
def test_example_school_site(project: Path, slug: str) -> None:
    library, _ = load_checked_library()
    result = build_school(Path("schools") / f"{slug}.yml", library, project / "site")
    assert result.site_dir == Path(project / "site" / slug)
    site = english_site(project / "site" / slug)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert result.school in _text_of(index)
    docs = _search_docs(site)
    text = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert result.school.split()[0] in text
    if "staff-social-media" in result.policies:
        assert "Social media is part of everyday life" in text
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml"):
            content = path.read_text(encoding="utf-8")
            for debris in ("{{", "{%", "XXXX", "[insert", "(insert"):
                assert debris not in content, f"{debris} in {path}"
            assert "fonts.googleapis" not in content and "fonts.gstatic" not in content
            assert "Made with" not in content


def test_home_table_and_policy_box_show_dates(project: Path) -> None:
    library, _ = load_checked_library()
    build_school(Path("schools/houghton-conquest.yml"), library, project / "site")
    site = project / "site" / "houghton-conquest"
    home = _text_of((site / "index.html").read_text(encoding="utf-8"))
    row = re.search(
        r"Staff use of social media\s+Governing Body\s+8 July 2026\s+8 July 2027\s+Current",
        home,
    )
    assert row, home
    page = _text_of((site / "policies" / "staff-social-media.html").read_text(encoding="utf-8"))
    for label in (
        "Version: 1.0.0",
        "Adopted: 8 July 2026",
        "Approved by: Governing Body",
        "Next review: 8 July 2027",
        "LA template: Staff use of social media, version 1.0.0",
    ):
        assert label in re.sub(r"\s+", " ", page)
    access = _text_of((site / "accessibility.html").read_text(encoding="utf-8"))
    assert "office@houghtonconquest.example.sch.uk" in access
    assert "in a different format" in access


def test_hostile_name_shows_literally_in_site_and_search(project: Path) -> None:
    escaped_yaml = HOSTILE_NAME.replace("\\", "\\\\").replace('"', '\\"')
    config = write(
        project / "schools" / "hostile.yml", MINIMAL_SCHOOL.format(name=f'"{escaped_yaml}"')
    )
    library, _ = load_checked_library()
    build_school(config, library, project / "site")
    site = project / "site" / "hostile"
    for page in ("index.html", "policies/staff-social-media.html", "accessibility.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html
        assert 'content="The policies of St "Quote"' not in html
        assert HOSTILE_NAME in _text_of(html), page
        title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
        assert "<" not in title
    for doc in _search_docs(site):
        # Material's index holds HTML: the name must be there as escaped text.
        assert "<script>" not in doc["text"] and "<script>" not in doc["title"]
    home = next(d for d in _search_docs(site) if d["location"] == "index.html")
    assert HOSTILE_NAME in _text_of(home["title"])
    assert HOSTILE_NAME in _text_of(home["text"])


def test_failed_build_leaves_previous_site_intact(project: Path) -> None:
    library, _ = load_checked_library()
    config = Path("schools/any-school.yml")
    build_school(config, library, project / "site")
    site = project / "site" / "any-school"
    before = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    config.write_text(config.read_text().replace("adopted: 2026-09-14", "adopted: 31/09/2026"))
    with pytest.raises(ConfigError):
        build_school(config, library, project / "site")
    after = {p: p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    assert after == before
    assert sorted(p.name for p in (project / "site").iterdir()) == ["any-school"]


def test_overdue_and_due_reviews_are_said_on_the_home_page_and_policy_page(
    project: Path,
) -> None:
    from .conftest import GOOD, write

    text = GOOD.replace("adopted: 2026-09-01", "adopted: 2025-09-01").replace(
        "  staff-social-media:",
        "  parents-social-media:\n    template_version: 1.0.0\n    adopted: 2026-09-01\n"
        "    approved_by: Governing Body\n    review_cycle_months: 3\n  staff-social-media:",
    )
    write(project / "schools" / "late.yml", text)
    library, _ = load_checked_library()
    build_school(Path("schools/late.yml"), library, project / "site")
    site = project / "site" / "late"
    home = _text_of((site / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"Staff use of social media\s+Governing Body\s+1 September 2025\s+"
                     r"1 September 2026\s+Overdue for review", home), home  # fmt: skip
    assert re.search(r"parents, carers and the school community\s+Governing Body\s+"
                     r"1 September 2026\s+1 December 2026\s+Review due soon", home), home  # fmt: skip
    staff = _text_of((site / "policies/staff-social-media.html").read_text(encoding="utf-8"))
    assert "This policy is overdue for review" in staff
    parents = _text_of((site / "policies/parents-social-media.html").read_text(encoding="utf-8"))
    assert "This policy is due for review soon It is due to be reviewed by 1 December 2026." in (
        re.sub(r"\s+", " ", parents)
    )


def test_the_accessibility_statement_claims_only_what_the_build_does(project: Path) -> None:
    library, _ = load_checked_library()
    build_school(Path("schools/houghton-conquest.yml"), library, project / "site")
    page = re.sub(
        r"\s+",
        " ",
        _text_of((project / "site/houghton-conquest/accessibility.html").read_text("utf-8")),
    )
    assert "checked automatically when the site is built" not in page
    assert (
        "tested automatically against the WCAG 2.2 A and AA success criteria each time" not in page
    )
    assert (
        "When this website is built, the software chooses text colours with at least 4.5:1 "
        "contrast against the school's colour, and makes every PDF as a tagged PDF/UA-1 "
        "document" in page
    )


def test_titles_are_escaped_in_the_docs_folder_before_the_engine_sees_them(
    project: Path,
) -> None:
    """The engine port's promise: whatever builds the site is handed names and titles that
    are already HTML, so an engine or theme that escapes nothing still shows them as text."""
    from site_builder.config.school import load_school
    from site_builder.render.jinja import render_school
    from site_builder.site.build import site_spec, write_pages

    from .conftest import GOOD, write

    name = 'St <Mary\'s> & "All" Saints'
    write(project / "schools" / "evil.yml", GOOD.replace("Test School", name))
    library, _ = load_checked_library()
    config = load_school(Path("schools/evil.yml"), library)
    rendered = render_school(config, library)
    docs = project / "docs"
    write_pages(config, rendered, library, docs)
    spec = site_spec(config, rendered, docs)
    escaped = "St &lt;Mary&#x27;s&gt; &amp; &quot;All&quot; Saints"
    assert spec.name_html == escaped
    assert escaped in spec.copyright_html
    assert [item.html for item in spec.nav] == ["Home", "Policies", "Accessibility"]
    assert [c.html for c in spec.nav[1].children] == ["Staff use of social media"]
    for page in ("index.md", "accessibility.md", "policies/staff-social-media.md"):
        text = (docs / page).read_text(encoding="utf-8")
        assert text.startswith("---\ntitle: "), page
        assert "<Mary" not in text, page  # no raw markup anywhere in a page's source
    home = (docs / "index.md").read_text(encoding="utf-8")
    assert '# St &#60;Mary\'s&#62; &#38; "All" Saints' in home
