"""Writing into the output folder without ever leaving it half-written.

A site is built in a scratch folder beside its final place (same disk, so the swap is a
rename) and put in place with two renames; a killed build leaves either the old site or the
new one, plus a scratch folder that the next build removes. Single files (the LA index, the
cache) are written to a temporary name and renamed. Whatever the file system does (no such
folder, not a folder, no permission, disk full), the caller gets a :class:`BuildError`
naming the place, never a traceback.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from site_builder.config.source import display_name
from site_builder.errors import BuildError, Problem

STALE_AFTER_SECONDS = 24 * 3600
"""A scratch folder this old is left over, whoever made it."""


def file_error(exc: OSError, place: Path, doing: str) -> BuildError:
    """One located message for a failed file operation."""
    reason = exc.strerror or type(exc).__name__
    return BuildError([Problem(display_name(place), message=f"cannot {doing}: {reason}")])


def prepare_out(out: Path, slug: str | None = None) -> None:
    """Make sure ``out`` is a folder we can write into, and clear what killed builds left
    (of ``slug``'s site only, when given)."""
    if out.exists() and not out.is_dir():
        raise BuildError(
            [Problem(display_name(out), message="is a file, not a folder; give --out a folder")]
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".policy-site-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise file_error(exc, out, "write the sites into this folder") from None
    remove_leftovers(out, slug)


def _owner_gone(path: Path) -> bool:
    """Whether the build that made ``path`` (``.<slug>-build-<pid>-<random>``) is over."""
    try:
        if time.time() - path.stat().st_mtime > STALE_AFTER_SECONDS:
            return True
    except OSError:
        return False
    parts = path.name.rsplit("-", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return True  # made by an older version of this program
    if os.name != "posix":
        return False  # no safe way to ask; the age rule above applies
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


def remove_leftovers(out: Path, slug: str | None = None) -> list[Path]:
    """Remove scratch folders and half-written files of builds that were killed.

    They start with a dot, so they are not sites, but a web host would publish them with the
    rest of the folder. Only this program's own patterns are touched.
    """
    prefix = f".{slug}-" if slug else "."
    removed = []
    try:
        entries = list(out.iterdir())
    except OSError:
        return []
    for path in entries:
        name = path.name
        ours = name.startswith(prefix) and any(k in name for k in ("-build-", "-old-", "-tmp-"))
        legacy = name.startswith(".") and name.endswith(".tmp") and slug is None
        if not (ours or legacy) or not _owner_gone(path):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


@contextmanager
def scratch(out: Path, slug: str) -> Iterator[Path]:
    """A private work folder beside the output, removed afterwards whatever happens."""
    path = Path(tempfile.mkdtemp(prefix=f".{slug}-build-{os.getpid()}-", dir=out))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def publish(new: Path, target: Path) -> None:
    """Put ``new`` at ``target`` with two renames; the old site is removed only afterwards."""
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}-old-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; a :class:`BuildError` if it cannot be."""
    tmp = path.with_name(f".{path.name}-tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        tmp.write_bytes(data)
        if path.is_dir() and not path.is_symlink():
            raise IsADirectoryError(21, "a folder is in the way", str(path))
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise file_error(exc, path, "write this file") from None
