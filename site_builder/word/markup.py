"""Word text as template source: escaped so Jinja leaves it alone and Markdown shows it
literally, with emphasis and links around it, and lists numbered as Markdown needs.

``{`` and ``}`` become character references, so no ``{{`` or ``{%`` can ever form; ``*``,
``_``, ``[``, ``]``, `` ` `` and ``\\`` get a backslash; ``<`` becomes ``&lt;``, ``|`` and
``~`` character references; a line may not start with a list, heading or quotation marker.
"""

from __future__ import annotations

import re
from urllib.parse import quote as url_quote

from site_builder.word.placeholders import Meaning, Region
from site_builder.word.reader import Paragraph, Span

_BACKSLASHED = re.compile(r"([\\`*_\[\]])")
_REFERENCES = {"{": "&#123;", "}": "&#125;", "|": "&#124;", "~": "&#126;", "<": "&lt;"}
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=>#!])")


_ARTICLES = {"the", "a", "an", "our", "your", "their", "his", "her", "its", "my", "this"}


def inert(text: str) -> str:
    """Words about a placeholder (a prompt, a file name) with no placeholder left in them, so
    that ``policy-site check`` never mistakes a note for an unfilled gap."""
    text = re.sub(r"[Xx]{4,}", "a run of X", text)
    text = re.sub(r"\bTODO\b", "to do", text, flags=re.I)
    return re.sub(r"([\[(])(\s*)(insert)\b", r"\1\2to \3", text, flags=re.I)


def escape_source(text: str, line_start: bool = False) -> str:
    """``text`` as template source that Jinja leaves alone and Markdown shows literally."""
    text = _ENTITY.sub("&amp;", text)
    text = _BACKSLASHED.sub(r"\\\1", text)
    text = "".join(_REFERENCES.get(ch, ch) for ch in text)
    if line_start:
        text = _LINE_START.sub(lambda m: m[1] + "\\" + m[2] if m[1] else "\\" + m[3], text)
    return text


class Lists:
    """Levels and numbers of the list being written: a level is at most one deeper than
    the item before; a top-level change between bullets and numbers starts a new list."""

    def __init__(self) -> None:
        self.kinds: list[bool] = []
        self.counts: list[int] = []
        self.restarted = False

    def add(self, level: int, ordered: bool) -> tuple[int, int]:
        level = min(level, len(self.kinds))
        self.restarted = bool(self.kinds) and level == 0 and self.kinds[0] != ordered
        del self.kinds[level + 1 :], self.counts[level + 1 :]
        if level == len(self.kinds):
            self.kinds.append(ordered)
            self.counts.append(0)
        elif self.kinds[level] != ordered:
            self.kinds[level], self.counts[level] = ordered, 0
        self.counts[level] += 1
        return level, self.counts[level]


def merge_paragraphs(paragraphs: list[Paragraph]) -> Paragraph:
    spans: list[Span] = []
    for p in paragraphs:
        if spans:
            spans.append(Span(" "))
        spans += p.spans
    return Paragraph(spans=spans, number=paragraphs[0].number if paragraphs else 0)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "choice"


def format_at(para: Paragraph, offset: int) -> tuple[str | None, bool, bool]:
    pos = 0
    for span in para.spans:
        if pos <= offset < pos + len(span.text):
            return span.href, span.bold, span.italic
        pos += len(span.text)
    return None, False, False


def literal_pieces(
    para: Paragraph, start: int, end: int, text: str
) -> list[tuple[str, tuple[str | None, bool, bool]]]:
    """The literal text between placeholders, piece by piece with its formatting."""
    if start >= end:
        return []
    out = []
    pos = 0
    changed = text != para.text[start:end]
    if changed:  # "in" became "on": the formatting is the first character's
        return [(escape_source(text), format_at(para, start))]
    for span in para.spans:
        a, b = max(start, pos), min(end, pos + len(span.text))
        if a < b:
            out.append((escape_source(para.text[a:b]), (span.href, span.bold, span.italic)))
        pos += len(span.text)
    return out


def assemble(pieces: list[tuple[str, tuple[str | None, bool, bool]]], line_start: bool) -> str:
    """Pieces with the same link and emphasis are wrapped together; spaces stay outside."""
    out = []
    i = 0
    while i < len(pieces):
        fmt = pieces[i][1]
        j = i
        while j < len(pieces) and pieces[j][1] == fmt:
            j += 1
        content = "".join(p[0] for p in pieces[i:j]).replace("\n", " ").replace("\t", " ")
        href, bold, italic = fmt
        core = content.strip()
        if core and (bold or italic):
            mark = "***" if bold and italic else "**" if bold else "*"
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()) :]
            content = f"{lead}{mark}{core}{mark}{trail}"
        if core and href:
            target = url_quote(href, safe=":/?#@!$&'*+,;=%-._~")
            target = target.replace("(", "%28").replace(")", "%29")
            content = f"[{content.strip()}]({target})"
        out.append(content)
        i = j
    line = "".join(out).strip()
    if line_start:
        line = _LINE_START.sub(lambda m: m[1] + "\\" + m[2] if m[1] else "\\" + m[3], line)
    return line


def guidance(notes: list[str]) -> str:
    """A note for schools on the template site (never in a school's policy)."""
    lines = "\n\n".join(f"Option {note}" for note in notes)
    return f"{{% guidance %}}\n{lines}\n{{% endguidance %}}"


def guard(block: str, guards: set[str]) -> str:
    if not guards:
        return block
    return f"{{% if {' and '.join(sorted(guards))} %}}\n{block}\n{{% endif %}}"


def article(before: str) -> str:
    words = re.findall(r"[\w']+", before.lower())
    if words and words[-1] in _ARTICLES:
        return ""
    if not before.strip() or before.rstrip()[-1:] in ".!?:":
        return "The "
    return "the "


def prompt_words(region: Region) -> str:
    if region.kind in ("x-run", "todo", "blank", "date"):
        return {
            "x-run": "a run of X",
            "todo": "a note to finish this",
            "blank": "a blank to fill in",
        }.get(region.kind, "a date to fill in")
    if region.prompt:
        return f'"{region.prompt}"'
    if region.kind == "control":
        return f'a form field showing "{" ".join(region.raw.split())}"'
    return "a highlighted passage"


def description(shown: str, meaning: Meaning) -> str:
    words = re.sub(r"^(?:please\s+)?(?:insert|enter|add)\s+", "", shown.strip('"'), flags=re.I)
    if meaning.default is not None:
        return f"Highlighted in the LA's Word policy as wording a school may change: {words}."
    why = meaning.why[:1].upper() + meaning.why[1:] if meaning.key else "Not yet known"
    return f"{why}. The Word policy asked here for: {words}."
