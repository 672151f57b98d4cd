"""Property tests: whatever text a school types is shown literally, or refused clearly."""

from __future__ import annotations

import html
import json
import re
import string
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pypdf import PdfReader

from site_builder.cli import main
from site_builder.config.fields import FieldSpec
from site_builder.config.validators import Context, Invalid
from site_builder.render.escape import collapse, escape_markdown

from .test_escape import _extensions, _visible

SYNTAX = ["<script>", "</p>", "{{ x }}", "{% if %}", "{#", "#", "*", "_", "`", "[a](b)", "|",
          "$x$", "@ref", "//", "/*", "\\", "&amp;", "&#42;", "!!! note", ":emoji:", "{: .x}",
          "= head", "- item", "1. one", "> quote", "~~s~~", "<!--", "]]>", "#set page()",
          "#import", '"', "'"]  # fmt: skip
# Letters Noto Sans carries, so the PDF's text can be compared character for character.
PRINTABLE = (
    string.ascii_letters
    + string.digits
    + string.punctuation
    + " "
    + "àáâäçèéêëìíîïñòóôöùúûüŵŷẁẃẅỳÿœæßøåÀÉŴŶ£€©–—‘’“”…αβγδΩЖжЯя"  # noqa: RUF001
)
TEXT = FieldSpec("name", "text", "any text field")
# The only reasons a text may be refused; each message says which and where.
REFUSALS = (
    "control character", "never filled in", "is empty", "invalid YAML", "cannot show",
    "characters long", "has not assigned", "private-use character", "lone surrogate",
    "line separator",
)  # fmt: skip
text_values = st.one_of(
    st.text(alphabet=PRINTABLE, min_size=1, max_size=80),
    st.lists(st.sampled_from([*SYNTAX, "word"]), min_size=1, max_size=8).map(" ".join),
    st.text(min_size=1, max_size=40),  # any Unicode at all, control characters included
)


@given(text_values)
@settings(max_examples=300, deadline=None)
def test_escaped_markdown_is_literal_in_both_parsers(value: str) -> None:
    try:
        value = TEXT.validate(value, Context())
    except Invalid:
        assume(False)  # refused with a clear message before it reaches Markdown
    escaped = escape_markdown(value)
    names, configs = _extensions()
    import markdown

    site_text, _ = _visible(markdown.markdown(escaped, extensions=names, extension_configs=configs))
    pdf_text, _ = _visible(MarkdownIt("commonmark").enable("table").render(escaped))
    assert site_text == collapse(value).strip()
    assert pdf_text == collapse(value).strip()


def _page_text(raw: str) -> str:
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    return collapse(html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _config(value: str) -> str:
    """A config with ``value`` in every free-text field it has."""
    data = {
        "school": {
            "name": value, "short_name": value, "local_authority": value,
            "contact_email": "office@example.sch.uk", "headteacher_title": value,
            "pta_name": value, "phone": value,
        },
        "governance": {"governing_body": value, "chair_title": value, "committees": []},
        "everyone": ["staff", "pta"],
        "policies": {"staff-social-media": {
            "template_version": "1.0.0", "adopted": "2026-09-01", "approved_by": value,
            "signatures": [value],
            "options": {"device_storage": value, "urgent_calls": value, "school_pages": value,
                        "parents_section": True, "related_policies": [value]},
            "clauses": {"not_acceptable": [value], "must_do": [value], "own_rules": [value]},
        }},
    }  # fmt: skip
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.slow
@given(text_values)
@example("St <Mary's> *Academy* {{x}} # $5 @me // [x] \\ end")
@example("x" * 3000)
@example("Ysgol Gymraeg ŵŷ")
@example("bad \x07 bell")
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_text_in_every_field_builds_literally_or_fails_clearly(
    project: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    Path("schools/prop.yml").write_text(_config(value), encoding="utf-8")
    code = main(["build", "schools/prop.yml", "--out", "out"])
    _out, err = capsys.readouterr()
    shown = collapse(value).strip()
    if code != 0:
        assert code == 1
        assert "Traceback" not in err
        lines = err.splitlines()
        assert lines[-1].endswith("nothing was changed.")
        for line in lines[:-1]:
            assert line.startswith("schools/prop.yml:"), err
            assert any(reason in line for reason in REFUSALS), line
        return
    site = Path("out/prop")
    home = _page_text((site / "index.html").read_text(encoding="utf-8"))
    policy = _page_text((site / "policies/staff-social-media.html").read_text(encoding="utf-8"))
    assert shown in home
    assert policy.count(shown) >= 5
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert any(shown in _page_text(d["text"]) for d in docs)
    if set(shown) <= set(PRINTABLE):
        pdf = site / "pdf/prop-staff-social-media.pdf"
        text = collapse(" ".join(p.extract_text() for p in PdfReader(pdf).pages))
        # Long values wrap across lines; compare without the spaces a line break adds.
        assert shown.replace(" ", "") in text.replace(" ", "")
    word = docx.Document(str(site / "docx/prop-staff-social-media.docx"))
    cells = [p.text for t in word.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    word_text = "\n".join([p.text for p in word.paragraphs] + cells)
    assert word_text.count(shown) >= 5
    assert shown in collapse(word.sections[0].header.paragraphs[0].text)
