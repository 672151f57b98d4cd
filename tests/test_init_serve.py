"""A school business manager's first hour: `init` by questions, and `serve` while editing."""

from __future__ import annotations

import http.server
import io
import json
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.commands.serve import PROBLEMS_PATH, RELOAD_PATH, RELOAD_SCRIPT_PATH, Preview
from site_builder.config.library import load_library
from site_builder.config.school import load_school

from .conftest import GOOD, Run, write

# Answers in the order the questions come (the library's fields, then the policies).
ANSWERS = [
    "Oakfield Primary School",   # name
    "",                          # short name: leave out
    "Anyshire County Council",   # local authority
    "oakfield",                  # website: wrong ...
    "https://www.oakfield.example.sch.uk",  # ... and corrected
    "",                          # policy site address
    "office@oakfield.example.sch.uk",
    "", "", "", "", "",          # phone, accessibility date, issues, logo, colour
    "", "",                      # headteacher's title (default), PTA name
    "1", "", "1",                # type: maintained; nation (default); phases: primary
    "", "",                      # governing body (default), chair's title (default)
    "Curriculum Committee, Resources Committee",
    "1, 3",                      # everyone: staff, governors
    "6",                         # parents-social-media only (the sixth, alphabetically)
    "31/02/2026",                # adopted: impossible ...
    "1 October 2026",            # ... and corrected, as on a letter
    "Curiculum Comittee",        # approved by: two typing errors ...
    "Curriculum Committee",      # ... corrected
    "",                          # review cycle: the template's
    "Headteacher; Chair of Governors",  # who signs the printed copy
    "", "", "",                  # school pages, complaints policy, class groups
    "2",                         # photos at events: not-allowed
    "no",                        # legal action warning
    "Behaviour Policy; Online Safety Policy",
    "Come to our coffee mornings",  # the school's own "please do" item
    "",                          # no own "please do not" items
]  # fmt: skip


# A school in Wales: once it says so, it is asked for Welsh and English, and then for the
# Welsh of each word it has already given; after that each word field is asked in both.
WELSH_ANSWERS = [
    "Ysgol Gynradd Aberdyfi", "", "Cyngor Gwynedd", "", "",
    "swyddfa@aberdyfi.example.sch.uk",
    "", "", "", "", "",          # phone, accessibility date, issues, logo, colour
    "", "",                      # headteacher's title (default), PTA name
    "1", "wales",                # type: maintained; nation: Wales
    "cy, en",                    # languages: Welsh first
    "Pennaeth",                  # the Welsh of the headteacher's title given so far
    "1",                         # phases: primary
    "", "Corff Llywodraethu",    # governing body: the default, and its Welsh
    "", "Cadeirydd",             # chair's title: the default, and its Welsh
    "Curriculum Committee, Resources Committee",
    "Pwyllgor y Cwricwlwm",      # one Welsh name for two committees: asked again ...
    "Pwyllgor y Cwricwlwm, Pwyllgor Adnoddau",  # ... and given for both
    "1, 3",                      # everyone: staff, governors
    "6",                         # parents-social-media
    "1 October 2026",            # adopted: version 1.0.0, which has no Welsh yet ...
    "yes",                       # ... so its Welsh page may show the English meanwhile
    "Pwyllgor y Cwricwlwm",      # approved by: a committee named in Welsh
    "", "",                      # review cycle; no signatories
    "", "", "Polisi Cwynion", "",  # school pages; complaints policy and its Welsh; groups
    "2", "no",                   # photos at events; legal action warning
    "Behaviour Policy", "Polisi Ymddygiad",
    "Come to our coffee mornings", "Dewch i'n boreau coffi",
    "",                          # no own "please do not" items
]  # fmt: skip


def test_init_asks_a_school_in_wales_for_both_languages(
    project: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, WELSH_ANSWERS)
    code, out, err = run_cli("init", "schools/aberdyfi.yml")
    assert code == 0, err
    assert "Headteacher's title, in Welsh" in out
    assert "Give 2 in Welsh, in the same order as the English" in out
    assert "Version 1.0.0 of this policy has no Welsh translation yet" in out
    text = (project / "schools" / "aberdyfi.yml").read_text()
    assert 'languages: ["cy", "en"]' in text and "allow_untranslated: true" in text
    assert 'headteacher_title: {cy: "Pennaeth", en: "Headteacher"}' in text
    library = load_library()
    welsh = load_school(project / "schools" / "aberdyfi.yml", library)
    assert welsh.language == "cy" and welsh.school.headteacher_title == "Pennaeth"
    (policy,) = welsh.policies
    assert policy.approved_by == "Pwyllgor y Cwricwlwm"
    assert policy.clauses["please_do"] == ["Dewch i'n boreau coffi"]
    english = load_school(project / "schools" / "aberdyfi.yml", library, "en")
    assert english.policies[0].approved_by == "Curriculum Committee"
    monkeypatch.setattr("sys.stdin", sys.__stdin__)
    code, _, err = run_cli("build", "schools/aberdyfi.yml")
    assert code == 0, err


