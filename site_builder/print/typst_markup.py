"""Markdown (as the site renders it) to Typst markup, via markdown-it-py's token stream.

The PDF must say exactly what the web page says, so it is made from the same rendered
Markdown. Every piece of text is escaped for Typst here (each ASCII punctuation character
gets a backslash), so nothing a school typed can become Typst syntax: ``#``, ``$``, ``@``,
``//`` and ``[`` print as themselves. This module knows Markdown and Typst, nothing else.
"""

from __future__ import annotations

import string
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from site_builder.render.escape import LANGUAGE_OPEN

OWN_OPEN = '<span class="school-own">'
"""How rendering marks a school's own clause (see ``render.own``)."""

# Tracked changes in a review pack: insertions underlined in green, deletions struck in red.
TRACKED = {
    "<ins>": '#underline(stroke: 1.2pt + rgb("#0b5d1e"))[#text(fill: rgb("#0b5d1e"))[{}]]',
    "<del>": '#strike(stroke: 1pt + rgb("#a4161a"))[#text(fill: rgb("#a4161a"))[{}]]',
}


# One translation table: every ASCII punctuation character gets a backslash; tabs and line
# breaks become spaces; other control characters (no glyph) are dropped.
_ESCAPES: dict[int, str | None] = {ord(ch): "\\" + ch for ch in string.punctuation}
_ESCAPES.update({ord(c): " " for c in "\n\r\t\u2028\u2029"})
_ESCAPES.update({c: None for c in [*range(32), *range(0x7F, 0xA0)] if c not in _ESCAPES})


def escape_text(text: str) -> str:
    """Typst markup that shows ``text`` literally, on one line."""
    return text.translate(_ESCAPES)


