"""What each published school site was built from: fingerprints of every input, kept in
``<out>/.policy-site-cache.json``, so that a school whose inputs have not changed is not built
again. The file is safe to delete and never trusted when it cannot be read."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from site_builder import __version__
from site_builder.config import dates
from site_builder.config.library import Library
from site_builder.config.reviews import Row, review_status
from site_builder.site.publish import write_atomic

CACHE_FILE = ".policy-site-cache.json"


CACHE_VERSION = 2


PACKAGE = Path(__file__).resolve().parent.parent


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree_hash(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def program_fingerprint() -> str:
    """This program, its theme, fonts, its Markdown, PDF and Word engines, and the date pages
    show."""
    parts = [__version__, _tree_hash(PACKAGE)]
    for dist in (
        "mkdocs",
        "mkdocs-material",
        "typst",
        "markdown",
        "pymdown-extensions",
        "markdown-it-py",
        "jinja2",
        "python-docx",
        "lxml",
    ):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=none")
    parts.append(os.environ.get("SOURCE_DATE_EPOCH", ""))
    return _sha("\n".join(parts).encode())


@dataclass
class Inputs:
    """Fingerprints of everything outside a school's own files, computed once per run."""

    program: str
    shared: str
    templates: dict[str, str]

    @staticmethod
    def of(library: Library) -> Inputs:
        root = library.root
        shared = hashlib.sha256()
        for path in sorted(root.iterdir()):
            if path.is_file() or path.name.startswith("_"):
                shared.update(path.name.encode())
                shared.update(path.read_bytes() if path.is_file() else _tree_hash(path).encode())
        la = root.parent / "la.yml"
        if la.is_file():
            shared.update(la.read_bytes())
        return Inputs(
            program=program_fingerprint(),
            shared=shared.hexdigest(),
            templates={tid: _tree_hash(t.folder) for tid, t in library.templates.items()},
        )

    def fingerprint(
        self, config_sha: str, templates: list[str], files: dict[str, str]
    ) -> str | None:
        """The fingerprint of a school's inputs; None when a template it used is gone."""
        if any(t not in self.templates for t in templates):
            return None
        parts = [
            self.program,
            self.shared,
            config_sha,
            *(f"{t}:{self.templates[t]}" for t in sorted(templates)),
            *(f"{name}:{sha}" for name, sha in sorted(files.items())),
        ]
        return _sha("\n".join(parts).encode())


def load_cache(out: Path) -> dict[str, dict[str, Any]]:
    """The cache's school entries; empty when missing, unreadable or of another version."""
    try:
        data = json.loads((out / CACHE_FILE).read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or not isinstance(data.get("schools"), dict):
            return {}
        return {
            slug: entry
            for slug, entry in data["schools"].items()
            if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
        }
    except (OSError, ValueError, AttributeError):
        return {}


def save_cache(out: Path, schools: dict[str, dict[str, Any]]) -> None:
    text = json.dumps({"version": CACHE_VERSION, "schools": schools}, sort_keys=True, indent=1)
    write_atomic(out / CACHE_FILE, text.encode("utf-8"))


def _overdue(rows: Iterable[Row]) -> list[str]:
    """The policies overdue or soon due for review: their pages and printed copies say so,
    so a school's site changes when one of them does, though no file changed."""
    today = dates.today()
    out = []
    for r in rows:
        state = review_status(dt.date.fromisoformat(r.review_date), today)
        if state != "current":
            out.append(f"{r.policy_id}:{state}")
    return sorted(out)


def _external_states(external: Iterable[dict[str, str]]) -> list[str]:
    """The same for the policies a school keeps outside the library (their status is on its
    home page): each ``{"id", "review_date"}`` overdue or soon due."""
    today = dates.today()
    out = []
    for e in external:
        state = review_status(dt.date.fromisoformat(e["review_date"]), today)
        if state != "current":
            out.append(f"external:{e['id']}:{state}")
    return sorted(out)


def _current_files(entry: dict[str, Any]) -> dict[str, str]:
    """Hashes, now, of the extra files (the logo) a school's last build read."""
    out = {}
    for name in entry.get("files", {}):
        try:
            out[name] = _sha(Path(name).read_bytes())
        except OSError:
            out[name] = "missing"
    return out


def is_unchanged(path: Path, out: Path, entry: dict[str, Any] | None, inputs: Inputs) -> bool:
    """True when the published site of ``path`` was built from exactly today's inputs."""
    if not entry or not (out / path.stem / "index.html").is_file() or not path.is_file():
        return False
    try:
        config_sha = _sha(path.read_bytes())
        templates = [str(t) for t in entry["templates"]]
        now = inputs.fingerprint(config_sha, templates, _current_files(entry))
        # A review date passing changes the page (its banner), though no file changed.
        overdue_now = _overdue(Row.from_dict(r) for r in entry["rows"])
        overdue_now += _external_states(entry.get("external", []))
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return False  # a damaged entry is never trusted
    return now is not None and now == entry["fingerprint"] and overdue_now == entry["overdue"]