def _stdin(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))


def test_init_questionnaire_writes_a_config_that_builds(
    project: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, ANSWERS)
    code, out, err = run_cli("init", "schools/oakfield.yml")
    assert code == 0, err
    assert 'That is not right: "oakfield" is not a web address (start it with https://)' in out
    assert 'That is not right: "31/02/2026" is not a date: February 2026 has no day 31' in out
    assert '(did you mean "Curriculum Committee"?). Please try again.' in out
    assert "Wrote schools/oakfield.yml. Next:" in out
    text = (project / "schools" / "oakfield.yml").read_text()
    assert text.startswith("# yaml-language-server: $schema=../policy-site.schema.json\n")
    assert "  # The school's full name, as it appears on letters and its website.\n" in text
    config = load_school(project / "schools" / "oakfield.yml", load_library())
    assert config.name == "Oakfield Primary School"
    assert config.school.website == "https://www.oakfield.example.sch.uk"
    assert (config.school.type, config.school.nation) == ("maintained", "england")
    assert config.school.phases == ("primary",)
    (policy,) = config.policies
    assert (policy.id, str(policy.adopted), policy.approved_by) == (
        "parents-social-media",
        "2026-10-01",
        "Curriculum Committee",
    )
    assert policy.options["photos_at_events"] == "not-allowed"
    assert policy.options["legal_action_warning"] is False
    assert policy.signatures == ["Headteacher", "Chair of Governors"]
    assert policy.clauses["please_do"] == ["Come to our coffee mornings"]
    assert run_cli("check", "schools/oakfield.yml")[0] == 0
    monkeypatch.setattr("sys.stdin", sys.__stdin__)  # the real input again for the build
    code, _, err = run_cli("build", "schools/oakfield.yml")
    assert code == 0, err


