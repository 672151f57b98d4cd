"""A school's config is untrusted input: hostile and broken values, files and outputs.

An LA builds many schools' configs onto one web origin, in CI, with its credentials on the
machine. So no value may run script in a page, read a file from the build machine or exhaust
the runner. Every bad input gives one located line per problem (``file:line:col: key:
message``), exit code 1, no traceback, and leaves the published site byte-identical; a value
that is allowed is shown literally on every page, in the search index and in the PDF, and
adds no markup.

One table per family. A case the product gets wrong today is marked
``xfail(strict=True)`` with the message a school business manager should see instead; when
the product is fixed, the case passes and the mark must go.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import errno
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import threading
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from pypdf import PdfReader

import site_builder.cli as cli
from site_builder.config.library import Library
from site_builder.config.school import load_school
from site_builder.render.escape import collapse

from .conftest import GOOD, TEMPLATES, Run, digest, write

CONFIG = "schools/test.yml"
A = "approved_by: Governing Body"
"""A line of GOOD after which a policy's own keys can be added."""
EMAIL = "office@example.sch.uk"
LOGO_AT = "  contact_email:"
"""Where a school key is added, on line 4 (its value then starts at column len(key) + 5)."""


def bug(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=reason)


def case(case_id: str, change: Any, *expected: str, marks: Any = ()) -> Any:
    """A config (a change to GOOD, or its whole text or bytes) and the lines expected after
    ``schools/test.yml`` (one per problem)."""
    return pytest.param(change, list(expected), id=case_id, marks=marks)


def config_bytes(change: Any) -> bytes:
    if callable(change):
        change = change()
    if isinstance(change, bytes):
        return change
    if isinstance(change, str):
        return change.encode("utf-8")
    old, new = change
    assert old in GOOD, old
    return GOOD.replace(old, new, 1).encode("utf-8")


def add_school_key(key: str, value: str) -> tuple[str, str]:
    return (LOGO_AT, f"  {key}: {value}\n{LOGO_AT}")


def add_policy_key(text: str) -> tuple[str, str]:
    return (A, f"{A}\n    {text}")


# --- shared machinery ----------------------------------------------------------------------

_LIBRARIES: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def _library_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading and checking the template library is most of what a refused config costs
    (0.1 s a run). No test here changes the templates, and every project holds the same copy
    under the same relative path, so the command line reads them once."""
    real = getattr(cli, "load_checked_library", None)
    if real is None:
        return

    def once(*args: Any, **kwargs: Any) -> Any:
        key = repr((args, sorted(kwargs.items())))
        if key not in _LIBRARIES:
            _LIBRARIES[key] = real(*args, **kwargs)
        return _LIBRARIES[key]

    monkeypatch.setattr(cli, "load_checked_library", once)


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the library for the whole session: no test here changes it."""
    copy = tmp_path_factory.mktemp("library") / "policy_templates"
    shutil.copytree(TEMPLATES, copy)
    return copy


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _templates: Path) -> Path:
    """Like conftest's ``project`` (the working folder, with ``policy_templates/`` and
    ``schools/``), but the templates are a link to one shared copy and ``schools/`` starts
    empty: these tests make hundreds of projects, and copying the library for each cost more
    than the tests themselves."""
    (tmp_path / "policy_templates").symlink_to(_templates, target_is_directory=True)
    (tmp_path / "schools").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def published_digest(published: Path) -> str:
    return digest(published)


@pytest.fixture
def refused(
    project: Path, published: Path, published_digest: str, run_cli: Run
) -> Callable[..., list[str]]:
    """Check ``schools/test.yml``, then build it over the published site; both must fail
    cleanly with the same lines, and the site stay as it was. Returns the lines printed.

    A config the check accepts (a bug, in an xfail case) is never built over the published
    site, which other tests share."""

    def run(content: bytes | None = None, *extra: str) -> list[str]:
        if content is not None:
            (project / CONFIG).write_bytes(content)
        code, out, checked = run_cli("check", CONFIG, *extra)
        assert "Traceback" not in checked and "internal error" not in checked, checked
        assert (code, out) == (1, ""), f"accepted: {out}{checked}"
        code, out, err = run_cli("build", CONFIG, "--out", str(published), *extra)
        assert (code, out) == (1, ""), err
        assert digest(published) == published_digest
        assert err == checked
        return err.splitlines()

    return run


def unexpected(err: str) -> list[str]:
    """Lines of a successful run's stderr other than warnings about the template version
    (whose dates the LA's changelog decides, not these tests)."""
    return [
        line for line in err.splitlines()
        if not (line.startswith("warning: ") and ".template_version: " in line)
    ]  # fmt: skip


def expect(lines: list[str], expected: list[str]) -> None:
    n = len(expected)
    assert lines == [
        *(f"{CONFIG}{e}" for e in expected),
        f"{n} problem{'s' if n != 1 else ''} found; nothing was changed.",
    ]


# --- 1. script and markup in every text field ------------------------------------------------

LABELS = {
    # label: where the value is shown (home, policy page, accessibility statement, 404 page,
    # search index, the policy's PDF)
    "NAME": {"home", "policy", "accessibility", "404", "search", "pdf"},
    "AUTHORITY": {"home", "policy", "accessibility", "404", "search", "pdf"},
    "HEADTITLE": {"policy", "search", "pdf"},
    "PTA": {"policy", "search", "pdf"},
    "PHONE": {"accessibility", "search"},
    "ISSUE": {"accessibility", "search"},
    "GOVBODY": {"home", "policy", "search", "pdf"},
    "CHAIR": {"policy", "search", "pdf"},
    "COMMITTEE": {"home", "policy", "search", "pdf"},
    "SIGNER": {"pdf"},
    "STORAGE": {"policy", "search", "pdf"},
    "URGENT": {"policy", "search", "pdf"},
    "PAGES": {"policy", "search", "pdf"},
    "MESSAGING": {"policy", "search", "pdf"},
    "INVESTIGATOR": {"policy", "search", "pdf"},
    "RELATED": {"policy", "search", "pdf"},
    "NOTOK": {"policy", "search", "pdf"},
    "MUSTDO": {"policy", "search", "pdf"},
    "OWNRULE": {"policy", "search", "pdf"},
}


def every_text_field(payload: str) -> str:
    """A config with ``payload`` (after a label saying which field it is) in every text field
    a school fills in: the school, governance, a committee, a list, signatures, a template's
    text options and its clause items."""

    def v(label: str) -> str:
        return f"{label} {payload}"

    data = {
        "school": {
            "name": v("NAME"), "local_authority": v("AUTHORITY"), "contact_email": EMAIL,
            "headteacher_title": v("HEADTITLE"), "pta_name": v("PTA"), "phone": v("PHONE"),
            "accessibility_issues": [v("ISSUE")],
        },
        "governance": {
            "governing_body": v("GOVBODY"), "chair_title": v("CHAIR"),
            "committees": [v("COMMITTEE")],
        },
        "everyone": ["staff", "pta"],
        "policies": {"staff-social-media": {
            "template_version": "1.1.0", "adopted": "2026-09-01", "approved_by": v("COMMITTEE"),
            "signatures": [v("SIGNER")],
            "options": {
                "device_storage": v("STORAGE"), "urgent_calls": v("URGENT"),
                "school_pages": v("PAGES"), "messaging_app": v("MESSAGING"),
                "breach_investigator": v("INVESTIGATOR"), "reviewer": v("COMMITTEE"),
                "parents_section": True, "related_policies": [v("RELATED")],
            },
            "clauses": {
                "not_acceptable": [v("NOTOK")], "must_do": [v("MUSTDO")],
                "own_rules": [v("OWNRULE")],
            },
        }},
    }  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


