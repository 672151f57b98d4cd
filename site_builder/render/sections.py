"""Numbered sections: "1", "1.1" before each ``##`` and ``###`` heading of a policy's text.

The numbers are written into the rendered Markdown itself, as text, so the web page, its
table of contents, its search index, the PDF and the Word copy all show the same numbers,
and a screen reader reads them as part of each heading. Headings are found with
markdown-it-py (the parser the PDF and the Word copy are made with), so a ``#`` in a code
block or a school's value is never taken for one. On the web page each numbered heading
keeps the anchor it has unnumbered (:func:`stable_anchors`), so links to a section do not
change when numbering is switched on or a section is added before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown.extensions.toc import slugify
from markdown_it import MarkdownIt
from markdown_it.token import Token

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_ATX = re.compile(r"^( {0,3}#{1,6}[ \t]+)")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)?) ")
NUMBERED_LEVELS = ("h2", "h3")


def _headings(markdown: str) -> Iterator[tuple[Token, Token]]:
    """Each heading's opening token and its inline content, in order."""
    tokens = _MD.parse(markdown)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map is not None:
            yield tok, tokens[i + 1]


def number_sections(markdown: str) -> str:
    """``markdown`` with "1 ", "1.1 " written before the text of each ``##`` and ``###``
    heading (a ``###`` before the first ``##`` is left unnumbered)."""
    lines = markdown.split("\n")
    section = subsection = 0
    for tok, _ in _headings(markdown):
        if tok.tag not in NUMBERED_LEVELS:
            continue
        if tok.tag == "h2":
            section += 1
            subsection = 0
            number = str(section)
        elif section:
            subsection += 1
            number = f"{section}.{subsection}"
        else:
            continue
        assert tok.map is not None
        line = tok.map[0]
        atx = _ATX.match(lines[line])
        if atx:  # "## Title": the number goes after the hashes
            lines[line] = atx.group(1) + number + " " + lines[line][atx.end() :]
        else:  # a heading underlined with === or ---: before its first line's text
            indent = len(lines[line]) - len(lines[line].lstrip(" "))
            lines[line] = lines[line][:indent] + number + " " + lines[line][indent:]
    return "\n".join(lines)


def heading_text(inline: Token) -> str:
    """A heading's text as a reader sees it (entities decoded, formatting left out)."""
    return "".join(
        child.content for child in inline.children or [] if child.type in ("text", "code_inline")
    )


def stable_anchors(markdown: str) -> str:
    """For the web page: each numbered heading given, as its id, the anchor it would have
    without its number (Python-Markdown's own slug of the rest of its text)."""
    lines = markdown.split("\n")
    used: set[str] = set()
    for tok, inline in _headings(markdown):
        text = heading_text(inline)
        number = _NUMBER.match(text)
        if tok.tag not in NUMBERED_LEVELS or number is None or tok.map is None:
            continue
        if tok.map[1] - tok.map[0] != 1 or not _ATX.match(lines[tok.map[0]]):
            continue  # an underlined heading keeps the anchor the page gives it
        slug = base = slugify(text[number.end() :], "-") or "section"
        n = 0
        while slug in used:
            n += 1
            slug = f"{base}_{n}"
        used.add(slug)
        lines[tok.map[0]] = lines[tok.map[0]].rstrip().rstrip("#").rstrip() + f" {{#{slug}}}"
    return "\n".join(lines)
