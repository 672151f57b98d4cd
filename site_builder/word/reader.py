"""Read a Word document (``.docx``) into a neutral model of paragraphs, tables and runs.

mammoth reads the document: paragraph styles, list numbering and levels, runs with their
bold, italic and highlight, links, footnotes, and tables with merged cells. python-docx opens
and checks the package first, and brings out the two things mammoth would drop: content
controls (their runs are given a marker style, so the control's name survives) and simple
merge fields. Headers and footers are never read: the site and the PDFs make their own.

Nothing here knows what a placeholder or a policy is.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mammoth
import mammoth.documents as mdoc

from site_builder.word.package import (
    CONTROL_STYLE,
    FIELD_STYLE,
    Control,
    error,
    expose_controls,
    expose_fields,
    open_package,
    reason,
)

_HEADING_STYLE = re.compile(r"heading\s*([1-9])\b", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list\s+(?:bullet|number|continue)\s*([2-9])$", re.IGNORECASE)


@dataclass
class Span:
    """A piece of a paragraph's text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    highlight: str | None = None
    href: str | None = None
    control: int | None = None
    """Index into :attr:`WordDocument.controls` when the text is inside a content control."""
    field: str | None = None
    """The merge field's name when the text is a merge field's result."""
    note: str | None = None
    """A footnote or endnote reference: its key in :attr:`WordDocument.notes`."""
    superscript: bool = False


@dataclass
class Paragraph:
    spans: list[Span]
    number: int
    """Where the paragraph is in the document, counting every paragraph from 1."""
    style: str = ""
    heading: int | None = None
    """1 to 9 from a "Heading N" style; 0 for the "Title" style."""
    list_level: int | None = None
    ordered: bool = False
    centred: bool = False
    after_page_break: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Cell:
    blocks: list[Paragraph | Table]
    colspan: int = 1

    @property
    def paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        for block in self.blocks:
            out += [block] if isinstance(block, Paragraph) else block.paragraphs
        return out

    @property
    def text(self) -> str:
        return " ".join(p.text.strip() for p in self.paragraphs if p.text.strip())


@dataclass
class Table:
    rows: list[list[Cell]]
    number: int
    """The number of the table's first paragraph."""

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for row in self.rows for cell in row for p in cell.paragraphs]


@dataclass
class WordDocument:
    path: Path
    blocks: list[Paragraph | Table]
    notes: dict[str, list[Paragraph]] = field(default_factory=dict)
    controls: list[Control] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    """What the reader left out, in words (a contents page, images)."""


def read_document(path: Path) -> WordDocument:
    """Read ``path``; raise :class:`WordImportError` (one line) if it is not a readable .docx."""
    document = open_package(path)
    doc = WordDocument(path=path, blocks=[])
    doc.controls = expose_controls(document)
    expose_fields(document)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    captured: list[Any] = []

    def capture(element: Any) -> Any:
        captured.append(element)
        return element

    try:
        mammoth.convert_to_html(buffer, transform_document=capture)
    except Exception as exc:  # mammoth raises many kinds on a damaged part
        raise error(path, f"is damaged: Word's text cannot be read ({reason(exc)})") from None
    _Converter(doc, captured[0]).run()
    return doc


class _Converter:
    """mammoth's document model to ours, numbering every paragraph in document order."""

    def __init__(self, doc: WordDocument, source: Any) -> None:
        self.doc = doc
        self.source = source
        self.count = 0
        self.page_break = False
        self.images = 0

    def run(self) -> None:
        self.doc.blocks = self.blocks(self.source.children)
        if self.images:
            n = self.images
            self.doc.dropped.append(f"{n} picture{'s' if n != 1 else ''} (add them by hand)")

    def blocks(self, children: list[Any]) -> list[Paragraph | Table]:
        out: list[Paragraph | Table] = []
        for child in children:
            if isinstance(child, mdoc.Paragraph):
                out.append(self.paragraph(child))
            elif isinstance(child, mdoc.Table):
                out.append(self.table(child))
            elif hasattr(child, "children"):
                out += self.blocks(child.children)
        return out

    def table(self, table: Any) -> Table:
        number = self.count + 1
        rows = []
        for row in table.children:
            if not isinstance(row, mdoc.TableRow):
                continue
            cells = [
                Cell(self.blocks(cell.children), getattr(cell, "colspan", 1) or 1)
                for cell in row.children
                if hasattr(cell, "children")
            ]
            rows.append(cells)
        return Table(rows, number)

    def paragraph(self, para: Any) -> Paragraph:
        self.count += 1
        style = para.style_name or para.style_id or ""
        heading = None
        if style.lower() == "title":
            heading = 0
        elif match := _HEADING_STYLE.search(style):
            heading = int(match[1])
        level = None
        ordered = False
        if para.numbering is not None:
            level = int(para.numbering.level_index or 0)
            ordered = bool(para.numbering.is_ordered)
            if match := _LIST_STYLE.match(style):
                level = max(level, int(match[1]) - 1)
        out = Paragraph(
            spans=[],
            number=self.count,
            style=style,
            heading=heading,
            list_level=level,
            ordered=ordered,
            centred=para.alignment in ("center", "centre"),
            after_page_break=self.page_break,
        )
        self.page_break = False
        self.inline(para.children, out, None, None)
        return out

    def inline(self, children: list[Any], para: Paragraph, run: Any, href: str | None) -> None:
        for child in children:
            if isinstance(child, mdoc.Run):
                self.inline(child.children, para, child, href)
            elif isinstance(child, mdoc.Hyperlink):
                self.inline(child.children, para, run, child.href or None)
            elif isinstance(child, mdoc.Text):
                para.spans.append(self.span(child.value, run, href))
            elif isinstance(child, mdoc.Tab):
                para.spans.append(self.span("\t", run, href))
            elif isinstance(child, mdoc.Break):
                if child.break_type == "page":
                    self.page_break = True
                else:
                    para.spans.append(self.span("\n", run, href))
            elif isinstance(child, mdoc.NoteReference):
                key = f"{child.note_type}:{child.note_id}"
                if key not in self.doc.notes:
                    self.doc.notes[key] = self.note(child)
                para.spans.append(Span("", note=key))
            elif isinstance(child, mdoc.Image):
                self.images += 1
            elif hasattr(child, "children"):
                self.inline(child.children, para, run, href)

    def note(self, reference: Any) -> list[Paragraph]:
        try:
            body = self.source.notes.resolve(reference).body
        except (KeyError, AttributeError):
            return []
        saved = self.count
        paragraphs = [b for b in self.blocks(body) if isinstance(b, Paragraph)]
        self.count = saved  # notes are not counted among the body's paragraphs
        return paragraphs

    def span(self, text: str, run: Any, href: str | None) -> Span:
        if run is None:
            return Span(text, href=href)
        style = run.style_id or ""
        control = None
        merge = None
        if style.startswith(CONTROL_STYLE):
            control = int(style[len(CONTROL_STYLE) :])
        elif style.startswith(f"{FIELD_STYLE}:"):
            merge = style.split(":", 1)[1]
        return Span(
            text,
            bold=bool(run.is_bold),
            italic=bool(run.is_italic),
            highlight=run.highlight,
            href=href,
            control=control,
            field=merge,
            superscript=run.vertical_alignment == "superscript",
        )