class _Page(HTMLParser):
    """The visible text of a page, its elements (tag and attribute names) and its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.links: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                self.links.append(value or "")
        self._in = tag
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            attrs, body = self.scripts[-1]
            self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


PAGES = {
    "home": "index.html",
    "policy": "policies/staff-social-media.html",
    "accessibility": "accessibility.html",
    "404": "404.html",
}


def _site_views(site: Path) -> dict[str, _Page]:
    views = {
        name: _parse((site / path).read_text(encoding="utf-8")) for name, path in PAGES.items()
    }
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    # Material's search shows a result's title and text as HTML: they must be as inert.
    views["search"] = _parse(" ".join(f"<div>{d['title']}</div>{d['text']}" for d in docs))
    return views


def _pdf_text(path: Path) -> str:
    return collapse(" ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, _Page]:
    """The same config with harmless words: a hostile value must add no element to a page."""
    from site_builder.site.build import build_school, load_checked_library

    root = tmp_path_factory.mktemp("plain")
    config = write(root / "schools" / "test.yml", every_text_field("plain words"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1795219200")
        library, _ = load_checked_library(TEMPLATES)
        build_school(config, library, root / "site")
    return _site_views(root / "site" / "test")


TEXT_PAYLOADS = [
    pytest.param("<script>alert(1)</script></script><script>alert(1)</script><!--", id="script elements"),
    pytest.param("<img src=x onerror=alert(1)>", id="img onerror"),
    pytest.param('"><svg onload=alert(1)>', id="attribute break-out svg onload"),
    pytest.param("[x](javascript:alert(1)) https://evil.example <https://evil.example>", id="links"),
    pytest.param("{{ 7*7 }} {{ config }}", id="jinja expression"),
    pytest.param("{% raw %} {% include '/etc/passwd' %}", id="jinja statement"),
    pytest.param("#set page(fill: red) #import \"/etc/passwd\" $x$ @ref \\u{41}", id="typst code"),
    pytest.param('<![CDATA[ x ]]> &lt;script&gt; &#60;b&#62; <span class="school-own">x</span>',
                 id="cdata, entities and the own-clause span"),
    pytest.param("'; alert(1); //", id="script string break-out"),
    pytest.param("</textarea><script>", id="textarea break-out"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_markup_in_every_text_field_is_shown_literally(
    project: Path, run_cli: Run, plain_site: dict[str, _Page], payload: str
) -> None:
    write(project / CONFIG, every_text_field(payload))
    code, _out, err = run_cli("build", CONFIG, "--out", "out")
    assert (code, unexpected(err)) == (0, []), err
    site = project / "out" / "test"
    views = _site_views(site)
    pdf = _pdf_text(site / "pdf" / "test-staff-social-media.pdf").replace(" ", "")
    for label, places in LABELS.items():
        shown = collapse(f"{label} {payload}")
        for place in places:
            if place == "pdf":
                assert shown.replace(" ", "") in pdf, (label, place)
            else:
                assert shown in collapse(" ".join(views[place].text)), (label, place)
    for place, page in views.items():
        plain = plain_site[place]
        assert page.elements == plain.elements, place  # no element or attribute added
        assert page.scripts == plain.scripts, place
        assert not any(link.strip().lower().startswith(("javascript:", "data:text", "vbscript:"))
                       for link in page.links), place  # fmt: skip
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "alert(1)</script>" not in html and "<svg onload" not in html, path
        assert 'href="javascript:' not in html and "<img src=x" not in html, path


TEXT_REFUSED = [
    case("placeholder [insert", ("name: Test School", "name: St [insert name] School"),
         ':2:9: school.name: "[insert" looks like a placeholder that was never filled in; write the real text'),
    case("placeholder XXXX", ("name: Test School", "name: XXXX School"),
         ':2:9: school.name: "XXXX" looks like a placeholder that was never filled in; write the real text'),
    case("placeholder TODO in a clause", add_policy_key("clauses:\n      own_rules: [TODO]"),
         ':15:19: policies.staff-social-media.clauses.own_rules[0]: item 1 "TODO" looks like a placeholder that was never filled in; write the real text'),
    case("151-character school name", ("name: Test School", "name: " + "A" * 151),
         ":2:9: school.name: is 151 characters long; this field takes at most 150"),
    case("1001 characters", add_school_key("pta_name", "P" * 1001),
         ":4:13: school.pta_name: is 1001 characters long; this field takes at most 1000"),
    case("1001 characters in a clause item", add_policy_key("clauses:\n      own_rules: ['" + "r" * 1001 + "']"),
         ":15:19: policies.staff-social-media.clauses.own_rules[0]: item 1 is 1001 characters long; this field takes at most 1000"),
    case("text option given a list", add_policy_key("options:\n      device_storage: [a, b]"),
         ":15:7: policies.staff-social-media.options.device_storage: expected text, got a list"),
    case("text option given a group", add_policy_key("options:\n      device_storage: {a: b}"),
         ":15:7: policies.staff-social-media.options.device_storage: expected text, got a group of keys"),
    case("empty list item", add_policy_key("options:\n      related_policies: ['<script>', '']"),
         ":15:38: policies.staff-social-media.options.related_policies[1]: item 2 is empty; give a value or remove the key"),
    case("51 clause items", add_policy_key("clauses:\n      own_rules: [" + ", ".join(f"rule {i}" for i in range(51)) + "]"),
         ":15:7: policies.staff-social-media.clauses.own_rules: has 51 items; this list takes at most 50"),
    case("hostile values in four fields at once",
         lambda: GOOD.replace(f"  contact_email: {EMAIL}",
                              "  website: javascript:alert(1)\n  logo: /etc/passwd\n"
                              '  contact_email: "x@y.example)<svg/onload=alert(1)>"')
                     .replace(A, f"{A}\n    review_cycle_months: 0"),
         ':4:12: school.website: "javascript:alert(1)" is not a web address (start it with https://)',
         ':5:9: school.logo: "/etc/passwd" is a path from the top of the computer\'s disk; give a path relative to this config file, to a file in its folder (for example logos/our-logo.png)',
         ':6:18: school.contact_email: "x@y.example)<svg/onload=alert(1)>" is not an email address',
         ":16:26: policies.staff-social-media.review_cycle_months: 0 is not a whole number from 1 to 60"),
    case("committee name not declared", ("approved_by: Governing Body", "approved_by: <script>alert(1)</script>"),
         ':13:18: policies.staff-social-media.approved_by: "<script>alert(1)</script>" is not the governing body or one of the committees declared under governance ("Governing Body", "Curriculum Committee")'),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), TEXT_REFUSED)
def test_text_refused(refused: Callable[..., list[str]], change: Any, expected: list[str]) -> None:
    expect(refused(config_bytes(change)), expected)


# --- 2. the e-mail address -------------------------------------------------------------------


def email(
    case_id: str, value: str, shown: str | None = None, marks: Any = (), message: str = ""
) -> Any:
    """``contact_email: value``; refused as not an e-mail address unless ``message`` says."""
    shown = shown if shown is not None else '"' + str(yaml.safe_load(value)) + '"'
    return case(case_id, (EMAIL, value),
                f":4:18: school.contact_email: {message or shown + ' is not an email address'}",
                marks=marks)  # fmt: skip


LONG_LABEL = "office@" + "a" * 70 + ".sch.uk"
EMAILS = [
    email("svg onload after the address", '"x@y.example)<svg/onload=alert(1)>"'),
    email("markdown link after the address", '"x@y.example)[click](javascript:alert(1))"'),
    email("javascript in the local part", '"javascript:alert(1)//@example.sch.uk"'),
    email("missing @", "office.example.sch.uk"),
    email("two @", "office@school@example.sch.uk"),
    email("no dot in the domain", "office@localhost"),
    email("a space", "office @example.sch.uk"),
    email("angle brackets", '"<office@example.sch.uk>"',
          message='"<office@example.sch.uk>" is not an email address (write the address alone, without the < and >)'),
    email("script after the address", '"office@example.sch.uk<script>"'),
    email("quoted local part", "'\"office manager\"@example.sch.uk'"),
    email("header injection", '"office@example.sch.uk\\nBcc: all@example.org"',
          '"office@example.sch.uk Bcc: all@example.org"'),
    email("query string", "office@example.sch.uk?subject=hi"),
    email("two addresses", '"office@example.sch.uk, head@example.sch.uk"'),
    email("domain label starts with a hyphen", "office@-example.sch.uk"),
    email("two dots in the domain", "office@example..sch.uk"),
    email("trailing dot", '"office@example.sch.uk."'),
    email("letters beyond ASCII in the domain", '"office@exämple.sch.uk"'),
    email("domain label over 63 letters", LONG_LABEL, '"' + LONG_LABEL[:57] + '..."'),
    email("a number", "12345"),
    email("over-long", "a" * 250 + "@example.sch.uk",
          message="is 265 characters long; this field takes at most 254"),
    email("NUL", '"office@example.sch.uk\\0"',
          message="contains an invisible control character (U+0000); remove it"),
    case("a list", (EMAIL, "[office@example.sch.uk]"),
         ":4:3: school.contact_email: expected text, got a list"),
    email("mailto: prefix", "mailto:office@example.sch.uk",
          message='"mailto:office@example.sch.uk" is not an email address (write the address alone, without mailto:)'),
    email("name and address", '"Office <office@example.sch.uk>"',
          message='"Office <office@example.sch.uk>" is not an email address (write the address alone, like office@school.sch.uk, without a name)'),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), EMAILS)
def test_email(refused: Callable[..., list[str]], change: Any, expected: list[str]) -> None:
    expect(refused(config_bytes(change)), expected)


# --- 3. web addresses ------------------------------------------------------------------------


def url(case_id: str, value: str, tail: str, key: str = "website", marks: Any = ()) -> Any:
    """``school.<key>: value``, refused with ``"<value as read>" <tail>``."""
    shown = '"' + str(yaml.safe_load(value)) + '"'
    column = len(key) + 5
    return case(case_id, add_school_key(key, value),
                f":4:{column}: school.{key}: {shown} is not a web address{tail}", marks=marks)  # fmt: skip


SCHEME = " (start it with https://)"
SITE = " (it needs a site name, like https://www.school.sch.uk)"


def cannot(what: str) -> str:
    return f": a web address cannot contain {what}"


PERCENT = ": a % must be followed by two hex digits"
PORT = ": the port number after the colon is not valid"
URLS = [
    url("javascript:", "javascript:alert(1)", SCHEME),
    url("javascript: with slashes", '"javascript://example.org/%0aalert(1)"', SCHEME),
    url("data:", '"data:text/html,<script>alert(1)</script>"', SCHEME),
    url("vbscript:", "vbscript:msgbox(1)", SCHEME),
    url("ftp://", "ftp://example.org/", SCHEME),
    url("no scheme //host", "//example.org/", SCHEME),
    url("https: without slashes", "https:example.org", SCHEME),
    url("double quote breaks an attribute", '"https://example.org/\\"onmouseover=\\"alert(1)"', cannot('the character "')),
    url("single quote breaks a script string", "\"https://example.org/';alert(1);//\"", cannot("the character '")),
    url("attribute break-out in the fragment", "'https://example.org/#\"><svg onload=alert(1)>'", cannot('the character "')),
    url("<", '"https://example.org/<script>"', cannot("the character <")),
    url("a space", "https://example.org/a b", cannot("a space")),
    url("backslash", "https://example.org\\@evil.example/", cannot("the character \\")),
    url("backtick", "https://example.org/`whoami`", cannot("the character `")),
    url("template syntax", '"https://example.org/{{ 7*7 }}"', cannot("the character {")),
    url("markdown link", "https://example.org/[x](javascript:alert(1))", cannot("the character [")),
    url("IPv6 literal", "https://[::1]/", cannot("the character [")),
    url("bad % escape", "https://example.org/%zz", PERCENT),
    url("lone %", "https://example.org/%", PERCENT),
    url("no host", "https://", SITE),
    url("empty host", "https:///path", SITE),
    url("host without a dot", "https://localhost/", SITE),
    url("host label starts with a hyphen", "https://-bad-.example.org/", SITE),
    url("punycode prefix only", "https://xn--.org/", SITE),
    case("NUL", add_school_key("website", '"https://example.org/\\0"'),
         ":4:12: school.website: contains an invisible control character (U+0000); remove it"),
    url("policy_site_url javascript:", "javascript:alert(1)", SCHEME, key="policy_site_url"),
    url("policy_site_url data:", "data:,x", SCHEME, key="policy_site_url"),
    url("policy_site_url script break-out", '"https://policies.example.org/\\"><script>alert(1)</script>"',
        cannot('the character "'), key="policy_site_url"),
    url("policy_site_url single quote", "\"https://policies.example.org/';alert(1)//\"",
        cannot("the character '"), key="policy_site_url"),
    url("policy_site_url template syntax", '"https://policies.example.org/{% raw %}"',
        cannot("the character {"), key="policy_site_url"),
    url("user:password@", "https://user:password@example.org/",
        ": a web address for a page cannot hold a user name or password"),
    url("port out of range", "https://example.org:99999/", PORT),
    url("port not a number", "https://example.org:abc/", PORT),
    url("port 0", "https://example.org:0/", PORT),
]  # fmt: skip


# A policy's reference code and its related documents (see docs/template-features.md): a
# code is letters, digits and hyphens; a related document's address is checked like any
# other, item by item, and each mistake is located at the item's own key.
FEATURES = [
    case("reference with markup", add_policy_key('reference: "<b>HR</b>"'),
         ':14:16: policies.staff-social-media.reference: "<b>HR</b>" is not a reference code: use letters, digits and single hyphens between them, like HR02 or SAF-03'),
    case("reference with a Typst hash", add_policy_key('reference: "#HR02"'),
         ':14:16: policies.staff-social-media.reference: "#HR02" is not a reference code: use letters, digits and single hyphens between them, like HR02 or SAF-03'),
    case("reference too long", add_policy_key("reference: ABCDEFGHIJKLM"),
         ':14:16: policies.staff-social-media.reference: "ABCDEFGHIJKLM" is 13 characters long; a reference code has at most 12'),
    case("related javascript: address", add_policy_key('related:\n      - {title: x, url: "javascript:alert(1)"}'),
         ':15:25: policies.staff-social-media.related[0].url: "javascript:alert(1)" is not a web address (start it with https://)'),
    case("related address with a quote", add_policy_key("related:\n      - title: x\n        url: \"https://example.org/\\\"><script>\""),
         ':16:14: policies.staff-social-media.related[0].url: "https://example.org/\"><script>" is not a web address: a web address cannot contain the character "'),
    case("related markdown link as the address", add_policy_key("related:\n      - title: x\n        url: https://example.org/[x](javascript:alert(1))"),
         ':16:14: policies.staff-social-media.related[0].url: "https://example.org/[x](javascript:alert(1))" is not a web address: a web address cannot contain the character ['),
    case("related item not a group", add_policy_key("related: [Behaviour policy]"),
         ":14:15: policies.staff-social-media.related[0]: item 1 must be a group of keys: title, and a url, a policy or a kind"),
    case("related unknown key", add_policy_key("related:\n      - {title: x, href: 'https://example.org'}"),
         ":15:20: policies.staff-social-media.related[0].href: unknown key (a related document has: title, url, policy, kind)"),
    case("related policy that is not a template", add_policy_key("related:\n      - policy: ../../etc/passwd"),
         ':15:17: policies.staff-social-media.related[0].policy: "../../etc/passwd" is not a template of the library'),
    case("related kind not known", add_policy_key("related:\n      - {title: x, kind: <script>}"),
         ':15:26: policies.staff-social-media.related[0].kind: "<script>" is not one of: law, guidance, policy, other'),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), FEATURES)
def test_reference_and_related(
    refused: Callable[..., list[str]], change: Any, expected: list[str]
) -> None:
    expect(refused(config_bytes(change)), expected)


@pytest.mark.parametrize(("change", "expected"), URLS)
def test_web_address(refused: Callable[..., list[str]], change: Any, expected: list[str]) -> None:
    expect(refused(config_bytes(change)), expected)


ODD_EMAIL = "o'brien+{x}|`#*_!$&=?^~@example.sch.uk"
ODD_WEBSITE = "https://example.org/a_(b)*c;x=1&y=$2#frag!:@"
ODD_POLICY_SITE = "https://policies.example.org/x/%41"


@pytest.mark.slow
def test_allowed_addresses_are_links_only_to_themselves(project: Path, run_cli: Run) -> None:
    """Addresses that pass the check with every character they may hold: shown literally,
    and each link's target is the address itself, with nothing that ends an attribute."""
    text = GOOD.replace(
        f"  contact_email: {EMAIL}",
        f"  contact_email: {json.dumps(ODD_EMAIL)}\n  website: {json.dumps(ODD_WEBSITE)}\n"
        f"  policy_site_url: {json.dumps(ODD_POLICY_SITE)}",
    )
    write(project / CONFIG, text)
    code, _out, err = run_cli("build", CONFIG, "--out", "out")
    assert (code, unexpected(err)) == (0, []), err
    site = project / "out" / "test"
    statement = _parse((site / "accessibility.html").read_text(encoding="utf-8"))
    assert ODD_EMAIL in collapse(" ".join(statement.text))
    mailto = [link for link in statement.links if link.startswith("mailto:")]
    assert [unquote(link) for link in mailto] == [f"mailto:{ODD_EMAIL}"]
    assert not any(ch in mailto[0] for ch in "'\"<>` ")
    home = _parse((site / "index.html").read_text(encoding="utf-8"))
    assert ODD_WEBSITE in collapse(" ".join(home.text))
    website = [link for link in home.links if "example.org/a_" in link]
    assert [unquote(link) for link in website] == [ODD_WEBSITE]
    for path in site.rglob("*.html"):
        for link in _parse(path.read_text(encoding="utf-8")).links:
            assert not link.lower().startswith(("javascript:", "data:", "vbscript:")), path


# --- 4. the colour ---------------------------------------------------------------------------


