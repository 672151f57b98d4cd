"""One way out per format: every value from a config leaves through one of these.

Values are data, never code. Each format the product writes has one escaper here, and no
value reaches that format any other way:

- Markdown (site pages and the PDFs' source): :func:`escape_markdown`, links from checked
  addresses with :func:`markdown_link`, code blocks with :func:`markdown_code_block`;
- HTML text and attributes (pages we write as HTML, the LA dashboard): :func:`html`;
- CSS (the school's colours): :func:`css_colour`;
- YAML (configs ``init`` writes): :func:`yaml_string`;
- CSV (the LA's review export): :func:`csv_cell`;
- iCalendar (review dates): :func:`ics_text`;
- the terminal (every message the command prints): :func:`terminal`;
- Typst (the PDFs) lives with the PDF code, :mod:`site_builder.print.typst_markup`.

Whatever a school types (``<script>``, ``*bold*``, ``{{ x }}``, ``# heading``, ``| pipes |``)
must come out of Python-Markdown (the site) and markdown-it-py (the PDFs) as the same literal
characters. We replace every character that either parser, or any enabled extension, could
read as syntax with a numeric character reference: both parsers turn ``&#42;`` back into
``*`` as plain text, and neither ever treats it as markup.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from urllib.parse import quote

from markupsafe import Markup

from site_builder.config.validators import EmailAddress, WebAddress
from site_builder.locale import LANGUAGES

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


def markdown_link(address: WebAddress | EmailAddress, text: str | None = None) -> Markdown:
    """A Markdown link to a checked web or e-mail address, its label shown literally.

    Only the two checked types are accepted, so no ``javascript:`` or other scheme can ever
    become a link target; the target is percent-encoded so that no character of it is
    Markdown syntax.
    """
    if isinstance(address, EmailAddress):
        target = address.mailto
    elif isinstance(address, WebAddress):
        target = quote(str(address), safe=":/?#@!$&+,;=%-._~")
    else:
        raise TypeError(f"a link needs a checked web or e-mail address, not {type(address)}")
    return Markdown(f"[{escape_markdown(text or str(address))}](<{target}>)")


LANGUAGE_OPEN = re.compile(r'^<span lang="(cy|en)">$')
"""The opening of a passage in another language than its page's (print and Word read it)."""


def in_language(markdown: str, language: str) -> Markdown:
    """Already-escaped ``markdown`` marked as being in ``language`` (one of the product's own
    language codes), for a part of a page that has no translation yet."""
    if language not in LANGUAGES:
        raise ValueError(f"not a language of the product: {language!r}")
    return Markdown(f'<span lang="{language}">{markdown}</span>')


def markdown_code_block(text: str, language: str = "") -> str:
    """A fenced code block that shows ``text`` as it is: the fence is longer than any run of
    backticks inside, so the text cannot end the block early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


def html(text: str) -> str:
    """Text for an HTML element or a quoted attribute value."""
    return _html.escape(text, quote=True)


_CSS_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def css_colour(colour: str) -> str:
    """A ``#rrggbb`` colour for a stylesheet; anything else is refused, never written."""
    if not _CSS_COLOUR.match(colour):
        raise ValueError(f"not a checked colour: {colour!r}")
    return colour


def _yaml_printable(code: int) -> bool:
    """YAML 1.1's printable set, less the line breaks it would fold (NEL, LS, PS)."""
    return (
        code in (0x09,)
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code not in (0xFEFF,))
        or 0x10000 <= code <= 0x10FFFF
    ) and code not in (0x2028, 0x2029)


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly ``text``."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif _yaml_printable(code):
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def csv_cell(text: str) -> str:
    """A spreadsheet cell that stays text: no cell may start a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r", "|") else text


def ics_text(text: str) -> str:
    """An iCalendar TEXT value (RFC 5545 3.3.11): one line, separators escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


_SGR = re.compile("\x1b\\[[0-9;]*m")
_UNSAFE_IN_TERMINAL = {"Cc", "Cf", "Zl", "Zp"}


def terminal(text: str) -> str:
    """Text for a terminal or a CI log: control characters (escape sequences, carriage
    returns, bells) and invisible ones that reorder text are shown as ``U+001B``, so a value
    can never clear a line, retitle the window or forge a line of output. Line breaks and
    the plain colour sequences this program writes itself pass through."""
    out = []
    last = 0
    for m in _SGR.finditer(text):
        out.append(_visible(text[last : m.start()]))
        out.append(m.group())
        last = m.end()
    out.append(_visible(text[last:]))
    return "".join(out)


def _visible(text: str) -> str:
    return "".join(
        f"U+{ord(ch):04X}" if ch != "\n" and unicodedata.category(ch) in _UNSAFE_IN_TERMINAL else ch
        for ch in text
    )
