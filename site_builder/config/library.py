"""The LA's template library: ``policy_templates/`` read and checked.

Layout::

    policy_templates/
      library.yml            the LA's shared field declarations (school name, governance, ...)
      _shared/               Jinja macros every template may import (definitions, wording)
      <policy-id>/
        template.yml         id, title, version, summary, defaults, options and clause slots
        policy.md            the policy text: Markdown with Jinja placeholders

This module reads declarations only; rendering lives in :mod:`site_builder.render.jinja`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder.config.dates import parse_iso
from site_builder.config.feature_fields import read_features, related_titles, template_ids
from site_builder.config.fields import (
    FieldSpec,
    declarations,
    declared,
    read_declared,
    spec_from_declaration,
)
from site_builder.config.register import read_register, school_fields_problems
from site_builder.config.register_model import (
    REGISTER_FILE,
    Register,
)
from site_builder.config.source import Located, display_name, load_yaml
from site_builder.config.spelling import suggest
from site_builder.config.template_model import (
    ARCHIVE_FOLDER,
    CHANGELOG_FILE,
    DECLARATION_FILE,
    ID_PATTERN,
    OTHER_KEYS,
    TEMPLATE_FIELDS,
    TEXT_FILE,
    VERSION_PATTERN,
    Change,
    Template,
)
from site_builder.config.validators import Context
from site_builder.errors import Problem, TemplateError

LIBRARY_FILE = "library.yml"


@dataclass
class Library:
    """All shared declarations and templates of one LA."""

    root: Path
    name: str = declared("text", "the library's name: the LA's name", required=True, max_length=200)
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    """The fields every template may use (``fields:``, declarations of their own)."""
    templates: dict[str, Template] = field(default_factory=dict)
    register: Register = field(default_factory=lambda: Register(file=REGISTER_FILE))
    """The statutory register (``register.yml``): which policies each type of school needs."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Things derived from the library once per run (the compiled Jinja environment)."""

    @property
    def everyone_groups(self) -> dict[str, str]:
        """Group id -> how the policies name that group."""
        return self.fields["everyone"].choices


LIBRARY_FIELDS = declarations(Library)
"""The plain keys of ``library.yml``."""


def default_root() -> Path:
    """``policy_templates/`` in the working folder (an LA's repository)."""
    return Path("policy_templates")


def load_library(root: Path | None = None) -> Library:
    """Read and check the whole library; raise :class:`TemplateError` listing every problem."""
    root = root or default_root()
    problems: list[Problem] = []
    if not root.is_dir():
        raise TemplateError(
            [
                Problem(
                    display_name(root),
                    message="template library folder not found "
                    "(run policy-site from the folder that holds policy_templates/)",
                )
            ]
        )
    doc, found = load_yaml(root / LIBRARY_FILE, what="library declaration")
    problems += found
    lib = Library(root=root, name="")
    if doc is not None:
        _read_library(doc, lib, problems)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name.startswith(("_", ".")):
            continue
        template = _read_template(folder, lib, problems)
        if template is not None:
            _read_history(template, lib, problems)
            lib.templates[template.id] = template
    related_titles(lib)
    lib.register = read_register(root, lib.templates, problems)
    if not lib.templates and not problems:
        problems.append(Problem(display_name(root), message="the library has no templates"))
    if problems:
        raise TemplateError(problems)
    return lib


def _read_library(doc: Located, lib: Library, problems: list[Problem]) -> None:
    data = doc.data
    values = read_declared(doc, LIBRARY_FIELDS, Context(), problems, other_keys=["fields"])
    lib.name = values.get("name", "")
    lib.fields = _read_specs(doc, ("fields",), problems)
    for required in ("school.name", "everyone", "governance.governing_body"):
        if "fields" in data and required not in lib.fields:
            problems.append(doc.problem(("fields",), f'must declare the shared field "{required}"'))
    if "everyone" in lib.fields and lib.fields["everyone"].type != "choices":
        problems.append(doc.problem(("fields", "everyone"), "must have type: choices"))
    problems += school_fields_problems(doc, lib.fields)


