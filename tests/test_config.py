"""A school's mistakes: each gives one exact, located message, all reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.config.library import Library, load_library
from site_builder.config.school import load_school
from site_builder.errors import ConfigError

from .conftest import GOOD, Run, digest, write

# (what is wrong, how the file is changed, the exact message after "schools/test.yml")
BROKEN = [
    (
        "impossible UK date",
        ("adopted: 2026-09-01", 'adopted: "31/02/2026"'),
        ':12:14: policies.staff-social-media.adopted: "31/02/2026" is not a date: February 2026 '
        "has no day 31",
    ),
    (
        "impossible date",
        ("adopted: 2026-09-01", "adopted: 2026-02-31"),
        ':12:14: policies.staff-social-media.adopted: "2026-02-31" is not a date: February 2026 '
        "has no day 31",
    ),
    (
        "month first",
        ("adopted: 2026-09-01", "adopted: 09/14/2026"),
        ':12:14: policies.staff-social-media.adopted: "09/14/2026" is not a date: there is no '
        "month 14; write the day first, like 14/9/2026",
    ),
    (
        "two-digit year",
        ("adopted: 2026-09-01", "adopted: 14/09/26"),
        ':12:14: policies.staff-social-media.adopted: "14/09/26" is not a date: give the year in '
        "full, like 14/09/2026",
    ),
    (
        "not a date at all",
        ("adopted: 2026-09-01", "adopted: next Tuesday"),
        ':12:14: policies.staff-social-media.adopted: "next Tuesday" is not a date (use '
        "YYYY-MM-DD)",
    ),
    (
        "misspelt key",
        ("  local_authority:", "  local_authorty:"),
        ':3:3: school.local_authorty: unknown key (did you mean "local_authority"?)',
    ),
    (
        "missing required",
        ("  contact_email: office@example.sch.uk\n", ""),
        ":1:1: school.contact_email: is required: The email address parents use to ask for a "
        "policy in another format or to report a problem with this site. (for example: "
        "office@st-anywhere.example.sch.uk)",
    ),
    (
        "unknown policy",
        ("  staff-social-media:", "  staff-social-meda:"),
        ":10:3: policies.staff-social-meda: no template with this id in the library (did you "
        'mean "staff-social-media"?) (the library has: accessibility-plan, behaviour-principles, '
        "charging-remissions, complaints-procedure, equality-information-objectives, "
        "parents-social-media, staff-ict-acceptable-use, staff-social-media)",
    ),
    (
        "unknown committee",
        ("approved_by: Governing Body", "approved_by: Curiculum Comittee"),
        ':13:18: policies.staff-social-media.approved_by: "Curiculum Comittee" is not the '
        'governing body or one of the committees declared under governance ("Governing Body", '
        '"Curriculum Committee") (did you mean "Curriculum Committee"?)',
    ),
    (
        "version the library lacks",
        ("template_version: 1.1.0", "template_version: 0.9.0"),
        ":11:23: policies.staff-social-media.template_version: the library has versions 1.0.0, "
        '1.1.0 of "Staff use of social media", not "0.9.0"',
    ),
    (
        "review before adoption",
        ("approved_by: Governing Body", "approved_by: Governing Body\n    review_date: 2026-08-01"),
        ":14:18: policies.staff-social-media.review_date: the review date 1 August 2026 is not "
        "after the adoption date 1 September 2026",
    ),
    (
        "option not a choice",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    options:\n      friending_parents: forbidden",
        ),
        ':15:26: policies.staff-social-media.options.friending_parents: "forbidden" is not one '
        "of: take-care, advised-against, not-allowed",
    ),
    (
        "unknown option",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    options:\n      parent_section: yes",
        ),
        ':15:7: policies.staff-social-media.options.parent_section: "Staff use of social media" '
        'has no option with this name (did you mean "parents_section"?) (it offers: '
        "personal_devices_at_work, device_storage, urgent_calls, friending_parents, former_pupils, "
        "school_pages, messaging_app, no_accounts_in_school_name, parents_section, parents_contact_rule, "
        "breach_investigator, breach_committee, public_legal_action, reviewer, review_with_staff, equality_statement, "
        "related_policies)",
    ),
    (
        "yes/no given as text",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    options:\n      parents_section: maybe",
        ),
        ':15:24: policies.staff-social-media.options.parents_section: "maybe" is not yes or no',
    ),
    (
        "unknown everyone group",
        ("everyone: [staff, governors]", "everyone: [staff, goverment]"),
        ':8:19: everyone[1]: "goverment" is not one of: staff, supply-staff, governors, volunteers, '
        'pta, parents, pupils, ex-pupils (did you mean "governors"?)',
    ),
    (
        "bad email",
        ("office@example.sch.uk", "office at school"),
        ':4:18: school.contact_email: "office at school" is not an email address',
    ),
    (
        "bad colour",
        ("  contact_email:", '  colour: "blue"\n  contact_email:'),
        ':4:11: school.colour: "blue" is not a colour (use six hex digits, like "#1d4f91")',
    ),
    (
        "duplicate key",
        ("  contact_email:", "  name: Again\n  contact_email:"),
        ":4:3: school.name: appears twice (first on line 2); keep one",
    ),
    (
        "control character",
        ("name: Test School", 'name: "Test\\u0007School"'),
        ":2:9: school.name: contains an invisible control character (U+0007); remove it",
    ),
    (
        "policies missing",
        (
            "policies:\n  staff-social-media:\n    template_version: 1.1.0\n"
            "    adopted: 2026-09-01\n    approved_by: Governing Body\n",
            "",
        ),
        ":1:1: policies: is required: list the policies the school has adopted",
    ),
    (
        "policies as a list",
        (
            "policies:\n  staff-social-media:\n    template_version: 1.1.0\n"
            "    adopted: 2026-09-01\n    approved_by: Governing Body\n",
            "policies: [staff-social-media]\n",
        ),
        ":9:1: policies: must be a group with one key per policy id",
    ),
    (
        "policy entry not a group",
        (
            "  staff-social-media:\n    template_version: 1.1.0\n"
            "    adopted: 2026-09-01\n    approved_by: Governing Body\n",
            "  staff-social-media: yes\n",
        ),
        ":10:23: policies.staff-social-media: must be a group of keys (template_version, adopted, "
        "approved_by, ...)",
    ),
    (
        "review date and cycle",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    review_date: 2027-09-01\n    review_cycle_months: 12",
        ),
        ":14:18: policies.staff-social-media.review_date: give review_date or review_cycle_months, "
        "not both",
    ),
    (
        "review cycle of zero",
        ("approved_by: Governing Body", "approved_by: Governing Body\n    review_cycle_months: 0"),
        ":14:26: policies.staff-social-media.review_cycle_months: 0 is not a whole number from 1 "
        "to 60",
    ),
    (
        "web address without scheme",
        ("  contact_email:", "  website: school-website\n  contact_email:"),
        ':4:12: school.website: "school-website" is not a web address (start it with https://)',
    ),
    (
        "misspelt top-level key",
        ("governance:", "governence:"),
        ':5:1: governence: unknown key (did you mean "governance"?)',
    ),
    (
        "school not a group",
        (
            "school:\n  name: Test School\n  local_authority: Anyshire County "
            "Council\n  contact_email: office@example.sch.uk\n",
            "school: Test School\n",
        ),
        ":1:9: school: must be a group of keys, each on its own indented line",
    ),
    (
        "options as a list",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    options: [parents_section]",
        ),
        ":14:5: policies.staff-social-media.options: must be a group of keys: the template's "
        "options",
    ),
    (
        "clause as text, not a list",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    clauses:\n      own_rules: Be kind online.",
        ),
        ":15:18: policies.staff-social-media.clauses.own_rules: expected a list (one '- item' per "
        'line), got "Be kind online."',
    ),
    (
        "unknown clause slot",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    clauses:\n      extra_rules: [x]",
        ),
        ':15:7: policies.staff-social-media.clauses.extra_rules: "Staff use of social media" has '
        'no clause with this name (did you mean "own_rules"?) (it offers: not_acceptable, must_do, '
        "own_rules)",
    ),
    (
        "group listed twice",
        ("everyone: [staff, governors]", "everyone: [staff, staff]"),
        ':8:19: everyone[1]: lists "staff" twice',
    ),
    (
        "committees as text",
        ("committees: [Curriculum Committee]", "committees: Curriculum Committee"),
        ":7:15: governance.committees: expected a list (one '- item' per line), got \"Curriculum "
        'Committee"',
    ),
    (
        "logo file missing",
        ("  contact_email:", "  logo: logos/ours.png\n  contact_email:"),
        ':4:9: school.logo: "logos/ours.png" does not exist (the path is relative to the config '
        "file)",
    ),
    (
        "empty required text",
        ("name: Test School", 'name: ""'),
        ":2:9: school.name: is empty; give a value or remove the key",
    ),
    (
        "yes for a choice",
        (
            "approved_by: Governing Body",
            "approved_by: Governing Body\n    options:\n      friending_parents: yes",
        ),
        ':15:26: policies.staff-social-media.options.friending_parents: "yes" is not one of: '
        "take-care, advised-against, not-allowed",
    ),
    (
        "signatures as text",
        ("approved_by: Governing Body", "approved_by: Governing Body\n    signatures: Headteacher"),
        ":14:17: policies.staff-social-media.signatures: expected a list (one '- item' per "
        'line), got "Headteacher"',
    ),
    (
        "tab indentation",
        ("  name: Test School", "\tname: Test School"),
        ":2:1: a tab character; indent with spaces, never tabs",
    ),
    (
        "unknown key in a policy",
        ("approved_by: Governing Body", "approved_by: Governing Body\n    adopted_on: 2026-09-01"),
        ':14:5: policies.staff-social-media.adopted_on: unknown key (did you mean "adopted"?)',
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_config_gives_exact_message_and_keeps_site(
    project: Path, published: Path, run_cli: Run, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in GOOD
    write(project / "schools" / "test.yml", GOOD.replace(old, new, 1))
    before = digest(published)
    code, out, err = run_cli("build", "schools/test.yml", "--out", str(published))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"schools/test.yml{expected}",
        "1 problem found; nothing was changed.",
    ]
    assert digest(published) == before


def test_corpus_is_large_enough() -> None:
    assert len(BROKEN) + len(UNREADABLE) >= 30


def test_every_error_is_reported_at_once(project: Path, library: Library) -> None:
    text = (
        GOOD.replace("adopted: 2026-09-01", "adopted: 2026-13-01")
        .replace("  local_authority:", "  local_authorty:")
        .replace("office@example.sch.uk", "nobody")
    )
    path = write(project / "schools" / "test.yml", text)
    with pytest.raises(ConfigError) as info:
        load_school(path, library)
    keys = [p.key for p in info.value.problems]
    assert keys == [
        "school.local_authorty",
        "school.contact_email",
        "policies.staff-social-media.adopted",
    ]


UNREADABLE = [
    (b"", "schools/test.yml:1:1: school config is empty"),
    (b"- just\n- a list\n", "schools/test.yml:1:1: school config must be a mapping of keys to values"),

    (b"school:\n  name: \xff\xfe\n", "schools/test.yml:2: is not UTF-8 text; save it as UTF-8 and try again"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "expected"), UNREADABLE)
def test_unreadable_files(project: Path, library: Library, content: bytes, expected: str) -> None:
    path = project / "schools" / "test.yml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as info:
        load_school(path, library)
    assert [str(p) for p in info.value.problems] == [expected]


YAML_MISTAKES = [
    (
        "unclosed bracket",
        ("everyone: [staff, governors]", "everyone: [staff, governors"),
        [":8:11: the [ opened here is never closed; end the list with ] on the same line (and "
         "put a comma between items)"],
    ),
    (
        "indented more than the line above",
        ("  local_authority:", "    local_authority:"),
        [":3:5: this line is indented more than line 2, so it is read as part of that line's "
         "value; line it up with the key above it"],
    ),
    (
        "indented less than the lines above",
        ("  local_authority:", " local_authority:"),
        [":3:2: this line is indented differently from the lines above it; line it up with the "
         "key it belongs beside"],
    ),
    (
        "a colon inside a value",
        ("name: Test School", "name: Test School: a primary"),
        [':2:9: this value contains ": ", which YAML reads as the start of another key; put the '
         'whole value in double quotes, like name: "St Mary\'s: a church school"'],
    ),
    (
        "a key without its colon",
        ("  local_authority: Anyshire County Council", "  local_authority Anyshire County Council"),
        [":3:3: this line has no colon after its key; write it as key: value"],
    ),
    (
        "a quote never closed",
        ("name: Test School", 'name: "Test School'),
        [':2:9: the quote " opened here is never closed; end the text with " on the same line'],
    ),
    (
        "an alias with no anchor",
        ("everyone: [staff, governors]", "everyone: *groups"),
        [":8:11: uses the alias *groups, but no &groups comes before it"],
    ),
    (
        "a syntax mistake and two other mistakes",
        ("everyone: [staff, governors]\npolicies:\n  staff-social-media:\n    template_version: 1.1.0\n"
         "    adopted: 2026-09-01",
         "everyone: [staff, governors\npolicies:\n  staff-social-media:\n    template_version: 1.1.0\n"
         "    adopted: soon"),
        [":4:18: school.contact_email: \"office@\" is not an email address",
         ":8:11: the [ opened here is never closed; end the list with ] on the same line (and "
         "put a comma between items)",
         ':12:14: policies.staff-social-media.adopted: "soon" is not a date (use YYYY-MM-DD)'],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"), [m[1:] for m in YAML_MISTAKES], ids=[m[0] for m in YAML_MISTAKES]
)
def test_yaml_mistakes_in_plain_words_and_every_other_mistake_too(
    project: Path, run_cli: Run, change: tuple[str, str], expected: list[str]
) -> None:
    text = GOOD.replace(*change, 1)
    if "office@" in expected[0]:
        text = text.replace("office@example.sch.uk", "office@")
    write(project / "schools" / "test.yml", text)
    code, out, err = run_cli("check", "schools/test.yml")
    assert (code, out) == (1, "")
    count = len(expected)
    assert err.splitlines() == [
        *(f"schools/test.yml{line}" for line in expected),
        f"{count} problem{'s' if count > 1 else ''} found; nothing was changed.",
    ]


def test_slug_must_be_safe(project: Path, library: Library) -> None:
    path = write(project / "schools" / "St Marys.yml", GOOD)
    with pytest.raises(ConfigError, match="must be the school's short id"):
        load_school(path, library)


@pytest.mark.parametrize(("change", "understood", "note"), [
    (("adopted: 2026-09-01", "adopted: 14/09/2026"), ("adopted", "2026-09-14"), None),
    (("adopted: 2026-09-01", "adopted: 14 September 2026"), ("adopted", "2026-09-14"), None),
    (("adopted: 2026-09-01", "adopted: 14 Sept 2026"), ("adopted", "2026-09-14"), None),
    (("adopted: 2026-09-01", "adopted: 14th Sep 2026"), ("adopted", "2026-09-14"), None),
    (("everyone: [staff, governors]", "everyone: [staff, PTA]"), ("everyone", ["staff", "pta"]),
     ':8:19: everyone[1]: "PTA" was read as "pta"; write it that way to remove this note'),
    (("approved_by: Governing Body", "approved_by: governing body"),
     ("approved_by", "Governing Body"),
     ':13:18: policies.staff-social-media.approved_by: "governing body" was read as "Governing '
     'Body"; write it that way to remove this note'),
    (("approved_by: Governing Body", "approved_by: Curiculum Committee"),
     ("approved_by", "Curriculum Committee"),
     ':13:18: policies.staff-social-media.approved_by: "Curiculum Committee" was read as '
     '"Curriculum Committee"; write it that way to remove this note'),
    (("  contact_email:", "  website: www.school.example.sch.uk\n  contact_email:"),
     ("website", "https://www.school.example.sch.uk"),
     ':4:12: school.website: "www.school.example.sch.uk" was read as '
     '"https://www.school.example.sch.uk"; write it that way to remove this note'),
])  # fmt: skip
def test_obvious_answers_are_accepted_with_a_note(
    project: Path,
    run_cli: Run,
    change: tuple[str, str],
    understood: tuple[str, object],
    note: str | None,
) -> None:
    write(project / "schools" / "test.yml", GOOD.replace(*change, 1))
    code, _out, err = run_cli("check", "schools/test.yml")
    assert code == 0, err
    assert err.splitlines() == ([f"warning: schools/test.yml{note}"] if note else [])
    config = load_school(
        project / "schools" / "test.yml", load_library(project / "policy_templates")
    )
    key, value = understood
    got = {
        "adopted": lambda: str(config.policies[0].adopted),
        "approved_by": lambda: config.policies[0].approved_by,
        "everyone": lambda: config.values.get("everyone"),
        "website": lambda: str(config.school.website),
    }[key]()
    assert got == value
    if note:  # under --strict the note stops the build
        code, _out, err = run_cli("check", "--strict", "schools/test.yml")
        assert code == 1 and "(an error under --strict)" in err


def test_review_warnings(project: Path, library: Library) -> None:
    overdue = GOOD.replace("adopted: 2026-09-01", "adopted: 2025-06-01")
    config = load_school(write(project / "schools" / "old.yml", overdue), library)
    assert [p.message for p in config.warnings] == [
        'version 1.1.0 of "Staff use of social media" was released on 3 August 2026, after the '
        "adoption date 1 June 2025; check the version and the date (the LA can record an "
        "earlier first use in the template's changelog.yml)",
        "review overdue since 1 June 2026",
    ]
    due = GOOD.replace("adopted: 2026-09-01", "adopted: 2026-08-20").replace(
        "approved_by: Governing Body", "approved_by: Governing Body\n    review_cycle_months: 4"
    )
    config = load_school(write(project / "schools" / "due.yml", due), library)
    assert [p.message for p in config.warnings] == ["review due on 20 December 2026"]
