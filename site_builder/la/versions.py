"""Template versions: releasing one, and what changed for a school between two.

An LA author releases a template's current version with ``policy-site release ID``: its text,
declaration and a copy of the shared wording are archived in ``versions/<version>/``, so the
version can be rendered again years later without any version-control history. A school's
difference between the version it adopted and the current one is worked out on the rendered
text, with the school's own values filled in, word by word.
"""

from __future__ import annotations

import difflib
import filecmp
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.config.library import Library
from site_builder.config.models import Adoption, SchoolConfig
from site_builder.config.source import display_name
from site_builder.config.template_model import (
    ARCHIVE_FOLDER,
    CHANGELOG_FILE,
    DECLARATION_FILE,
    TEXT_FILE,
    Change,
    Template,
    version_key,
)
from site_builder.config.validators import Context, Invalid
from site_builder.errors import Problem, TemplateError
from site_builder.render.jinja import RenderedPolicy, render_policy


def release(library: Library, template_id: str) -> Path:
    """Archive the current version of a template; return the archive folder."""
    if template_id not in library.templates:
        raise TemplateError(
            [
                Problem(
                    display_name(library.root), key=template_id, message="no template with this id"
                )
            ]
        )
    template = library.templates[template_id]
    version = template.version
    changelog = display_name(template.folder / CHANGELOG_FILE)
    if version not in template.changelog:
        raise TemplateError(
            [
                Problem(
                    changelog,
                    key=version,
                    message=(
                        "no entry for this version: add its date, a one-line summary and notes "
                        "saying what changed and why, written for schools, then release it"
                    ),
                )
            ]
        )
    target = template.folder / ARCHIVE_FOLDER / version
    if target.exists():
        same = all(
            filecmp.cmp(template.folder / n, target / n, shallow=False)
            for n in (DECLARATION_FILE, TEXT_FILE)
            if (target / n).exists()
        )
        message = (
            "is already released with this text"
            if same
            else "is already released with different text: raise the version in "
            f"{DECLARATION_FILE} and add a changelog entry for it"
        )
        raise TemplateError([Problem(display_name(target), key=version, message=message)])
    newer = [v for v in template.archive if version_key(v) > version_key(version)]
    if newer:
        raise TemplateError(
            [
                Problem(
                    display_name(template.folder / DECLARATION_FILE),
                    key="version",
                    message=(f"{version} is older than the released {max(newer, key=version_key)}"),
                )
            ]
        )
    tmp = target.with_name(f".{version}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in (DECLARATION_FILE, TEXT_FILE):
        shutil.copy2(template.folder / name, tmp / name)
    shutil.copytree(library.root / "_shared", tmp / "_shared")
    tmp.rename(target)
    return target


# --- what changed for a school --------------------------------------------------------------

_WORD = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldChange:
    name: str
    change: str  # "added" or "removed"
    required: bool
    description: str


@dataclass
class PolicyChanges:
    """Everything a school must know to re-adopt one policy."""

    adoption: Adoption
    old: RenderedPolicy
    new: RenderedPolicy
    notes: list[Change] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.adoption.latest.title

    @property
    def old_version(self) -> str:
        return self.adoption.template_version

    @property
    def new_version(self) -> str:
        return self.adoption.latest.version


def _new_values(
    config: SchoolConfig, adoption: Adoption, current: Template
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The school's options carried over to the current declarations.

    A new option the school has not set takes its default; a new required one shows as a
    marked gap, so the difference shows where the school must decide.
    """
    ctx = Context(committees=config.governance.approvers)
    options: dict[str, Any] = {}
    for name, spec in current.options.items():
        value = adoption.options.get(name)
        if value is not None:
            try:
                options[name] = spec.validate(value, ctx)
                continue
            except Invalid:
                pass
        options[name] = (
            spec.default
            if spec.default is not None
            else (f"[to be chosen: {spec.title}]" if spec.required else None)
        )
    clauses = {name: list(adoption.clauses.get(name, [])) for name in current.clauses}
    return options, clauses


def policy_changes(config: SchoolConfig, adoption: Adoption, library: Library) -> PolicyChanges:
    """The rendered difference, the LA's notes and the field changes for one adoption."""
    current = adoption.latest
    old = render_policy(config, adoption, library)
    options, clauses = _new_values(config, adoption, current)
    moved = Adoption(
        template=current, template_version=current.version, adopted=adoption.adopted,
        approved_by=adoption.approved_by, review_date=adoption.review_date,
        everyone=adoption.everyone, signatures=adoption.signatures, options=options,
        clauses=clauses, path=adoption.path,
    )  # fmt: skip
    new = render_policy(config, moved, library)
    lo, hi = version_key(adoption.template_version), version_key(current.version)
    notes = [
        c
        for v, c in sorted(current.changelog.items(), key=lambda kv: version_key(kv[0]))
        if lo < version_key(v) <= hi
    ]
    fields = []
    for kind, before, after in (
        ("options", adoption.template.options, current.options),
        ("clauses", adoption.template.clauses, current.clauses),
    ):
        for name in after.keys() - before.keys():
            spec = after[name]
            fields.append(FieldChange(f"{kind}.{name}", "added", spec.required, spec.description))
        for name in before.keys() - after.keys():
            spec = before[name]
            fields.append(FieldChange(f"{kind}.{name}", "removed", False, spec.description))
    fields.sort(key=lambda f: (f.change, f.name))
    return PolicyChanges(adoption, old, new, notes, fields)


def diff_markdown(old: str, new: str) -> str:
    """The new Markdown with deleted words in ``<del>`` and inserted words in ``<ins>``.

    Lines are matched first, then words within a changed line, so the Markdown structure
    (headings, list markers) stays intact and only the wording is marked.
    """
    old_lines, new_lines = old.splitlines(), new.splitlines()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += new_lines[j1:j2]
        elif op == "insert":
            out += [_mark_line(line, "ins") for line in new_lines[j1:j2]]
        elif op == "delete":
            out += [_mark_line(line, "del") for line in old_lines[i1:i2]]
        else:
            pairs = max(i2 - i1, j2 - j1)
            for k in range(pairs):
                a = old_lines[i1 + k] if i1 + k < i2 else None
                b = new_lines[j1 + k] if j1 + k < j2 else None
                if a is None:
                    out.append(_mark_line(b or "", "ins"))
                elif b is None:
                    out.append(_mark_line(a, "del"))
                else:
                    out.append(_diff_line(a, b))
    return "\n".join(out) + "\n"


_PREFIX = re.compile(r"^(\s*(?:#{1,6} |[-*+] |\d+[.)] |> )?)")


def _mark_line(line: str, tag: str) -> str:
    if not line.strip():
        return line
    prefix = _PREFIX.match(line).group(1)  # type: ignore[union-attr]
    return f"{prefix}<{tag}>{line[len(prefix) :]}</{tag}>"


def _diff_line(old: str, new: str) -> str:
    old_prefix = _PREFIX.match(old).group(1)  # type: ignore[union-attr]
    new_prefix = _PREFIX.match(new).group(1)  # type: ignore[union-attr]
    a = _WORD.findall(old[len(old_prefix) :])
    b = _WORD.findall(new[len(new_prefix) :])
    parts: list[str] = [new_prefix]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts += b[j1:j2]
            continue
        if op in ("delete", "replace"):
            parts.append(_wrap_words("".join(a[i1:i2]), "del"))
        if op == "replace":
            parts.append(" ")
        if op in ("insert", "replace"):
            parts.append(_wrap_words("".join(b[j1:j2]), "ins"))
    return "".join(parts)


def _wrap_words(text: str, tag: str) -> str:
    """``" a b "`` -> ``" <tag>a b</tag> "``: the tag holds words, never the spaces around."""
    words = text.strip()
    if not words:
        return text
    start = text.index(words)
    return f"{text[:start]}<{tag}>{words}</{tag}>{text[start + len(words) :]}"


_TAG = re.compile(r"<(/?)(ins|del)>")


def changed_only(marked: str) -> str:
    """Only the changed lines of a marked policy, each after the heading it falls under."""
    out: list[str] = []
    heading = None
    for line in marked.splitlines():
        if line.startswith("#"):
            heading = line
            continue
        if "<ins>" in line or "<del>" in line:
            if heading is not None:
                out += ["", heading, ""]
                heading = None
            out.append(line)
    return "\n".join(out).strip() + "\n"


def diff_terminal(marked: str, colour: bool) -> str:
    """The marked Markdown for a terminal: red deletions, green insertions; or, without colour
    (a file, a log), ``[deleted: old words]`` and ``[added: new words]``."""
    if colour:
        codes = {
            ("", "del"): "\033[9;31m",
            ("", "ins"): "\033[4;32m",
            ("/", "del"): "\033[0m",
            ("/", "ins"): "\033[0m",
        }
    else:
        codes = {
            ("", "del"): "[deleted: ",
            ("/", "del"): "]",
            ("", "ins"): "[added: ",
            ("/", "ins"): "]",
        }
    import html

    return html.unescape(_TAG.sub(lambda m: codes[(m.group(1), m.group(2))], marked))


def report(school: str, changes: list[PolicyChanges], fmt: str, colour: bool = False) -> str:
    """What changed for a school, as terminal text, Markdown or a standalone HTML page."""
    md_parts: list[str] = [f"# What changed for {school}", ""]
    for c in changes:
        md_parts += [f"## {c.title}: version {c.old_version} to {c.new_version}", ""]
        if c.notes:
            md_parts += ["### The LA's notes", ""]
            for note in c.notes:
                md_parts.append(f"- **{note.version}** ({note.date}): {note.summary}")
                if note.notes:
                    md_parts += ["", *["    " + line for line in note.notes.splitlines()], ""]
            md_parts.append("")
        if c.fields:
            md_parts += ["### Fields and options", ""]
            for f in c.fields:
                need = " (required: the school must fill it in)" if f.required else ""
                md_parts.append(f"- `{f.name}` {f.change}{need}: {f.description}")
            md_parts.append("")
        marked = diff_markdown(c.old.markdown, c.new.markdown)
        if fmt == "html":
            md_parts += ["### The policy with your values, changes marked", "", marked, ""]
        else:
            md_parts += ["### What changes in your policy's text", "", changed_only(marked), ""]
    text = "\n".join(md_parts)
    if fmt == "md":
        # For people reading the file: values' character references back as characters.
        return _html_unescape(text)
    if fmt == "html":
        from markdown_it import MarkdownIt

        body = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
        from site_builder.site.csp import protect

        return protect(
            '<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>What changed for {_html_escape(school)}</title><style>"
            "body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;"
            "padding:0 1rem;color:#1b1b1b}ins{background:#d8ecdf;color:#0b5d1e}"
            "del{background:#f6d7d2;color:#7a1208}</style></head><body>\n"
            f"{body}</body></html>\n"
        )
    return diff_terminal(text, colour)


def _html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _html_escape(text: str) -> str:
    import html

    return html.escape(text)
