"""Writing a python-docx package as .docx bytes that depend only on its contents and a date.

python-docx's own ``save`` stamps each zip entry with the time of saving; this packer writes
fixed timestamps, and keeps what it has serialised and compressed once (the documents of one
school share most of their parts).
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from collections.abc import Iterable, Sequence
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import OpcPackage
from docx.opc.part import Part
from docx.opc.rel import Relationships
from docx.opc.spec import default_content_types
from lxml import etree


class Packer:
    """Writes a python-docx package as .docx bytes that depend on nothing but its contents
    and a date: python-docx's own ``save`` stamps each zip entry with the time of saving.

    The documents of one school share most of their parts (styles, settings, header, logo,
    most of the numbering), so what it has serialised and compressed once it keeps.
    """

    def __init__(self) -> None:
        self.frozen: dict[Part, bytes] = {}
        self.packed: dict[bytes, tuple[int, bytes]] = {}
        self.xml: dict[tuple[Any, ...], bytes] = {}

    def freeze(self, parts: Iterable[Part]) -> None:
        """``parts`` will not change again: serialise them once."""
        self.frozen.update((part, part.blob) for part in parts)

    def package(self, package: OpcPackage, date: dt.date) -> bytes:
        parts = list(package.iter_parts())
        archive = _Zip(date, self.packed)
        archive.add("[Content_Types].xml", self._content_types(parts))
        archive.add("_rels/.rels", self._relationships(package.rels))
        main = package.main_document_part
        for part in parts:
            blob = self.frozen.get(part)
            if blob is None:
                part.before_marshal()  # type: ignore[no-untyped-call]
                blob = part.blob
            archive.add(part.partname.membername, blob, recurs=part is not main)
            if len(part.rels):
                archive.add(part.partname.rels_uri.membername, self._relationships(part.rels))
        return archive.close()

    def _content_types(self, parts: Sequence[Part]) -> bytes:
        """``[Content_Types].xml``: a default by extension for media, else one per part."""
        key = tuple((str(part.partname), part.content_type) for part in parts)
        found = self.xml.get(key)
        if found is None:
            defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
            overrides = {}
            for name, content_type in key:
                ext = name.rpartition(".")[2].lower()
                if (ext, content_type) in default_content_types:
                    defaults[ext] = content_type
                else:
                    overrides[name] = content_type
            root = etree.Element(f"{{{_CT}}}Types", nsmap={None: _CT})
            for ext in sorted(defaults):
                etree.SubElement(
                    root, f"{{{_CT}}}Default", Extension=ext, ContentType=defaults[ext]
                )
            for name in sorted(overrides):
                etree.SubElement(
                    root, f"{{{_CT}}}Override", PartName=name, ContentType=overrides[name]
                )
            found = self.xml[key] = _serialise(root)
        return found

    def _relationships(self, rels: Relationships) -> bytes:
        """A part's ``.rels``, written with lxml (python-docx parses a string per item)."""
        key = tuple((r.rId, r.reltype, r.target_ref, r.is_external) for r in rels.values())
        found = self.xml.get(key)
        if found is None:
            root = etree.Element(f"{{{_PR}}}Relationships", nsmap={None: _PR})
            for rid, reltype, target, external in key:
                rel = etree.SubElement(root, f"{{{_PR}}}Relationship", Id=rid, Type=reltype)
                rel.set("Target", target)
                if external:
                    rel.set("TargetMode", "External")
            found = self.xml[key] = _serialise(root)
        return found


_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"


def _serialise(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_MADE_BY = 3 << 8 | 20  # on Unix, by zip version 2.0
_MODE = 0o100644 << 16  # a regular file, rw-r--r--


class _Zip:
    """A zip archive of deflated entries that all carry one date: the same entries always
    give the same bytes. (The standard library's zipfile compresses every entry each time;
    a school's 31 documents share most of theirs.)"""

    def __init__(self, date: dt.date, packed: dict[bytes, tuple[int, bytes]]) -> None:
        year = min(max(date.year, 1980), 2107)  # the years a zip can hold
        self.date = (year - 1980) << 9 | date.month << 5 | date.day
        self.packed = packed
        self.out = io.BytesIO()
        self.directory: list[bytes] = []

    def add(self, name: str, data: bytes, recurs: bool = True) -> None:
        found = self.packed.get(data)
        if found is None:
            # Parts that recur are compressed once, so well; a document's text quickly.
            deflate = zlib.compressobj(9 if recurs else 1, zlib.DEFLATED, -15)
            found = (zlib.crc32(data), deflate.compress(data) + deflate.flush())
            if recurs:
                self.packed[data] = found
        crc, body = found
        filename = name.encode("utf-8")
        offset = self.out.tell()
        # version 2.0, no flags, deflated, at midnight on the date; no extra fields
        head = (20, 0, 8, 0, self.date, crc, len(body), len(data), len(filename))
        self.out.write(_LOCAL.pack(b"PK\x03\x04", *head, 0) + filename + body)
        self.directory.append(
            _CENTRAL.pack(b"PK\x01\x02", _MADE_BY, *head, 0, 0, 0, 0, _MODE, offset) + filename
        )

    def close(self) -> bytes:
        start = self.out.tell()
        directory = b"".join(self.directory)
        count = len(self.directory)
        self.out.write(directory)
        self.out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), start, 0))
        return self.out.getvalue()
