"""The starting package of every Word copy: page set-up, styles, list numbering, settings.

python-docx's own starting document carries some 800 kB of styles that Word 2013 wrote, and
opening it costs tens of milliseconds each time. A policy needs a few styles, so the package
is ours: the XML files in ``template/`` (read them to see the page set-up and the styles),
and the list numbering written below. It holds no school's values: those are set through
python-docx's API by :mod:`site_builder.word.docx_writer` (the colour, the header, the text).
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

from lxml import etree

TEMPLATE = Path(__file__).resolve().parent / "template"
LANGUAGE = "en-GB"
TEXT_WIDTH = 9412
"""Twips between the margins of an A4 page with 22 mm margins, as in the PDF."""
LIST_INDENT = 360
"""Twips each level of a list is indented by."""

BULLETS = ("\u2022", "\u2013")
"""Markers of bullet lists by how deeply bullet lists are nested (as in the PDF)."""
ORDERED = ("decimal", "lowerLetter", "lowerRoman")
"""Numbering of ordered lists by how deeply they are nested: 1., a., i. (as in the PDF)."""
BULLET_NUM_IDS = tuple(range(1, len(BULLETS) + 1))
"""``w:num`` ids of the bullet lists (bullets never restart, so one each is enough)."""
ORDERED_ABSTRACT_IDS = tuple(range(len(BULLETS), len(BULLETS) + len(ORDERED)))
FIRST_FREE_NUM_ID = len(BULLETS) + 1
"""Each ordered list gets a ``w:num`` of its own from here on, to restart its numbering."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _level(ilvl: int, fmt: str, text: str) -> str:
    font = '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr>' if fmt == "bullet" else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{LIST_INDENT * (ilvl + 1)}" w:hanging="{LIST_INDENT}"/></w:pPr>'
        f"{font}</w:lvl>"
    )


def _abstract(abstract_id: int, fmt: str, marker: str | None) -> str:
    levels = "".join(_level(ilvl, fmt, marker if marker else f"%{ilvl + 1}.") for ilvl in range(9))
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


def numbering_xml() -> str:
    """Each kind of marker has a definition whose nine levels look alike but for their
    indent: a list's marker follows how deeply lists of its kind are nested (as in the
    PDF), its indent how deeply lists of any kind are."""
    return (
        f'<w:numbering xmlns:w="{_W}">'
        + "".join(_abstract(i, "bullet", marker) for i, marker in enumerate(BULLETS))
        + "".join(
            _abstract(abstract_id, fmt, None)
            for abstract_id, fmt in zip(ORDERED_ABSTRACT_IDS, ORDERED, strict=True)
        )
        + "".join(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{i}"/></w:num>'
            for i, num_id in enumerate(BULLET_NUM_IDS)
        )
        + "</w:numbering>"
    )


def _compact(path: Path) -> bytes:
    """A template file without its comments and indentation."""
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True)
    root = etree.parse(str(path), parser).getroot()
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


@cache
def template_bytes() -> bytes:
    """The starting package as the bytes of a .docx file (made once per process)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for path in sorted(TEMPLATE.rglob("*")):
            if path.is_file():
                name = path.relative_to(TEMPLATE).as_posix()
                package.writestr(zipfile.ZipInfo(name), _compact(path))
        package.writestr(zipfile.ZipInfo("word/numbering.xml"), numbering_xml().encode())
    return buffer.getvalue()
