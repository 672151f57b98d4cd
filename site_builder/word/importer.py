"""``policy-site import``: an LA's Word policy (or a folder of them) becomes a template folder.

Each document is read (:mod:`.reader`), its structure found (:mod:`.structure`), its
placeholders recognised (:mod:`.placeholders`) and its text written as Jinja and Markdown
(:mod:`.writer`). The new folder is checked as ``policy-site check --templates`` would and
rendered for a school that gives no optional value, in a scratch copy of the library, before
anything is written; then it is moved into place with a rename, so an import writes all of
its templates or none.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.config import dates
from site_builder.config.library import LIBRARY_FILE, Library, load_library
from site_builder.config.source import display_name
from site_builder.config.template_model import (
    CHANGELOG_FILE,
    DECLARATION_FILE,
    ID_PATTERN,
    TEXT_FILE,
)
from site_builder.errors import Problem, SiteBuilderError, WordImportError
from site_builder.word.markup import escape_source, inert
from site_builder.word.meta import detail_rows, template_meta
from site_builder.word.placeholders import NO_NAMES, Names, find_regions
from site_builder.word.reader import Paragraph, Span, read_document
from site_builder.word.report import Report
from site_builder.word.structure import Node, outline
from site_builder.word.writer import Writer

REPORT_FILE = "import-report.txt"


@dataclass
class ImportResult:
    """One imported template: where it was written and what the import decided."""

    template_id: str
    title: str
    folder: Path
    report: Report
    report_text: str
    files: dict[str, str]


def import_word(
    source: Path,
    library: Library,
    *,
    template_id: str | None = None,
    title: str | None = None,
    names: Names = NO_NAMES,
    force: bool = False,
) -> list[ImportResult]:
    """Import ``source`` (a .docx, or a folder of them) into ``library.root``.

    Raise :class:`WordImportError` listing every problem, writing nothing, if any document
    cannot be read or would replace an existing template without ``force``.
    """
    files = _documents(source, template_id)
    problems: list[Problem] = []
    results: list[ImportResult] = []
    seen: dict[str, Path] = {}
    for path in files:
        tid = template_id or slug(path.stem)
        target = library.root / tid
        if not ID_PATTERN.match(tid):
            problems.append(
                Problem(
                    display_name(path),
                    message=f'"{tid}" is not a template id: use '
                    "lower-case letters, digits and hyphens, like staff-social-media",
                )
            )
            continue
        if tid in seen:
            problems.append(
                Problem(
                    display_name(path),
                    message=f'would also be template "{tid}", like '
                    f"{display_name(seen[tid])}; rename one of them",
                )
            )
            continue
        seen[tid] = path
        if target.exists() and not force:
            problems.append(
                Problem(
                    display_name(target),
                    message="a template with this id already exists (use --force to replace it)",
                )
            )
        try:
            results.append(convert(path, tid, library, names, title if template_id else None))
        except WordImportError as exc:
            problems += exc.problems
    if problems:
        raise WordImportError(problems)
    _verify(results, library)
    _write(results, library)
    return results


def slug(stem: str) -> str:
    """A template id from a file name: ``Visitors Policy`` -> ``visitors-policy``."""
    text = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return text if text[:1].isalpha() else f"policy-{text}".rstrip("-")


def _documents(source: Path, template_id: str | None) -> list[Path]:
    if not source.is_dir():
        return [source]
    name = display_name(source)
    if template_id:
        raise WordImportError(
            [
                Problem(
                    name,
                    message="--id names one template: leave it out to import a folder "
                    "(each template is named after its file)",
                )
            ]
        )
    entries = sorted(p for p in source.iterdir() if p.is_file())
    found = [p for p in entries if p.suffix.lower() == ".docx" and not p.name.startswith("~$")]
    if not found:
        old = [p for p in entries if p.suffix.lower() == ".doc"]
        hint = (
            f" (it has {len(old)} old .doc file{'s' if len(old) != 1 else ''}: save them as .docx)"
            if old
            else ""
        )
        raise WordImportError(
            [Problem(name, message=f"no Word documents (.docx) in this folder{hint}")]
        )
    return found


def convert(
    path: Path, template_id: str, library: Library, names: Names, title: str | None
) -> ImportResult:
    """The template folder's files for one document, and its report (nothing is written)."""
    doc = read_document(path)
    report = Report(display_name(path))
    shape = outline(doc, report)
    writer = Writer(doc, shape, report, names)
    shared = library.root / "_shared" / "definitions.md"
    writer.everyone_macro = shared.is_file() and "macro everyone_definition(" in shared.read_text(
        encoding="utf-8"
    )
    for i, node in enumerate(shape.nodes):
        if node.kind == "para" and node.para is not None:
            rows = detail_rows(node.para, writer)
            if rows:
                report.decide(node.para.number, node.para.text, "a line of the document's details")
                shape.nodes[i] = Node("details", rows=rows)
    written = writer.write()
    if not written.text.strip() or not any(n.kind != "details" for n in shape.nodes):
        raise WordImportError([Problem(display_name(path), message="has no text to import")])
    body = library.fields.get("governance.governing_body")
    governing_body = str(body.default) if body is not None and body.default else "Governing Body"
    meta = template_meta(shape, writer, library.everyone_groups, governing_body, report)
    template_title = title
    title = title or _general_title(shape.title, doc, names, report) or _humane(path.stem)
    if shape.title is None and not template_title:
        report.ask(
            "template.yml", "", f'title: "{title}", from the file name (the document has none)'
        )
    folder = library.root / template_id
    declaration = _declaration(template_id, title, meta, written)
    guidance = (
        "{% guidance %}\n"
        f"Imported from the Word policy {escape_source(inert(path.name))}. Its report, "
        f"{REPORT_FILE} beside this file, lists what the import recognised and what is still "
        "to decide.\n"
        "{% endguidance %}\n"
    )
    text = written.text
    if text.startswith("{% import"):
        first, _, rest = text.partition("\n")
        text = f"{first}\n{guidance}{rest}"
    else:
        text = guidance + text
    changelog = (
        "# What changed in each released version of this template, newest first, written for "
        "schools.\n"
        + yaml.safe_dump(
            {
                "1.0.0": {
                    "date": dates.today().isoformat(),
                    "summary": f"First release, imported from {path.name}.",
                }
            },
            sort_keys=False,
            allow_unicode=True,
            width=100,
        )
    )
    heading = f'Imported {display_name(path)} as {display_name(folder)}/: "{title}", version 1.0.0'
    steps = [
        f"read {display_name(folder / TEXT_FILE)} beside this report and settle what is listed "
        "under Still to decide",
        "policy-site check --templates",
        "policy-site schema > policy-site.schema.json",
        f"adopt it in a school's config (policies: {template_id}: ...) and build that school",
    ]
    report_text = report.text(heading, steps)
    files = {
        DECLARATION_FILE: declaration,
        TEXT_FILE: text,
        CHANGELOG_FILE: changelog,
        REPORT_FILE: report_text,
    }
    return ImportResult(template_id, title, folder, report, report_text, files)


