"""The LA's template site: built by plain `mkdocs build --strict`, generated from the library."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from site_builder.config.library import Library
from site_builder.site.build import build_school, load_checked_library

from .conftest import EXAMPLE_SCHOOLS, REPO, SCHOOLS, Run

pytestmark = pytest.mark.slow

GUIDANCE = re.compile(r"\{%-?\s*guidance\s*-?%\}(.*?)\{%-?\s*endguidance\s*-?%\}", re.S)


def _text(raw: str) -> str:
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


@pytest.fixture(scope="module")
def la_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's template site, built exactly as an LA builds it."""
    root = tmp_path_factory.mktemp("la")
    for name in ("mkdocs.yml", "la.yml"):
        shutil.copy(REPO / name, root / name)
    for name in ("docs", "policy_templates"):
        shutil.copytree(REPO / name, root / name)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "WARNING -" not in proc.stderr
    return root / "out"


def _guidance_notes(library: Library) -> list[str]:
    notes = []
    for path in library.root.rglob("*.md"):
        notes += [" ".join(n.split()) for n in GUIDANCE.findall(path.read_text(encoding="utf-8"))]
    return notes


def test_every_template_has_a_page_with_fields_conditions_and_guidance(
    la_site: Path, library: Library
) -> None:
    for template in library.templates.values():
        page = (la_site / "library" / f"{template.id}.html").read_text(encoding="utf-8")
        text = _text(page)
        assert template.title in text
        assert '<span class="field" data-field="school.name">School name</span>' in page
        assert "Included when" in text
        assert "Guidance for schools" in text
        for slot, spec in template.clauses.items():
            # (the label is escaped character by character: compared as the browser reads it)
            assert (
                f'data-field="clauses.{slot}">Your own items: {spec.description}'
                in html.unescape(page)
            )
    staff = _text((la_site / "library" / "staff-social-media.html").read_text(encoding="utf-8"))
    assert "Included when Parents section is yes" in staff
    assert "Included when the school gives Device storage" in staff


def test_every_declared_field_is_in_its_reference_table(la_site: Path, library: Library) -> None:
    for template in library.templates.values():
        page = (la_site / "library" / f"{template.id}.html").read_text(encoding="utf-8")
        tables = re.findall(r"<table>.*?</table>", page, re.S)
        cells = " ".join(_text(t) for t in tables)
        for name, spec in template.options.items():
            assert f"options.{name}" in cells, (template.id, name)
            assert " ".join(spec.description.split()) in cells
        for name in template.clauses:
            assert f"clauses.{name}" in cells, (template.id, name)
        for name in ("template_version", "adopted", "approved_by", "review_date"):
            assert name in cells
    reference = _text((la_site / "reference.html").read_text(encoding="utf-8"))
    for name, spec in library.fields.items():
        assert name in reference and " ".join(spec.description.split()) in reference


def test_config_snippet_is_a_valid_start(la_site: Path, library: Library, tmp_path: Path) -> None:
    """The block a school copies from a template page passes `policy-site check`."""
    import yaml

    from site_builder.config.school import load_school

    page = (la_site / "library" / "staff-ict-acceptable-use.html").read_text(encoding="utf-8")
    block = re.search(
        r'<code class="language-yaml">(.*?)</code>|<pre.*?><code>(.*?)</code>', page, re.S
    )
    assert block
    snippet = html.unescape(re.sub(r"<[^>]+>", "", block.group(1) or block.group(2)))
    school = (SCHOOLS / "little-acorns-nursery.yml").read_text(encoding="utf-8")
    head = school.split("\npolicies:")[0] + "\n"
    path = tmp_path / "snippet-school.yml"
    shutil.copytree(SCHOOLS / "policies", tmp_path / "policies")  # the PDF the school names
    path.write_text(head + snippet, encoding="utf-8")
    assert yaml.safe_load(snippet)["policies"]["staff-ict-acceptable-use"]
    config = load_school(path, library)
    assert [p.id for p in config.policies] == ["staff-ict-acceptable-use"]