COMMENT = (
    'is empty: YAML reads what follows " #" as a comment; put the value in double quotes, like '
)


def colour(case_id: str, value: str, shown: str | None = None, marks: Any = ()) -> Any:
    shown = shown if shown is not None else '"' + str(yaml.safe_load(value)) + '"'
    return case(case_id, add_school_key("colour", value),
                f':4:11: school.colour: {shown} is not a colour (use six hex digits, like "#1d4f91")',
                marks=marks)  # fmt: skip


COLOURS = [
    colour("a name", "blue"),
    colour("another name", "navy"),
    colour("short hex", '"#fff"'),
    colour("no #", '"1d4f91"'),
    colour("not hex", '"#1d4f9g"'),
    colour("fullwidth #", '"\\uff031d4f91"', '"＃1d4f91"'),  # noqa: RUF001
    case("a list", add_school_key("colour", '["#1d4f91"]'), ":4:3: school.colour: expected text, got a list"),
    case("yes", add_school_key("colour", "yes"), ":4:11: school.colour: expected text, got yes"),
    colour("CSS injection", '"#1d4f91; } body {display:none"'),
    colour("style end and script", '"</style><script>alert(1)</script>"'),
    colour("url()", '"url(https://evil.example/x.png)"'),
    colour("expression()", '"expression(alert(1))"'),
    colour("rgb()", '"rgb(29, 79, 145)"'),
    colour("var()", '"var(--x)"'),
    colour("!important", '"#1d4f91 !important"'),
    colour("eight hex digits", '"#1d4f91ff"'),
    colour("0x number", "0x1d4f91", '"0x1d4f91"'),
    colour("101 characters", '"#' + "1" * 100 + '"', '"#' + "1" * 56 + '..."'),
    case("10001 characters", add_school_key("colour", '"#' + "1" * 10_000 + '"'),
         ":4:11: school.colour: is 10001 characters long; this field takes at most 10000"),
    case("unquoted # starts a comment", add_school_key("colour", "#1d4f91"), f":4:10: school.colour: {COMMENT}colour: \"#1d4f91\""),
    case("unquoted # in another key", add_school_key("pta_name", "#1 Friends"),
         f':4:12: school.pta_name: {COMMENT}pta_name: "#1 Friends"'),
    case("a lost value of 43 characters", add_school_key("pta_name", "#1 Friends of St Anywhere CE Primary School"),
         f':4:12: school.pta_name: {COMMENT}pta_name: "#1 Friends of St Anywhere CE Primary School"'),
    case("a lost colour with a comment after it", add_school_key("colour", "#1d4f91  # our blue"),
         f':4:10: school.colour: {COMMENT}colour: "#1d4f91"'),
    case("a list item lost to a #", add_school_key("accessibility_issues", "\n    - #1 Lift out of order"),
         f':5:6: school.accessibility_issues[0]: item 1 {COMMENT}- "#1 Lift out of order"'),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), COLOURS)
def test_colour(refused: Callable[..., list[str]], change: Any, expected: list[str]) -> None:
    expect(refused(config_bytes(change)), expected)


LEFT_EMPTY = [
    pytest.param(add_school_key("phone", "# to follow"), id="phone"),
    pytest.param(add_school_key("website", "   # when the new site is live"), id="website"),
    pytest.param(add_school_key("accessibility_issues", "# none known"), id="accessibility_issues"),
    pytest.param(add_policy_key("review_date: # the template's cycle"), id="review_date"),
]  # fmt: skip


@pytest.mark.parametrize("change", LEFT_EMPTY)
def test_an_optional_key_left_empty_with_a_comment_is_accepted(
    project: Path, run_cli: Run, change: Any
) -> None:
    (project / CONFIG).write_bytes(config_bytes(change))
    code, out, err = run_cli("check", CONFIG)
    assert (code, out, unexpected(err)) == (
        0,
        f"{CONFIG}: Test School, 1 policy, no problems.\n",
        [],
    )


# --- 5. paths and links (the logo) -----------------------------------------------------------
#
# A case names the files it needs, relative to schools/ (so ../outside/ is beside it, outside
# the config's folder); a factory makes one, given the path to create and the project folder.

Factory = Callable[[Path, Path], None]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 4, height: int = 4, body: bytes | None = None) -> bytes:
    header = b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    )
    if body is None:
        rows = b"".join(b"\x00" + b"\x1d\x4f\x91" * width for _ in range(height))
        body = _chunk(b"IDAT", zlib.compress(rows))
    return header + body + _chunk(b"IEND", b"")


def jpeg(width: int, height: int) -> bytes:
    frame = (
        b"\xff\xc0\x00\x11\x08"
        + struct.pack(">HH", height, width)
        + b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    )
    return (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + frame
        + b"\xff\xd9"
    )


def _segment(marker: bytes, body: bytes) -> bytes:
    return b"\xff" + marker + struct.pack(">H", len(body) + 2) + body


