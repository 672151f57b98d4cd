"""The statutory register as schools and the LA see it: missing policies, approvers and review
cycles the register does not allow, policies kept outside the library, the home page, the LA
dashboard's coverage and its CSV, and a broken register."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_SCHOOL, Run, write

# A maintained primary's statutory policies, counted by hand from register.yml: every entry
# "required" for maintained schools, without careers (secondary only).
MAINTAINED_PRIMARY = {
    "admissions-arrangements", "accessibility-plan", "behaviour-policy",
    "behaviour-principles", "charging-remissions", "child-protection",
    "complaints-procedure", "data-protection", "early-career-teachers",
    "equality-information-objectives", "health-and-safety", "premises-management",
    "relationships-sex-health-education", "school-attendance", "school-uniform",
    "send-information-report", "staff-allegations-procedure", "staff-capability",
    "staff-discipline-grievance", "supporting-medical-conditions", "teachers-pay",
    "teacher-appraisal", "freedom-of-information", "single-central-record",
    "register-of-interests", "pupil-registers",
}  # fmt: skip
# ... and the three the register is not sure a maintained school needs.
MAINTAINED_UNSURE = {"governors-allowances", "school-exclusions", "biometric-information"}

PRIMARY = MINIMAL_SCHOOL.format(name="Test Primary").replace(
    "  contact_email: office@example.sch.uk\n",
    "  contact_email: office@example.sch.uk\n  type: maintained\n  phases: [primary]\n",
)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _missing(err: str) -> set[str]:
    return set(re.findall(r'must have "[^"]+" \(([a-z0-9-]+)\)', err))


def test_a_primary_with_one_policy_is_warned_of_each_missing_statutory_policy(
    project: Path, run_cli: Run
) -> None:
    write(project / "schools" / "test.yml", PRIMARY)
    code, out, err = run_cli("check", "schools/test.yml")
    assert code == 0 and "no problems" in out
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert _missing(err) == MAINTAINED_PRIMARY
    assert len(warnings) == len(MAINTAINED_PRIMARY)
    assert (
        "warning: schools/test.yml:5:9: school.type: a maintained school must have "
        '"Admission arrangements" (admissions-arrangements); record it under '
        "external_policies (the library has no template for it)"
    ) in warnings
    assert (
        "warning: schools/test.yml:5:9: school.type: a maintained school must have "
        '"Accessibility plan" (accessibility-plan); adopt its template under policies, or '
        "record it under external_policies"
    ) in warnings
    # Careers guidance is for secondary schools only.
    assert "careers-provider-access" not in err
    # What the register is unsure of is one note, never an error, even under --strict.
    (note,) = [line for line in err.splitlines() if line.startswith("note:")]
    assert set(re.findall(r"\(([a-z0-9-]+)\)", note)) == MAINTAINED_UNSURE
    code, _, strict_err = run_cli("check", "--strict", "schools/test.yml")
    assert code == 1
    assert _missing(strict_err) == MAINTAINED_PRIMARY
    assert all("(an error under --strict)" in line for line in strict_err.splitlines()[:-1])
    assert "cannot say whether" not in strict_err


def test_a_wrong_approver_and_a_too_long_cycle_are_located_warnings(
    project: Path, run_cli: Run
) -> None:
    config = PRIMARY + (
        "external_policies:\n"  # line 16
        "  child-protection:\n"
        "    title: Safeguarding and child protection policy\n"
        "    url: https://www.example.sch.uk/safeguarding\n"
        "    adopted: 2026-09-01\n"
        "    review_date: 2028-09-01\n"  # line 21: two years; the register allows one
        "    approved_by: Curriculum Committee\n"  # line 22: the full governing body only
    )
    write(project / "schools" / "test.yml", config)
    code, _, err = run_cli("check", "schools/test.yml")
    assert code == 0
    lines = err.splitlines()
    assert (
        "warning: schools/test.yml:21:5: external_policies.child-protection.review_date: "
        '"Safeguarding and child protection policy" is next reviewed 24 months after its '
        "adoption on 1 September 2026; the statutory register allows at most a year between "
        "reviews"
    ) in lines
    assert (
        "warning: schools/test.yml:22:18: external_policies.child-protection.approved_by: the "
        "Curriculum Committee (a committee of the governing body) may not approve "
        '"Safeguarding and child protection policy" at a maintained school; the statutory '
        "register allows the full governing body"
    ) in lines
    assert "child-protection" not in _missing(err)  # it counts as held
    code, _, err = run_cli("check", "--strict", "schools/test.yml")
    assert code == 1 and "approved_by: the Curriculum Committee" in err


def test_a_library_policy_reviewed_too_rarely_is_located_at_its_cycle(
    project: Path, run_cli: Run
) -> None:
    kettleshulme = (project / "schools" / "kettleshulme.yml").read_text()
    block = "  accessibility-plan:\n    template_version: 1.1.0\n"
    assert block in kettleshulme
    write(
        project / "schools" / "test.yml",
        kettleshulme.replace(block, block + "    review_cycle_months: 48\n"),
    )
    line = kettleshulme.splitlines().index("  accessibility-plan:") + 3
    code, _, err = run_cli("check", "schools/test.yml")
    assert code == 0
    assert (
        f"warning: schools/test.yml:{line}:5: policies.accessibility-plan.review_cycle_months: "
        '"Accessibility plan" is next reviewed 48 months after its adoption on 1 December '
        "2026; the statutory register allows at most 3 years between reviews"
    ) in err.splitlines()


def test_an_external_policy_counts_and_is_linked_from_the_home_page(
    project: Path, run_cli: Run
) -> None:
    (project / "schools" / "policies").mkdir(exist_ok=True)
    (project / "schools" / "policies" / "send.pdf").write_bytes(PDF)
    config = PRIMARY + (
        "external_policies:\n"
        "  admissions-arrangements:\n"
        "    title: Admission arrangements 2027 to 2028\n"
        "    url: https://www.example.sch.uk/admissions\n"
        "    adopted: 2026-09-01\n"
        "    review_date: 2027-09-01\n"
        "    approved_by: Governing Body\n"
        "  send-information-report:\n"
        "    title: SEND information report\n"
        "    pdf: policies/send.pdf\n"
        "    adopted: 2026-09-01\n"
        "    review_date: 2027-09-01\n"
        "    approved_by: Governing Body\n"
    )
    write(project / "schools" / "test.yml", config)
    code, _, err = run_cli("check", "schools/test.yml")
    assert code == 0
    assert _missing(err) == MAINTAINED_PRIMARY - {
        "admissions-arrangements",
        "send-information-report",
    }
    code, _, err = run_cli("build", "schools/test.yml", "--out", "site")
    assert code == 0, err
    home = (project / "site" / "test" / "index.html").read_text()
    assert (
        '<a href="https://www.example.sch.uk/admissions">Admission arrangements 2027 to 2028</a>'
        in home
    )
    assert '<a href="external/send-information-report.pdf">SEND information report</a>' in home
    assert (
        project / "site" / "test" / "external" / "send-information-report.pdf"
    ).read_bytes() == PDF
    # Statutory policies are marked in words, not colour alone.
    assert re.search(r'SEND information report</a><span class="where"> \(PDF\)</span> '
                     r'<span class="statutory">Statutory</span>', home)  # fmt: skip
    assert "Policies marked &quot;Statutory&quot; are ones the law requires" in home or (
        'Policies marked "Statutory" are ones the law requires' in home
    )
    assert "Staff use of social media</a></th>" in home  # not statutory: no mark


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  no-such-policy:\n    title: X\n",
         "17:3: external_policies.no-such-policy: no policy with this id in the statutory register"),
        ("  child-protection:\n    title: X\n    adopted: 2026-09-01\n"
         "    review_date: 2027-09-01\n    approved_by: Governing Body\n",
         "17:3: external_policies.child-protection: give url: (where it is published) or pdf: "
         "(a PDF file in this config's folder), one of them"),
        ("  child-protection:\n    title: X\n    pdf: ../../etc/passwd.pdf\n"
         "    adopted: 2026-09-01\n    review_date: 2027-09-01\n    approved_by: Governing Body\n",
         '19:10: external_policies.child-protection.pdf: "../../etc/passwd.pdf" is outside the '
         "folder of this config file (or a link that leads out of it); put the PDF in that folder "
         "(for example policies/admissions.pdf)"),
        ("  child-protection:\n    title: X\n    pdf: test.yml\n"
         "    adopted: 2026-09-01\n    review_date: 2027-09-01\n    approved_by: Governing Body\n",
         '19:10: external_policies.child-protection.pdf: "test.yml" is not a PDF document (save '
         "or export it as PDF)"),
        ("  staff-social-media:\n    title: X\n",
         '17:3: external_policies.staff-social-media: "staff-social-media" is adopted from the '
         "library under policies; list it in one place only"),
    ],
)  # fmt: skip
def test_external_policy_mistakes_are_located_errors(
    project: Path, run_cli: Run, entry: str, message: str
) -> None:
    write(project / "schools" / "test.yml", PRIMARY + "external_policies:\n" + entry)
    code, _, err = run_cli("check", "schools/test.yml")
    assert code == 1
    assert f"schools/test.yml:{message}" in err.splitlines(), err


def test_a_school_in_wales_is_told_the_register_has_no_welsh_entries(
    project: Path, run_cli: Run
) -> None:
    write(project / "schools" / "test.yml",
          PRIMARY.replace("  type: maintained\n", "  type: maintained\n  nation: wales\n"))  # fmt: skip
    code, _, err = run_cli("check", "--strict", "schools/test.yml")
    assert code == 0
    assert err.splitlines() == [
        "note: schools/test.yml:6:11: school.nation: the statutory register has no entries for "
        "Wales yet, so the statutory policies a school there must have are not checked"
    ]


# Three schools, counted by hand: a maintained primary with one statutory policy held (the
# accessibility plan) and one held outside the library but overdue (admissions, reviewed
# 1 October 2026, before the pinned "today" of 21 November 2026); a nursery with nothing;
# and a school that does not say its type.
COVERAGE_FIXTURE = {
    "alpha": PRIMARY.replace("Test Primary", "=Alpha Primary")
    + "external_policies:\n  admissions-arrangements:\n    title: Admissions\n"
    "    url: https://www.example.sch.uk/a\n    adopted: 2025-10-01\n"
    "    review_date: 2026-10-01\n    approved_by: Governing Body\n",
    "beta": MINIMAL_SCHOOL.format(name="Beta Nursery").replace(
        "  contact_email: office@example.sch.uk\n",
        "  contact_email: office@example.sch.uk\n  type: nursery\n  phases: []\n",
    ),
    "gamma": MINIMAL_SCHOOL.format(name="Gamma School"),
}


def test_dashboard_coverage_matches_a_hand_count(project: Path, run_cli: Run) -> None:
    folder = project / "fixture"
    for slug, text in COVERAGE_FIXTURE.items():
        write(folder / f"{slug}.yml", text)
    code, _, err = run_cli("build", str(folder), "--out", "site", "--jobs", "1")
    assert code == 0, err
    page = (project / "site" / "index.html").read_text()
    table = page[page.index('<table id="coverage">') : page.index("</table>")]
    cells = re.findall(r'data-label="(Have|Missing|Overdue|Not sure)">(\d+)', table)
    # Alpha: 26 needed, 1 held (admissions, overdue): have 1, missing 25, overdue 1, unsure 3.
    # Beta (nursery): 19 required, none held; 9 the register is unsure of.
    # Gamma: no type, nothing counted. Totals: 1, 44, 1, 12.
    assert [int(n) for _, n in cells] == [1, 25, 1, 3, 0, 19, 0, 9, 0, 0, 0, 0, 1, 44, 1, 12]
    assert "=Alpha Primary" in page and "a maintained nursery school" in page
    rows = list(csv.reader(io.StringIO((project / "site" / "statutory-coverage.csv").read_text())))
    assert rows[0][:7] == ["school", "school_id", "type", "have", "missing", "overdue", "uncertain"]
    assert rows[1][:7] == ["'=Alpha Primary", "alpha", "a maintained school", "1", "25", "1", "3"]
    assert rows[1][8] == "Admission arrangements"
    assert rows[-1][:7] == ["All schools", "", "", "1", "44", "1", "12"]
    # A second run reads the coverage from the cache and says the same.
    run_cli("build", str(folder), "--out", "site", "--jobs", "1")
    again = (project / "site" / "index.html").read_text()
    assert again[again.index('<table id="coverage">') :].startswith(table)


def test_a_broken_register_is_every_mistake_located(project: Path, run_cli: Run) -> None:
    register = project / "policy_templates" / "register.yml"
    text = register.read_text()
    text = text.replace("      nursery: uncertain\n      pupil-referral-unit: not-required",
                        "      nursery: maybe\n      pupil-referral-unit: not-required", 1)  # fmt: skip
    text = text.replace("template: accessibility-plan", "template: accessibilty-plan", 1)
    text = text.replace("max_months: 36", "max_months: 999", 1)
    register.write_text(text)
    lines = text.splitlines()

    def at(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    code, _, err = run_cli("check", "--templates")
    assert code == 1
    assert (
        f"policy_templates/register.yml:{at('nursery: maybe')}:16: policies[0].applies_to.nursery:"
        ' "maybe" is not one of: required, not-required, uncertain'
    ) in err
    assert (
        f"policy_templates/register.yml:{at('accessibilty-plan')}:15: policies[1].template: "
        '"accessibilty-plan" is not a template in the library (did you mean "accessibility-plan"?)'
    ) in err
    assert (
        f"policy_templates/register.yml:{at('max_months: 999')}:19: policies[1].review.max_months"
        in err
    )
    assert (
        "policy_templates/accessibility-plan/template.yml: statutory: declares the template "
        "statutory, but no entry of policy_templates/register.yml names it"
    ) in err
    assert "Traceback" not in err


def test_the_la_site_lists_the_register(library, tmp_path: Path) -> None:
    from site_builder.la.register_page import register_page

    page = register_page(library)
    for entry in library.register.entries.values():
        assert f"### {entry.title}" in page or entry.title.replace("(", "\\(") in page
    assert "Uncertain (applies to):" in page
    assert "at least every 3 years" in page  # the accessibility plan's longest review
    shutil.rmtree(tmp_path, ignore_errors=True)