def test_branding_and_schema_come_from_the_la(la_site: Path) -> None:
    index = (la_site / "index.html").read_text(encoding="utf-8")
    assert "<title>Anyshire school policy templates</title>" in index
    assert (la_site / "assets" / "la-site-logo.svg").is_file()
    assert "--md-primary-fg-color: #00594f" in (la_site / "assets" / "la.css").read_text()
    schema = json.loads((la_site / "policy-site.schema.json").read_text(encoding="utf-8"))
    assert "staff-social-media" in schema["properties"]["policies"]["properties"]
    assert "fonts.googleapis" not in index


def test_guidance_never_reaches_a_school(tmp_path: Path, library: Library) -> None:
    notes = _guidance_notes(library)
    assert len(notes) >= 3
    for slug in EXAMPLE_SCHOOLS:
        result = build_school(
            SCHOOLS / f"{slug}.yml", load_checked_library(library.root)[0], tmp_path / "site"
        )
        seen = []
        for path in result.site_dir.rglob("*"):
            if path.suffix in (".html", ".json"):
                seen.append(_text(path.read_text(encoding="utf-8")))
            elif path.suffix == ".pdf":
                seen.append(
                    " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
                )
        everything = " ".join(seen)
        for note in notes:
            assert note[:60] not in everything, (slug, note[:60])


def test_every_mistake_in_la_yml_is_located_at_once(tmp_path: Path) -> None:
    from site_builder.errors import ConfigError
    from site_builder.la.la_config import load_la

    path = tmp_path / "la.yml"
    path.write_text(
        "name: Anyshire\nsite_nme: Templates\ncontact_email: nope\nwebsite: javascript:alert(1)\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_la(path)
    shown = [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]
    assert shown == [
        "la.yml:1:1: site_name: is required: The title of the template site.",
        'la.yml:2:1: site_nme: unknown key (did you mean "site_name"?)',
        'la.yml:3:16: contact_email: "nope" is not an email address',
        'la.yml:4:10: website: "javascript:alert(1)" is not a web address (start it with https://)',
    ]


def test_every_template_has_a_welsh_page_linked_to_its_english_page_and_back(
    la_site: Path, library: Library
) -> None:
    """The template site in Welsh: a page for each template, marked as Welsh, with the Welsh
    text and its fields, and a link each way between it and its English page."""
    welsh_home = (la_site / "cy" / "index.html").read_text(encoding="utf-8")
    assert '<div lang="cy">' in welsh_home and "Templedi polisi ysgolion" in welsh_home
    listed = _text((la_site / "cy" / "library" / "index.html").read_text(encoding="utf-8"))
    for template in library.templates.values():
        cy = (la_site / "cy" / "library" / f"{template.id}.html").read_text(encoding="utf-8")
        en = (la_site / "library" / f"{template.id}.html").read_text(encoding="utf-8")
        assert '<div lang="cy">' in cy, template.id
        assert f'href="../../library/{template.id}.html" hreflang="en" lang="en">English' in cy
        assert f'href="../cy/library/{template.id}.html" hreflang="cy" lang="cy">Cymraeg' in en
        assert template.version in listed
    page = (la_site / "cy" / "library" / "complaints-procedure.html").read_text(encoding="utf-8")
    text = _text(page)
    assert "Gweithdrefn gwyno" in text and "Y Gymraeg yn gyfredol (fersiwn 1.1.0)" in text
    # The Welsh text, its fields labelled in Welsh and its conditions in Welsh words.
    assert "Ynglŷn â'r weithdrefn hon" in text and "Enw\u2019r ysgol" in text
    assert "Wedi\u2019i gynnwys pan fo \u201cMath o ysgol\u201d yn \u201cacademy\u201d" in text
    assert "Cod cyfeirnod COM02" in text and "Y fersiwn gyntaf" in text
    assert "Cod cyfeirnod: COM02" in text and "Llofnodir ar bapur gan: y cadeirydd" in text
    assert "Dogfennau cysylltiedig" in text and "Deddf Addysg 2002, adran 29" in text
    # What is still English is marked as English.
    assert '<span lang="en">Governing Body</span>' in page
    untranslated = _text(
        (la_site / "cy" / "library" / "staff-social-media.html").read_text(encoding="utf-8")
    )
    assert "Dim Cymraeg eto" in untranslated and "allow_untranslated: true" in untranslated


def test_welsh_config_snippet_is_a_valid_start_for_a_bilingual_school(
    la_site: Path, library: Library, tmp_path: Path
) -> None:
    from site_builder.config.school import load_school

    page = (la_site / "cy/library/complaints-procedure.html").read_text(encoding="utf-8")
    block = re.search(
        r'<code class="language-yaml">(.*?)</code>|<pre.*?><code>(.*?)</code>', page, re.S
    )
    assert block
    snippet = html.unescape(re.sub(r"<[^>]+>", "", block.group(1) or block.group(2)))
    assert "cy: swyddfa'r ysgol" in snippet
    school = (SCHOOLS / "ysgol-y-garn.yml").read_text(encoding="utf-8")
    path = tmp_path / "bilingual.yml"
    path.write_text(school.split("\npolicies:")[0] + "\n" + snippet, encoding="utf-8")
    config = load_school(path, library)
    assert [p.id for p in config.policies] == ["complaints-procedure"]


def test_a_stale_translation_page_shows_the_translator_what_changed(project: Path) -> None:
    from site_builder.config.library import load_library
    from site_builder.la.welsh_pages import welsh_pages

    from .welsh import add_welsh_template

    add_welsh_template(project / "policy_templates", version="1.1.0", translates="1.0.0")
    pages = {path: text for path, _, text in welsh_pages(load_library())}
    page = html.unescape(pages["cy/library/visitors-code.md"])
    assert "Y Gymraeg wedi dyddio: mae'n cyfieithu fersiwn 1.0.0" in page
    assert "Beth a newidiodd yn y Saesneg ers fersiwn 1.0.0" in page
    assert "<del>badge.</del>" in page and "<ins>visitor badge all day.</ins>" in page


def test_mistakes_in_the_library_translation_are_located(project: Path, run_cli: Run) -> None:
    path = project / "policy_templates" / "library.cy.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  school.name: Enw\u2019r ysgol", "  school.nmae: Enw\u2019r ysgol")
    path.write_text(text.replace("  pupils: disgyblion", "  pupils: ''") + "colour: gwyrdd\n")
    code, _, err = run_cli("check", "--templates")
    assert code == 1 and "Traceback" not in err
    lines = err.splitlines()
    assert any(
        line.startswith("policy_templates/library.cy.yml:")
        and "labels.school.nmae: library.yml declares no field with this name (did you mean "
        '"school.name"?)'
        in line
        for line in lines
    ), lines
    assert any("groups.pupils: needs the translated words" in line for line in lines), lines
    assert any(
        "colour: unknown key (did you mean" in line or "colour: unknown key" in line
        for line in lines
    ), lines