def gray_jpeg() -> bytes:
    """A whole JPEG (8 x 8 grey pixels) that a decoder can draw, unlike ``jpeg``'s header."""
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # one Huffman code, of one bit, for symbol 0
    return (
        b"\xff\xd8"
        + _segment(b"\xdb", b"\x00" + b"\x01" * 64)
        + _segment(b"\xc0", b"\x08" + struct.pack(">HH", 8, 8) + b"\x01\x01\x11\x00")
        + _segment(b"\xc4", b"\x00" + one_code + b"\x10" + one_code)
        + _segment(b"\xda", b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f\xff\xd9"
    )


def data(content: bytes | Callable[[], bytes]) -> Factory:
    def make(path: Path, project: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content() if callable(content) else content)

    return make


def link(target: str) -> Factory:
    """A symbolic link; a relative ``target`` is taken from the project folder."""

    def make(path: Path, project: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(Path(target) if target.startswith("/") else project / target)

    return make


def fifo(path: Path, project: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def make_files(project: Path, files: dict[str, Factory]) -> None:
    for name, make in files.items():
        make(project / "schools" / name, project)


def logo(case_id: str, value: str, message: str, files: dict[str, Factory] | None = None,
         marks: Any = ()) -> Any:  # fmt: skip
    """``logo: value`` with ``files`` made first; the message follows ``school.logo: "value" ``."""
    shown = str(yaml.safe_load(value))
    line = f':4:9: school.logo: "{shown}" {message}'
    return pytest.param(add_school_key("logo", value), files or {}, [line], id=case_id, marks=marks)


OUTSIDE = ("is outside the folder of this config file (or a link that leads out of it); put the "
           "image in that folder, for example logos/our-logo.png")  # fmt: skip
ABSOLUTE = ("is a path from the top of the computer's disk; give a path relative to this config "
            "file, to a file in its folder (for example logos/our-logo.png)")  # fmt: skip
MISSING = "does not exist (the path is relative to the config file)"
NOT_A_FILE = "is a folder or a device, not an image file"
LOOP = "is a link that leads round in a circle, not to a file"
WEB_ADDRESS = ("is a web address; download the image and give the path of the file in this config's "
               "folder (for example logos/our-logo.png)")  # fmt: skip
PATHS = [
    logo("absolute /etc/passwd", "/etc/passwd", ABSOLUTE),
    logo("absolute /dev/zero", "/dev/zero", ABSOLUTE),
    logo("absolute /proc/self/environ", "/proc/self/environ", ABSOLUTE),
    logo("../ to /etc/passwd", "../../etc/passwd", OUTSIDE),
    logo("../ to a real PNG outside", "../outside/real.png", OUTSIDE, {"../outside/real.png": data(png())}),
    logo("../ after a folder", "logos/../../outside/real.png", OUTSIDE,
         {"logos/x.png": data(png()), "../outside/real.png": data(png())}),
    logo("link to a real PNG outside", "logos/out.png", OUTSIDE, {"../outside/real.png": data(png()), "logos/out.png": link("outside/real.png")}),
    logo("link to /etc/passwd", "logos/passwd.png", OUTSIDE, {"logos/passwd.png": link("/etc/passwd")}),
    logo("link to /dev/zero", "logos/zero.png", OUTSIDE, {"logos/zero.png": link("/dev/zero")}),
    logo("link to /proc/self/environ", "logos/env.png", OUTSIDE, {"logos/env.png": link("/proc/self/environ")}),
    logo("linked folder leading out", "logos/shared/real.png", OUTSIDE,
         {"../outside/real.png": data(png()), "logos/shared": link("outside")}),
    logo("link that leads nowhere", "logos/dangling.png", MISSING, {"logos/dangling.png": link("schools/logos/none.gif")}),
    logo("a folder", "logos", NOT_A_FILE, {"logos/x.png": data(png())}),
    logo("the config's own folder", ".", NOT_A_FILE),
    logo("a named pipe (no hang)", "logos/pipe.png", NOT_A_FILE, {"logos/pipe.png": fifo}),
    pytest.param(add_school_key("logo", '"logos/ok.png\\0.svg"'), {},
                 [":4:9: school.logo: contains an invisible control character (U+0000); remove it"],
                 id="NUL in the path"),
    logo("home folder ~", "~/.ssh/id_rsa", MISSING),
    logo("file: address", "file:///etc/passwd",
         "is a file address; give the path of the image relative to this config file (for example logos/our-logo.png)"),
    logo("FILE: address in capitals", "FILE:logos/x.png",
         "is a file address; give the path of the image relative to this config file (for example logos/our-logo.png)",
         {"logos/x.png": data(png())}),
    logo("percent-encoded ../", '"%2e%2e/outside/real.png"', MISSING, {"../outside/real.png": data(png())}),
    logo("Windows path", '"C:\\\\Windows\\\\win.ini"', MISSING),
    logo("symlink loop", "logos/loop.png", LOOP, {"logos/loop.png": link("schools/logos/loop.png")}),
    logo("two links that lead to each other", "logos/a.png", LOOP,
         {"logos/a.png": link("schools/logos/b.png"), "logos/b.png": link("schools/logos/a.png")}),
    logo("empty file", "logos/empty.png", "is empty (0 bytes); save the image again", {"logos/empty.png": data(b"")}),
    logo("a web address", "https://evil.example/logo.png", WEB_ADDRESS),
    logo("a web address to a local server", "http://169.254.169.254/latest/meta-data/", WEB_ADDRESS),
]  # fmt: skip


@pytest.mark.parametrize(("change", "files", "expected"), PATHS)
def test_logo_path(
    project: Path, refused: Callable[..., list[str]], change: Any, files: dict[str, Factory],
    expected: list[str],
) -> None:  # fmt: skip
    make_files(project, files)
    expect(refused(config_bytes(change)), expected)


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_config_that_links_out_of_its_folder(project: Path, run_cli: Run, target: str) -> None:
    """Not read, so not quoted: for /proc/self/environ, the CI's credentials."""
    (project / "schools" / "evil.yml").symlink_to(target)
    for command in (["check", "schools/evil.yml"], ["build", "schools/evil.yml", "--out", "out"]):
        code, out, err = run_cli(*command)
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            "schools/evil.yml: is a link to a file outside its folder; a school's config must be "
            "a file in the folder",
            "1 problem found; nothing was changed.",
        ]
    assert not (project / "out").exists()


LOOPING = "schools/loop.yml: cannot be read (a broken or looping link)"
NOTHING_CHANGED = "1 problem found; nothing was changed."
CONFIG_LINKS = [
    pytest.param(["check", "schools/loop.yml"], "", [LOOPING, NOTHING_CHANGED], id="check the looping link"),
    pytest.param(["check", "schools"], f"{CONFIG}: Test School, 1 policy, no problems.\n",
                 [LOOPING, NOTHING_CHANGED], id="check its folder"),
    pytest.param(["build", "schools", "--out", "out", "--jobs", "1"], None,
                 [LOOPING, "Built 1, unchanged 0, failed 1, warnings 0 ("], id="build its folder"),
    pytest.param(["build", "schools/loop.yml", "--out", "out"], "", [LOOPING, NOTHING_CHANGED],
                 id="build the looping link"),
    # The reason is the file system's: mkdir meets a name that is there.
    pytest.param(["build", "schools/test.yml", "--out", "loop"], "",
                 ["loop: cannot write the sites into this folder: File exists", NOTHING_CHANGED],
                 id="--out a looping link"),
]  # fmt: skip


@pytest.mark.parametrize(("command", "stdout", "lines"), CONFIG_LINKS)
def test_a_looping_link_is_refused_without_a_traceback(
    project: Path, run_cli: Run, command: list[str], stdout: str | None, lines: list[str]
) -> None:
    """A link leading back to itself once crashed check and build (RuntimeError: Symlink
    loop): one school committing schools/x.yml -> x.yml stopped the LA's whole batch. The
    last line of a batch starts as given (its time varies)."""
    write(project / CONFIG, GOOD)
    (project / "schools" / "loop.yml").symlink_to("loop.yml")
    (project / "loop").symlink_to("loop")
    code, out, err = run_cli(*command)
    assert code == 1 and "Traceback" not in err
    if stdout is not None:
        assert out == stdout
    got = err.splitlines()
    assert len(got) == len(lines) and got[:-1] == lines[:-1], got
    assert got[-1].startswith(lines[-1]), got
    if command[:2] == ["build", "schools"]:
        assert (project / "out" / "test" / "index.html").is_file()  # the other school is built


def test_a_dangling_config_link_is_named_as_given(project: Path, run_cli: Run) -> None:
    (project / "schools" / "dangling.yml").symlink_to("none.yml")
    code, out, err = run_cli("check", "schools/dangling.yml")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "schools/dangling.yml: is a link to a file that does not exist",
        "1 problem found; nothing was changed.",
    ]


ALLOWED_LOGOS = [
    pytest.param("logos/ok.png", {"logos/real.png": data(png()), "logos/ok.png": link("schools/logos/real.png")},
                 id="link inside the folder"),
    pytest.param("logos/photo.png", {"logos/photo.png": data(gray_jpeg())}, id="a JPEG named .png"),
    pytest.param("logos/a.svg", {"logos/a.svg": data(b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>')},
                 id="a clean SVG"),
    pytest.param('"logos/ok.png\\n"', {"logos/ok.png": data(png())}, id="a trailing line break"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "files"), ALLOWED_LOGOS)
def test_allowed_logo(project: Path, run_cli: Run, value: str, files: dict[str, Factory]) -> None:
    make_files(project, files)
    (project / CONFIG).write_bytes(config_bytes(add_school_key("logo", value)))
    code, out, err = run_cli("check", CONFIG)
    assert (code, out, unexpected(err)) == (
        0,
        f"{CONFIG}: Test School, 1 policy, no problems.\n",
        [],
    )


# --- 6. image files that are not what they say -----------------------------------------------


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
KEEP = b'<rect id="keep" width="10" height="10" fill="#123456"/>'
ENTITIES = b'<!ENTITY a "lollollollollollollollollollol">' + b"".join(
    b'<!ENTITY %c "%s">' % (name, b"&%c;" % prev * 10)
    for prev, name in zip(b"abcdefgh", b"bcdefghi", strict=True)
)
BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg ['
    + ENTITIES
    + b"]>\n"
    + SVG
    + b"<text>&i;</text>"
    + KEEP
    + b"</svg>"
)
# 40 KB that an entity repeated 195 times turns into 7.8 MB of text, under expat's limits.
AMPLIFIED = (b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "' + b"x " * 20000 + b'">]>\n'
             + SVG + b"<text>" + b"&a;" * 195 + b"</text>" + KEEP + b"</svg>")  # fmt: skip
DEEP = SVG + b"<g>" * 20000 + KEEP + b"</g>" * 20000 + b"</svg>"
DAMAGED = "is a damaged image that cannot be printed; save it again"
USE_COPIES = ("is an SVG that draws more than 20000 shapes (its <use> copies multiply), far more than a "
              "logo needs")  # fmt: skip
PICTURE_INSIDE = ("a PNG inside an SVG past the 5000-pixel limit is refused now, before the PDF engine "
                  'decodes it, but the message says the SVG itself "is 6000 x 6000 pixels": the school\'s '
                  "SVG is 10 x 10, and saving it smaller changes nothing; say that it holds a picture that "
                  "large")  # fmt: skip


def use_bomb(levels: int, fan: int = 10) -> bytes:
    """An SVG of a few dozen elements whose <use> references draw fan ** levels squares."""
    body = b'<defs><rect id="u0" width="1" height="1"/>' + b"".join(
        b'<g id="u%d">' % i + b'<use href="#u%d"/>' % (i - 1) * fan + b"</g>"
        for i in range(1, levels + 1)
    )
    return SVG + body + b'</defs><use href="#u%d"/>' % levels + KEEP + b"</svg>"


def png_in_svg(pixels: int) -> bytes:
    """An SVG holding, as a data: address, a PNG of ``pixels`` x ``pixels`` (black, so small)."""
    squeeze = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * pixels)
    rows = b"".join(squeeze.compress(row) for _ in range(pixels)) + squeeze.flush()
    picture = base64.b64encode(png(pixels, pixels, _chunk(b"IDAT", rows)))
    return (
        SVG
        + b'<image width="10" height="10" href="data:image/png;base64,'
        + picture
        + b'"/>'
        + KEEP
        + b"</svg>"
    )


def image(case_id: str, name: str, content: bytes | Callable[[], bytes], message: str,
          marks: Any = ()) -> Any:  # fmt: skip
    return logo(case_id, f"logos/{name}", message, {f"logos/{name}": data(content)}, marks=marks)


IMAGES = [
    image("text named .png", "logo.png", b"hello, I am not a picture\n", "is not a PNG, JPEG or SVG image"),
    image("GIF named .png", "logo.png", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00;",
          "is a GIF image, not a PNG, JPEG or SVG image"),
    image("PDF named .png", "logo.png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
          "is a PDF document, not a PNG, JPEG or SVG image"),
    image("zip named .png", "logo.png", _zip, "is a zip file (perhaps a Word document), not a PNG, JPEG or SVG image"),
    image("HTML named .png", "logo.png", b"<html><script>alert(1)</script></html>", "is not a PNG, JPEG or SVG image"),
    image("HTML named .svg", "logo.svg", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
          "is not a PNG, JPEG or SVG image"),
    image("XHTML named .svg", "logo.svg",
          b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
          "is not an SVG image (its outer element is not <svg>)"),
    image("PNG header claims 100000 x 100000", "logo.png", png(100_000, 100_000, b""),
          "is 100000 x 100000 pixels; a logo may be at most 5000 pixels wide and high (save it smaller)"),
    image("JPEG header claims 65535 x 65535", "logo.jpg", jpeg(65535, 65535),
          "is 65535 x 65535 pixels; a logo may be at most 5000 pixels wide and high (save it smaller)"),
    image("PNG 0 pixels wide", "logo.png", png(0, 4, b""), "is damaged: it says it is 0 pixels wide or high"),
    image("PNG cut inside its header", "logo.png", png()[:20], "is a damaged PNG image"),
    image("JPEG cut before its size", "logo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a damaged JPEG image (its size cannot be read)"),
    image("PNG over 1 MB", "logo.png", lambda: png(body=_chunk(b"tEXt", b"c\x00" + b"a" * 1_100_000)),
          "is 1.1 MB; an image may be at most 1 MB (save it smaller)"),
    image("SVG external entity", "logo.svg",
          b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n' + SVG + b"<text>&x;</text></svg>",
          'is an SVG that declares an external entity ("x"), which could read other files; export the logo again without it'),
    image("SVG external parameter entity", "logo.svg",
          b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]>\n' + SVG + b"</svg>",
          'is an SVG that declares an external entity ("p"), which could read other files; export the logo again without it'),
    image("SVG with broken XML", "logo.svg", SVG + b"<rect></svg>", "is not a readable SVG image: the XML is broken (line 1)"),
    image("SVG entity-expansion bomb", "logo.svg", BOMB,
          "is an SVG that declares entities (<!ENTITY a ...>), which a logo never needs; export the logo again without them"),
    image("SVG entity used 195 times", "logo.svg", AMPLIFIED,
          "is an SVG that declares entities (<!ENTITY a ...>), which a logo never needs; export the logo again without them"),
    image("SVG nested 20000 levels", "logo.svg", DEEP,
          "is an SVG nested more than 100 levels deep; export the logo again"),
    image("SVG of 20001 parts", "logo.svg", SVG + b"<rect/>" * 20_000 + b"</svg>",
          "is an SVG of more than 20000 parts, far more than a logo needs"),
    image("SVG over 1 MB", "logo.svg", lambda: SVG + KEEP + b"</svg><!--" + b"x" * 1_100_000 + b"-->",
          "is 1.1 MB; an image may be at most 1 MB (save it smaller)"),
    image("PNG cut after its first row", "logo.png", lambda: png()[:60], DAMAGED),
    image("PNG with corrupt image data", "logo.png", png(body=_chunk(b"IDAT", b"garbage!garbage!")), DAMAGED),
    image("PNG without image data", "logo.png", png(body=b""), DAMAGED),
    image("JPEG without image data", "logo.jpg", jpeg(4, 4), DAMAGED),
    image("SVG whose <use> draws 100000 squares", "logo.svg", use_bomb(5), USE_COPIES),
    image("SVG whose <use> draws a million squares", "logo.svg", use_bomb(6), USE_COPIES),
    image("SVG whose <use> refers to its own group", "logo.svg", SVG + b'<g id="a"><use href="#a"/></g>' + KEEP + b"</svg>",
          "is an SVG whose <use> refers to itself"),
    image("SVG holding a PNG header of 100000 x 100000 pixels", "logo.svg",
          SVG + b'<image width="10" height="10" href="data:image/png;base64,'
          + base64.b64encode(png(100_000, 100_000, b"")) + b'"/>' + KEEP + b"</svg>",
          "holds a picture of 100000 x 100000 pixels; a logo may be at most 5000 pixels wide and high (save it smaller)"),
    image("SVG holding a PNG of 6000 x 6000 pixels", "logo.svg", lambda: png_in_svg(6000),
          "holds a picture of 6000 x 6000 pixels; a logo may be at most 5000 pixels wide and high (save it smaller)"),
    image("SVG holding a picture whose base64 is cut short", "logo.svg",
          SVG + b'<image width="10" height="10" href="data:image/png;base64,aGVsbG8"/>' + KEEP + b"</svg>",
          "is an SVG with a damaged picture inside it"),
    image("SVG holding a damaged PNG", "logo.svg",
          SVG + b'<image width="10" height="10" href="data:image/png;base64,'
          + base64.b64encode(b"hello, I am not a picture") + b'"/>' + KEEP + b"</svg>",
          "is an SVG with a damaged picture inside it"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "files", "expected"), IMAGES)
def test_image_file(
    project: Path, refused: Callable[..., list[str]], change: Any, files: dict[str, Factory],
    expected: list[str],
) -> None:  # fmt: skip
    make_files(project, files)
    start = time.perf_counter()
    lines = refused(config_bytes(change))
    assert time.perf_counter() - start < 4
    expect(lines, expected)


