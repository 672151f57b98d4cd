"""An LA officer's mistakes in templates: exact messages, and the published site untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Run, digest

POLICY = "policy_templates/staff-social-media/policy.md"
DECLARATION = "policy_templates/staff-social-media/template.yml"
LIBRARY = "policy_templates/library.yml"


def _append(path: str, text: str) -> tuple[str, str, str]:
    return ("append", path, text)


def _replace(path: str, old: str, new: str) -> tuple[str, str, str, str]:
    return ("replace", path, old, new)  # type: ignore[return-value]


# (what is wrong, the edit, the exact first lines of stderr, with {n} = the policy's line count)
BROKEN = [
    (
        "unclosed if",
        _replace(POLICY, "## Aims\n", "## Aims\n{% if options.parents_section %}\n"),
        [
            f"{POLICY}:{{end}}: template syntax: Unexpected end of template. Jinja was looking for "
            "the following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be "
            "closed is 'if'."
        ],
    ),
    (
        "undeclared option",
        _append(POLICY, "\n{{ options.colour_of_sky }}\n"),
        [
            f"{POLICY}:{{end}}: options.colour_of_sky: is used but not declared in {DECLARATION} or "
            "library.yml"
        ],
    ),
    (
        "undeclared variable",
        _append(POLICY, "\nSigned, {{ headteacher }}\n"),
        [
            f"{POLICY}:{{end}}: headteacher: is used but not declared in {DECLARATION} or "
            "library.yml"
        ],
    ),
    (
        "undeclared shared field",
        _append(POLICY, "\n{{ school.motto }}\n"),
        [
            f"{POLICY}:{{end}}: school.motto: is used but not declared in {DECLARATION} or "
            "library.yml"
        ],
    ),
    (
        "placeholder (insert ...)",
        _append(POLICY, "\nIt was developed in (insert Date).\n"),
        [
            f'{POLICY}:{{end}}: placeholder "(insert" left in the policy text: fill it in or remove '
            "it"
        ],
    ),
    (
        "placeholder XXXX",
        _append(POLICY, "\nXXXXXXXX School values everyone.\n"),
        [
            f'{POLICY}:{{end}}: placeholder "XXXXXXXX" left in the policy text: fill it in or remove '
            "it"
        ],
    ),
    (
        "placeholder [insert ...]",
        _append(POLICY, "\nContact [insert name] for help.\n"),
        [
            f'{POLICY}:{{end}}: placeholder "[insert" left in the policy text: fill it in or remove '
            "it"
        ],
    ),
    (
        "TODO left in",
        _append(POLICY, "\nTODO: check this with HR.\n"),
        [f'{POLICY}:{{end}}: placeholder "TODO" left in the policy text: fill it in or remove it'],
    ),
    (
        "runtime error in template",
        _append(POLICY, "\n{{ 1 // 0 }}\n"),
        [f"{POLICY}:{{end}}: integer division or modulo by zero"],
    ),
    (
        "misspelt declaration key",
        _replace(DECLARATION, "summary:", "sumary:"),
        [f'{DECLARATION}:7:1: sumary: unknown key (did you mean "summary"?)'],
    ),
    (
        "id not the folder name",
        _replace(DECLARATION, "id: staff-social-media", "id: social-media"),
        [f'{DECLARATION}:4:5: id: must match its folder name "staff-social-media"'],
    ),
    (
        "version not semantic",
        _replace(DECLARATION, "version: 1.1.0", "version: '1.1'"),
        [f"{DECLARATION}:6:10: version: use MAJOR.MINOR.PATCH, like 1.2.0"],
    ),
    (
        "unknown option type",
        _replace(
            DECLARATION,
            "    type: yesno\n    default: true\n    description: Forbid",
            "    type: boolean\n    default: true\n    description: Forbid",
        ),
        [
            f'{DECLARATION}:55:11: options.no_accounts_in_school_name.type: "boolean" is not one of: '
            "text, date, list, choice, choices, yesno, url, email, committee, colour, number, image, code, related, pdf"
        ],
    ),
    (
        "default not among choices",
        _replace(DECLARATION, "default: breaks-only", "default: lunchtime"),
        [
            f'{DECLARATION}:15:14: options.personal_devices_at_work.default: "lunchtime" is not one '
            "of: breaks-only, not-at-school"
        ],
    ),
    (
        "invalid YAML in declaration",
        _replace(DECLARATION, "title: Staff use of social media", "title: Staff use: social media"),
        [
            f'{DECLARATION}:5:8: this value contains ": ", which YAML reads as the start of '
            "another key; put the whole value in double quotes, like name: \"St Mary's: a church "
            'school"'
        ],
    ),
    (
        "shared field without a description",
        _replace(LIBRARY, "    description: The local authority the school belongs to.\n", ""),
        [
            f"{LIBRARY}:29:3: fields.school.local_authority: needs a description, written for the "
            "school"
        ],
    ),
]


def _edit(edit: tuple[str, ...]) -> int:
    """Apply an edit; return the policy text's last line number afterwards."""
    kind, path, *args = edit
    target = Path(path)
    text = target.read_text(encoding="utf-8")
    if kind == "append":
        text += args[0]
    else:
        assert args[0] in text, args[0]
        text = text.replace(args[0], args[1], 1)
    target.write_text(text, encoding="utf-8")
    return len(Path(POLICY).read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(("edit", "expected"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_template_gives_exact_message_and_keeps_site(
    project: Path, published: Path, run_cli: Run, edit: tuple[str, ...], expected: list[str]
) -> None:
    from .conftest import GOOD, write

    write(project / "schools" / "test.yml", GOOD)
    end = _edit(edit)
    before = digest(published)
    code, out, err = run_cli("build", "schools/test.yml", "--out", str(published))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert "Traceback" not in err
    assert lines[:-1] == [e.replace("{end}", str(end)) for e in expected]
    assert lines[-1].endswith("found; nothing was changed.")
    assert digest(published) == before


def test_corpus_is_large_enough() -> None:
    assert len(BROKEN) >= 10


def test_unused_option_is_a_warning_and_an_error_under_strict(
    project: Path, published: Path, run_cli: Run
) -> None:
    from .conftest import GOOD, write

    write(project / "schools" / "test.yml", GOOD)
    _append(DECLARATION, "")
    text = Path(DECLARATION).read_text(encoding="utf-8")
    Path(DECLARATION).write_text(
        text.replace(
            "clauses:\n",
            "  spare_option:\n    type: text\n    description: Never used.\n\nclauses:\n",
        )
    )
    code, _, err = run_cli("check", "schools/test.yml")
    assert code == 0
    assert (
        f"warning: {DECLARATION}: options.spare_option: is declared but policy.md never uses it"
    ) in err
    before = digest(published)
    code, _, err = run_cli("build", "--strict", "schools/test.yml", "--out", str(published))
    assert code == 1
    assert (
        f"{DECLARATION}: options.spare_option: is declared but policy.md never uses it "
        "(an error under --strict)"
    ) in err.splitlines()
    assert digest(published) == before