def test_init_never_overwrites_without_asking(
    project: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (project / "schools" / "any-school.yml").read_text()
    _stdin(monkeypatch, ["n"])
    code, out, _ = run_cli("init", "schools/any-school.yml")
    assert code == 0 and "Nothing was written." in out
    assert (project / "schools" / "any-school.yml").read_text() == before
    code, _, err = run_cli("init", "schools/any-school.yml", "--no-input")
    assert code == 1 and "already exists; nothing was written" in err
    assert (project / "schools" / "any-school.yml").read_text() == before


def test_init_ending_early_writes_nothing(
    project: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stdin(monkeypatch, ANSWERS[:5])
    code, _, err = run_cli("init", "schools/halfway.yml")
    assert code == 1
    assert "the questions ended before every answer was given; nothing was written" in err
    assert not (project / "schools" / "halfway.yml").exists()


def test_init_no_input_writes_a_starter_that_fails_until_filled_in(
    project: Path, run_cli: Run
) -> None:
    code, out, _ = run_cli("init", "schools/starter.yml", "--no-input")
    assert code == 0
    assert out == (
        "Wrote schools/starter.yml. Replace every TODO in it with your school's details: "
        "`policy-site check schools/starter.yml` lists each one, and fails until none is left.\n"
    )
    text = (project / "schools" / "starter.yml").read_text()
    required = re.findall(r"# REQUIRED\. ", text)
    assert len(required) >= 6  # name, LA, email, and each policy's dates and approver
    assert "  # short_name:" in text  # optional keys are there, commented out
    library = load_library()
    code, _out, err = run_cli("check", "schools/starter.yml")
    assert code == 1
    lines = err.splitlines()
    placeholder = '"TODO" looks like a placeholder that was never filled in; write the real text'
    assert lines[:3] == [
        f"schools/starter.yml:8:9: school.name: {placeholder}",
        f"schools/starter.yml:13:20: school.local_authority: {placeholder}",
        f"schools/starter.yml:21:18: school.contact_email: {placeholder}",
    ]
    assert len(lines) == 3 + len(library.templates) + 1  # and each policy's adoption date
    # Once the TODOs are replaced, the starter is a config that builds.
    filled = (
        text.replace('"TODO: school name"', "Oakfield Primary School")
        .replace('"TODO: local authority"', "Anyshire County Council")
        .replace('"TODO: contact email"', "office@oakfield.example.sch.uk")
        .replace('"TODO: the date it was approved"', "2026-11-09")
    )
    (project / "schools" / "starter.yml").write_text(filled)
    config = load_school(project / "schools" / "starter.yml", library)
    assert [p.id for p in config.policies] == list(library.templates)
    assert run_cli("check", "schools/starter.yml")[0] == 0


@pytest.mark.slow
def test_serve_rebuilds_on_a_config_change_and_survives_mistakes(project: Path) -> None:
    config = write(project / "schools" / "live.yml", GOOD.replace("Test School", "First Name"))
    lines: list[str] = []
    preview = Preview(config, project / "preview", None, lines.append)
    ready = threading.Event()
    urls: list[str] = []

    def start(url: str) -> None:
        urls.append(url)
        ready.set()

    thread = threading.Thread(target=preview.serve, kwargs={"port": 0, "ready": start})
    thread.start()
    try:
        assert ready.wait(60)
        base = urls[0]
        assert base.startswith("http://127.0.0.1:")  # this computer only

        def page() -> str:
            with urllib.request.urlopen(base + "index.html", timeout=10) as response:
                return response.read().decode()

        def wait_for(text: str) -> str:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                body = page()
                if text in body:
                    return body
                time.sleep(0.3)
            raise AssertionError(f"{text!r} never appeared; log: {lines}")

        first = wait_for("First Name")
        assert f'<script src="{RELOAD_SCRIPT_PATH}">' in first  # reloads after a rebuild
        with urllib.request.urlopen(base + RELOAD_SCRIPT_PATH[1:], timeout=10) as r:
            assert RELOAD_PATH in r.read().decode()
        with urllib.request.urlopen(base + RELOAD_PATH[1:], timeout=10) as r:
            number = r.read().decode()
        config.write_text(config.read_text().replace("First Name", "Second Name"))
        wait_for("Second Name")
        deadline = time.monotonic() + 10  # the number moves just after the swap
        while time.monotonic() < deadline:
            with urllib.request.urlopen(base + RELOAD_PATH[1:], timeout=10) as r:
                if r.read().decode() != number:
                    break
            time.sleep(0.1)
        else:
            raise AssertionError("the build number never changed")
        config.write_text(config.read_text().replace("adopted: 2026-09-01", "adopted: soon"))
        deadline = time.monotonic() + 60
        while not any("not a date" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.3)
        assert any('"soon" is not a date (use YYYY-MM-DD)' in line for line in lines), lines
        assert "Second Name" in page()  # the last good site is still served
        with urllib.request.urlopen(base + PROBLEMS_PATH[1:], timeout=10) as r:
            shown = json.loads(r.read().decode())  # and the page shows what is wrong
        assert shown == [
            'schools/live.yml:12:14: policies.staff-social-media.adopted: "soon" is not a date '
            "(use YYYY-MM-DD)"
        ]
    finally:
        preview.stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


def test_preview_serves_nothing_outside_the_built_site(tmp_path: Path) -> None:
    site = tmp_path / "preview" / "live"
    write(site / "index.html", "<html><body>home</body></html>")
    write(tmp_path / "secret.txt", "the LA's token")
    (site / "link.txt").symlink_to(tmp_path / "secret.txt")
    (site / "etc").symlink_to("/etc")
    preview = Preview(tmp_path / "live.yml", tmp_path / "preview", None, lambda line: None)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), preview.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with urllib.request.urlopen(base + "/index.html", timeout=10) as r:
            assert b"home" in r.read()
        for path in (
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "//../../secret.txt",
            "/link.txt",
            "/etc/passwd",
            "/etc/",
        ):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(base + path, timeout=10)
            info.value.close()
            assert info.value.code == 404, path
    finally:
        server.shutdown()
        server.server_close()


def test_every_command_has_help_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("build", "check", "index", "schema", "init", "serve", "changes", "release"):
        assert main([command, "--help"]) == 0
        assert "example" in capsys.readouterr().out, command


def test_every_question_label_reads_as_english(library: object) -> None:
    from site_builder.config.library import Library

    assert isinstance(library, Library)
    labels = {spec.title for t in library.templates.values() for spec in t.options.values()}
    labels |= {spec.title for spec in library.fields.values()}
    assert "IT support" in labels
    assert not any(word in label.split() for label in labels for word in ("It", "Ict", "Pta"))


def test_init_asks_a_choice_shared_by_several_policies_once(library: object) -> None:
    from site_builder.commands.init import shared_options
    from site_builder.config.library import Library

    assert isinstance(library, Library)
    shared = shared_options(list(library.templates.values()))
    assert "related_policies" in shared
    names = [n for t in library.templates.values() for n in t.options]
    assert all(names.count(name) > 1 for name in shared)
