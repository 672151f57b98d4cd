"""Printed policies: Typst markup from Markdown, and the PDFs a school's build writes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from site_builder.print.pdf import (
    PdfWriter,
    PrintedPolicy,
    PrintedSchool,
    handbook_source,
    policy_source,
)
from site_builder.print.typst_markup import escape_text, markdown_to_typst
from site_builder.site.build import build_school, load_checked_library

from .conftest import EXAMPLE_SCHOOLS, MINIMAL_SCHOOL, english_site, write

HOSTILE = "A<b> #c $d$ *e* [f] \\g @h //i /*j*/ = k - l + m ~n `o` 'p' \"q\" 1. r"


def _text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _policy(markdown: str, **changes: object) -> PrintedPolicy:
    values: dict[str, object] = dict(
        id="test-policy", title="Test policy", markdown=markdown, version="1.0.0",
        adopted=dt.date(2026, 9, 1), approved_by="Governing Body",
        review_date=dt.date(2027, 9, 1), template_version="1.0.0",
        library_name="Anyshire library",
    )  # fmt: skip
    values.update(changes)
    return PrintedPolicy(**values)  # type: ignore[arg-type]


SCHOOL = PrintedSchool(name="Test School", colour="#1d4f91")


def test_escape_text_backslashes_all_typst_syntax() -> None:
    assert escape_text("#a $b$ @c") == "\\#a \\$b\\$ \\@c"
    assert escape_text("line\nbreak") == "line break"


def test_markdown_structures_become_typst() -> None:
    typ = markdown_to_typst(
        "## Rules\n\n1. First\n    - nested bullet\n2. Second\n\n"
        "| A | B |\n| --- | --- |\n| 1 | 2 |\n\n> quoted\n\n"
        "See [the site](https://example.org/x) and **bold** *em*.\n"
    )
    assert "#heading(level: 2)[Rules]" in typ
    assert "#enum(start: 1, [First\n\n#list([nested bullet])], [Second])" in typ
    assert "#table(columns: 2, table.header([A], [B]), [1], [2])" in typ
    assert "#quote(block: true)[quoted]" in typ
    assert '#link("https://example.org/x")[the site] (https\\:\\/\\/example\\.org\\/x)' in typ
    assert "#strong[bold] #emph[em]" in typ


def test_hostile_text_prints_literally(tmp_path: Path) -> None:
    from site_builder.render.escape import escape_markdown

    md = f"Name: {escape_markdown(HOSTILE)}\n\n- {escape_markdown(HOSTILE)}\n"
    out = tmp_path / "hostile.pdf"
    PdfWriter(tmp_path).compile(
        policy_source(
            PrintedSchool(name=HOSTILE, colour="#000000"),
            _policy(md, title=HOSTILE, approved_by=HOSTILE),
        ),
        out,
        dt.date(2026, 9, 1),
    )
    text = _flat(_text(out))
    assert text.count(HOSTILE) >= 4  # header, title, details, body, list item


def test_nested_lists_are_lettered(tmp_path: Path) -> None:
    out = tmp_path / "lists.pdf"
    md = "1. Outer one\n    1. inner one\n    2. inner two\n2. Outer two\n"
    PdfWriter(tmp_path).compile(policy_source(SCHOOL, _policy(md)), out, dt.date(2026, 9, 1))
    text = _flat(_text(out))
    assert "1. Outer one a. inner one b. inner two 2. Outer two" in text


def test_pdf_is_tagged_titled_and_reproducible(tmp_path: Path) -> None:
    writer = PdfWriter(tmp_path)
    source = policy_source(
        SCHOOL,
        _policy(
            "Some text.\n",
            signatures=["Headteacher"],
            online_url="https://policies.example.org/p.html",
        ),
    )
    writer.compile(source, tmp_path / "a.pdf", dt.date(2026, 9, 1))
    writer.compile(source, tmp_path / "b.pdf", dt.date(2026, 9, 1))
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    reader = PdfReader(tmp_path / "a.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Test policy: Test School"
    text = _flat(_text(tmp_path / "a.pdf"))
    assert "Headteacher Name Signature Date" in text
    assert (
        "Printed copies may be out of date: the current version is at "
        "https://policies.example.org/p.html"
    ) in text
    assert "Page 1 of 1" in text


def test_handbook_has_contents_and_every_policy(tmp_path: Path) -> None:
    policies = [
        _policy("Alpha text.\n", title="Alpha policy"),
        _policy("Beta text.\n", title="Beta policy"),
    ]
    out = tmp_path / "handbook.pdf"
    PdfWriter(tmp_path).compile(handbook_source(SCHOOL, policies), out, dt.date(2026, 9, 1))
    pages = [_flat(p.extract_text()) for p in PdfReader(out).pages]
    assert len(pages) == 4
    assert "Contents" in pages[1] and "Alpha policy" in pages[1] and "Beta policy" in pages[1]
    assert "Alpha text." in pages[2] and "Page 3 of 4" in pages[2]
    assert pages[3].startswith("Test School Beta policy")


@pytest.mark.slow
@pytest.mark.parametrize("slug", EXAMPLE_SCHOOLS)
def test_every_example_school_gets_its_pdfs(project: Path, slug: str) -> None:
    library, _ = load_checked_library()
    result = build_school(Path("schools") / f"{slug}.yml", library, project / "site")
    english = english_site(result.site_dir)
    pdf_dir = english / "pdf"
    assert sorted(p.name for p in pdf_dir.iterdir()) == sorted(
        [f"{slug}-{p}.pdf" for p in result.policies] + [f"{slug}-policies.pdf"]
    )
    for policy in result.policies:
        text = _flat(_text(pdf_dir / f"{slug}-{policy}.pdf"))
        assert result.school in text
        assert library.templates[policy].title in text
        assert re.search(r"Page 1 of \d+", text)
        adoption = re.search(r"Date adopted (\d+ \w+ 20\d\d)", text)
        review = re.search(r"Next review (\d+ \w+ 20\d\d)", text)
        assert adoption and review, text[:600]
        page = (english / "policies" / f"{policy}.html").read_text(encoding="utf-8")
        assert adoption[1] in page and review[1] in page
        assert f'href="../pdf/{slug}-{policy}.pdf"' in page
    index = (english / "index.html").read_text(encoding="utf-8")
    assert f'href="pdf/{slug}-policies.pdf"' in index


@pytest.mark.slow
def test_hostile_config_values_print_literally(project: Path) -> None:
    name = "St <Mary's> #1 $5 *star* [x] \\\\back @at //slash"
    expected = "St <Mary's> #1 $5 *star* [x] \\back @at //slash"
    config = write(project / "schools" / "hostile.yml", MINIMAL_SCHOOL.format(name=f'"{name}"'))
    library, _ = load_checked_library()
    result = build_school(config, library, project / "site")
    for pdf in result.pdfs:
        assert expected in _flat(_text(pdf)), pdf.name


def test_an_overdue_policy_says_so_on_paper(tmp_path: Path) -> None:
    overdue = _policy(
        "## Aims\n\nText.\n", title="Overdue policy", review_date=dt.date(2026, 6, 1),
        review_status="overdue",
    )  # fmt: skip
    due = _policy("## Aims\n\nText.\n", title="Due policy", review_status="due")
    current = _policy("## Aims\n\nText.\n", title="Current policy")
    out = tmp_path / "overdue.pdf"
    PdfWriter(tmp_path).compile(policy_source(SCHOOL, overdue), out, dt.date(2026, 9, 1))
    first = _flat(PdfReader(out).pages[0].extract_text())
    assert (
        "This policy is overdue for review It was due to be reviewed by 1 June 2026. It stays "
        "in force until the Governing Body approves a reviewed version." in first
    )
    assert "Overdue policy · Overdue for review since 1 June 2026 Page 1 of 1" in first
    handbook = tmp_path / "handbook.pdf"
    source = handbook_source(SCHOOL, [overdue, due, current])
    PdfWriter(tmp_path).compile(source, handbook, dt.date(2026, 9, 1))
    pages = [_flat(p.extract_text()) for p in PdfReader(handbook).pages]
    assert "3 policies, the most recent approved on 1 September 2026" in pages[0]
    assert "Overdue policy 1 June 2026 overdue 3" in pages[1]
    assert "Due policy 1 September 2027 due soon 4" in pages[1]
    assert "Current policy 1 September 2027 5" in pages[1]
    assert "This policy is due for review soon" in pages[3]
    assert "due for review" not in pages[4]
