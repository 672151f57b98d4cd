"""PDF files a config names (a policy the school keeps outside the library), checked as the
logo is: a regular file inside the config's own folder (after links are resolved), no larger
than :data:`MAX_BYTES`, and really a PDF whatever its name says. The bytes read are the bytes
published: the file is not read a second time.

This module reads files and returns bytes; it knows nothing about configs or sites.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from site_builder.config.files import file_in_folder

MAX_BYTES = 10_000_000


class DocumentRefused(ValueError):
    """The file is not a PDF we publish; the message says why, for the school."""


@dataclass(frozen=True)
class PdfFile:
    """A checked PDF, ready to copy into the site."""

    source: Path
    """Where it was read from (resolved)."""
    data: bytes

    def __fspath__(self) -> str:
        return str(self.source)

    def __str__(self) -> str:
        return str(self.source)


def read_pdf(base_dir: Path, relative: str) -> PdfFile:
    """Read ``relative`` (as written in a config in ``base_dir``) and check it."""
    example = "(for example policies/admissions.pdf)"
    base = base_dir.resolve()
    if "\x00" in relative:
        raise DocumentRefused("is not a file name")
    if relative.lower().startswith("file:") or "://" in relative:
        raise DocumentRefused(
            "is an address; for a policy on another website give url: instead, or give the "
            f"path of the PDF relative to this config file {example}"
        )
    path, _ = file_in_folder(
        base,
        relative,
        "PDF",
        "policies/admissions.pdf",
        MAX_BYTES,
        DocumentRefused,
        "a PDF file",
        put_it=f"put the PDF in that folder {example}",
    )
    with path.open("rb") as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DocumentRefused(f"is larger than {MAX_BYTES // 1_000_000} MB")
    if not data.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-":
        raise DocumentRefused("is not a PDF document (save or export it as PDF)")
    if b"%%EOF" not in data[-2048:]:
        raise DocumentRefused("is a damaged or incomplete PDF (save it again)")
    return PdfFile(path, data)