def _general_title(title: str | None, doc: Any, names: Names, report: Report) -> str | None:
    """The document's title without the school's or the LA's name in it: the template is
    every school's."""
    if not title:
        return None
    regions = find_regions(Paragraph([Span(title)], 0), doc.controls, names)
    named = [r for r in regions if r.meaning and r.meaning.key in _NAMES]
    if not named:
        return title
    for region in reversed(named):
        title = title[: region.start] + title[region.end :]
    title = re.sub(r"^\s*'s\s+|\s{2,}", " ", title).strip(" -\u2013\u2014:,")
    report.decide("template.yml", "", f'title: "{title}", without the school\'s name')
    return title or None


_NAMES = {"school.name", "school.local_authority"}


def _humane(stem: str) -> str:
    words = " ".join(re.split(r"[-_\s]+", stem)).strip()
    return words[:1].upper() + words[1:] if words else "Imported policy"


def _declaration(template_id: str, title: str, meta: Any, written: Any) -> str:
    data: dict[str, Any] = {
        "id": template_id,
        "title": title,
        "version": "1.0.0",
        "summary": meta.summary,
        "applies_to": meta.applies_to,
        "suggested_approver": meta.suggested_approver,
        "review_cycle_months": meta.review_cycle_months,
    }
    if meta.signatures:
        data["signatures"] = meta.signatures
    options = {}
    for option in written.options.values():
        decl: dict[str, Any] = {"type": option.type}
        if option.default is not None:
            decl["default"] = option.default
        decl["description"] = option.description
        if option.example is not None:
            decl["example"] = option.example
        if option.choices:
            decl["choices"] = option.choices
        options[option.name] = decl
    if options:
        data["options"] = options
    if written.clauses:
        data["clauses"] = written.clauses
    head = (
        f'# Declaration of the "{title}" template, imported from a Word policy.\n'
        "# Every option and clause slot that policy.md uses is declared here; `policy-site check\n"
        "# --templates` fails if the two disagree.\n"
    )
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _verify(results: list[ImportResult], library: Library) -> None:
    """Check the new folders as ``check --templates`` does, and render each for a school
    that gives only what is required, in a scratch copy of the library."""
    from site_builder.config.models import USED_BY_SITE
    from site_builder.config.school import load_school
    from site_builder.render.checks import check_templates
    from site_builder.render.jinja import render_school

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "policy_templates"
        root.mkdir()
        shutil.copy(library.root / LIBRARY_FILE, root / LIBRARY_FILE)
        if (library.root / "_shared").is_dir():
            shutil.copytree(library.root / "_shared", root / "_shared")
        for result in results:
            _write_files(root / result.template_id, result.files)
        try:
            scratch = load_library(root)
            errors, _ = check_templates(scratch, USED_BY_SITE)
            if errors:
                raise WordImportError(errors)
            school = Path(tmp) / "schools" / "import-check.yml"
            school.parent.mkdir()
            school.write_text(_check_school(scratch, results), encoding="utf-8")
            render_school(load_school(school, scratch), scratch)
        except SiteBuilderError as exc:
            raise WordImportError(
                [
                    Problem(
                        display_name(results[0].folder),
                        message="the imported template does not pass its own check, a bug in "
                        f"policy-site import (please report it): {exc.problems[0].message}",
                    )
                ]
            ) from None


