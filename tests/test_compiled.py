"""The cache of compiled templates: reused between processes, never trusted when damaged."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from site_builder.render.compiled import CompiledTemplates, cache_dir

TEMPLATE = "{% if school %}\n  Hello {{ school }}\n{% endif %}\n"


def _env(folder: Path, cache: CompiledTemplates, **settings: object) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache, **settings
    )


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.md").write_text(TEMPLATE)
    return folder


def _no_compiling(env: jinja2.Environment, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(env, "compile", refuse)


def test_a_new_process_reuses_what_an_earlier_one_compiled(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    first = _env(templates, CompiledTemplates(folder))
    assert first.get_template("page.md").render(school="Oak") == "\n  Hello Oak\n"
    assert len(list(folder.iterdir())) == 1

    later = _env(templates, CompiledTemplates(folder))  # a fresh cache, as in a new process
    _no_compiling(later, monkeypatch)
    assert later.get_template("page.md").render(school="Elm") == "\n  Hello Elm\n"


def test_a_damaged_entry_is_compiled_again(templates: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _env(templates, CompiledTemplates(folder)).get_template("page.md")
    (entry,) = folder.iterdir()
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0xFF
    entry.write_bytes(bytes(data))

    env = _env(templates, CompiledTemplates(folder))
    assert env.get_template("page.md").render(school="Ash") == "\n  Hello Ash\n"
    fresh = _env(templates, CompiledTemplates(folder))  # the rewritten entry is good again
    assert fresh.get_template("page.md").render(school="Yew") == "\n  Hello Yew\n"


def test_an_edited_template_is_never_served_from_the_cache(templates: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _env(templates, CompiledTemplates(folder)).get_template("page.md")
    (templates / "page.md").write_text("Goodbye {{ school }}")
    env = _env(templates, CompiledTemplates(folder))
    assert env.get_template("page.md").render(school="Oak") == "Goodbye Oak"


def test_environments_with_other_settings_do_not_share_code(
    templates: Path, tmp_path: Path
) -> None:
    cache = CompiledTemplates(tmp_path / "cache")
    plain = _env(templates, cache)
    trimmed = _env(templates, cache, trim_blocks=True, lstrip_blocks=True)
    assert plain.get_template("page.md").render(school="Oak") == "\n  Hello Oak\n"
    assert trimmed.get_template("page.md").render(school="Oak") == "  Hello Oak\n"


def test_an_unwritable_cache_folder_keeps_the_cache_in_memory(
    templates: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    cache = CompiledTemplates(blocker / "jinja")
    env = _env(templates, cache)
    assert env.get_template("page.md").render(school="Oak") == "\n  Hello Oak\n"
    assert cache.directory is None and len(cache.memory) == 1


def test_the_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("POLICY_SITE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("POLICY_SITE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "policy-site"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path(os.path.expanduser("~")) / ".cache" / "policy-site"
