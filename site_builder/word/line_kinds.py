"""What kind of line a paragraph of a Word policy is, from its text and spans alone: a typed
list marker (``•``, ``1.``, ``a)``, ``(iv)``), a short line, a pseudo-heading (short, and all
in bold or all in capitals) or plain text. :mod:`site_builder.word.structure` uses these to
find the policy's shape.
"""

from __future__ import annotations

import re

from site_builder.word.reader import Paragraph

_BULLET = re.compile(
    r"^\s*([\u2022\u25cf\u25aa\u25a0\u25e6\u25cb\u00b7\u2013\u2014\u27a2\uf0b7o-])\s+"
)
_NUMBER = re.compile(r"^\s*\(?(\d{1,2})[.)]\s+")
_ROMAN = re.compile(r"^\s*\(?((?:i|ii|iii|iv|v|vi|vii|viii|ix|x))[.)]\s+")
LETTER = re.compile(r"^\s*\(?([a-z])[.)]\s+")


def plain(p: Paragraph) -> bool:
    return p.heading is None and p.list_level is None and not marker(p.text)[0]


def marker(text: str, last_letter: str | None = None) -> tuple[str | None, int]:
    """The typed list marker starting ``text``: (style, its length). ``i)`` is a letter only
    straight after ``h)`` (and so on): otherwise it is a roman numeral."""
    if m := _BULLET.match(text):
        return "bullet", m.end()
    if m := _NUMBER.match(text):
        return "number", m.end()
    roman = _ROMAN.match(text)
    letter = LETTER.match(text)
    follows = bool(letter and last_letter and ord(letter[1]) == ord(last_letter) + 1)
    if roman and not follows:
        return "roman", roman.end()
    if letter:
        return "letter", letter.end()
    return None, 0


def short_line(text: str) -> bool:
    text = " ".join(text.split())
    return 0 < len(text) <= 90 and len(text.split()) <= 12 and text[-1] not in ".;,:"


def pseudo_heading(p: Paragraph) -> bool:
    """Short, and all in bold or all in capitals."""
    text = p.text.strip()
    if not short_line(text) or p.list_level is not None:
        return False
    visible = [s for s in p.spans if s.text.strip()]
    bold = bool(visible) and all(s.bold for s in visible)
    caps = len(re.findall(r"[A-Z]", text)) >= 3 and text == text.upper()
    return bold or caps
