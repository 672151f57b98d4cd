"""Shared fixtures: the real library and example schools, and small trees built in tmp_path."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

# Tests never read or write the user's own cache of compiled templates: set before the
# package is imported, since the cache's folder is chosen then. Child processes inherit it.
_CACHE = tempfile.mkdtemp(prefix="policy-site-test-cache-")
os.environ["POLICY_SITE_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
os.environ.pop("RAYON_NUM_THREADS", None)

from site_builder.cli import main  # noqa: E402  (after the cache folder is set)
from site_builder.config.library import Library, load_library  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "policy_templates"
SCHOOLS = REPO / "schools"
EXAMPLE_SCHOOLS = sorted(p.stem for p in SCHOOLS.glob("*.yml"))


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Review warnings depend on today's date; pin it so tests do not age."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")  # 21 November 2026


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(TEMPLATES)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's templates and schools in tmp_path, as the working folder."""
    shutil.copytree(TEMPLATES, tmp_path / "policy_templates")
    shutil.copytree(SCHOOLS, tmp_path / "schools")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def english_site(site: Path) -> Path:
    """The English pages of a school's site: ``en/`` for a Welsh-first school."""
    return site / "en" if (site / "en" / "index.html").is_file() else site


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_SCHOOL = """\
school:
  name: {name}
  local_authority: Anyshire County Council
  contact_email: office@example.sch.uk
governance:
  governing_body: Governing Body
  committees: [Curriculum Committee]
everyone: [staff, governors]
policies:
  staff-social-media:
    template_version: 1.1.0
    adopted: 2026-09-01
    approved_by: Governing Body
"""


GOOD = MINIMAL_SCHOOL.format(name="Test School")
Run = Callable[..., tuple[int, str, str]]


def digest(folder: Path) -> str:
    """One hash of every file's path and bytes below ``folder``."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site already published for schools/test.yml: failed builds must leave it as it is."""
    from site_builder.site.build import build_school, load_checked_library

    root = tmp_path_factory.mktemp("published")
    config = write(root / "schools" / "test.yml", GOOD)
    library, _ = load_checked_library(TEMPLATES)
    build_school(config, library, root / "site")
    return root / "site"


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``policy-site`` in-process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
