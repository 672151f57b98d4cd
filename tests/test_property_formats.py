"""Property tests: every declared field, in every format the product writes.

For each output format there is one escaper (``site_builder.render.escape``, and Typst's in
``site_builder.print.typst_markup``); each is checked to be total and reversible for any
text. Then a whole school is built with a generated value in every field the library
declares, and the value must come out literally in every page and file of the site, the
LA index and its exports, or be refused with a located message.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re
import string
from pathlib import Path
from urllib.parse import unquote

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from site_builder.cli import main
from site_builder.config.fields import FieldSpec
from site_builder.config.library import load_library
from site_builder.config.validators import Context, Invalid
from site_builder.print.typst_markup import escape_text, string_literal
from site_builder.render.escape import (
    collapse,
    csv_cell,
    html,
    ics_text,
    markdown_code_block,
    markdown_link,
    yaml_string,
)

from .conftest import TEMPLATES
from .hostile import hostile_config
from .test_escape import _visible
from .test_property import PRINTABLE, REFUSALS, text_values

any_text = st.text(min_size=0, max_size=60)
EMAIL = FieldSpec("e", "email", "an email field")
URL = FieldSpec("u", "url", "a web address field")

# --- each escaper, alone ---------------------------------------------------------------------


@given(any_text)
@settings(max_examples=300)
def test_yaml_string_reads_back_as_the_same_text(value: str) -> None:
    assert yaml.safe_load(f"key: {yaml_string(value)}\n")["key"] == value


@given(any_text)
@settings(max_examples=300)
def test_html_text_is_inert_and_reads_back(value: str) -> None:
    out = html(value)
    assert not set("<>\"'") & set(out)
    assert html_lib.unescape(out) == value


def _ics_unescape(text: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


@given(any_text)
@settings(max_examples=300)
def test_ics_text_is_one_line_with_separators_escaped(value: str) -> None:
    out = ics_text(value)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"(?<!\\)(\\\\)*[;,]", out.replace("\\;", "").replace("\\,", ""))
    assert _ics_unescape(out) == value.replace("\r\n", "\n").replace("\r", "\n")


@given(any_text)
@settings(max_examples=300)
def test_csv_cell_never_starts_a_formula(value: str) -> None:
    assume("\x00" not in value)
    cell = csv_cell(value)
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r", "|")
    out = io.StringIO()
    csv.writer(out).writerow([cell, "next"])
    row = next(csv.reader(io.StringIO(out.getvalue())))
    assert row == [cell, "next"]
    assert cell in (value, "'" + value)


@given(any_text)
@settings(max_examples=300)
def test_typst_text_has_every_punctuation_character_escaped(value: str) -> None:
    out = escape_text(value)
    i = 0
    while i < len(out):
        ch = out[i]
        if ch == "\\":
            assert i + 1 < len(out) and out[i + 1] in string.punctuation, out
            i += 2
            continue
        assert ch not in string.punctuation, out
        assert ch not in "\n\r\u2028\u2029", out
        i += 1


@given(any_text)
@settings(max_examples=300)
def test_typst_string_literal_reads_back(value: str) -> None:
    out = string_literal(value)
    assert out.startswith('"') and out.endswith('"')
    assert json.loads(out, strict=False) == value


@given(any_text)
@settings(max_examples=300)
def test_code_block_cannot_be_closed_from_inside(value: str) -> None:
    block = markdown_code_block(value, "yaml")
    fence = re.match(r"`+", block)[0]  # type: ignore[index]
    lines = block.split("\n")
    assert lines[0] == fence + "yaml" and lines[-1] == fence
    # CommonMark and superfences close a fence only on a line of at least as many backticks.
    for line in lines[1:-1]:
        assert not re.fullmatch(rf" {{0,3}}`{{{len(fence)},}}[ \t]*", line), line


# --- checked addresses become links only as data -------------------------------------------

emails = st.from_regex(r"\A[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,20}@[a-z0-9]{1,10}\.[a-z]{2,6}\Z")
urls = st.builds(
    lambda host, path: f"https://{host}.sch.uk/{path}",
    st.from_regex(r"\A[a-z0-9]{1,12}\Z"),
    st.text(alphabet=string.ascii_letters + string.digits + "-._~!$&()*+,;=:@/?#%", max_size=30),
)


@given(emails)
@settings(max_examples=200, suppress_health_check=[HealthCheck.filter_too_much])
def test_every_accepted_email_is_a_mailto_link_to_itself(value: str) -> None:
    try:
        address = EMAIL.validate(value, Context())
    except Invalid:
        assume(False)
        return
    rendered = markdown.markdown(markdown_link(address))
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert len(hrefs) == 1 and hrefs[0].startswith("mailto:")
    assert unquote(html_lib.unescape(hrefs[0])[len("mailto:") :]) == value
    assert _visible(rendered)[0] == value


@given(st.one_of(urls, text_values))
@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much])
@example("javascript:alert(1)")
@example('https://x.sch.uk/"onmouseover=alert(1)')
def test_every_accepted_web_address_is_http_and_links_to_itself(value: str) -> None:
    try:
        address = URL.validate(value, Context())
    except Invalid:
        assume(False)
        return
    assert re.match(r"^https?://", address)
    assert not set("\"'<>\\ `{|}^") & set(address)
    rendered = markdown.markdown(markdown_link(address))
    hrefs = re.findall(r'href="([^"]*)"', rendered)
    assert len(hrefs) == 1
    assert unquote(html_lib.unescape(hrefs[0])) == unquote(address)


# --- a whole site, a value in every declared field ------------------------------------------


def _page_text(raw: str) -> str:
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    return collapse(html_lib.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _ics_values(raw: str) -> str:
    unfolded = raw.replace("\r\n ", "")
    return collapse(_ics_unescape(unfolded))


@pytest.mark.slow
@given(text_values)
@example("St <Mary's> *Academy* {{x}} # $5 @me // [x] \\ end; a,b =1+2")
@example('=HYPERLINK("http://evil.example")')
@example("Ysgol Gymraeg ŵŷ")
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_every_field_in_every_format(
    project: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    library = load_library(TEMPLATES)
    for path in Path("schools").glob("*.yml"):
        path.unlink()
    Path("schools/prop.yml").write_text(hostile_config(library, value), encoding="utf-8")
    code = main(["build", "schools", "--out", "out"])
    _out, err = capsys.readouterr()
    if code != 0:
        assert code == 1 and "Traceback" not in err and "internal error" not in err
        for line in err.splitlines():
            if line.startswith("Built ") or line.startswith("  "):
                continue
            assert line.startswith("schools/prop.yml:"), err
            assert any(reason in line for reason in REFUSALS), line
        return
    shown = collapse(value).strip()
    site = Path("out/prop")
    pages = ["index.html", "accessibility.html", "404.html"]
    pages += [f"policies/{t}.html" for t in library.templates]
    for page in pages:
        assert shown in _page_text((site / page).read_text(encoding="utf-8")), page
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert sum(shown in _page_text(d["text"]) for d in docs) >= len(library.templates)
    assert shown in _ics_values((site / "reviews.ics").read_text(encoding="utf-8"))
    rows = list(csv.reader(io.StringIO(Path("out/reviews.csv").read_text(encoding="utf-8"))))
    assert {r[0] for r in rows[1:]} == {csv_cell(shown)}
    assert shown in _page_text(Path("out/index.html").read_text(encoding="utf-8"))
    if set(shown) <= set(PRINTABLE):
        pdf = site / "pdf/prop-policies.pdf"
        text = collapse(" ".join(p.extract_text() for p in PdfReader(pdf).pages))
        assert shown.replace(" ", "") in text.replace(" ", "")