def _read_specs(
    doc: Located, path: tuple[str, ...], problems: list[Problem]
) -> dict[str, FieldSpec]:
    node: Any = doc.data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return {}
    if not isinstance(node, dict):
        problems.append(doc.problem(path, "must be a group of field declarations"))
        return {}
    specs = {}
    for name, decl in node.items():
        if not re.match(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", name):
            problems.append(
                doc.problem((*path, name), "a field name uses lower-case letters, digits and _")
            )
            continue
        spec, errors = spec_from_declaration(name, decl)
        _add_declaration_problems(doc, (*path, name), errors, problems)
        if spec is not None:
            specs[name] = spec
    return specs


def _add_declaration_problems(
    doc: Located,
    path: tuple[str, ...],
    errors: list[tuple[str | None, str]],
    problems: list[Problem],
) -> None:
    for key, message in errors:
        at = (*path, key) if key else path
        problems.append(doc.problem(at, message, at_key=message.startswith("unknown")))


def _read_history(template: Template, lib: Library, problems: list[Problem]) -> None:
    """Load the archived versions and the changelog of a current template."""
    archive = template.folder / ARCHIVE_FOLDER
    if archive.is_dir():
        for folder in sorted(p for p in archive.iterdir() if p.is_dir()):
            old = _read_template(folder, lib, problems, template_id=template.id)
            if old is None:
                continue
            if old.version != folder.name:
                problems.append(
                    Problem(
                        old.declaration_file,
                        message=(
                            f'declares version {old.version} but is archived as "{folder.name}"'
                        ),
                    )
                )
                continue
            template.archive[old.version] = replace(old, archived=True)
    path = template.folder / CHANGELOG_FILE
    if not path.is_file():
        return
    doc, found = load_yaml(path, what="changelog")
    problems += found
    if doc is None:
        return
    for version, entry in doc.data.items():
        if not VERSION_PATTERN.match(str(version)):
            problems.append(
                doc.problem((version,), "a version is MAJOR.MINOR.PATCH, like 1.2.0", at_key=True)
            )
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("summary"), str):
            problems.append(
                doc.problem(
                    (version,), "needs a summary: one line saying what changed, for schools"
                )
            )
            continue
        date = entry.get("date")
        if date is None or parse_iso(str(date)) is None:
            problems.append(
                doc.problem(
                    (version, "date"), "needs the date the version was released (YYYY-MM-DD)"
                )
            )
            continue
        first_used = entry.get("first_used")
        if first_used is not None and parse_iso(str(first_used)) is None:
            problems.append(
                doc.problem(
                    (version, "first_used"),
                    "must be the date schools first had this wording (YYYY-MM-DD)",
                )
            )
            continue
        template.changelog[str(version)] = Change(
            version=str(version),
            date=str(date),
            summary=entry["summary"].strip(),
            notes=str(entry.get("notes") or "").strip(),
            first_used=str(first_used or ""),
        )


def _read_template(
    folder: Path, lib: Library, problems: list[Problem], template_id: str | None = None
) -> Template | None:
    doc, found = load_yaml(folder / DECLARATION_FILE, what="template declaration")
    problems += found
    if doc is None:
        return None
    before = len(problems)
    values = read_declared(
        doc, TEMPLATE_FIELDS, Context(), problems, other_keys=OTHER_KEYS, misspelt_once=True
    )
    tid = values.get("id")
    if tid is not None:
        if not ID_PATTERN.match(tid):
            problems.append(doc.problem(("id",), "use lower-case letters, digits and hyphens"))
        elif tid != (template_id or folder.name):
            problems.append(
                doc.problem(("id",), f'must match its folder name "{template_id or folder.name}"')
            )
    version = values.get("version")
    if version is not None and not VERSION_PATTERN.match(version):
        problems.append(doc.problem(("version",), "use MAJOR.MINOR.PATCH, like 1.2.0"))
    groups = lib.everyone_groups if "everyone" in lib.fields else {}
    applies_to = values.get("applies_to")
    if applies_to == [] or (applies_to is None and "applies_to" in doc.data):
        problems.append(doc.problem(("applies_to",), "needs a list of groups"))
    for i, group in enumerate(applies_to or []):
        if groups and group not in groups:
            problems.append(
                doc.problem(
                    ("applies_to", i),
                    f'"{group}" is not a group declared in '
                    f"{LIBRARY_FILE}{suggest(str(group), list(groups))}",
                )
            )
    options = _read_specs(doc, ("options",), problems)
    clauses = _read_clauses(doc, problems)
    features = read_features(doc, template_ids(lib.root), problems)
    if not (folder / TEXT_FILE).is_file():
        problems.append(Problem(display_name(folder / TEXT_FILE), message="policy text not found"))
    if len(problems) > before:
        return None
    return Template(
        **values,
        options=options,
        clauses=clauses,
        folder=folder,
        declaration_file=doc.file,
        features=features,
    )


def _read_clauses(doc: Located, problems: list[Problem]) -> dict[str, FieldSpec]:
    """Clause slots are lists of the school's own items; only a description is needed."""
    node = doc.data.get("clauses")
    if node is None:
        return {}
    if not isinstance(node, dict):
        problems.append(doc.problem(("clauses",), "must be a group of clause slots"))
        return {}
    specs = {}
    for name, decl in node.items():
        if isinstance(decl, dict):
            decl = {"type": "list", **decl}
        spec, errors = spec_from_declaration(str(name), decl)
        _add_declaration_problems(doc, ("clauses", name), errors, problems)
        if spec is not None:
            if spec.type != "list":
                problems.append(doc.problem(("clauses", name, "type"), "a clause slot is a list"))
            specs[str(name)] = spec
    return specs
