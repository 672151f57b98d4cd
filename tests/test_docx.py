"""Word copies: what someone opening the .docx of a policy or of the handbook finds."""

from __future__ import annotations

import datetime as dt
import html
import re
import struct
import zipfile
import zlib
from collections import Counter
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from site_builder.print.pdf import PrintedPolicy, PrintedSchool
from site_builder.render.escape import escape_markdown
from site_builder.site.build import build_school, load_checked_library
from site_builder.word.docx_writer import DocxWriter

from .conftest import EXAMPLE_SCHOOLS, MINIMAL_SCHOOL, SCHOOLS, TEMPLATES, english_site, write

SCHOOL = PrintedSchool(name="Test School", colour="#1d4f91")
HOSTILE = 'St <w:p>Mary</w:p> & "Joseph\'s" { PAGE } <script> ]]> &amp; *x* #1'


def _policy(markdown: str, **changes: object) -> PrintedPolicy:
    values: dict[str, object] = dict(
        id="test-policy", title="Test policy", markdown=markdown, version="1.0.0",
        adopted=dt.date(2026, 9, 1), approved_by="Governing Body",
        review_date=dt.date(2027, 9, 1), template_version="1.0.0",
        library_name="Anyshire library",
    )  # fmt: skip
    values.update(changes)
    return PrintedPolicy(**values)  # type: ignore[arg-type]


def _open(data: bytes, tmp_path: Path, name: str = "a.docx") -> Document:
    path = tmp_path / name
    path.write_bytes(data)
    return docx.Document(str(path))


def _blocks(document: Document) -> list[Paragraph | Table]:
    return list(document.iter_inner_content())


def _text(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return " ".join(p.text for row in block.rows for cell in row.cells for p in cell.paragraphs)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _num(paragraph: Paragraph) -> tuple[int, int] | None:
    """(numId, ilvl) of a list item, or None."""
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is None:
        return None
    return num_pr.numId.val, num_pr.ilvl.val


def _start(document: Document, num_id: int) -> int | None:
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    override = num.find(qn("w:lvlOverride"))
    start = override.find(qn("w:startOverride")) if override is not None else None
    return int(start.get(qn("w:val"))) if start is not None else None


def _format(document: Document, num_id: int, ilvl: int) -> str:
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    abstract = next(
        a for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == str(abstract_id)
    )  # fmt: skip
    level = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(ilvl))
    fmt = level.find(qn("w:numFmt")).get(qn("w:val"))
    return level.find(qn("w:lvlText")).get(qn("w:val")) if fmt == "bullet" else fmt


def _fields(part_element: object) -> list[str]:
    return [" ".join(t.text.split()) for t in part_element.iter(qn("w:instrText"))]  # type: ignore[attr-defined]


# --- one policy ---------------------------------------------------------------------------


