"""Bilingual sites for Wales: every page, PDF and Word copy in Welsh and English, and stale
translations caught. The library's own Welsh texts are translated separately: these tests
use a tiny translated template (tests/welsh.py) in a copy of the library."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import Run, write
from .welsh import SCHOOL, add_welsh_template, bilingual_school

pytestmark = pytest.mark.slow


@pytest.fixture
def welsh(project: Path) -> Path:
    add_welsh_template(project / "policy_templates")
    bilingual_school(project)
    return project


def _build(run_cli: Run, *extra: str) -> tuple[int, str, str]:
    return run_cli("build", "schools/ysgol-llanddewi.yml", "--out", "public", *extra)


def test_every_welsh_page_is_welsh_and_links_to_its_english_twin_and_back(
    welsh: Path, run_cli: Run
) -> None:
    code, _, err = _build(run_cli)
    assert code == 0, err
    site = welsh / "public" / "ysgol-llanddewi"
    for page in ("index.html", "policies/visitors-code.html", "accessibility.html"):
        cy = (site / page).read_text(encoding="utf-8")
        en = (site / "en" / page).read_text(encoding="utf-8")
        assert '<html lang="cy"' in cy and '<html lang="en"' in en
        depth = page.count("/")
        assert f'href="{"../" * depth}en/{page}" hreflang="en"' in cy, page
        assert f'href="{"../" * (depth + 1)}{page}" hreflang="cy"' in en, page
        # ... and names its twin in its head, for search engines and browsers.
        root = "/".join([".."] * depth) or "."
        assert f'<link rel="alternate" hreflang="en" href="{root}/en/{page}">' in cy, page
        assert f'<link rel="alternate" hreflang="cy" href="{root}/../{page}">' in en, page
    policy = (site / "policies/visitors-code.html").read_text(encoding="utf-8")
    assert "14 Medi 2026" in policy and "September" not in policy
    assert "Cyrraedd" in policy and "Corff Llywodraethu" in policy
    assert "ychwanegwyd gan yr ysgol" in policy
    english = (site / "en/policies/visitors-code.html").read_text(encoding="utf-8")
    assert "14 September 2026" in english and "Governing Body" in english
    assert "Datganiad hygyrchedd" in (site / "accessibility.html").read_text(encoding="utf-8")


def test_the_welsh_search_index_finds_welsh_words_and_folds_accents(
    welsh: Path, run_cli: Run
) -> None:
    assert _build(run_cli)[0] == 0
    site = welsh / "public" / "ysgol-llanddewi"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(d["text"] for d in index["docs"])
    assert "bathodyn" in texts and "dŵr" in texts
    # No English stemmer or stop words; "stemmer" is the accent fold of our worker.
    assert index["config"]["pipeline"] == ["stemmer"]
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "workers/policy-site-search.js?material=search." in page
    english = json.loads((site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert "wears a badge" in " ".join(d["text"] for d in english["docs"])


def test_welsh_pdfs_and_word_copies_are_in_welsh(welsh: Path, run_cli: Run) -> None:
    assert _build(run_cli)[0] == 0
    site = welsh / "public" / "ysgol-llanddewi"
    for pdf in ("pdf/ysgol-llanddewi-visitors-code.pdf", "pdf/ysgol-llanddewi-policies.pdf"):
        data = (site / pdf).read_bytes()
        assert re.search(rb"/Lang ?\(cy", data), pdf
        text = subprocess.run(
            ["pdftotext", str(site / pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Tudalen 1 o" in text and "Llofnodion" in text and "14 Medi 2026" in text
        assert "Cyrraedd" in text
    english = (site / "en/pdf/ysgol-llanddewi-visitors-code.pdf").read_bytes()
    assert re.search(rb"/Lang ?\(en", english)
    with zipfile.ZipFile(site / "docx/ysgol-llanddewi-visitors-code.docx") as z:
        body = " ".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
        )
    assert 'w:val="cy-GB"' in body and "Tudalen" in body and "Llofnodion" in body
    assert "Cyrraedd" in body


def test_a_stale_translation_is_reported_with_both_versions_and_what_changed(
    project: Path, run_cli: Run
) -> None:
    add_welsh_template(project / "policy_templates", version="1.1.0", translates="1.0.0")
    code, _, err = run_cli("check", "--templates")
    assert code == 0
    line = next(x for x in err.splitlines() if "translates" in x)
    assert line.startswith("warning: policy_templates/visitors-code/template.cy.yml:1:1:")
    assert '"Code of conduct for visitors" translates version 1.0.0' in line
    assert "the English is now version 1.1.0" in line
    assert "[deleted: badge.] [added: visitor badge all day.]" in line
    code, _, err = run_cli("check", "--templates", "--strict")
    assert code == 1 and "(an error under --strict)" in err


def test_missing_welsh_values_are_located_errors(welsh: Path, run_cli: Run) -> None:
    text = (
        SCHOOL.replace("  headteacher_title: {cy: Pennaeth, en: Headteacher}\n", "")
        .replace("{cy: Corff Llywodraethu, en: Governing Body}", "{en: Governing Body}")
        .replace("sign_in_point: {cy: y dderbynfa, en: the reception}", "sign_in_point: the hall")
    )
    bilingual_school(welsh, text)
    code, _, err = run_cli("check", "schools/ysgol-llanddewi.yml")
    assert code == 1
    assert "Traceback" not in err
    lines = err.splitlines()
    assert any(
        re.match(
            r"schools/ysgol-llanddewi.yml:\d+:\d+: governance.governing_body: gives no Welsh \(cy\)",
            x,
        )
        for x in lines
    ), err
    assert any(
        'school.headteacher_title: is left to its English default ("Headteacher")' in x
        for x in lines
    ), err
    assert any(
        re.match(
            r"schools/ysgol-llanddewi.yml:18:22: policies.visitors-code.options.sign_in_point: "
            r"is words in one language only",
            x,
        )
        for x in lines
    ), err


def test_a_policy_without_welsh_is_an_error_or_english_with_a_notice(
    welsh: Path, run_cli: Run
) -> None:
    text = (
        SCHOOL
        + """\
  staff-social-media:
    template_version: 1.1.0
    adopted: 2026-09-14
    approved_by: Governing Body
    signatures: [{cy: Pennaeth, en: Headteacher}]