def test_labels_and_conditions_on_the_template_site_are_text(project: Path) -> None:
    """A field's label or an option's words, shown inside a badge or a condition, are text:
    Markdown inside inline HTML would otherwise add elements, attributes and links."""
    hostile = "*x*{: onmouseover=alert(1) } [clic](javascript:alert(2)) <b>b</b>"
    for name in ("mkdocs.yml", "la.yml"):
        shutil.copy(REPO / name, project / name)
    shutil.copytree(REPO / "docs", project / "docs")
    library = project / "policy_templates" / "library.yml"
    library.write_text(
        library.read_text(encoding="utf-8").replace(
            "    label: School name", f"    label: 'School {hostile}'"
        ),
        encoding="utf-8",
    )
    welsh = project / "policy_templates" / "library.cy.yml"
    welsh.write_text(
        welsh.read_text(encoding="utf-8").replace(
            "  school.name: Enw\u2019r ysgol", f"  school.name: 'Enw {hostile}'"
        ),
        encoding="utf-8",
    )
    options = project / "policy_templates" / "complaints-procedure" / "template.cy.yml"
    options.write_text(
        options.read_text(encoding="utf-8").replace(
            '    label: "Math o ysgol"', f"    label: 'Math {hostile}'"
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    for page in ("library/complaints-procedure.html", "cy/library/complaints-procedure.html"):
        raw = (project / "out" / page).read_text(encoding="utf-8")
        assert "onmouseover=" not in raw and 'href="javascript' not in raw and "<b>b" not in raw
        assert "*x*{: onmouseover=alert(1) }" in _text(raw), page