def test_structure_is_real_word_structure(tmp_path: Path) -> None:
    markdown = (
        "## Rules\n\nSome **bold** and *italic* text.\n\n### Detail\n\n"
        "- first\n    - nested\n- second\n\n"
        "1. one\n2. two\n    1. two a\n    2. two b\n3. three\n\n"
        "Between the lists.\n\n"
        "3. three again\n4. four\n\n"
        "| A | B |\n| --- | --- |\n| 1 | 2 |\n\n"
        "See [the site](https://example.org/x), [https://example.org/y](https://example.org/y) "
        "and [us](mailto:office@example.org).\n\n"
        'Our own rule. <span class="school-own">added by the school</span>\n'
    )
    document = _open(DocxWriter(SCHOOL, tmp_path).policy(_policy(markdown)), tmp_path)
    paragraphs = document.paragraphs
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles["Test policy"] == "Heading 1"
    assert styles["Rules"] == "Heading 2"
    assert styles["Detail"] == "Heading 3"
    # Word's outline levels make the navigation pane
    heading = document.styles["Heading 2"].element
    assert heading.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "1"

    bold = next(p for p in paragraphs if p.text.startswith("Some bold"))
    assert [(r.text, r.bold, r.italic) for r in bold.runs] == [
        ("Some ", None, None), ("bold", True, None), (" and ", None, None),
        ("italic", None, True), (" text.", None, None),
    ]  # fmt: skip

    items = {p.text: _num(p) for p in paragraphs if _num(p)}
    assert items["first"][1] == 0 and items["nested"][1] == 1
    assert items["first"][0] == items["second"][0]
    assert _format(document, *items["first"]) == "\u2022"
    assert _format(document, *items["nested"]) == "\u2013"
    assert _format(document, *items["one"]) == "decimal"
    assert _format(document, *items["two a"]) == "lowerLetter"
    assert items["one"][0] == items["two"][0] == items["three"][0]
    assert items["two a"][0] == items["two b"][0] != items["one"][0]
    # every numbered list restarts where its Markdown says
    assert _start(document, items["one"][0]) == 1
    assert _start(document, items["two a"][0]) == 1
    assert items["three again"][0] not in (items["one"][0], items["two a"][0])
    assert _start(document, items["three again"][0]) == 3

    table = document.tables[1]  # the first is the adoption details
    assert table.style.name == "Table Grid"
    assert [[c.text for c in row.cells] for row in table.rows] == [["A", "B"], ["1", "2"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)

    links = next(p for p in paragraphs if p.text.startswith("See "))
    # on paper, a link says where it goes; an address shown as itself is not repeated
    assert links.text == (
        "See the site (https://example.org/x), https://example.org/y and us (office@example.org)."
    )
    hyperlinks = links.hyperlinks
    assert [(h.text, h.address) for h in hyperlinks] == [
        ("the site", "https://example.org/x"),
        ("https://example.org/y", "https://example.org/y"),
        ("us", "mailto:office@example.org"),
    ]
    own = next(p for p in paragraphs if p.text.startswith("Our own rule."))
    assert own.text == "Our own rule. (added by the school)"
    labelled = [r for r in own.runs if r.style.name == "Added by the school"]
    assert "".join(r.text for r in labelled) == "(added by the school)"


def test_first_page_header_footer_language_and_properties(tmp_path: Path) -> None:
    policy = _policy(
        "Some text.\n",
        signatures=["Headteacher", "Chair of Governors"],
        online_url="https://policies.example.org/p.html",
    )
    document = _open(DocxWriter(SCHOOL, tmp_path).policy(policy), tmp_path)
    blocks = _blocks(document)
    assert blocks[0].text == "Test policy"
    details = blocks[1]
    assert isinstance(details, Table)
    assert [[c.text for c in row.cells] for row in details.rows] == [
        ["Version", "1.0.0"],
        ["Date adopted", "1 September 2026"],
        ["Approved by", "Governing Body"],
        ["Next review", "1 September 2027"],
        ["LA template", "Test policy, version 1.0.0, Anyshire library"],
    ]
    texts = [_text(b) for b in blocks]
    assert texts[2] == "Some text."
    signatures = texts.index("Signatures")
    assert texts[signatures:signatures + 9] == [
        "Signatures",
        "Headteacher", "Name\t\t", "Signature\t\t", "Date\t\t",
        "Chair of Governors", "Name\t\t", "Signature\t\t", "Date\t\t",
    ]  # fmt: skip
    assert texts[-1] == (
        "Printed copies may be out of date: the current version is at "
        "https://policies.example.org/p.html."
    )
    assert blocks[-1].hyperlinks[0].address == "https://policies.example.org/p.html"

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert section.header.paragraphs[0].text == "Test School"
    footer = section.footer
    assert footer.paragraphs[0].text.startswith("Test policy\tPage ")
    assert _fields(footer._element) == ["PAGE", "NUMPAGES"]

    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    langs = {lang.get(qn("w:val")) for lang in document.element.body.iter(qn("w:lang"))}
    assert langs == {"en-GB"}
    assert all(r._r.rPr.find(qn("w:lang")) is not None for r in blocks[2].runs)
    props = document.core_properties
    assert props.title == "Test policy: Test School"
    assert props.author == "Test School"
    assert props.language == "en-GB"
    assert props.created == props.modified == dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def test_hostile_values_show_literally(tmp_path: Path) -> None:
    school = PrintedSchool(name=HOSTILE, colour="#000000", handbook_url="https://x.example/")
    markdown = f"Name: {escape_markdown(HOSTILE)}\n\n- {escape_markdown(HOSTILE)}\n"
    policy = _policy(
        markdown, title=HOSTILE, approved_by=HOSTILE, signatures=[HOSTILE], library_name=HOSTILE
    )
    writer = DocxWriter(school, tmp_path)
    for data in (writer.policy(policy), writer.handbook([policy])):
        document = _open(data, tmp_path)
        text = "\n".join(_text(b) for b in _blocks(document))
        assert text.count(HOSTILE) >= 6, text  # title, details (2), body, list, signature
        assert document.sections[0].header.paragraphs[0].text == HOSTILE
        assert HOSTILE in document.sections[-1].footer.paragraphs[0].text
        assert HOSTILE in document.core_properties.title
        assert document.core_properties.author == HOSTILE
        # the only fields are the ones we made; the value made none
        assert set(_fields(document.element.body)) <= {'TOC \\o "1-1" \\h \\z \\u'}
        assert _fields(document.sections[-1].footer._element) == ["PAGE", "NUMPAGES"]
        assert not list(document.element.body.iter(qn("w:fldSimple")))


def test_same_inputs_give_the_same_bytes(tmp_path: Path) -> None:
    policies = [_policy("A [link](https://example.org).\n\n1. one\n2. two\n", id="a"),
                _policy("B text.\n", id="b", title="Beta")]  # fmt: skip
    first = DocxWriter(SCHOOL, tmp_path)
    one = [first.policy(p) for p in policies] + [first.handbook(policies)]
    again = [first.policy(p) for p in policies] + [first.handbook(policies)]
    second = DocxWriter(SCHOOL, tmp_path)
    other = [second.policy(p) for p in policies] + [second.handbook(policies)]
    assert one == again == other
    # the zip's dates are the adoption date, not the time of the build
    (tmp_path / "a.docx").write_bytes(one[0])
    with zipfile.ZipFile(tmp_path / "a.docx") as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {(2026, 9, 1, 0, 0, 0)}


def test_handbook_has_cover_contents_and_a_section_per_policy(tmp_path: Path) -> None:
    policies = [
        _policy("Alpha text.\n", id="alpha", title="Alpha policy"),
        _policy("Beta text.\n\n| A |\n| --- |\n| 1 |\n", id="beta", title="Beta policy"),
        _policy("Gamma text.\n", id="gamma", title="Gamma policy"),
    ]
    school = PrintedSchool(name="Test School", colour="#1d4f91", handbook_url="https://p.example/")
    document = _open(DocxWriter(school, tmp_path).handbook(policies), tmp_path)
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == "Test School"
    assert "3 policies" in [p.text for p in paragraphs]
    contents = next(i for i, p in enumerate(paragraphs) if p.text == "Contents")
    assert paragraphs[contents].paragraph_format.page_break_before
    entries = [p.text for p in paragraphs[contents + 1 : contents + 4]]
    assert entries == ["Alpha policy", "Beta policy", "Gamma policy"]
    assert _fields(document.element.body) == ['TOC \\o "1-1" \\h \\z \\u']
    titles = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert titles == ["Alpha policy", "Beta policy", "Gamma policy"]
    # each policy is a section of its own: it starts on a new page, its title in the footer
    sections = document.sections
    assert len(sections) == 4
    assert [s.start_type for s in sections[1:]] == [docx.enum.section.WD_SECTION.NEW_PAGE] * 3
    footers = [s.footer.paragraphs[0].text.split("\t")[0] for s in sections]
    assert footers == ["", "Alpha policy", "Beta policy", "Gamma policy"]
    for section in sections:
        assert _fields(section.footer._element) == ["PAGE", "NUMPAGES"]
        assert section.header.paragraphs[0].text == "Test School"
    props = document.core_properties
    assert props.title == "Policies: Test School"


def _png(width: int = 4, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1d\x4f\x91" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )  # fmt: skip


def test_a_png_logo_is_in_the_header_and_an_svg_one_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(_png())
    (tmp_path / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    school = PrintedSchool(name="Logo School", colour="#1d4f91", logo="/assets/logo.png")
    document = _open(DocxWriter(school, tmp_path).policy(_policy("Text.\n")), tmp_path)
    header = document.sections[0].header
    assert header.paragraphs[0].text.startswith("Logo School")
    [picture] = header._element.iter(qn("wp:docPr"))
    assert picture.get("descr") == "Logo School logo"
    assert any(p.partname.endswith(".png") for p in document.part.package.iter_parts())
    svg = PrintedSchool(name="Logo School", colour="#1d4f91", logo="/assets/logo.svg")
    document = _open(DocxWriter(svg, tmp_path).policy(_policy("Text.\n")), tmp_path)
    assert document.sections[0].header.paragraphs[0].text == "Logo School"
    assert not list(document.sections[0].header._element.iter(qn("wp:docPr")))


# --- whole builds -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example school, built once for the tests below."""
    out = tmp_path_factory.mktemp("docx-site")
    library, _ = load_checked_library(TEMPLATES)
    for slug in EXAMPLE_SCHOOLS:
        build_school(SCHOOLS / f"{slug}.yml", library, out)
    return out


_BLOCKS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "ul", "ol", "div", "br"}


class _SiteText(HTMLParser):
    """A policy page's text as paper shows it: a link followed by its address (unless it
    shows it already), a school's own clause by its label in brackets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []
        self.spans: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a":
            self.links.append((attributes.get("href") or "", len(self.parts)))
        elif tag == "span":
            own = attributes.get("class") == "school-own"
            self.spans.append(own)
            if own:
                self.parts.append(" (")
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            target = href.removeprefix("mailto:")
            # Paper shows the address of a link to another site or a mailbox; a link to
            # another page of the site (a related policy) is its title alone.
            on_paper = href.startswith(("http:", "https:", "mailto:"))
            if on_paper and target and "".join(self.parts[start:]).strip() != target:
                self.parts.append(f" ({target})")
        elif tag == "span" and self.spans and self.spans.pop():
            self.parts.append(")")
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _site_body(page: str) -> str:
    start = page.index("Download Word</a></p>") + len("Download Word</a></p>")
    end = page.index('<h2 id="revision-history"')
    parser = _SiteText()
    parser.feed(page[start:end])
    text = _flat("".join(parser.parts).replace("( ", "("))
    # The page's note that the printed copies end with a signing sheet stands for the sheet.
    return re.sub(
        r" ?Signing sheet The printed copies of this policy \(PDF and Word\) end "
        r"with a signing sheet, on which each person signs that: [^.]*\.",
        "",
        text,
    )


def _docx_body(document: Document) -> str:
    """The policy text: after the adoption details, before the signatures or the note."""
    blocks = _blocks(document)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Table)) + 1
    body = []
    for block in blocks[start:]:
        if isinstance(block, Paragraph) and (
            block.style.name == "Online Note"
            or (block.style.name == "Heading 2" and block.text == "Signatures")
        ):
            break
        body.append(_text(block))
    return _flat(" ".join(body))


_MARKERS = re.compile(r"(?<!\S)(?:[\u2022\u2013]|\d+\.|[a-z]\.|[ivx]+\.)(?!\S)")
"""List markers: the PDF's text has them, Word's numbering and the web page do not."""


def _pdf_text(path: Path, school: str, title: str) -> str:
    pages = []
    for page in PdfReader(path).pages:
        text = page.extract_text()
        text = re.sub(r"^\s*" + re.escape(school), "", text)
        text = re.sub(re.escape(title) + r"\s*Page \d+ of \d+\s*$", "", text)
        pages.append(text)
    return _flat(" ".join(pages))


@pytest.mark.slow
@pytest.mark.parametrize("slug", EXAMPLE_SCHOOLS)
def test_every_example_school_gets_word_copies(built: Path, slug: str) -> None:
    site = english_site(built / slug)
    policies = sorted(p.stem for p in (site / "policies").glob("*.html"))
    assert sorted(p.name for p in (site / "docx").iterdir()) == sorted(
        [f"{slug}-{p}.docx" for p in policies] + [f"{slug}-policies.docx"]
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="docx/{slug}-policies.docx"' in index
    for policy in [*policies, "policies"]:
        document = docx.Document(str(site / "docx" / f"{slug}-{policy}.docx"))
        name = document.core_properties.author
        assert name and name in index
        headings = {p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")}
        assert {"Heading 1", "Heading 2"} <= headings
        for section in document.sections:
            assert section.header.paragraphs[0].text.startswith(name)
            assert _fields(section.footer._element) == ["PAGE", "NUMPAGES"]
        assert document.core_properties.language == "en-GB"
        lang = document.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:lang')}")
        assert lang.get(qn("w:val")) == "en-GB"
    for policy in policies:
        page = (site / "policies" / f"{policy}.html").read_text(encoding="utf-8")
        assert f'href="../docx/{slug}-{policy}.docx"' in page


@pytest.mark.slow
@pytest.mark.parametrize("slug", EXAMPLE_SCHOOLS)
def test_word_copy_says_what_the_page_and_the_pdf_say(built: Path, slug: str) -> None:
    site = english_site(built / slug)
    for page_path in sorted((site / "policies").glob("*.html")):
        policy = page_path.stem
        page = page_path.read_text(encoding="utf-8")
        document = docx.Document(str(site / "docx" / f"{slug}-{policy}.docx"))
        word = _docx_body(document)
        assert len(word) > 1000
        assert word == _site_body(page), policy
        title = document.paragraphs[0].text
        school = document.sections[0].header.paragraphs[0].text.split("\t")[0]
        pdf = _pdf_text(site / "pdf" / f"{slug}-{policy}.pdf", school, title)
        # A table that runs onto another page repeats its header row there, in the PDF.
        headers = [" ".join(c.text for c in t.rows[0].cells) for t in document.tables]
        _assert_within(_words(word), _words(pdf), [" ".join(_words(h)) for h in headers])
        # the handbook holds the same text
        handbook = docx.Document(str(site / "docx" / f"{slug}-policies.docx"))
        assert word in _flat(" ".join(_text(b) for b in _blocks(handbook)))
        assert html.unescape(title) in page


def _words(text: str) -> list[str]:
    """Words to compare with the PDF's text: no list markers, and no space before
    punctuation (pypdf reads a wide gap after a word as one)."""
    return re.sub(r"\s+([,.;:!?)])", r"\1", _MARKERS.sub(" ", text)).split()


def _assert_within(words: list[str], pdf: list[str], repeats: list[str] = ()) -> None:
    """``words`` appear in ``pdf`` in one unbroken run, but for ``repeats`` (table header rows
    a page break repeats) inserted in the PDF; else show where they part."""
    for i in range(len(pdf) - len(words) + 1):
        if pdf[i : i + len(words)] == words:
            return
    matcher = SequenceMatcher(None, words, pdf, autojunk=False)
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    changes = [(" ".join(words[a:b]), " ".join(pdf[c:d])) for _, a, b, c, d in ops]
    inner = changes[1:-1] if len(changes) > 2 else []
    if (
        len(changes) >= 2
        and changes[0][0] == ""
        and changes[-1][0] == ""
        and all(w == "" and p in repeats for w, p in inner)
    ):
        return  # the PDF has the rest of the document around the policy, and repeated headers
    if repeats:
        # A table row that breaks across a page is read out of order from the PDF: then
        # every word must still be there, as often as in the Word copy.
        # (and a hyphenated word may break at its hyphen in a narrow cell, a web address
        # at a slash or a dot).
        def parts(ws: list[str]) -> Counter[str]:
            return Counter(p for w in ws for p in re.split(r"[-/.]", w) if p)

        missing = parts(words) - parts(pdf)
        if not missing:
            return
        raise AssertionError(f"words of the Word copy missing from the PDF: {dict(missing)}")
    raise AssertionError(f"Word and PDF differ (Word, PDF): {changes[:5]}")


@pytest.mark.slow
def test_hostile_config_values_show_literally_in_word(project: Path) -> None:
    escaped = HOSTILE.replace("\\", "\\\\").replace('"', '\\"')
    config = write(project / "schools" / "hostile.yml", MINIMAL_SCHOOL.format(name=f'"{escaped}"'))
    library, _ = load_checked_library()
    result = build_school(config, library, project / "site")
    assert [p.name for p in result.docx] == [
        "hostile-staff-social-media.docx", "hostile-policies.docx"
    ]  # fmt: skip
    for path in result.docx:
        document = docx.Document(str(path))
        assert document.sections[0].header.paragraphs[0].text == HOSTILE
        assert document.core_properties.author == HOSTILE
        body = " ".join(_text(b) for b in _blocks(document))
        assert HOSTILE in body, path.name
        assert not list(document.element.body.iter(qn("w:fldSimple")))
