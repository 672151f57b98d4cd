"""The one check of every file a config names (a logo, an external policy's PDF): inside the
config's own folder after links are followed, a regular file, and within its size. A config
is untrusted input, and the build machine's other files are not its to publish.
"""

from __future__ import annotations

from pathlib import Path


def file_in_folder(
    base: Path,
    relative: str,
    noun: str,
    example: str,
    max_bytes: int,
    refused: type[ValueError],
    a_file: str,
    put_it: str | None = None,
) -> tuple[Path, int]:
    """The file ``relative`` names, resolved, and its size: a regular file inside ``base``
    (the config's folder, resolved) after links are followed, at most ``max_bytes``. The one
    check of every file a config names (a logo, a PDF); ``refused`` says what is wrong."""
    given = Path(relative)
    if given.is_absolute() or given.drive:
        raise refused(
            "is a path from the top of the computer's disk; give a path relative to this "
            f"config file, to a file in its folder (for example {example})"
        )
    try:
        path = (base / given).resolve()
    except (RuntimeError, OSError):  # a link that leads back to itself
        raise refused("is a link that leads round in a circle, not to a file") from None
    if not path.is_relative_to(base):
        raise refused(
            "is outside the folder of this config file (or a link that leads out of it); "
            + (put_it or f"put the {noun} in that folder, for example {example}")
        )
    if not path.exists():
        raise refused("does not exist (the path is relative to the config file)")
    if not path.is_file():
        raise refused(f"is a folder or a device, not {a_file}")
    size = path.stat().st_size
    if size > max_bytes:
        article = "an" if noun[0] in "aeiou" else "a"
        raise refused(
            f"is {size / 1_000_000:.1f} MB; {article} {noun} may be at most "
            f"{max_bytes // 1_000_000} MB (save it smaller)"
        )
    return path, size
