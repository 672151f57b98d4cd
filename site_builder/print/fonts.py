"""Which characters the shipped fonts can print.

PDF/UA-1 refuses text a font has no glyph for, and a missing glyph would print as a blank box
anyway. Reading the font's character map lets config checking refuse such text with a clear,
located message before anything is built. A minimal reader of the TrueType ``cmap`` table
(formats 4 and 12, the two every Unicode font carries) is enough; no font library needed.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "fonts"
BODY_FONT = FONTS / "NotoSans-Regular.ttf"


def _table(data: bytes, tag: bytes) -> bytes:
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(count):
        name, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if name == tag:
            return data[offset : offset + length]
    raise ValueError(f"font has no {tag!r} table")


def _format4(sub: bytes) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", sub, 6)
    n = seg_x2 // 2
    ends = struct.unpack_from(f">{n}H", sub, 14)
    starts = struct.unpack_from(f">{n}H", sub, 16 + seg_x2)
    deltas = struct.unpack_from(f">{n}h", sub, 16 + 2 * seg_x2)
    range_at = 16 + 3 * seg_x2
    ranges = struct.unpack_from(f">{n}H", sub, range_at)
    out: set[int] = set()
    for i in range(n):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if ranges[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                (glyph,) = struct.unpack_from(">H", sub, at)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                out.add(code)
    return out


def _format12(sub: bytes) -> set[int]:
    (groups,) = struct.unpack_from(">I", sub, 12)
    out: set[int] = set()
    for g in range(groups):
        start, end, _ = struct.unpack_from(">III", sub, 16 + 12 * g)
        out.update(range(start, end + 1))
    return out


@cache
def covered(font: Path = BODY_FONT) -> frozenset[int]:
    """Every code point ``font`` has a glyph for."""
    data = font.read_bytes()
    cmap = _table(data, b"cmap")
    (count,) = struct.unpack_from(">H", cmap, 2)
    codes: set[int] = set()
    for i in range(count):
        _, _, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", cmap, offset)
        if fmt == 4:
            codes |= _format4(cmap[offset:])
        elif fmt == 12:
            codes |= _format12(cmap[offset:])
    return frozenset(codes)


def unprintable(text: str) -> str | None:
    """The first character of ``text`` the printed policies cannot show, or None."""
    codes = covered()
    for ch in text:
        # White space is printed as a plain space (values are collapsed to one line).
        if ord(ch) not in codes and not ch.isspace():
            return ch
    return None