def _squares(n: int, extra: bytes = b"") -> bytes:
    return b"".join(
        b'<rect x="%d" y="%d" width="0.5" height="0.5"%s/>' % (i % 10, i // 10 % 10, extra)
        for i in range(n)
    )


def _vertices(n: int) -> bytes:
    return b"M0 0" + b"".join(b" L%d %d" % (i % 10, i // 10 % 10) for i in range(n))


MULTIPLIED = [
    # Each draws 150 x 150 = 22500 squares from 300 elements. At 1000 x 1000 (50 KB), check
    # took 4 s and 780 MB, and the build 38 s, 1.3 GB and 4 MB a PDF (markers); 22 s and
    # 1.1 GB (masks); 13 s and 10 MB a PDF (clip paths); 300 x 1000 through xlink:href, 12 s
    # and 720 MB.
    pytest.param(b'<defs><marker id="m" markerUnits="userSpaceOnUse" overflow="visible">' + _squares(150)
                 + b'</marker></defs><path d="' + _vertices(150) + b'" stroke="black" fill="none" marker-mid="url(#m)"/>',
                 id="a marker of 150 squares at 150 points of a path"),
    pytest.param(b'<defs><mask id="k">' + _squares(150, b' fill="white"') + b"</mask></defs>"
                 + _squares(150, b' mask="url(#k)"'), id="a mask of 150 squares on 150 squares"),
    pytest.param(b'<defs><clipPath id="c">' + _squares(150) + b"</clipPath></defs>"
                 + _squares(150, b' clip-path="url(#c)"'), id="a clip path of 150 squares on 150 squares"),
    pytest.param(b'<defs><rect id="u0" width="1" height="1"/>'
                 + b"".join(b'<g id="u%d">' % i + b'<use href="#u%d"/>' % (i - 1) * 10 + b"</g>" for i in range(1, 4))
                 + b"</defs>" + b'<use href="#none" xlink:href="#u3"/>' * 30,
                 id="<use> whose href leads nowhere and whose xlink:href draws 1000 squares, 30 times"),
]  # fmt: skip


@pytest.mark.parametrize("body", MULTIPLIED)
def test_an_svg_that_multiplies_what_it_draws_is_refused(
    project: Path, refused: Callable[..., list[str]], run_cli: Run, body: bytes
) -> None:
    make_files(project, {"logos/logo.svg": data(SVG + body + KEEP + b"</svg>")})
    if b"<marker" in body or b"<mask" in body:
        # Markers and masks are taken out of a logo (a logo does without them), so what is
        # left draws each square once.
        (project / CONFIG).write_bytes(config_bytes(add_school_key("logo", "logos/logo.svg")))
        code, _out, err = run_cli("check", CONFIG)
        element = "<marker>" if b"<marker" in body else "<mask>"
        assert code == 0, err
        assert err.splitlines() == [
            f"warning: {CONFIG}:4:9: school.logo: the SVG was cleaned before publishing; "
            f"removed: {element}"
        ]
        return
    lines = refused(config_bytes(add_school_key("logo", "logos/logo.svg")))
    assert len(lines) == 2 and lines[1] == "1 problem found; nothing was changed.", lines
    assert lines[0].startswith(
        f'{CONFIG}:4:9: school.logo: "logos/logo.svg" is an SVG that draws more than 20000 shapes'
    ), lines[0]


def test_svg_entity_amplification_is_refused_before_building(project: Path, run_cli: Run) -> None:
    """A 40 KB SVG whose one entity, used 195 times, is 7.8 MB of text (under expat's limits):
    once, it took the PDF engine more than 5 GB and 10 minutes. Only ``check`` runs here, so
    that a regression cannot exhaust the machine (the IMAGES table builds it too, but only
    after ``check`` has refused it)."""
    make_files(project, {"logos/logo.svg": data(AMPLIFIED)})
    (project / CONFIG).write_bytes(config_bytes(add_school_key("logo", "logos/logo.svg")))
    code, out, err = run_cli("check", CONFIG)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'{CONFIG}:4:9: school.logo: "logos/logo.svg" is an SVG that declares entities '
        "(<!ENTITY a ...>), which a logo never needs; export the logo again without them",
        "1 problem found; nothing was changed.",
    ]


@pytest.mark.slow
def test_a_damaged_png_that_fails_in_the_pdf_engine_keeps_the_site(
    project: Path, published: Path, published_digest: str, run_cli: Run
) -> None:
    """Whatever the message, a logo the PDF engine cannot read changes nothing published."""
    make_files(project, {"logos/logo.png": data(png()[:60])})
    (project / CONFIG).write_bytes(config_bytes(add_school_key("logo", "logos/logo.png")))
    code, out, err = run_cli("build", CONFIG, "--out", str(published))
    assert (code, out) == (1, "") and "Traceback" not in err
    assert err.splitlines() == [
        f'{CONFIG}:4:9: school.logo: "logos/logo.png" {DAMAGED}',
        "1 problem found; nothing was changed.",
    ]
    assert digest(published) == published_digest
    assert not [p for p in published.iterdir() if "-build-" in p.name]


def svg(case_id: str, body: bytes, gone: list[bytes], removed: str, head: bytes = b"",
        marks: Any = ()) -> Any:  # fmt: skip
    return pytest.param(
        head + SVG + body + KEEP + b"</svg>", gone, removed, id=case_id, marks=marks
    )


CLEANED = [
    svg("script", b"<script>alert(1)</script>", [b"<script", b"alert"], "<script>"),
    svg("onload and onclick", b'<circle r="2" onload="alert(1)" onclick="alert(2)"/>',
        [b"onload", b"onclick", b"alert"], "the event handler onload, the event handler onclick"),
    svg("foreignObject", b'<foreignObject width="10" height="10"><body xmlns="http://www.w3.org/1999/xhtml">'
        b"<script>alert(1)</script></body></foreignObject>", [b"foreignObject", b"alert"], "<foreignObject>"),
    svg("javascript link", b'<a xlink:href="javascript:alert(1)"><circle r="2"/></a><a href="javascript:alert(2)"/>',
        [b"javascript", b"<a"], "<a>"),
    svg("external image", b'<image href="http://evil.example/track.png" width="10" height="10"/>',
        [b"evil.example", b"<image"], "the link to another file in href"),
    svg("style @import", b"<style>@import url(http://evil.example/x.css); rect{fill:red}</style>",
        [b"@import", b"evil.example"], "<style> that loads other files"),
    svg("XInclude", b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>',
        [b"include", b"/etc/passwd"], "<include>"),
    svg("several at once",
        b'<use href="http://evil.example/sprite.svg#x"/>'
        b'<circle r="2" style="fill:url(http://evil.example/a); width: expression(alert(1))"/>'
        b'<image href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" width="1" height="1"/>'
        b'<a><set attributeName="href" to="javascript:alert(1)"/></a><iframe src="http://evil.example"/>',
        [b"evil.example", b"expression", b"data:text/html", b"javascript", b"<set", b"iframe"],
        "the link to another file in href, the reference to another file in style, <a>, <set>, "
        "<iframe>"),
    svg("CSS escapes and image-set",
        b"<style>rect { fill: \\75 rl(http://evil.example/a) }</style>"
        b'<style>@\\69 mport "http://evil.example/x.css";</style>'
        b'<style>rect { background: image-set("http://evil.example/a.png" 1x) }</style>'
        b'<circle r="2" style="fill:\\75rl(http://evil.example/x)"/>',
        [b"evil.example", b"image-set", b"\\"],
        "<style> that loads other files, the reference to another file in style"),
    svg("stylesheet processing instruction", b"", [b"xml-stylesheet", b"evil.example"],
        "the stylesheet instruction <?xml-stylesheet?>",
        head=b'<?xml version="1.0"?><?xml-stylesheet href="http://evil.example/x.css"?>'),
    svg("a filter", b'<filter id="f"><feGaussianBlur stdDeviation="99999"/></filter><rect width="9" filter="url(#f)"/>',
        [b"<filter", b"feGaussianBlur"], "<filter>"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("content", "gone", "removed"), CLEANED)
def test_svg_is_cleaned_and_says_what_was_removed(
    project: Path, run_cli: Run, content: bytes, gone: list[bytes], removed: str
) -> None:
    make_files(project, {"logos/logo.svg": data(content)})
    (project / CONFIG).write_bytes(config_bytes(add_school_key("logo", "logos/logo.svg")))
    note = f"{CONFIG}:4:9: school.logo: the SVG was cleaned before publishing; removed: {removed}"
    code, out, err = run_cli("build", CONFIG, "--out", "out")
    assert code == 0, err
    published = (project / "out" / "test" / "assets" / "logo.svg").read_bytes()
    for part in gone:
        assert part not in published, part
    assert b'id="keep"' in published  # the drawing stays
    assert unexpected(err) == [f"warning: {note}"]
    code, out, err = run_cli("check", "--strict", CONFIG)
    assert (code, out) == (1, "")
    assert f"{note} (an error under --strict)" in err.splitlines()


# --- 7. size and YAML bombs ------------------------------------------------------------------

BIG = ": is larger than 1 MB; a school config is a few kilobytes (is this the right file?)"
ALIASES = "the YAML aliases (*name) in this file expand to more than 10000 values; write the values out instead"
DEPTH = "nested more than 20 levels deep; a school config needs only a few"
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)
IN_A_FIELD = (
    "x0: &x0 [staff, staff, staff, staff, staff, staff, staff, staff, staff, staff]\n"
    + "".join(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 10)}]\n" for i in range(1, 7))
)
NESTED = "".join("  " * i + f"k{i}:\n" for i in range(25)) + "  " * 25 + "v: 1\n"


def not_allowed(tag: str, where: str = ":2:3: school.name") -> str:
    return f'{where}: the YAML tag "{tag}" is not allowed; write the value as plain text'


TAGGED_KEY = ("a tag on a key is refused now, but the key is then dropped and its absence reported too: "
              '"school.name: is required" at 1:1 (or "policies: is empty") for a key that is there, on the '
              "line of the tag")  # fmt: skip
BOMBS = [
    case("config over 1 MB", lambda: GOOD + "# " + "x" * 1_000_100 + "\n", BIG),
    case("school name of 10 MB", lambda: GOOD.replace("Test School", "A" * 10_000_000), BIG),
    case("900 KB value", lambda: GOOD.replace("Test School", "A" * 900_000),
         ":2:9: school.name: is 900000 characters long; this field takes at most 150"),
    case("billion laughs", LAUGHS + GOOD, f":1:43: {ALIASES}"),
    case("laughs inside a field", ("everyone: [staff, governors]", IN_A_FIELD + "everyone: *x6"), f":8:17: {ALIASES}"),
    case("alias to its own list", ("everyone: [staff, governors]", "everyone: &e [staff, *e]"),
         ":8:11: a YAML alias (*name) here refers to the group that contains it"),
    case("alias to its own map", ("governance:\n", "governance: &g\n  self: *g\n"),
         ":5:13: a YAML alias (*name) here refers to the group that contains it"),
    case("100000 levels of [", lambda: GOOD + "x: " + "[" * 100_000 + "\n", f":14:1003: {DEPTH}"),
    case("100000 levels of [ closed", lambda: GOOD + "x: " + "[" * 100_000 + "]" * 100_000 + "\n", f":14:1003: {DEPTH}"),
    case("100000 levels of {", lambda: GOOD + "x: " + "{" * 100_000 + "\n", f":14:1003: {DEPTH}"),
    case("21 levels of [", GOOD + "x: " + "[" * 21 + "]" * 21 + "\n", f":14:23: {DEPTH}"),
    case("25 levels of mappings", GOOD + NESTED, f":34:41: {DEPTH}"),
    case("a set", ("name: Test School", "name: !!set {a, b}"), not_allowed("!!set")),
    case("an ordered map for the school", ("school:\n", "school: !!omap\n"), not_allowed("!!omap", ":1:1: school")),
    case("a tagged date", ("adopted: 2026-09-01", "adopted: !!timestamp 2026-09-01"),
         not_allowed("!!timestamp", ":12:5: policies.staff-social-media.adopted")),
    case("merge key", ("governance:\n", "base: &b {governing_body: Evil}\ngovernance:\n  <<: *b\n"),
         ":5:1: base: unknown key", ":7:3: governance: merging groups with <<: is not supported here; write the keys out"),
    case("merge key in a policy", add_policy_key("<<: {review_cycle_months: 12}"),
         ":14:5: policies.staff-social-media: merging groups with <<: is not supported here; write the keys out"),
    case("a key << in quotes is only a key", ("governance:\n", 'governance:\n  "<<": x\n'),
         ":6:3: governance.<<: unknown key"),
    case("a list of 20000 items", ("committees: [Curriculum Committee]", "committees: [Curriculum Committee" + ", C" * 20_000 + "]"),
         ":7:3: governance.committees: has 20001 items; this list takes at most 50"),
    case("900 KB of digits", lambda: GOOD.replace(LOGO_AT, f"  phone: {'1' * 900_000}\n{LOGO_AT}"),
         ":4:10: school.phone: is 900000 characters long; this field takes at most 1000"),
    case("5000-digit school name", ("name: Test School", "name: " + "1" * 5000),
         ":2:9: school.name: is 5000 characters long; this field takes at most 150"),
    case("!!python/object/apply", ("name: Test School", "name: !!python/object/apply:os.system [echo pwned]"),
         not_allowed("!!python/object/apply:os.system")),
    case("!!python/name", ("name: Test School", "name: !!python/name:os.system"), not_allowed("!!python/name:os.system")),
    case("!include", ("name: Test School", "name: !include /etc/passwd"), not_allowed("!include")),
    case("!!binary", ("name: Test School", "name: !!binary aGVsbG8="), not_allowed("!!binary")),
    case("a tag on a key", ("  name: Test School", "  !!python/object/apply:os.system name: Evil School"),
         ':2:3: school: the YAML tag "!!python/object/apply:os.system" is not allowed on a key; write the key as plain text'),
    case("a tag on a policy id", ("  staff-social-media:", "  !x staff-social-media:"),
         ':10:3: policies: the YAML tag "!x" is not allowed on a key; write the key as plain text'),
    case("a tag of 900 KB", lambda: GOOD.replace("name: Test School", f"name: !{'t' * 900_000} x"),
         not_allowed("!" + "t" * 36 + "...")),
    case("a second document", GOOD + "---\n" + GOOD,
         ":14:1: holds a second YAML document (after a line of ---); keep only one"),
    case("a key of 900 KB", lambda: GOOD.replace(LOGO_AT, f"  {'k' * 900_000}: 1\n{LOGO_AT}"),
         ":4:3: this line is longer than YAML allows a key to be (1,024 characters)"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), BOMBS)
def test_size_and_yaml_bombs_fail_fast(
    project: Path, run_cli: Run, published: Path, published_digest: str, change: Any,
    expected: list[str],
) -> None:  # fmt: skip
    (project / CONFIG).write_bytes(config_bytes(change))
    for command in (["check", CONFIG], ["build", CONFIG, "--out", str(published)]):
        start = time.perf_counter()
        code, out, err = run_cli(*command)
        assert time.perf_counter() - start < 2, command
        assert (code, out) == (1, ""), err
        assert "Traceback" not in err
        expect(err.splitlines(), expected)
    assert digest(published) == published_digest