def _check_school(library: Library, results: list[ImportResult]) -> str:
    tree: dict[str, Any] = {}
    for name, spec in library.fields.items():
        if spec.required:
            node = tree
            *parents, last = name.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = spec.example if spec.example is not None else _STAND_IN.get(spec.type)
    tree.setdefault("everyone", ["staff"])
    adopted = dates.today().isoformat()
    tree["policies"] = {
        r.template_id: {
            "template_version": "1.0.0",
            "adopted": adopted,
            "approved_by": "Governing Body",
        }
        for r in results
    }
    tree.setdefault("governance", {})["governing_body"] = "Governing Body"
    return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True)


_STAND_IN = {
    "text": "Example",
    "email": "office@example.sch.uk",
    "url": "https://www.example.sch.uk",
    "date": "2026-09-01",
    "number": 1,
    "list": ["Example"],
    "yesno": True,
}
"""Values for required shared fields the library gives no example of."""


def _write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _write(results: list[ImportResult], library: Library) -> None:
    """Stage every folder beside the library's templates, then rename each into place."""
    staged: list[tuple[Path, ImportResult]] = []
    try:
        for result in results:
            stage = Path(
                tempfile.mkdtemp(prefix=f".import-{result.template_id}-", dir=library.root)
            )
            _write_files(stage, result.files)
            staged.append((stage, result))
        for stage, result in staged:
            target = result.folder
            old = None
            if target.exists():
                old = target.with_name(f".{target.name}-old-{uuid.uuid4().hex[:8]}")
                target.rename(old)
            stage.rename(target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
    finally:
        for stage, _ in staged:
            if stage.exists():
                shutil.rmtree(stage, ignore_errors=True)
