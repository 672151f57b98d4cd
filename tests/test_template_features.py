"""Features any template can use (docs/template-features.md): a reference code, numbered
sections, related documents and laws, and a sign-off sheet in print. What a reader sees on
the page, in the PDF (pdftotext) and in the Word copy (python-docx), and the located
message for every wrong value."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from site_builder.config.library import Library, load_library
from site_builder.render.sections import number_sections, stable_anchors

from .conftest import TEMPLATES, Run, write

SCHOOL = """\
school:
  name: Test School
  local_authority: Anyshire County Council
  contact_email: office@example.sch.uk
  policy_site_url: https://policies.example.sch.uk
governance:
  governing_body: Governing Body
everyone: [staff, governors]
policies:
  complaints-procedure:
    template_version: 1.1.0
    adopted: 2026-11-02
    approved_by: Governing Body
    related:
      - title: "<script>alert(1)</script> *our* [own] #set page(fill: red) {{ 7*7 }}"
        url: https://example.org/a_(b)*c?x=1&y=%41
      - policy: staff-social-media
  staff-ict-acceptable-use:
    template_version: 1.1.0
    adopted: 2026-11-02
    approved_by: Governing Body
  staff-social-media:
    template_version: 1.1.0
    adopted: 2026-11-02
    approved_by: Governing Body
    reference: TS-7
