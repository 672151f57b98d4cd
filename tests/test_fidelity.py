"""Fidelity: each reference school's rendered policy keeps every clause of its real policy.

A checklist in ``tests/fidelity/<school>.yml`` names each clause of the school's real policy
(``../shared/seeds/``) as a few words that must appear together in one paragraph or list item.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from site_builder.config.library import Library
from site_builder.config.school import load_school
from site_builder.render.jinja import render_school

from .conftest import SCHOOLS

CHECKLISTS = sorted((Path(__file__).parent / "fidelity").glob("*.yml"))


def blocks(markdown: str) -> list[str]:
    """The text of every paragraph and list item (nested items counted on their own too)."""
    tokens = MarkdownIt("commonmark", {"html": True}).parse(markdown)
    out = []
    for tok in tokens:
        if tok.type == "inline":
            text = html.unescape(tok.content).replace("**", "")
            out.append(" ".join(text.split()).lower())
    return out


def test_every_reference_school_has_a_checklist() -> None:
    assert {p.stem for p in CHECKLISTS} == {"any-school", "kettleshulme", "houghton-conquest"}


@pytest.mark.parametrize("checklist", CHECKLISTS, ids=lambda p: p.stem)
def test_reference_policy_keeps_every_clause(checklist: Path, library: Library) -> None:
    spec = yaml.safe_load(checklist.read_text(encoding="utf-8"))
    config = load_school(SCHOOLS / f"{checklist.stem}.yml", library)
    (policy,) = [p for p in render_school(config, library) if p.id == spec["policy"]]
    text_blocks = blocks(policy.markdown)
    missing = [
        name for name, words in spec["clauses"].items()
        if not any(all(w.lower() in block for w in words) for block in text_blocks)
    ]  # fmt: skip
    assert missing == [], f"{checklist.name}: clauses missing from the rendered policy"
