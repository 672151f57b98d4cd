"""Image files a config names (a logo): checked by content, bounded, and made inert.

A config is untrusted input, so a file it names is read only if it is a regular file inside
the config's own folder (after symlinks are resolved), no larger than :data:`MAX_BYTES`, and
really is a PNG, JPEG or SVG image whatever its name says. Raster images are limited in
pixels as well as bytes, because a small compressed file can decode to gigabytes in the PDF
engine. An SVG is parsed and written out again keeping only drawing: scripts, event
handlers, links, external references, animation and embedded documents are removed, and so
is the document type declaration (a declared external entity refuses the file).

This module reads files and returns bytes; it knows nothing about configs or sites.
"""

from __future__ import annotations

import base64
import contextlib
import pyexpat
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from site_builder.config.files import file_in_folder

MAX_BYTES = 1_000_000
MAX_PIXELS = 5000
"""The largest width or height, in pixels, of a PNG or JPEG logo."""

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# Elements that only draw. Anything else (script, foreignObject, a, animate, set, iframe,
# image with a remote source, ...) is removed with everything inside it.
_DRAWING = {
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "title", "desc", "linearGradient",
    "radialGradient", "stop", "clipPath", "style", "image",
}  # fmt: skip
# Filters, masks, patterns and markers are left out too: they are drawn as pictures or once
# for every place that uses them, and a small file can make the PDF engine draw millions of
# shapes or take gigabytes of memory. A logo does without them.
MAX_DEPTH = 100
MAX_ELEMENTS = 20_000
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
# CSS escapes (\75 rl is "url") and image-set() could hide a reference from the pattern
# above, so any backslash, image-set or @-rule in a style refuses the style.
_CSS_DANGER = re.compile(
    r"@|expression\s*\(|javascript:|behavior\s*:|image-set|\\|binding\s*:", re.IGNORECASE
)
_URL_REF = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]*$")


class ImageRefused(ValueError):
    """The file is not an image we publish; the message says why, for the school."""


@dataclass(frozen=True)
class ImageFile:
    """A checked image, ready to publish: ``data`` is what the site and PDFs use."""

    source: Path
    """Where it was read from (resolved)."""
    kind: str
    """``png``, ``jpeg`` or ``svg``, from the content."""
    data: bytes
    removed: tuple[str, ...] = ()
    """What cleaning took out of an SVG, in words ("<script>", "the event handler onload")."""

    @property
    def suffix(self) -> str:
        return {"png": ".png", "jpeg": ".jpg", "svg": ".svg"}[self.kind]

    def __fspath__(self) -> str:
        return str(self.source)

    def __str__(self) -> str:
        return str(self.source)


def read_image(base_dir: Path, relative: str) -> ImageFile:
    """Read ``relative`` (as written in a config in ``base_dir``) and check it."""
    base = base_dir.resolve()
    if "\x00" in relative:
        raise ImageRefused("is not a file name")
    if relative.lower().startswith("file:"):
        raise ImageRefused(
            "is a file address; give the path of the image relative to this config file "
            "(for example logos/our-logo.png)"
        )
    if "://" in relative:
        raise ImageRefused(
            "is a web address; download the image and give the path of the file in this "
            "config's folder (for example logos/our-logo.png)"
        )
    path, size = file_in_folder(
        base, relative, "image", "logos/our-logo.png", MAX_BYTES, ImageRefused, "an image file"
    )
    if size == 0:
        raise ImageRefused("is empty (0 bytes); save the image again")
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # grew while we looked
        raise ImageRefused(f"is larger than {MAX_BYTES // 1_000_000} MB")
    return check_image(path, data)