"""
HOSTILE_TITLE = "<script>alert(1)</script> *our* [own] #set page(fill: red) {{ 7*7 }}"


class _Page(HTMLParser):
    """The text of a page's article, its headings with their ids, and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self._heading: tuple[str, list[str]] | None = None
        self._link: tuple[str, list[str]] | None = None
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("h2", "h3") and a.get("id"):
            self._heading = (a["id"] or "", [])
        if tag == "a" and a.get("href"):
            self._link = (a["href"] or "", [])
        if tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3") and self._heading:
            self.headings.append((self._heading[0], "".join(self._heading[1]).strip()))
            self._heading = None
        if tag == "a" and self._link:
            self.links.append((self._link[0], "".join(self._link[1]).strip()))
            self._link = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for part in (self._heading, self._link):
            if part:
                part[1].append(data)


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _words(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return _words(out.stdout.decode("utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from site_builder.site.build import build_school, load_checked_library

    root = tmp_path_factory.mktemp("features")
    config = write(root / "schools" / "test.yml", SCHOOL)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1795219200")
        library, _ = load_checked_library(TEMPLATES)
        build_school(config, library, root / "site")
        unnumbered = write(
            root / "plain" / "test.yml",
            SCHOOL.replace(
                "    approved_by: Governing Body\n    related:",
                "    approved_by: Governing Body\n    numbered_sections: no\n    related:",
            ),
        )
        build_school(unnumbered, library, root / "plain-site")
    return root


# --- the declarations -------------------------------------------------------------------------


def test_every_template_has_a_code_and_the_statutory_ones_their_laws(library: Library) -> None:
    codes = {t.id: t.features.reference for t in library.templates.values()}
    del codes["staff-social-media"]  # (kept at its version: see the CHANGELOG)
    assert all(codes.values()) and len(set(codes.values())) == len(codes)
    for tid in (
        "complaints-procedure", "charging-remissions", "behaviour-principles",
        "equality-information-objectives", "accessibility-plan",
    ):  # fmt: skip
        kinds = {d.kind for d in library.templates[tid].features.related}
        assert "law" in kinds, tid
    assert library.templates["complaints-procedure"].features.numbered_sections
    sheet = library.templates["staff-ict-acceptable-use"].features.sign_off
    assert sheet is not None and sheet.columns == ("Name", "Role", "Signature", "Date")
    # A related policy given by its id alone takes that template's title.
    cp = library.templates["complaints-procedure"].features.related
    assert [d.title for d in cp if d.policy] == [library.templates["parents-social-media"].title]
    # The version schools adopted before stays as it was.
    assert library.templates["complaints-procedure"].archive["1.0.0"].features.reference is None


def test_numbering_goes_into_the_text_of_level_2_and_3_headings_only() -> None:
    text = "### Before\n\n## One\n\nx\n\n### Sub\n\n```\n## not a heading\n```\n\n## Two ##\n"
    numbered = number_sections(text)
    assert numbered.splitlines() == [
        "### Before", "", "## 1 One", "", "x", "", "### 1.1 Sub", "",
        "```", "## not a heading", "```", "", "## 2 Two ##",
    ]  # fmt: skip
    assert "## 1 One {#one}" in stable_anchors(numbered)
    assert "## 2 Two {#two}" in stable_anchors(numbered)


# --- the web page -----------------------------------------------------------------------------


def test_numbered_headings_are_text_in_the_page_and_its_contents(built: Path) -> None:
    page = _page(built / "site" / "test" / "policies" / "complaints-procedure.html")
    headings = dict(page.headings)
    assert headings["about-this-procedure"] == "1 About this procedure"
    assert headings["complaints-about-the-headteacher-or-a-governor"] == (
        "7.1 Complaints about the Headteacher or a governor"
    )
    assert headings["related-documents"] == "Related documents"  # not numbered
    assert ("#about-this-procedure", "1 About this procedure") in page.links  # the contents
    # The anchors are the ones the page has without numbers.
    plain = _page(built / "plain-site" / "test" / "policies" / "complaints-procedure.html")
    assert [i for i, _ in page.headings] == [i for i, _ in plain.headings]
    assert dict(plain.headings)["about-this-procedure"] == "About this procedure"


def test_numbers_and_references_are_in_the_search_index(built: Path) -> None:
    index = (built / "site" / "test" / "search" / "search_index.json").read_text()
    assert "7.1 Complaints about the Headteacher or a governor" in index
    assert "complaints-procedure.html#about-this-procedure" in index
    assert "COM02" in index


def test_reference_on_the_page_and_the_home_page(built: Path) -> None:
    site = built / "site" / "test"
    text = _words(" ".join(_page(site / "policies" / "staff-social-media.html").text))
    assert "Reference: TS-7" in text  # the school's own code, not the template's HR01
    home = _words(" ".join(_page(site / "index.html").text))
    assert "Policy Reference Approved by" in home
    # (the complaints procedure is marked as one the law requires)
    assert "Complaints procedure Statutory COM02" in home
    assert "Staff use of social media TS-7" in home


def test_related_documents_are_data(built: Path) -> None:
    page = _page(built / "site" / "test" / "policies" / "complaints-procedure.html")
    text = _words(" ".join(page.text))
    related = text[text.index("Related documents Laws and regulations Education Act") :]
    assert f"{HOSTILE_TITLE} added by the school" in related
    assert ("https://example.org/a_%28b%29%2Ac?x=1&y=%41", HOSTILE_TITLE) in page.links
    # An adopted policy links to its page, with its code; one not adopted is its title only.
    assert ("staff-social-media.html", "Staff use of social media") in page.links
    assert "Staff use of social media (TS-7)" in related
    parents = "Social media code of conduct for parents, carers and the school community"
    assert parents in related and not any(t == parents for _, t in page.links)
    plain = _page(built / "plain-site" / "test" / "policies" / "complaints-procedure.html")
    assert page.scripts == plain.scripts  # the title added no script


def test_the_page_says_the_printed_copy_has_a_signing_sheet(built: Path) -> None:
    page = _page(built / "site" / "test" / "policies" / "staff-ict-acceptable-use.html")
    assert (
        "The printed copies of this policy (PDF and Word) end with a signing sheet, on which "
        "each person signs that: I have read and understood this policy"
    ) in _words(" ".join(page.text))


# --- the PDF ------------------------------------------------------------------------------------


def test_pdf_has_the_code_numbers_and_related_documents(built: Path) -> None:
    pdf = _pdf_text(built / "site" / "test" / "pdf" / "test-complaints-procedure.pdf")
    assert "Complaints procedure Reference COM02 Version 1.1.0" in pdf
    assert "Complaints procedure (COM02) Page 1 of" in pdf  # the footer
    assert "1 About this procedure" in pdf and "7.1 Complaints about the Headteacher" in pdf
    assert "Related documents Laws and regulations • Education Act 2002, section 29" in pdf
    # On paper another policy is its title and code, as on the printed page.
    assert "• Staff use of social media (TS-7) (added by the school)" in pdf
    assert "<script>alert(1)</script> *our* [own] #set page(fill: red) {{ 7*7 }}" in pdf


def test_pdf_ends_with_a_signing_sheet(built: Path) -> None:
    path = built / "site" / "test" / "pdf" / "test-staff-ict-acceptable-use.pdf"
    pdf = _pdf_text(path)
    assert pdf.index("Signing sheet I have read and understood this policy") > pdf.index(
        "Monitoring and review"
    )
    assert "Signing sheet I have read and understood this policy, and I will keep the " \
        "commitments in it. Name Role Signature Date" in pdf  # fmt: skip
    last = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", last)[1])  # type: ignore[index]
    out = subprocess.run(
        ["pdftotext", "-f", str(pages), "-l", str(pages), str(path), "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert _words(out.stdout).startswith("Test School Signing sheet")  # a page of its own


def test_handbook_contents_show_each_code(built: Path) -> None:
    pdf = _pdf_text(built / "site" / "test" / "pdf" / "test-policies.pdf")
    contents = pdf[pdf.index("Contents") :]
    assert contents.startswith(
        "Contents Policy Reference Next review Page Complaints procedure COM02"
    )


# --- the Word copy ------------------------------------------------------------------------------


def test_word_copy_has_the_code_numbers_and_the_sheet(built: Path) -> None:
    folder = built / "site" / "test" / "docx"
    cp = docx.Document(str(folder / "test-complaints-procedure.docx"))
    details = cp.tables[0]
    assert [c.text for c in details.rows[0].cells] == ["Reference", "COM02"]
    headings = [p.text for p in cp.paragraphs if p.style.name.startswith("Heading")]
    assert "1 About this procedure" in headings and "Related documents" in headings
    assert "7.1 Complaints about the Headteacher or a governor" in headings
    assert cp.sections[0].footer.paragraphs[0].text.startswith("Complaints procedure (COM02)")
    # A school's hostile title is text in Word too, followed by its checked address.
    assert f"{HOSTILE_TITLE} (https://example.org/a_%28b%29%2Ac?x=1&y=%41) (added by the " \
        "school)" in [p.text for p in cp.paragraphs]  # fmt: skip
    ict = docx.Document(str(folder / "test-staff-ict-acceptable-use.docx"))
    sheet = ict.tables[-1]
    assert [c.text for c in sheet.rows[0].cells] == ["Name", "Role", "Signature", "Date"]
    assert len(sheet.rows) == 21 and all(c.text == "" for r in sheet.rows[1:] for c in r.cells)
    head = sheet.rows[0]._tr.trPr
    assert head is not None and head.find(qn("w:tblHeader")) is not None  # repeated
    caption = sheet._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption is not None and caption.get(qn("w:val")) == "Signing sheet"
    texts = [p.text for p in ict.paragraphs]
    assert texts.index("Signing sheet") < texts.index(
        "I have read and understood this policy, and I will keep the commitments in it."
    )
    handbook = docx.Document(str(folder / "test-policies.docx"))
    assert "Complaints procedure (COM02)" in [p.text for p in handbook.paragraphs]


# --- mistakes -----------------------------------------------------------------------------------


def test_two_policies_with_one_code_is_a_located_error(project: Path, run_cli: Run) -> None:
    write(project / "schools" / "test.yml", SCHOOL.replace("reference: TS-7", "reference: hr02"))
    code, _out, err = run_cli("check", "schools/test.yml")
    assert code == 1
    assert err.splitlines()[0] == (
        "schools/test.yml:26:16: policies.staff-social-media.reference: the reference code "
        '"hr02" is already the code of "Staff acceptable use of ICT and devices"; give each '
        "policy its own code with reference:"
    )


def test_a_template_code_shared_with_the_school_s_code(project: Path, run_cli: Run) -> None:
    text = SCHOOL.replace("    reference: TS-7\n", "").replace(
        "  complaints-procedure:\n    template_version: 1.1.0\n",
        "  complaints-procedure:\n    template_version: 1.1.0\n    reference: HR02\n",
    )
    write(project / "schools" / "test.yml", text)
    code, _out, err = run_cli("check", "schools/test.yml")
    assert code == 1
    assert err.splitlines()[0] == (
        'schools/test.yml:19:3: policies.staff-ict-acceptable-use: the reference code "HR02" '
        '(the template\'s code) is already the code of "Complaints procedure"; give each '
        "policy its own code with reference:"
    )


def test_numbered_sections_must_be_yes_or_no(project: Path, run_cli: Run) -> None:
    text = SCHOOL.replace("    reference: TS-7\n", "    numbered_sections: often\n")
    write(project / "schools" / "test.yml", text)
    code, _out, err = run_cli("check", "schools/test.yml")
    assert (code, err.splitlines()[0]) == (
        1,
        'schools/test.yml:26:24: policies.staff-social-media.numbered_sections: "often" is '
        "not yes or no",
    )


def test_wrong_declarations_in_a_template_are_located(tmp_path: Path, run_cli: Run) -> None:
    root = tmp_path / "policy_templates"
    shutil.copytree(TEMPLATES, root)
    path = root / "staff-ict-acceptable-use" / "template.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("reference: HR02", 'reference: "HR 02"')
    text = text.replace("  rows: 20", "  rows: 500\n  colour: red")
    text = text.replace("  - policy: staff-social-media", "  - policy: staff-social-medai")
    path.write_text(text, encoding="utf-8")
    lines = {
        i + 1: line for i, line in enumerate(text.splitlines())
    }  # the lines the messages point at
    code, _out, err = run_cli("--templates-dir", str(root), "check", "--templates")
    assert code == 1
    found = [line.split("staff-ict-acceptable-use/template.yml:", 1)[1] for line in
             err.splitlines() if "template.yml:" in line]  # fmt: skip
    ref = next(n for n, line in lines.items() if line.startswith("reference:"))
    rel = next(n for n, line in lines.items() if "staff-social-medai" in line)
    rows = next(n for n, line in lines.items() if line.startswith("  rows:"))
    assert found == [
        f'{ref}:12: reference: "HR 02" is not a reference code: use letters, digits and '
        "single hyphens between them, like HR02 or SAF-03",
        f'{rel}:13: related[0].policy: "staff-social-medai" is not a template of the library '
        '(did you mean "staff-social-media"?)',
        f"{rows}:9: sign_off.rows: must be a whole number from 1 to 200",
        f"{rows + 1}:3: sign_off.colour: unknown key (a sign-off sheet has: statement, "
        "columns, rows)",
    ]


def test_the_library_reads_without_the_features(tmp_path: Path) -> None:
    """A template that declares none of them is as it was: no code, no numbers, nothing
    added at the end."""
    root = tmp_path / "policy_templates"
    shutil.copytree(TEMPLATES, root)
    path = root / "parents-social-media" / "template.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^# The policy's reference code.*?^(?=options:)", "", text)
    path.write_text(text, encoding="utf-8")
    template = load_library(root).templates["parents-social-media"]
    assert template.features.reference is None and template.features.related == ()
