"""Template versions: releasing, rendering old versions again, and what changed for a school."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from site_builder.config.library import load_library
from site_builder.config.school import load_school
from site_builder.la.versions import diff_markdown, policy_changes

from .conftest import GOOD, Run, write

POLICY = Path("policy_templates/staff-social-media/policy.md")
DECLARATION = Path("policy_templates/staff-social-media/template.yml")
CHANGELOG = Path("policy_templates/staff-social-media/changelog.yml")


def _new_version(version: str, *, note: bool = True, required_option: bool = False) -> None:
    """Write version ``version`` of staff-social-media: a changed sentence with the school's
    name in it, and optionally a new required option."""
    text = POLICY.read_text()
    text = text.replace(
        "Social media is part of everyday life, and most people use it",
        "Social media is part of daily life at {{ school.name }}, and most people use it",
        1,
    )
    if required_option:
        text += "\nPhones are kept in {{ options.phone_place }}.\n"
    POLICY.write_text(text)
    decl = re.sub(r"^version: .*$", f"version: {version}", DECLARATION.read_text(), flags=re.M)
    if required_option:
        decl = decl.replace(
            "options:\n",
            "options:\n  phone_place:\n    type: text\n"
            "    required: true\n    description: Where phones are kept.\n"
            "    example: the office\n",
            1,
        )
    DECLARATION.write_text(decl)
    if note:
        CHANGELOG.write_text(
            f"{version}:\n  date: 2026-11-20\n  summary: Names the school in "
            "the opening.\n  notes: Schools asked for a warmer opening.\n" + CHANGELOG.read_text()
        )


def test_release_needs_a_changelog_entry(project: Path, run_cli: Run) -> None:
    _new_version("1.2.0", note=False)
    code, out, err = run_cli("release", "staff-social-media")
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        "policy_templates/staff-social-media/changelog.yml: 1.2.0: no entry for this version: "
        "add its date, a one-line summary and notes saying what changed and why, written for "
        "schools, then release it"
    )
    assert not (project / "policy_templates/staff-social-media/versions/1.2.0").exists()


def test_release_archives_the_text_and_refuses_twice(project: Path, run_cli: Run) -> None:
    _new_version("1.2.0")
    code, out, _ = run_cli("release", "staff-social-media")
    assert code == 0
    assert out == (
        "Released Staff use of social media 1.2.0: archived in "
        "policy_templates/staff-social-media/versions/1.2.0/\n"
    )
    archived = project / "policy_templates/staff-social-media/versions/1.2.0"
    assert (archived / "policy.md").read_text() == POLICY.read_text()
    assert (archived / "_shared" / "definitions.md").is_file()
    code, _, err = run_cli("release", "staff-social-media")
    assert code == 1 and "is already released with this text" in err


def test_an_old_version_renders_from_its_archive(project: Path) -> None:
    """A school on 1.0.0 keeps the 1.0.0 text, whatever the current text says."""
    library = load_library(Path("policy_templates"))
    before = load_school(Path("schools/any-school.yml"), library)
    POLICY.write_text("## Replaced\n\nEverything changed.\n")
    from site_builder.render.jinja import render_school

    library = load_library(Path("policy_templates"))
    config = load_school(Path("schools/any-school.yml"), library)
    (policy,) = [p for p in render_school(config, library) if p.id == "staff-social-media"]
    assert "Everything changed" not in policy.markdown
    assert "Social media is part of everyday life" in policy.markdown
    assert before.policies[0].template_version == "1.0.0"


def test_changes_for_a_school_with_its_values(project: Path, run_cli: Run) -> None:
    _new_version("1.2.0", required_option=True)
    assert run_cli("release", "staff-social-media")[0] == 0
    code, out, err = run_cli(
        "changes", "schools/any-school.yml", "--policy", "staff-social-media", "--format", "md"
    )
    assert code == 0, err
    assert "## Staff use of social media: version 1.0.0 to 1.2.0" in out
    notes = [line for line in out.splitlines() if line.startswith("- **1.")]
    assert notes == [
        "- **1.1.0** (2026-08-03): Covers messaging apps and images or recordings made with "
        "artificial intelligence.",
        "- **1.2.0** (2026-11-20): Names the school in the opening.",
    ]
    assert (
        "- `options.phone_place` added (required: the school must fill it in): Where phones "
        "are kept."
    ) in out
    assert "- `options.messaging_app` added: " in out
    assert (
        "Social media is part of <del>everyday</del> <ins>daily</ins> <del>life,</del> "
        "<ins>life at Any School,</ins> and most people"
    ) in out
    assert "<ins>Phones are kept in [to be chosen: Phone place].</ins>" in out
    code, text, _ = run_cli("changes", "schools/any-school.yml")
    assert "[deleted: everyday] [added: daily]" in text


def test_changes_when_nothing_changed(project: Path, run_cli: Run) -> None:
    code, out, _ = run_cli("changes", "schools/kettleshulme.yml")
    assert code == 0
    assert out == (
        "Kettleshulme St James CE (VA) Primary School: Every policy follows the "
        "library's current version; nothing has changed.\n"
    )


def test_word_level_diff_keeps_markdown_structure() -> None:
    old = "## Aims\n\n- keep children safe;\n- gone\n\nStaff must not use phones.\n"
    new = "## Aims\n\n- keep children and staff safe;\n\nStaff must never use phones. New.\n"
    assert diff_markdown(old, new) == (
        "## Aims\n\n- keep children <ins>and staff</ins> safe;\n- <del>gone</del>\n\n"
        "Staff must <del>not</del> <ins>never</ins> use phones. <ins>New.</ins>\n"
    )


@pytest.mark.slow
def test_review_pack_marks_insertions_and_deletions(project: Path, run_cli: Run) -> None:
    code, _, err = run_cli("changes", "schools/any-school.yml", "--pdf", "packs")
    assert code == 0, err
    pack = project / "packs" / "any-school-staff-social-media-review-1.0.0-to-1.1.0.pdf"
    assert f"Review pack: packs/{pack.name}" in err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pack).pages).split())
    assert "Review pack: Staff use of social media" in text
    assert (
        "Covers messaging apps and images or recordings made with artificial intelligence" in text
    )
    assert "Inserted words are underlined in green; deleted words are struck through in red" in text
    assert "an edited image photograph or voice recording made with artificial intelligence" in text
    assert "Chair of Governors Name Signature Date" in text
    from site_builder.config.library import load_library as load
    from site_builder.print.pdf import PrintedSchool
    from site_builder.print.review_pack import review_pack_source
    from site_builder.site.build import printed_policy

    library = load(Path("policy_templates"))
    config = load_school(Path("schools/any-school.yml"), library)
    found = policy_changes(config, config.policies[0], library)
    source = review_pack_source(
        PrintedSchool("Any School", "#1d4f91"),
        printed_policy(config, found.new, library),
        "1.0.0",
        [],
        [],
        diff_markdown(found.old.markdown, found.new.markdown),
    )
    assert '#strike(stroke: 1pt + rgb("#a4161a"))[#text(fill: rgb("#a4161a"))[edited]]' in source
    assert '#text(fill: rgb("#0b5d1e"))[image]' in source


@pytest.mark.slow
def test_site_history_banner_and_outdated_dashboard(project: Path, run_cli: Run) -> None:
    write(
        project / "schools" / "late.yml", GOOD.replace("adopted: 2026-09-01", "adopted: 2025-06-01")
    )
    for path in (project / "schools").glob("*.yml"):
        if path.stem not in ("late", "any-school"):
            path.unlink()
    assert run_cli("build", "schools")[0] == 0
    late = (project / "site/late/policies/staff-social-media.html").read_text(encoding="utf-8")
    plain = " ".join(re.sub(r"<[^>]+>", " ", late).split())
    assert "This policy is overdue for review It was due to be reviewed by 1 June 2026." in plain
    assert "Social media is part of everyday life" in plain  # the text is never hidden
    any_school = (project / "site/any-school/policies/staff-social-media.html").read_text()
    history = " ".join(
        html.unescape(re.sub(r"<[^>]+>", " ", any_school.split("Revision history")[-1])).split()
    )
    assert history.startswith(
        "Version Released by the LA What changed Adopted by the school "
        "1.0.0 1 June 2026 First release. 14 September 2026"
    )
    assert "1.1.0" not in history.split("Adopted by the school")[1][:40]
    csv = (project / "site/reviews.csv").read_text()
    assert "any-school,Staff use of social media,staff-social-media,1.0.0,1.1.0" in csv
    assert ",outdated\n" in csv and ",overdue\n" in csv