def check_image(path: Path, data: bytes) -> ImageFile:
    """Decide what ``data`` is by its content and make it safe to publish."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_pixels(*_png_size(data))
        return ImageFile(path, "png", data)
    if data.startswith(b"\xff\xd8\xff"):
        _check_pixels(*_jpeg_size(data))
        return ImageFile(path, "jpeg", data)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        cleaned, removed = clean_svg(data)
        return ImageFile(path, "svg", cleaned, tuple(removed))
    kind = _other_kind(data)
    raise ImageRefused(
        f"is {kind}, not a PNG, JPEG or SVG image" if kind else "is not a PNG, JPEG or SVG image"
    )


def _other_kind(data: bytes) -> str | None:
    for magic, words in (
        (b"GIF8", "a GIF image"),
        (b"RIFF", "a WebP image or other RIFF file"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip file (perhaps a Word document)"),
        (b"BM", "a BMP image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"\xd0\xcf\x11\xe0", "an Office document"),
    ):
        if data.startswith(magic):
            return words
    if data[4:12] in (b"ftypheic", b"ftypavif", b"ftypmif1"):
        return "a HEIC or AVIF photo"
    return None


def _check_pixels(width: int, height: int) -> None:
    if width < 1 or height < 1:
        raise ImageRefused("is damaged: it says it is 0 pixels wide or high")
    if width > MAX_PIXELS or height > MAX_PIXELS:
        raise ImageRefused(
            f"is {width} x {height} pixels; a logo may be at most {MAX_PIXELS} pixels "
            "wide and high (save it smaller)"
        )


def _png_size(data: bytes) -> tuple[int, int]:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ImageRefused("is a damaged PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int]:
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if i + 9 > len(data):
                break
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    raise ImageRefused("is a damaged JPEG image (its size cannot be read)")


# --- SVG -----------------------------------------------------------------------------------


def clean_svg(data: bytes) -> tuple[bytes, list[str]]:
    """The SVG's drawing with everything active removed; and what was removed, in words."""
    removed: list[str] = []
    _refuse_entities(data)
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        where = f" (line {line})" if line else ""
        raise ImageRefused(f"is not a readable SVG image: the XML is broken{where}") from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG_NS):
        raise ImageRefused("is not an SVG image (its outer element is not <svg>)")
    if b"<!DOCTYPE" in data[:4096] or b"<!doctype" in data[:4096]:
        removed.append("the document type declaration")
    if re.search(rb"<\?xml-stylesheet", data):
        removed.append("the stylesheet instruction <?xml-stylesheet?>")
    _check_size(root)
    _clean(root, removed)
    _check_drawing(root)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    out = ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
    if len(out) > MAX_BYTES:
        raise ImageRefused(f"is an SVG larger than {MAX_BYTES // 1_000_000} MB once read")
    return out, list(dict.fromkeys(removed))


def _check_size(root: ET.Element) -> None:
    """Refuse a drawing nested or sized past what any logo needs, before walking it."""
    count = 0
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            raise ImageRefused(
                f"is an SVG nested more than {MAX_DEPTH} levels deep; export the logo again"
            )
        if count > MAX_ELEMENTS:
            raise ImageRefused(
                f"is an SVG of more than {MAX_ELEMENTS} parts, far more than a logo needs"
            )
        stack.extend((child, depth + 1) for child in element)


def _refuse_entities(data: bytes) -> None:
    """An entity declared from another file or address could pull the build machine's files
    into the picture, and even a small internal one can expand to megabytes: a logo never
    needs either, so the file is refused."""
    scanner = pyexpat.ParserCreate()
    scanner.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)

    def entity(name: str, is_parameter: bool, value: object, base: object,
               system_id: object, public_id: object, notation: object) -> None:  # fmt: skip
        if system_id or public_id or is_parameter or notation:
            raise ImageRefused(
                f'is an SVG that declares an external entity ("{name}"), which could read '
                "other files; export the logo again without it"
            )
        raise ImageRefused(
            f"is an SVG that declares entities (<!ENTITY {name} ...>), which a logo never "
            "needs; export the logo again without them"
        )

    scanner.EntityDeclHandler = entity
    with contextlib.suppress(pyexpat.ExpatError):  # reported, with its line, by the real parse
        scanner.Parse(data, True)