def string_literal(text: str) -> str:
    """A Typst string literal: ``"..."`` with backslashes, quotes and newlines escaped."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def _parser() -> MarkdownIt:
    # html on, as in Python-Markdown: raw HTML then arrives as its own tokens, printed as
    # text, except the one span we generate ourselves for a school's own clauses.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_MD = _parser()


def parse(markdown: str) -> list[Token]:
    """markdown-it-py's token stream for ``markdown``: what the PDF and the Word copy are
    both made from, so that they can only ever differ in layout, never in text."""
    return _MD.parse(markdown)


def markdown_to_typst(markdown: str, heading_offset: int = 0) -> str:
    """Typst markup for a Markdown document; headings move down by ``heading_offset`` levels."""
    return tokens_to_typst(parse(markdown), heading_offset)


def tokens_to_typst(tokens: Sequence[Token], heading_offset: int = 0) -> str:
    """Typst markup for the tokens :func:`parse` made."""
    return _Renderer(heading_offset).blocks(tokens, 0, len(tokens)).strip() + "\n"


class _Renderer:
    def __init__(self, heading_offset: int) -> None:
        self.heading_offset = heading_offset

    def blocks(self, tokens: Sequence[Token], start: int, end: int) -> str:
        out: list[str] = []
        i = start
        while i < end:
            tok = tokens[i]
            if tok.nesting == 1:
                close = matching_close(tokens, i)
                out.append(self.block(tok, tokens, i + 1, close))
                i = close + 1
                continue
            if tok.type == "inline":
                out.append(self.inline(tok.children or []))
            elif tok.type in ("fence", "code_block"):
                out.append(f"#raw(block: true, {string_literal(tok.content.rstrip())})")
            elif tok.type == "hr":
                out.append("#line(length: 100%, stroke: 0.5pt + luma(160))")
            elif tok.type == "html_block":
                out.append(escape_text(tok.content.strip()))
            i += 1
        return "\n\n".join(part for part in out if part)

    def block(self, tok: Token, tokens: Sequence[Token], start: int, end: int) -> str:
        inner = self.blocks(tokens, start, end)
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1]) + self.heading_offset
            return f"#heading(level: {level})[{inner}]"
        if kind == "paragraph_open":
            return inner
        if kind == "bullet_list_open":
            items = self._items(tokens, start, end)
            return f"#list({', '.join(items)})"
        if kind == "ordered_list_open":
            items = self._items(tokens, start, end)
            first = int(tok.attrGet("start") or 1)
            return f"#enum(start: {first}, {', '.join(items)})"
        if kind == "blockquote_open":
            return f"#quote(block: true)[{inner}]"
        if kind == "table_open":
            return self._table(tokens, start, end)
        return inner

    def _items(self, tokens: Sequence[Token], start: int, end: int) -> list[str]:
        items = []
        i = start
        while i < end:
            if tokens[i].type == "list_item_open":
                close = matching_close(tokens, i)
                items.append(f"[{self.blocks(tokens, i + 1, close)}]")
                i = close + 1
            else:
                i += 1
        return items

    def _table(self, tokens: Sequence[Token], start: int, end: int) -> str:
        header: list[str] = []
        body: list[str] = []
        in_head = False
        columns = 0
        row: list[str] = []
        for i in range(start, end):
            tok = tokens[i]
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type in ("th_open", "td_open"):
                row.append(f"[{self.inline(tokens[i + 1].children or [])}]")
            elif tok.type == "tr_close":
                columns = max(columns, len(row))
                (header if in_head else body).extend(row)
        head = f"table.header({', '.join(header)}), " if header else ""
        return f"#table(columns: {columns}, {head}{', '.join(body)})"

    def inline(self, children: Sequence[Token]) -> str:
        out: list[str] = []
        stack: list[tuple[str, list[str], str]] = []
        for tok in children:
            kind = tok.type
            if kind == "text":
                out.append(escape_text(tok.content))
            elif kind == "softbreak":
                out.append(" ")
            elif kind == "hardbreak":
                out.append(" \\\n")
            elif kind == "code_inline":
                out.append(f"#raw({string_literal(tok.content)})")
            elif kind in ("strong_open", "em_open", "s_open", "link_open"):
                href = str(tok.attrGet("href") or "")
                stack.append((kind, out, href))
                out = []
            elif kind in ("strong_close", "em_close", "s_close", "link_close"):
                opened, parent, href = stack.pop()
                content = "".join(out)
                out = parent
                out.append(_wrap(opened, content, href))
            elif kind == "html_inline" and tok.content in ("<ins>", "<del>"):
                stack.append((tok.content, out, ""))
                out = []
            elif (
                kind == "html_inline"
                and tok.content in ("</ins>", "</del>")
                and stack
                and (stack[-1][0] == tok.content.replace("/", ""))
            ):
                opened, parent, _ = stack.pop()
                content = "".join(out)
                out = parent
                out.append(TRACKED[opened].format(content))
            elif kind == "html_inline" and tok.content == OWN_OPEN:
                stack.append(("own", out, ""))
                out = []
            elif kind == "html_inline" and (lang := LANGUAGE_OPEN.match(tok.content)):
                stack.append(("lang", out, lang[1]))
                out = []
            elif (
                kind == "html_inline"
                and tok.content == "</span>"
                and stack
                and stack[-1][0] in ("own", "lang")
            ):
                opened, parent, code = stack.pop()
                content = "".join(out)
                out = parent
                out.append(
                    f"#text(size: 0.8em, fill: luma(80))[\\({content}\\)]"
                    if opened == "own"
                    else f'#text(lang: "{code}")[{content}]'
                )
            elif kind in ("image", "html_inline"):
                # Raw HTML is text in our Markdown; images print as their description.
                out.append(escape_text(tok.content))
        return "".join(out)


def _wrap(kind: str, content: str, href: str) -> str:
    if kind == "strong_open":
        return f"#strong[{content}]"
    if kind == "em_open":
        return f"#emph[{content}]"
    if kind == "s_open":
        return f"#strike[{content}]"
    # On paper a link must say where it goes: show the address after the text.
    target = href[len("mailto:") :] if href.startswith("mailto:") else href
    link = f"#link({string_literal(href)})[{content}]"
    shown = content.replace("\\", "")
    if target and shown != target:
        link += f" ({escape_text(target)})"
    return link


def matching_close(tokens: Sequence[Token], open_index: int) -> int:
    depth = 0
    for j in range(open_index, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    raise ValueError("unbalanced Markdown tokens")  # pragma: no cover - markdown-it balances
