"""Values are data: every hostile string renders literally through both Markdown parsers."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from markdown_it import MarkdownIt

from site_builder.config.validators import WebAddress
from site_builder.render.escape import collapse, escape_markdown, markdown_link
from site_builder.site.engine import MARKDOWN_EXTENSIONS

HOSTILE = [
    "St <Mary's> *Academy* {{x}}",
    "<script>alert(1)</script>",
    "# not a heading",
    "- not a list",
    "1. not a list",
    "2) not a list",
    "> not a quote",
    "a | b | c",
    "[link](https://evil.example)",
    "![img](x.png)",
    "**bold** __bold__ _em_ `code`",
    "{: .class #id }",
    "!!! note",
    "&amp; &lt; &#42;",
    "back\\slash \\* \\",
    "$maths$ @ref // comment ~strike~ ^sup^ ==mark==",
    ":smile: term\n: definition",
    "line one\n\n    indented code",
    "{% raw %} {# comment #}",
    "= setext\n===",
    "+ plus",
    "<!-- comment -->",
    "https://example.org/a_b_c",
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts).strip(), parser.tags


def _extensions() -> tuple[list[object], dict[str, object]]:
    names: list[object] = []
    configs: dict[str, object] = {}
    for ext in MARKDOWN_EXTENSIONS:
        if isinstance(ext, dict):
            ((name, cfg),) = ext.items()
            names.append(name)
            configs[name] = cfg
        else:
            names.append(ext)
    return names, configs


@pytest.mark.parametrize("value", HOSTILE)
def test_python_markdown_shows_value_literally(value: str) -> None:
    names, configs = _extensions()
    html = markdown.markdown(
        f"Name: {escape_markdown(value)}", extensions=names, extension_configs=configs
    )
    text, tags = _visible(html)
    assert text == f"Name: {collapse(value)}"
    assert tags == ["p"]


@pytest.mark.parametrize("value", HOSTILE)
def test_value_at_line_start_is_not_block_syntax(value: str) -> None:
    names, configs = _extensions()
    html = markdown.markdown(escape_markdown(value), extensions=names, extension_configs=configs)
    text, tags = _visible(html)
    assert text == collapse(value)
    assert tags == ["p"]


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_it_shows_value_literally(value: str) -> None:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    text, tags = _visible(md.render(escape_markdown(value)))
    assert text == collapse(value)
    assert tags == ["p"]


def test_value_in_table_cell_keeps_its_pipes() -> None:
    names, configs = _extensions()
    table = f"| A | B |\n| --- | --- |\n| {escape_markdown('x | y')} | z |\n"
    html = markdown.markdown(table, extensions=names, extension_configs=configs)
    assert html.count("<td>") == 2
    assert "x | y" in _visible(html)[0]


def test_link_target_and_label_are_both_data() -> None:
    html = markdown.markdown(markdown_link(WebAddress("https://example.org/a_(b)*c"), "Our *site*"))
    assert 'href="https://example.org/a_%28b%29%2Ac"' in html
    assert _visible(html)[0] == "Our *site*"