def test_a_long_comment_after_an_empty_key_is_checked_fast(project: Path) -> None:
    """Run apart, with a time limit, so that the bug cannot hold the suite for hours."""
    comment = "#a" + " " * 300_000 + "b"
    (project / CONFIG).write_bytes(config_bytes(add_school_key("pta_name", comment)))
    code = "import sys\nfrom site_builder.cli import main\nsys.exit(main(['check', sys.argv[1]]))"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795219200", "PYTHONPATH": str(TEMPLATES.parent)}
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code, CONFIG], cwd=project, env=env,
                              capture_output=True, text=True, timeout=8)  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("check took more than 8 s")
    assert time.perf_counter() - start < 8
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and lines[1] == "1 problem found; nothing was changed.", lines
    assert lines[0].startswith(f"{CONFIG}:4:12: school.pta_name: {COMMENT}pta_name: "), lines[0]
    assert len(lines[0]) < 300


# --- 8. impossible numbers and dates ---------------------------------------------------------

CYCLE = ":14:26: policies.staff-social-media.review_cycle_months:"
ADOPTED = ":12:14: policies.staff-social-media.adopted:"
NOT_A_DATE = "is not a date (use YYYY-MM-DD)"
YEARS = "is not between 1990 and 2100; check the year"


def cycle(case_id: str, value: str, shown: str, marks: Any = ()) -> Any:
    return case(case_id, add_policy_key(f"review_cycle_months: {value}"),
                f"{CYCLE} {shown} is not a whole number from 1 to 60", marks=marks)  # fmt: skip


def adopted(case_id: str, value: str, message: str) -> Any:
    return case(
        case_id, ("adopted: 2026-09-01", f"adopted: {value}"), f'{ADOPTED} "{value}" {message}'
    )


POLICIES = "policies:\n  staff-social-media:\n    template_version: 1.1.0\n    adopted: 2026-09-01\n    approved_by: Governing Body\n"
NUMBERS = [
    cycle("cycle 0", "0", "0"),
    cycle("cycle -1", "-1", "-1"),
    cycle("cycle 61", "61", "61"),
    cycle("cycle 10**20", str(10**20), "a number of 21 characters"),
    cycle("cycle 1.5", "1.5", "1.5"),
    cycle("cycle with words", "12 months", '"12 months"'),
    cycle("cycle yes", "yes", "yes"),
    cycle("cycle 1e3", "1e3", '"1e3"'),
    cycle("cycle of 5000 digits", "9" * 5000, "a number of 5000 characters"),
    cycle("cycle 12.0", "12.0", "12.0"),
    cycle("cycle 0x0C", "0x0C", "0x0C"),
    cycle("cycle 1_2", "1_2", "1_2"),
    cycle("cycle 1:00 (60, in base 60, to YAML 1.1)", "1:00", "1:00"),
    adopted("year 9999", "9999-09-01", YEARS),
    adopted("year 1899", "1899-09-01", YEARS),
    adopted("30 February", "2026-02-30", "is not a date: February 2026 has no day 30"),
    adopted("29 February in a common year", "2027-02-29", "is not a date: February 2027 has no day 29"),
    adopted("31 April, day first", "31/04/2026", "is not a date: April 2026 has no day 31"),
    adopted("month 13", "13/13/2026", "is not a date: there is no month 13"),
    adopted("month 0", "2026-00-10", "is not a date: there is no month 0"),
    adopted("American order", "09/14/2026", "is not a date: there is no month 14; write the day first, like 14/9/2026"),
    adopted("two-digit year", "14/09/26", "is not a date: give the year in full, like 14/09/2026"),
    adopted("month name not English", "31 Septembre 2026", 'is not a date: "Septembre" is not the name of a month'),
    adopted("five-digit year", "20260-09-01", NOT_A_DATE),
    adopted("negative year", "-2026-09-01", NOT_A_DATE),
    adopted("date and time", "2026-09-01T10:00:00", NOT_A_DATE),
    case("year 0000", ("adopted: 2026-09-01", "adopted: 0000-09-01"), f'{ADOPTED} "0000-09-01" {YEARS}'),
    case("five-digit year in words", ("adopted: 2026-09-01", "adopted: 1 September 99999"),
         f'{ADOPTED} "1 September 99999" {YEARS}'),
    case("five-digit year, day first", ("adopted: 2026-09-01", "adopted: 01/09/99999"), f'{ADOPTED} "01/09/99999" {YEARS}'),
    case("date as a number", ("adopted: 2026-09-01", "adopted: 20260901"), f"{ADOPTED} 20260901 {NOT_A_DATE}"),
    case("review date in 9999", add_policy_key("review_date: 9999-12-31"),
         f':14:18: policies.staff-social-media.review_date: "9999-12-31" {YEARS}'),
    case("review date in 2101", add_policy_key("review_date: 2101-01-01"),
         f':14:18: policies.staff-social-media.review_date: "2101-01-01" {YEARS}'),
    case("accessibility statement in 9999", add_school_key("accessibility_reviewed", "9999-01-01"),
         f':4:27: school.accessibility_reviewed: "9999-01-01" {YEARS}'),
    case("9 signatures", add_policy_key("signatures: [a, b, c, d, e, f, g, h, i]"),
         ":14:5: policies.staff-social-media.signatures: has 9 items; this list takes at most 8"),
    case("101-character signature", add_policy_key(f"signatures: [{'S' * 101}]"),
         ":14:18: policies.staff-social-media.signatures[0]: item 1 is 101 characters long; this field takes at most 100"),
    case("empty signature", add_policy_key('signatures: [""]'),
         ":14:18: policies.staff-social-media.signatures[0]: item 1 is empty; give a value or remove the key"),
    case("51 committees", ("committees: [Curriculum Committee]", "committees: [Curriculum Committee" + "".join(f", C{i}" for i in range(50)) + "]"),
         ":7:3: governance.committees: has 51 items; this list takes at most 50"),
    case("policies: {}", (POLICIES, "policies: {}\n"), ":9:1: policies: is empty: list the policies the school has adopted"),
    case("policies: with nothing", (POLICIES, "policies:\n"), ":9:10: policies: is empty: list the policies the school has adopted"),
    case("no policies key", (POLICIES, ""), ":1:1: policies: is required: list the policies the school has adopted"),
    case("version of 1201 characters", ("template_version: 1.1.0", "template_version: " + "1." * 600 + "0"),
         ":11:23: policies.staff-social-media.template_version: is 1201 characters long; this field takes at most 1000"),
    case("version 1.10 read as a number", ("template_version: 1.1.0", "template_version: 1.10"),
         ':11:23: policies.staff-social-media.template_version: the library has versions 1.0.0, 1.1.0 of "Staff use of social media", not "1.10"'),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), NUMBERS)
def test_numbers_and_dates(
    refused: Callable[..., list[str]], change: Any, expected: list[str]
) -> None:
    expect(refused(config_bytes(change)), expected)


READ_IN_BASE_TEN = [
    pytest.param("012", id="a leading zero (octal, 10 months, to YAML 1.1)"),
    pytest.param('"12"', id="in quotes"),
    pytest.param("+12", id="with a plus sign"),
]


@pytest.mark.parametrize("typed", READ_IN_BASE_TEN)
def test_a_number_of_months_is_read_as_typed(project: Path, library: Library, typed: str) -> None:
    """Twelve months however the school wrote twelve: the review is due a year after adoption
    (YAML 1.1 read 012 as octal, and the review date came two months early)."""
    path = project / CONFIG
    path.write_bytes(config_bytes(add_policy_key(f"review_cycle_months: {typed}")))
    (policy,) = load_school(path, library).policies
    assert (policy.adopted, policy.review_date) == (dt.date(2026, 9, 1), dt.date(2027, 9, 1))


AS_TYPED = [
    pytest.param(add_school_key("phone", "01612345670"), "school.phone", "01612345670",
                 id="phone number of digits 0-7 (octal)"),
    pytest.param(add_school_key("phone", "+441612345670"), "school.phone", "+441612345670",
                 id="phone number with +"),
    pytest.param(("name: Test School", "name: 3.10"), "school.name", "3.10", id="name read as a float"),
    pytest.param(("name: Test School", "name: 0x1F"), "school.name", "0x1F", id="name read as hex"),
    pytest.param(("name: Test School", "name: 1_000"), "school.name", "1_000", id="name with an underscore"),
    pytest.param(("name: Test School", "name: 1:30"), "school.name", "1:30", id="name read in base 60"),
    pytest.param(("name: Test School", "name: .inf"), "school.name", ".inf", id="name read as infinity"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "key", "typed"), AS_TYPED)
def test_text_that_looks_like_a_number_is_kept_as_typed(
    project: Path, library: Library, change: Any, key: str, typed: str
) -> None:
    """YAML 1.1 read 01612345670 as octal (237620152), +441612345670 without its +, 3.10
    as 3.1 and 0x1F as 31; a text field keeps what was typed."""
    path = project / CONFIG
    path.write_bytes(config_bytes(change))
    assert load_school(path, library).values.get(key) == typed


# --- 9. encodings and control characters -----------------------------------------------------


def good_bytes(old: str, new: str, encoding: str = "utf-8") -> bytes:
    return GOOD.replace(old, new, 1).encode(encoding)


def name_as(new: str) -> bytes:
    return good_bytes("Test School", new)


def name_escape(escape: str) -> bytes:
    return good_bytes("name: Test School", f'name: "Test{escape}School"')


def invisible(code: str) -> str:
    return f":2:9: school.name: contains an invisible control character (U+{code}); remove it"


def private_use(code: str) -> str:
    return f":2:9: school.name: contains a private-use character, which has no agreed meaning (U+{code}); remove it"


def separator(at: str, code: str) -> str:
    return f":{at}: contains an invisible line separator (U+{code}); remove it"


def yaml_refuses(at: str, code: str) -> str:
    return f":{at}: contains a character YAML does not allow (U+{code}); remove it"


NOT_UTF8 = ": is not UTF-8 text; save it as UTF-8 and try again"
UTF16 = ":1: is UTF-16 text, not UTF-8; save it as UTF-8 and try again"
UTF32 = ":1: is UTF-32 text, not UTF-8; save it as UTF-8 and try again"


ENCODINGS = [
    case("UTF-16 with BOM", GOOD.encode("utf-16"), UTF16),
    case("UTF-16 big-endian with BOM", b"\xfe\xff" + GOOD.encode("utf-16-be"), UTF16),
    case("UTF-32", GOOD.encode("utf-32"), UTF32),
    case("UTF-32 without BOM", GOOD.encode("utf-32-le"), UTF32),
    case("UTF-32 big-endian without BOM", GOOD.encode("utf-32-be"), UTF32),
    case("a Word document saved as the config", _zip, ":1: is a zip file (perhaps a Word document), not a YAML text file"),
    case("an old Word document (.doc) saved as the config", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
         ":1: is an Office document, not a YAML text file"),
    case("a PDF saved as the config", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
         ":1: is a PDF document, not a YAML text file"),
    case("a PNG saved as the config", png(), ":1: is a PNG image, not a YAML text file"),
    case("Latin-1", good_bytes("Test School", "Ysgol Caerdydd café", "latin-1"), f":2{NOT_UTF8}"),
    case("Windows-1252 quote", good_bytes("Test School", "St Mary\u2019s", "cp1252"), f":2{NOT_UTF8}"),
    case("invalid UTF-8 in a comment", GOOD.encode() + b"# \xc3\x28\n", f":14{NOT_UTF8}"),
    case("overlong UTF-8", name_as("Test").replace(b"Test", b"Test\xc0\xafSchool", 1), f":2{NOT_UTF8}"),
    case("NUL byte", name_as("Test\x00School"), yaml_refuses("2:13", "0000")),
    case("NUL escape", name_escape("\\0"), invisible("0000")),
    case("ESC byte", name_as("Test\x1b[31mSchool"), yaml_refuses("2:13", "001B")),
    case("ESC escape", name_escape("\\e[2J"), invisible("001B")),
    case("DEL byte", name_as("Test\x7fSchool"), yaml_refuses("2:13", "007F")),
    case("vertical tab", name_as("Test\x0bSchool"), yaml_refuses("2:13", "000B")),
    case("form feed between keys", good_bytes("\ngovernance", "\n\x0c\ngovernance"), yaml_refuses("5:1", "000C")),
    case("right-to-left override", name_as("Test \u202eloohcS"), invisible("202E")),
    case("zero-width space", name_as("Test\u200bSchool"), invisible("200B")),
    case("zero-width joiner", name_as("Test\u200dSchool"), invisible("200D")),
    case("BOM inside a value", name_as("Test\ufeffSchool"), invisible("FEFF")),
    case("soft hyphen", name_as("Test\u00adSchool"), invisible("00AD")),
    case("U+2028 escape", name_escape("\\L"), invisible("2028")),
    case("U+2029 escape", name_escape("\\P"), invisible("2029")),
    case("noncharacter U+FFFE", name_escape("\\uFFFE"),
         ":2:9: school.name: contains a character Unicode has not assigned (U+FFFE); remove it"),
    case("private use, plane 15", name_escape("\\U000F0000"), private_use("F0000")),
    case("lone surrogate escape", name_escape("\\ud800"), ":2:16: invalid YAML: found invalid Unicode character escape code"),
    case("emoji the PDF font lacks", name_as("Test School \U0001f3eb"),
         ":2:9: school.name: contains \"\U0001f3eb\" (U+1F3EB), which the printed policies' font cannot show; use another character"),
    case("Arabic the PDF font lacks", name_as("\u0645\u062f\u0631\u0633\u0629"),
         ":2:9: school.name: contains \"\u0645\" (U+0645), which the printed policies' font cannot show; use another character"),
    case("UTF-16 without BOM", GOOD.encode("utf-16-le"), UTF16),
    case("U+2028 typed in a value", name_as("Test\u2028School"), separator("2:13", "2028")),
    case("U+2029 typed in a comment", GOOD.encode() + "# end\u2029\n".encode(), separator("14:6", "2029")),
    case("U+0085 typed in a value", name_as("Test\x85School"), separator("2:13", "0085")),
    case("private use character", name_as("Test\ue000School"), private_use("E000")),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), ENCODINGS)
