"""Making a value from a config into inert Markdown text.

Values are data, never code: whatever a school types (``<script>``, ``*bold*``, ``{{ x }}``,
``# heading``, ``| pipes |``) must come out of Python-Markdown (the site) and markdown-it-py
(the PDFs) as the same literal characters. We replace every character that either parser, or
any enabled extension, could read as syntax with a numeric character reference: both parsers
turn ``&#42;`` back into ``*`` as plain text, and neither ever treats it as markup.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup

# Characters that are syntax anywhere in a line for Python-Markdown + our extensions
# (attr_list braces, tables' pipes, admonition/emoji colons...) or for markdown-it-py.
_ALWAYS = set("\\`*_{}[]<>&#|~^=!$:")
# Characters that are only syntax at the start of a line (list markers, block quotes).
_AT_START = set("-+.)")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


class Markdown(Markup):
    """Text that is already safe Markdown; never escaped again.

    A subclass of :class:`~markupsafe.Markup` so that Jinja, run with autoescape on, treats
    it (and the output of macros built from it) as safe and leaves it alone.
    """

    __slots__ = ()


def collapse(text: str) -> str:
    """One line: runs of white space (newlines included) become a single space."""
    return " ".join(text.split())


def escape_markdown(value: str) -> Markdown:
    """Escape ``value`` so it renders literally, as one line, in any Markdown context."""
    text = collapse(value)
    out = [f"&#{ord(ch)};" if ch in _ALWAYS else ch for ch in text]
    if out and out[0] in _AT_START:
        out[0] = f"&#{ord(out[0])};"
    number = _LIST_NUMBER.match(text)
    if number:
        i = len(number[1])
        out[i] = f"&#{ord(text[i])};"
    return Markdown("".join(out))


def markdown_link(url: str, text: str | None = None) -> Markdown:
    """A Markdown link whose target and label both come from data."""
    target = quote(url, safe=":/?#@!$&'*+,;=%-._~")
    target = target.replace("(", "%28").replace(")", "%29").replace("*", "%2A")
    return Markdown(f"[{escape_markdown(text or url)}]({target})")