"""
    )
    bilingual_school(welsh, text)
    code, _, err = run_cli("check", "schools/ysgol-llanddewi.yml")
    assert code == 1
    assert re.search(
        r"schools/ysgol-llanddewi.yml:23:3: policies.staff-social-media: .* has no Welsh "
        r"translation yet \(policy.cy.md\); a bilingual school cannot publish it in Welsh",
        err,
    ), err
    bilingual_school(welsh, "allow_untranslated: true\n" + text)
    code, _, err = _build(run_cli)
    assert code == 0, err
    assert "its Welsh page shows the English, with a notice" in err
    page = (welsh / "public/ysgol-llanddewi/policies/staff-social-media.html").read_text()
    assert "Nid yw\u2019r polisi hwn ar gael yn Gymraeg eto" in page
    assert '<div lang="en">' in page and '<html lang="cy"' in page
    # Its entry in the Welsh navigation is marked as English too, on every page.
    home = (welsh / "public/ysgol-llanddewi/index.html").read_text()
    assert '<span lang="en">Staff use of social media</span>' in home
    assert "<title>Staff use of social media - " in page  # the title bar stays plain text


def test_hostile_values_in_welsh_stay_text(welsh: Path, run_cli: Run) -> None:
    hostile = "<script>alert(1)</script> *[x](javascript:alert(2))*"
    text = SCHOOL.replace(
        "sign_in_point: {cy: y dderbynfa, en: the reception}",
        f"sign_in_point: {{cy: '{hostile}', en: the reception}}",
    )
    bilingual_school(welsh, text)
    code, _, err = _build(run_cli)
    assert code == 0, err
    site = welsh / "public/ysgol-llanddewi"
    page = (site / "policies/visitors-code.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and 'href="javascript' not in page
    shown = re.sub(r"<[^>]+>", "", page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.replace("&#x27;", "'") or (
        "alert(1)" in shown
    )
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "javascript:alert(2)" in index and "<script>alert" not in index
    text_pdf = subprocess.run(
        ["pdftotext", str(site / "pdf/ysgol-llanddewi-visitors-code.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "<script>alert(1)</script>" in "".join(text_pdf.split())


def test_the_example_welsh_school_builds_both_languages(project: Path, run_cli: Run) -> None:
    code, _, err = run_cli("build", "schools/ysgol-y-garn.yml", "--out", "public")
    assert code == 0, err
    site = project / "public/ysgol-y-garn"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="cy"' in home and "Dyma bolisïau\u2019r ysgol" in home
    assert "1 Rhagfyr 2026" in home and "Corff Llywodraethu" in home
    assert '<html lang="en"' in (site / "en/index.html").read_text(encoding="utf-8")
    write(project / "unused.txt", "")


def test_related_documents_and_revision_history_are_welsh_or_marked_english(
    project: Path, run_cli: Run
) -> None:
    """The example school's Welsh pages name related laws and policies in Welsh and give
    each version's summary in Welsh; a title the translation does not give yet is the
    English, marked as English on the page, and printed as text."""
    code, _, err = run_cli("build", "schools/ysgol-y-garn.yml", "--out", "public")
    assert code == 0, err
    site = project / "public/ysgol-y-garn"
    page = (site / "policies/complaints-procedure.html").read_text(encoding="utf-8")
    assert "Deddf Addysg 2002, adran 29" in page and "Education Act 2002" not in page
    # A related policy takes the title of its own Welsh translation.
    assert "Cod ymddygiad ar y cyfryngau cymdeithasol i rieni" in page
    assert "Social media code of conduct" not in page
    assert "Cod cyfeirnod COM02" in page and "Reference code COM02" not in page
    english = (site / "en/policies/complaints-procedure.html").read_text(encoding="utf-8")
    assert "Education Act 2002, section 29" in english and "Reference code COM02" in english

    declaration = project / "policy_templates/complaints-procedure/template.cy.yml"
    text = declaration.read_text(encoding="utf-8")
    text = text.replace('  "Education Act 2002, section 29', '  # "Education Act 2002, section 29')
    declaration.write_text(text.replace("  1.1.0: Cod cyfeirnod", "  # 1.1.0: Cod"))
    code, _, err = run_cli("build", "schools/ysgol-y-garn.yml", "--out", "public")
    assert code == 0, err
    page = (site / "policies/complaints-procedure.html").read_text(encoding="utf-8")
    assert '<span lang="en">Education Act 2002, section 29' in page
    assert '<span lang="en">Reference code COM02' in page
    pdf = site / "pdf/ysgol-y-garn-complaints-procedure.pdf"
    printed = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Education Act 2002, section 29" in printed and "<span" not in printed
    with zipfile.ZipFile(site / "docx/ysgol-y-garn-complaints-procedure.docx") as z:
        body = z.read("word/document.xml").decode()
    run = body[: body.index("Education Act 2002, section 29")].rsplit("<w:r>", 1)[-1]
    assert 'w:val="en-GB"' in run and "&lt;span" not in body


def test_a_wrong_related_title_or_version_in_a_translation_is_a_located_error(
    project: Path, run_cli: Run
) -> None:
    declaration = project / "policy_templates/complaints-procedure/template.cy.yml"
    text = declaration.read_text(encoding="utf-8")
    text = text.replace(
        '"Best practice guidance for school complaints',
        '"Best practise guidance for school complaints',
    )
    declaration.write_text(text.replace("  1.0.0: Y fersiwn gyntaf.", "  0.9.0: Y fersiwn gyntaf."))
    code, _, err = run_cli("check", "--templates")
    assert code == 1 and "Traceback" not in err
    lines = [x for x in err.splitlines() if "template.cy.yml" in x]
    assert any(
        "related.Best practise guidance for school complaints procedures: the template has no "
        'related document with this title (did you mean "Best practice guidance for school '
        'complaints procedures"?)' in x
        for x in lines
    ), lines
    assert any("changelog.0.9.0: the template has no version like this" in x for x in lines), lines


def test_a_welsh_title_with_its_own_article_is_a_located_warning(welsh: Path, run_cli: Run) -> None:
    """The Welsh texts put "y" before a title; "Cadeirydd y Llywodraethwyr" would read
    "y Cadeirydd y Llywodraethwyr"."""
    code, _, err = run_cli("check", "schools/ysgol-llanddewi.yml")
    assert code == 0
    assert (
        "warning: schools/ysgol-llanddewi.yml:9:3: governance.chair_title: the Welsh "
        '"Cadeirydd y Llywodraethwyr" carries an article of its own; the Welsh policies put '
        '"y" before it ("gan y Cadeirydd y Llywodraethwyr"), so give it without one, like '
        '"Cadeirydd"'
    ) in err
    bilingual_school(welsh, SCHOOL.replace("Cadeirydd y Llywodraethwyr", "Cadeirydd"))
    assert "article" not in run_cli("check", "schools/ysgol-llanddewi.yml")[2]


def test_only_words_may_differ_between_languages(welsh: Path, run_cli: Run) -> None:
    """A version, a date, a number or a choice is the same in both languages: a school could
    otherwise publish one policy in Welsh and another in English, with "no problems"."""
    text = (
        SCHOOL.replace("template_version: 1.0.0", "template_version: {cy: 1.0.0, en: 1.0.0}")
        .replace("adopted: 2026-09-14", "adopted: {cy: 2026-09-14, en: 2026-09-15}")
        .replace(
            "  committees: []",
            "  committees:\n    - {cy: Pwyllgor Cwynion, en: Finance Committee}\n"
            "    - {cy: Pwyllgor Cyllid, en: Pwyllgor Cwynion}",
        )
    )
    bilingual_school(welsh, text)
    code, _, err = run_cli("check", "schools/ysgol-llanddewi.yml")
    assert code == 1 and "Traceback" not in err
    one = "is given per language, but it is the same in every language"
    assert f"policies.visitors-code.template_version: {one}" in err
    assert f"policies.visitors-code.adopted: {one}" in err
    assert (
        'governance.committees[1]: "Pwyllgor Cwynion" is also the name of another committee '
        "(or of the governing body) in another language; give each a name of its own"
    ) in err


def test_translated_words_of_wrong_types_are_located_errors(project: Path, run_cli: Run) -> None:
    declaration = project / "policy_templates/complaints-procedure/template.cy.yml"
    text = declaration.read_text(encoding="utf-8")
    text = text.replace('    label: "Math o ysgol"', "    label: [x]", 1)
    declaration.write_text(text.replace('    label: "Pwyllgor y panel"', "    label: {a: b}"))
    code, _, err = run_cli("check", "--templates")
    assert code == 1 and "Traceback" not in err
    assert "template.cy.yml:12:5: options.school_type.label: needs the translated text" in err
    assert "options.panel_committee.label: needs the translated text" in err