def test_encoding_and_control_characters(
    refused: Callable[..., list[str]], change: Any, expected: list[str]
) -> None:
    expect(refused(config_bytes(change)), expected)


ACCEPTED_ENCODINGS = [
    pytest.param(b"\xef\xbb\xbf" + GOOD.encode(), "Test School", id="BOM"),
    pytest.param(GOOD.replace("\n", "\r\n").encode(), "Test School", id="CRLF"),
    pytest.param(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(), "Test School", id="BOM and CRLF"),
    pytest.param(GOOD.replace("\n", "\r").encode(), "Test School", id="CR only"),
    pytest.param(name_as("Ysgol Gynradd Gymraeg \u0175\u0177"), "Ysgol Gynradd Gymraeg \u0175\u0177", id="Welsh letters"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "name"), ACCEPTED_ENCODINGS)
def test_accepted_encodings(project: Path, run_cli: Run, content: bytes, name: str) -> None:
    (project / CONFIG).write_bytes(content)
    code, out, err = run_cli("check", CONFIG)
    assert (code, out, unexpected(err)) == (0, f"{CONFIG}: {name}, 1 policy, no problems.\n", [])


NO_TEMPLATE = ": no template with this id in the library (the library has: "
"""A line that ends so is followed by the library's ids, which these tests do not pin."""
TERMINAL = [
    pytest.param(("  local_authority:", '  "\\u202elocal": x\n  local_authority:'),
                 ":3:3: school.U+202Elocal: unknown key", id="RLO in a key"),
    pytest.param(("  staff-social-media:", '  "\\e]0;pwned\\a":\n    x: 1\n  staff-social-media:'),
                 f":10:3: policies.U+001B]0;pwnedU+0007{NO_TEMPLATE}", id="terminal title escape in a policy id"),
    pytest.param(("adopted: 2026-09-01", 'adopted: "\\e[2K\\rBuilt 1"'),
                 ':12:14: policies.staff-social-media.adopted: "U+001B[2K Built 1" is not a date (use YYYY-MM-DD)',
                 id="ESC in a date"),
    pytest.param(("  local_authority:", '  "\\rschools/test.yml: ok": x\n  local_authority:'),
                 ":3:3: school.U+000Dschools/test.yml: ok: unknown key", id="carriage return in a key"),
    pytest.param(("  local_authority:", '  "a\\Nb": x\n  local_authority:'),
                 ":3:3: school.aU+0085b: unknown key", id="NEXT LINE in a key"),
    pytest.param(("approved_by: Governing Body", 'approved_by: "Gov\\nBuilt 1"'),
                 ':13:18: policies.staff-social-media.approved_by: "Gov Built 1" is not the governing body or '
                 'one of the committees declared under governance ("Governing Body", "Curriculum Committee")',
                 id="line break in a value"),
    # Colour sequences (ESC [ ... m) once reached the terminal, as the filter let the program's own
    # colours through: a value could hide the rest of the line (ESC[8m) or the CI log after it.
    pytest.param(("  local_authority:", '  "\\e[2J\\e[31mlocal": x\n  local_authority:'),
                 ":3:3: school.U+001B[2JU+001B[31mlocal: unknown key", id="ESC in a key"),
    pytest.param(("everyone: [staff, governors]", 'everyone: [staff, "\\e[31mgov"]'),
                 ':8:19: everyone[1]: "U+001B[31mgov" is not one of: staff, supply-staff, governors, volunteers, '
                 "pta, parents, pupils, ex-pupils", id="ESC in a group"),
    pytest.param(add_policy_key('options:\n      friending_parents: "\\e[8m"'),
                 ':15:26: policies.staff-social-media.options.friending_parents: "U+001B[8m" is not one of: '
                 "take-care, advised-against, not-allowed", id="ESC in a choice"),
    pytest.param(("name: Test School", "name: !%1B%5B2J%1B%5B8m x"),
                 not_allowed("!U+001B[2JU+001B[8m"), id="ESC in a tag, as %1B"),
    # A line break in a key or a policy id once broke the message in two, its second half a
    # line of the config's choosing (here a forged "no problems").
    pytest.param(("  local_authority:", '  "x\\nschools/test.yml: Test School, 1 policy, no problems.": 1\n  local_authority:'),
                 ":3:3: school.xU+000Aschools/test.yml: Test School, 1 policy, no problems.: unknown key",
                 id="line break in a key"),
    pytest.param(("  staff-social-media:", '  "x\\ny":\n    x: 1\n  staff-social-media:'),
                 f":10:3: policies.xU+000Ay{NO_TEMPLATE}", id="line break in a policy id"),
    pytest.param(("  local_authority:", '  "a\\u2028b\\u2029c\\u200bd": x\n  local_authority:'),
                 ":3:3: school.aU+2028bU+2029cU+200Bd: unknown key", id="line and paragraph separators in a key"),
]  # fmt: skip


def _one_safe_line_each(lines: list[str]) -> None:
    for line in lines:
        assert not [ch for ch in line if unicodedata.category(ch) in ("Cc", "Cf")], repr(line)


@pytest.mark.parametrize(("change", "line"), TERMINAL)
def test_messages_never_carry_terminal_escapes(
    refused: Callable[..., list[str]], change: Any, line: str
) -> None:
    """A key or a refused value is quoted with its control characters shown as U+001B: never
    an escape that clears the screen, hides text, retitles the window or overwrites a line
    with a fake "Built 1" in the LA's terminal or CI log."""
    lines = refused(config_bytes(change))
    assert len(lines) == 2 and lines[1] == "1 problem found; nothing was changed.", lines
    if line.endswith(NO_TEMPLATE):
        assert lines[0].startswith(f"{CONFIG}{line}") and lines[0].endswith(")"), lines[0]
    else:
        assert lines[0] == f"{CONFIG}{line}"
    _one_safe_line_each(lines)


FILE_NAMES = [
    pytest.param("evil\x1b[2J\x1b]0;pwned\x07", "evilU+001B[2JU+001B]0;pwnedU+0007", id="escapes"),
    # A line break in a file name once forged the batch's "Built 9, ... failed 0" line.
    pytest.param("evil\nBuilt 9, unchanged 0, failed 0, warnings 0 (1.0 s). Sites are in out\n",
                 "evilU+000ABuilt 9, unchanged 0, failed 0, warnings 0 (1.0 s). Sites are in outU+000A",
                 id="line breaks"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "shown"), FILE_NAMES)
def test_file_names_never_carry_terminal_escapes(
    project: Path, run_cli: Run, name: str, shown: str
) -> None:
    write(project / "batch" / f"{name}.yml", GOOD)
    code, _out, err = run_cli("build", "batch", "--out", "out", "--jobs", "1")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2, lines
    assert lines[0] == (
        f"batch/{shown}.yml: the file name must be the school's short id: lower-case letters, "
        "digits and hyphens, like st-marys.yml"
    )
    assert lines[1].startswith("Built 0, unchanged 0, failed 1, warnings 0 (")
    _one_safe_line_each(lines)


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_fails_alone(project: Path) -> None:
    """Run apart, as the LA runs it: in-process, the test's capture of stderr would refuse the
    name before the product did anything with it."""
    _batch(project, "alpha")
    (project / "batch" / os.fsdecode(b"\xff\x1b[2J.yml")).write_text(GOOD, encoding="utf-8")
    code = "import sys\nfrom site_builder.cli import main\nsys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795219200", "PYTHONPATH": str(TEMPLATES.parent)}
    done = subprocess.run(
        [sys.executable, "-c", code, "build", "batch", "--out", "out", "--jobs", "1"],
        cwd=project, env=env, capture_output=True, timeout=120,
    )  # fmt: skip
    err = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode == 1 and "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith("batch/") and lines[0].endswith(
        "U+001B[2J.yml: the file name must be the school's short id: lower-case letters, "
        "digits and hyphens, like st-marys.yml"
    ), lines[0]
    assert lines[1].startswith("Built 1, unchanged 0, failed 1, warnings 0 (")
    _one_safe_line_each(lines)
    assert (project / "out" / "alpha" / "index.html").is_file()
    assert (project / "out" / "index.html").is_file()


# --- 10. outputs that cannot be written ------------------------------------------------------

OUT_FOLDERS = [
    pytest.param("/dev/null/x", "/dev/null/x: cannot write the sites into this folder: Not a directory",
                 id="--out below /dev/null"),
    pytest.param("/proc/x", "/proc/x: cannot write the sites into this folder: No such file or directory",
                 id="--out in /proc"),
    pytest.param("a-file/sub", "a-file/sub: cannot write the sites into this folder: Not a directory",
                 id="--out below a file"),
    pytest.param("a-file", "a-file: is a file, not a folder; give --out a folder",
                 id="--out naming an existing file"),
]  # fmt: skip


@pytest.mark.parametrize(("out", "message"), OUT_FOLDERS)
def test_unwritable_out(project: Path, run_cli: Run, out: str, message: str) -> None:
    write(project / CONFIG, GOOD)
    write(project / "a-file", "not a folder")
    code, stdout, err = run_cli("build", CONFIG, "--out", out)
    assert (code, stdout) == (1, "")
    assert err.splitlines() == [message, "1 problem found; nothing was changed."]
    assert (project / "a-file").read_text() == "not a folder"


def _batch(project: Path, *names: str) -> Path:
    for name in names:
        write(
            project / "batch" / f"{name}.yml", GOOD.replace("Test School", f"{name.title()} School")
        )
    return project / "batch"


INDEX_NOT_WRITTEN = " (the sites were built; the LA index and dashboard were not updated)"
CACHE_NOT_WRITTEN = (" (the sites were built; the next build rebuilds them, as the build cache "
                     "could not be saved)")  # fmt: skip
IN_THE_WAY = [
    pytest.param("index.html", INDEX_NOT_WRITTEN, id="a folder where the LA index goes"),
    pytest.param(".policy-site-cache.json", CACHE_NOT_WRITTEN, id="a folder where the cache goes"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "after"), IN_THE_WAY)
def test_a_folder_in_the_way_of_a_file(project: Path, run_cli: Run, name: str, after: str) -> None:
    _batch(project, "alpha")
    (project / "out" / name / "keep").mkdir(parents=True)
    code, _out, err = run_cli("build", "batch", "--out", "out", "--jobs", "1")
    assert code == 1 and "Traceback" not in err
    assert (
        err.splitlines()[0] == f"out/{name}: cannot write this file: a folder is in the way{after}"
    )
    assert (project / "out" / name / "keep").is_dir()  # nothing of the user's is removed
    assert not [p for p in (project / "out").iterdir() if "-tmp-" in p.name or "-build-" in p.name]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "after"), IN_THE_WAY)
def test_a_folder_in_the_way_does_not_claim_nothing_changed(
    project: Path, run_cli: Run, name: str, after: str
) -> None:
    """The schools' sites were replaced: the run says so, and which file was not written."""
    _batch(project, "alpha")
    (project / "out" / name).mkdir(parents=True)
    code, _out, err = run_cli("build", "batch", "--out", "out", "--jobs", "1")
    assert code == 1
    assert (project / "out" / "alpha" / "index.html").is_file()
    lines = err.splitlines()
    assert lines[0] == f"out/{name}: cannot write this file: a folder is in the way{after}"
    assert len(lines) == 2 and lines[1].startswith("Built 1, unchanged 0, failed 0, warnings 0 (")