def _check_drawing(root: ET.Element) -> None:
    """Refuse what is small as a file but huge to draw: pictures inside the SVG past the
    pixel limit, and ``<use>`` copies of copies that multiply into millions of shapes."""
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    for el in root.iter():
        if _local(el.tag) == "image":
            href = next((v for k, v in el.attrib.items() if _local(k) == "href"), "")
            match = _DATA_IMAGE.match(href.strip())
            if match:
                try:
                    data = base64.b64decode(href.split(",", 1)[1], validate=False)
                    width, height = _png_size(data) if match[1] == "png" else _jpeg_size(data)
                except (ValueError, ImageRefused):
                    raise ImageRefused("is an SVG with a damaged picture inside it") from None
                if max(width, height) > MAX_PIXELS:
                    raise ImageRefused(
                        f"holds a picture of {width} x {height} pixels; a logo may be at most "
                        f"{MAX_PIXELS} pixels wide and high (save it smaller)"
                    )
    costs: dict[int, int] = {}
    busy: set[int] = set()

    def cost(el: ET.Element, depth: int = 0) -> int:
        key = id(el)
        if key in costs:
            return costs[key]
        if key in busy:
            raise ImageRefused("is an SVG whose <use> refers to itself")
        if depth > 3 * MAX_DEPTH:
            raise ImageRefused("is an SVG whose <use> copies go too deep; export it again")
        busy.add(key)
        total = 1 + sum(cost(child, depth + 1) for child in el)
        # Everything this element draws again: a <use> (href or xlink:href, whichever the
        # engine reads) and a clip path given as url(#id).
        refs = [v.strip()[1:] for k, v in el.attrib.items() if _local(k) == "href"]
        refs += _URL_REF.findall(" ".join(el.attrib.values()))
        for ref in refs:
            target = ids.get(ref)
            if target is not None and (_local(el.tag) == "use" or _local(target.tag) == "clipPath"):
                total += cost(target, depth + 1)
        busy.discard(key)
        costs[key] = total
        if total > MAX_ELEMENTS:
            raise ImageRefused(
                f"is an SVG that draws more than {MAX_ELEMENTS} shapes (its <use> copies "
                "multiply), far more than a logo needs"
            )
        return total

    cost(root)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _clean(element: ET.Element, removed: list[str]) -> None:
    if _namespace(element.tag) == "":
        element.tag = f"{{{SVG_NS}}}{element.tag}"  # an SVG written without its namespace
    for name in list(element.attrib):
        value = element.attrib[name]
        local, space = _local(name), _namespace(name)
        reason = None
        if local.lower().startswith("on"):
            reason = f"the event handler {local}"
        elif space not in ("", XLINK_NS, XML_NS):
            reason = f"the foreign attribute {local}"
        elif local == "href" and not (
            value.strip().startswith("#")
            or (_local(element.tag) == "image" and _DATA_IMAGE.match(value.strip()))
        ):
            reason = f"the link to another file in {local}"
        elif _EXTERNAL_URL.search(value) or _CSS_DANGER.search(value):
            reason = f"the reference to another file in {local}"
        if reason:
            del element.attrib[name]
            removed.append(reason)
    for child in list(element):
        tag: object = child.tag  # typed str, but a function for comments
        if not isinstance(tag, str):  # a comment or processing instruction
            element.remove(child)
            continue
        local = _local(child.tag)
        space = _namespace(child.tag)
        if local == "a" and space in ("", SVG_NS):
            child.tag = f"{{{SVG_NS}}}g"  # a link: keep what it draws, drop where it goes
            for name in [k for k in child.attrib if _local(k) in ("href", "target")]:
                del child.attrib[name]
            removed.append("<a>")
            _clean(child, removed)
            continue
        if space not in ("", SVG_NS) or local not in _DRAWING:
            element.remove(child)
            removed.append(f"<{local}>")
            continue
        if (
            local == "style"
            and child.text
            and (_EXTERNAL_URL.search(child.text) or _CSS_DANGER.search(child.text))
        ):
            element.remove(child)
            removed.append("<style> that loads other files")
            continue
        _clean(child, removed)
        if local == "image" and not any(_local(k) == "href" for k in child.attrib):
            element.remove(child)  # its source was removed: nothing left to draw