class _DiskFull:
    """Make writes below the build's scratch folders (or to one file name) fail with ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, needle: str) -> None:
        self.needle = needle
        self.hits = 0
        for method in ("write_text", "write_bytes"):
            real = getattr(Path, method)
            monkeypatch.setattr(Path, method, self._wrap(real))

    def _wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def write(path: Path, *args: Any, **kwargs: Any) -> Any:
            if self.needle in str(path):
                self.hits += 1
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return real(path, *args, **kwargs)

        return write


def test_disk_full_while_writing_the_site_keeps_the_old_one(
    project: Path, published: Path, published_digest: str, run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    write(project / CONFIG, GOOD.replace("Test School", "Test School Renamed"))
    full = _DiskFull(monkeypatch, "-build-")
    code, out, err = run_cli("build", CONFIG, "--out", str(published))
    assert full.hits
    assert (code, out) == (1, "")
    where = published / "test"
    assert err.splitlines() == [
        f"{where}: cannot write the site: No space left on device",
        "1 problem found; nothing was changed.",
    ]
    assert digest(published) == published_digest
    assert not [p for p in published.iterdir() if "-build-" in p.name]


DISK_FULL_AT_THE_CACHE = [
    pytest.param(["batch"], CACHE_NOT_WRITTEN, id="a batch"),
    # Once said nothing, and ended with exit code 0.
    pytest.param([CONFIG], " (the site was built; the next build rebuilds it)", id="one school"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(("configs", "after"), DISK_FULL_AT_THE_CACHE)
def test_disk_full_at_the_cache_says_what_happened(
    project: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch, configs: list[str], after: str
) -> None:
    write(project / CONFIG, GOOD)
    _batch(project, "test")
    full = _DiskFull(monkeypatch, ".policy-site-cache.json-tmp")
    code, _out, err = run_cli("build", *configs, "--out", "out", "--jobs", "1")
    assert full.hits and code == 1, err
    assert err.splitlines()[0] == (
        f"out/.policy-site-cache.json: cannot write this file: No space left on device{after}"
    )
    assert (project / "out" / "test" / "index.html").is_file()
    assert "nothing was changed" not in err


@pytest.mark.slow
def test_disk_full_at_the_cache_keeps_the_warnings(
    project: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_files(
        project, {"logos/logo.svg": data(SVG + b"<script>alert(1)</script>" + KEEP + b"</svg>")}
    )
    (project / CONFIG).write_bytes(config_bytes(add_school_key("logo", "logos/logo.svg")))
    full = _DiskFull(monkeypatch, ".policy-site-cache.json-tmp")
    code, _out, err = run_cli("build", CONFIG, "--out", "out")
    assert full.hits and code == 1, err
    assert sorted(err.splitlines()) == [
        "out/.policy-site-cache.json: cannot write this file: No space left on device (the site "
        "was built; the next build rebuilds it)",
        f"warning: {CONFIG}:4:9: school.logo: the SVG was cleaned before publishing; removed: <script>",
    ]


@pytest.mark.slow
def test_a_hostile_school_in_a_batch_fails_alone(project: Path, run_cli: Run) -> None:
    _batch(project, "alpha")
    write(project / "batch" / "beta.yml", GOOD.replace(LOGO_AT, f"  logo: /etc/passwd\n{LOGO_AT}"))
    code, out, err = run_cli("build", "batch", "--out", "out", "--jobs", "1")
    assert code == 1 and "Traceback" not in err
    lines = err.splitlines()
    assert lines[0] == f'batch/beta.yml:4:9: school.logo: "/etc/passwd" {ABSOLUTE}'
    assert lines[-1].startswith("Built 1, unchanged 0, failed 1, warnings ")
    assert "Alpha School" in (project / "out" / "alpha" / "index.html").read_text(encoding="utf-8")
    assert not (project / "out" / "beta").exists()
    assert "root:" not in err + out


@pytest.mark.slow
def test_scratch_folders_of_killed_builds_are_removed(project: Path, run_cli: Run) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    out = project / "out"
    killed = out / f".test-build-{dead.pid}-a1b2c3d4"
    other = out / f".other-build-{dead.pid}-e5f6a7b8"
    running = out / f".test-build-{os.getpid()}-00000000"  # this process is alive: keep it
    for folder_ in (killed, other, running):
        (folder_ / "docs").mkdir(parents=True)
        write(folder_ / "docs" / "index.md", "# half-built")
    write(project / CONFIG, GOOD)
    code, _out, err = run_cli("build", CONFIG, "--out", "out")
    assert (code, unexpected(err)) == (0, []), err
    assert not killed.exists() and not other.exists()
    assert running.is_dir()
    assert (out / "test" / "index.html").is_file()


class _PipeWatcher(threading.Thread):
    """Notices when anyone opens the named pipe for reading, and lets them go (end of file),
    so a product that reads it cannot hang the tests."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.opened = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue  # no reader
            self.opened += 1
            os.close(fd)


BATCH_END = "Built 0, unchanged 0, failed 1, warnings 0 ("
PIPES = [
    pytest.param(["build", "batch", "--out", "out", "--jobs", "1"], BATCH_END, id="build its folder"),
    pytest.param(["check", "batch"], NOTHING_CHANGED, id="check its folder"),
    # Given by its name, a pipe was once "school config not found".
    pytest.param(["check", "batch/pipe.yml"], NOTHING_CHANGED, id="check the pipe"),
    pytest.param(["build", "batch/pipe.yml", "--out", "out"], NOTHING_CHANGED, id="build the pipe"),
]  # fmt: skip


@pytest.mark.parametrize(("command", "last"), PIPES)
def test_a_named_pipe_in_a_batch_does_not_hang_it(
    project: Path, run_cli: Run, command: list[str], last: str
) -> None:
    """A named pipe called <school>.yml once hung the batch for ever (read before it was
    checked to be a file)."""
    pipe = project / "batch" / "pipe.yml"
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    watcher = _PipeWatcher(pipe)
    watcher.start()
    try:
        code, _out, err = run_cli(*command)
    finally:
        watcher.done.set()
        watcher.join()
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2 and lines[1].startswith(last), lines
    assert lines[0] == "batch/pipe.yml: is not a regular file, expected a school config"
    assert watcher.opened == 0, "the build opened the pipe and waited for someone to write to it"


@pytest.mark.slow
def test_a_config_that_is_not_a_file_fails_alone(project: Path, run_cli: Run) -> None:
    """One entry that is not a regular file (a folder called beta.yml, a named pipe) once
    stopped the whole batch, which ended "nothing was changed"."""
    _batch(project, "alpha")
    (project / "batch" / "beta.yml" / "x").mkdir(parents=True)
    code, _out, err = run_cli("build", "batch", "--out", "out", "--jobs", "1")
    assert code == 1 and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 2, lines
    assert lines[0] == "batch/beta.yml: is a folder, expected a school config"
    assert lines[-1].startswith("Built 1, unchanged 0, failed 1, warnings 0 (")
    assert (project / "out" / "alpha" / "index.html").is_file()


FOLDER_AS_CONFIG = [
    ["check", "batch"],
    ["check", "batch/beta.yml"],
    ["build", "batch", "--out", "out", "--jobs", "1"],
    ["build", "batch/beta.yml", "--out", "out"],
]


def test_check_and_build_name_a_folder_called_x_yml_alike(project: Path, run_cli: Run) -> None:
    """One problem is said in the same words whichever command meets it, however it is named."""
    (project / "batch" / "beta.yml" / "x").mkdir(parents=True)
    said = []
    for command in FOLDER_AS_CONFIG:
        code, _out, err = run_cli(*command)
        assert code == 1 and "Traceback" not in err, err
        said.append(err.splitlines()[0])
    assert len(set(said)) == 1, said


# --- the size of the corpus ------------------------------------------------------------------

TABLES = {
    "1 script and markup": [TEXT_PAYLOADS, TEXT_REFUSED],
    "2 e-mail": [EMAILS],
    "3 web addresses": [URLS, [test_allowed_addresses_are_links_only_to_themselves]],
    "4 colour": [COLOURS, LEFT_EMPTY],
    "5 paths and links": [PATHS, ALLOWED_LOGOS, ["/proc/self/environ", "/etc/passwd"], CONFIG_LINKS,
                          [test_a_dangling_config_link_is_named_as_given]],
    "6 image files": [IMAGES, CLEANED, MULTIPLIED, [test_svg_entity_amplification_is_refused_before_building,
                                                    test_a_damaged_png_that_fails_in_the_pdf_engine_keeps_the_site]],
    "7 size and YAML bombs": [BOMBS, [test_a_long_comment_after_an_empty_key_is_checked_fast]],
    "8 numbers and dates": [NUMBERS, READ_IN_BASE_TEN, AS_TYPED],
    "9 encodings": [ENCODINGS, ACCEPTED_ENCODINGS, TERMINAL, FILE_NAMES,
                    [test_a_file_name_that_is_not_utf8_fails_alone]],
    "10 outputs": [OUT_FOLDERS, IN_THE_WAY, IN_THE_WAY, DISK_FULL_AT_THE_CACHE, PIPES, [
        test_disk_full_while_writing_the_site_keeps_the_old_one, test_disk_full_at_the_cache_keeps_the_warnings,
        test_a_hostile_school_in_a_batch_fails_alone, test_scratch_folders_of_killed_builds_are_removed,
        test_a_config_that_is_not_a_file_fails_alone, test_check_and_build_name_a_folder_called_x_yml_alike,
    ]],
}  # fmt: skip


def test_corpus_is_large_enough() -> None:
    counts = {family: sum(len(t) for t in tables) for family, tables in TABLES.items()}
    assert all(n >= 5 for n in counts.values()), counts
    assert sum(counts.values()) >= 110, counts


# --- statutory policies kept outside the library --------------------------------------------


def _external(title: str, where: str) -> str:
    """GOOD with one statutory policy kept outside the library (its key on line 14)."""
    return GOOD + (
        "external_policies:\n"
        "  child-protection:\n"
        f"    title: {title}\n"
        f"    {where}\n"
        "    adopted: 2026-09-01\n"
        "    review_date: 2027-09-01\n"
        "    approved_by: Governing Body\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_markup_in_an_external_policy_title_is_shown_literally(
    project: Path, run_cli: Run, payload: str
) -> None:
    pages = {}
    for name, title in (("plain", "plain words"), ("hostile", payload)):
        write(project / CONFIG, _external(json.dumps(title), f"url: {ODD_WEBSITE}"))
        code, _out, err = run_cli("build", CONFIG, "--out", name)
        assert (code, unexpected(err)) == (0, []), err
        pages[name] = _parse((project / name / "test" / "index.html").read_text(encoding="utf-8"))
    hostile, plain = pages["hostile"], pages["plain"]
    assert collapse(payload) in collapse(" ".join(hostile.text))
    assert hostile.elements == plain.elements  # no element or attribute added
    assert hostile.scripts == plain.scripts
    # The link goes to the school's checked address, exactly, and nowhere else.
    assert hostile.links == plain.links
    assert sum(link == ODD_WEBSITE for link in hostile.links) == 1


EXTERNAL_URLS = [
    case("javascript: address", lambda: _external("X", "url: javascript:alert(1)"),
         ':17:10: external_policies.child-protection.url: "javascript:alert(1)" is not a web address (start it with https://)'),
    case("attribute break-out", lambda: _external("X", "url: '\"https://example.org/\"><script>alert(1)</script>'"),
         ':17:10: external_policies.child-protection.url: ""https://example.org/"><script>alert(1)</script>" is not a web address (start it with https://)'),
    case("quote in the address", lambda: _external("X", "url: \"https://example.org/\\\"><script>\""),
         ':17:10: external_policies.child-protection.url: "https://example.org/"><script>" is not a web address: a web address cannot contain the character "'),
    case("a pdf that is a system file", lambda: _external("X", "pdf: /etc/passwd"),
         ":17:10: external_policies.child-protection.pdf: \"/etc/passwd\" is a path from the top of the computer's disk; give a path relative to this config file, to a file in its folder (for example policies/admissions.pdf)"),
    case("a title with a control character", lambda: _external('"a\\u0007b"', "url: https://example.org/"),
         ":16:12: external_policies.child-protection.title: contains an invisible control character (U+0007); remove it"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "expected"), EXTERNAL_URLS)
def test_external_policy_address(
    refused: Callable[..., list[str]], change: Any, expected: list[str]
) -> None:
    expect(refused(config_bytes(change)), expected)


@pytest.mark.parametrize("name", ['=HYPERLINK("https://evil.example")', "+1+1", "-2+3", "@SUM(A1)"])
def test_coverage_csv_cells_never_start_a_formula(name: str) -> None:
    from site_builder.la.coverage import Item, SchoolCoverage, coverage_csv

    school = SchoolCoverage("x", name, "maintained", [Item("a", "A", "missing")])
    rows = list(csv.reader(io.StringIO(coverage_csv([school], dt.date(2026, 11, 21)))))
    assert rows[1][0] == "'" + name
