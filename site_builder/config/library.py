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

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from site_builder.config.dates import parse_iso
from site_builder.config.feature_fields import TEMPLATE_KEYS as FEATURE_KEYS
from site_builder.config.feature_fields import read_features, related_titles, template_ids
from site_builder.config.features import TemplateFeatures
from site_builder.config.fields import FieldSpec, spec_from_declaration
from site_builder.config.register import read_register, school_fields_problems
from site_builder.config.register_model import (
    REGISTER_FILE,
    Register,
)
from site_builder.config.source import Located, display_name, load_yaml
from site_builder.config.validators import suggest
from site_builder.errors import Problem, TemplateError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+\.\d+$")
LIBRARY_FILE = "library.yml"
DECLARATION_FILE = "template.yml"
TEXT_FILE = "policy.md"
CHANGELOG_FILE = "changelog.yml"
ARCHIVE_FOLDER = "versions"

_TEMPLATE_KEYS = {
    "id": "the policy's id, the same as its folder name",
    "title": "the policy's title",
    "version": "the template's version, MAJOR.MINOR.PATCH",
    "summary": "one line saying what the policy is for",
    "applies_to": "who the policy covers unless the school says otherwise",
    "suggested_approver": "who normally approves it (the governing body or a committee)",
    "review_cycle_months": "how often it is normally reviewed, in months",
    "options": "the choices a school makes when adopting it",
    "clauses": "the places where a school may add its own items",
    "signatures": "who signs a printed copy unless the school says otherwise",
    **FEATURE_KEYS,
    "statutory": "true when the law requires the policy (it then has an entry in register.yml)",
}
_LIBRARY_KEYS = {"name", "fields"}


@dataclass(frozen=True)
class Template:
    """One policy template: its declaration and its Jinja source."""

    id: str
    title: str
    version: str
    summary: str
    applies_to: list[str]
    suggested_approver: str
    review_cycle_months: int
    options: dict[str, FieldSpec]
    clauses: dict[str, FieldSpec]
    signatures: list[str]
    folder: Path
    declaration_file: str
    archived: bool = False
    """An earlier released version, kept in ``versions/<version>/`` with its own text."""
    archive: dict[str, Template] = field(default_factory=dict)
    """Earlier released versions by version number (only on the current template)."""
    changelog: dict[str, Change] = field(default_factory=dict)
    """What changed in each version, for schools (only on the current template)."""
    features: TemplateFeatures = field(default_factory=TemplateFeatures)
    """Its reference code, numbered sections, related documents and sign-off sheet."""
    statutory: bool = False
    """The template is a policy the law requires (the register says for which schools)."""

    @property
    def text_path(self) -> Path:
        return self.folder / TEXT_FILE

    @property
    def jinja_name(self) -> str:
        return TEXT_FILE if self.archived else f"{self.id}/{TEXT_FILE}"

    @property
    def jinja_root(self) -> Path | None:
        """Where an archived version's text (and its copy of ``_shared``) is loaded from."""
        return self.folder if self.archived else None

    def version_of(self, version: str) -> Template | None:
        """This template as it was at ``version`` (current or archived), if the library has it."""
        return self if version == self.version else self.archive.get(version)

    @property
    def versions(self) -> list[str]:
        """Every version the library can render, oldest first."""
        return sorted({*self.archive, self.version}, key=version_key)


@dataclass(frozen=True)
class Change:
    """One version's entry in a template's changelog."""

    version: str
    date: str
    summary: str
    notes: str = ""
    first_used: str = ""
    """When schools first had this wording, if before its release here (``YYYY-MM-DD``):
    an LA moving its schools in records that a Word copy was adopted in 2019, say."""

    @property
    def in_force_from(self) -> dt.date:
        """The earliest date a school can truly have adopted this version."""
        dates = [parse_iso(self.date), parse_iso(self.first_used) if self.first_used else None]
        return min(d for d in dates if d is not None)


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10.0"`` sorts after ``"1.9.0"``."""
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        return (-1,)


@dataclass
class Library:
    """All shared declarations and templates of one LA."""

    root: Path
    name: str
    fields: dict[str, FieldSpec]
    templates: dict[str, Template] = field(default_factory=dict)
    register: Register = field(default_factory=lambda: Register(file=REGISTER_FILE))
    """The statutory register (``register.yml``): which policies each type of school needs."""
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Things derived from the library once per run (the compiled Jinja environment)."""

    @property
    def everyone_groups(self) -> dict[str, str]:
        """Group id -> how the policies name that group."""
        return self.fields["everyone"].choices


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
    lib = Library(root=root, name="", fields={})
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
    for key in data:
        if key not in _LIBRARY_KEYS:
            problems.append(
                doc.problem((key,), f"unknown key{suggest(key, sorted(_LIBRARY_KEYS))}")
            )
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(doc.problem(("name",), "give the library a name (the LA's name)"))
    else:
        lib.name = name.strip()
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
    data = doc.data
    before = len(problems)
    for key in data:
        if key not in _TEMPLATE_KEYS:
            hint = suggest(key, sorted(_TEMPLATE_KEYS))
            problems.append(doc.problem((key,), f"unknown key{hint}", at_key=True))
    meant = {
        suggest(k, sorted(_TEMPLATE_KEYS)).split('"')[1]
        for k in data
        if k not in _TEMPLATE_KEYS and suggest(k, sorted(_TEMPLATE_KEYS))
    }
    for key in ("id", "title", "version", "summary", "suggested_approver"):
        if key in meant:
            continue  # already reported as a misspelling
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(doc.problem((key,), f"needs {_TEMPLATE_KEYS[key]} (text)"))
    tid = data.get("id")
    if isinstance(tid, str):
        if not ID_PATTERN.match(tid):
            problems.append(doc.problem(("id",), "use lower-case letters, digits and hyphens"))
        elif tid != (template_id or folder.name):
            problems.append(
                doc.problem(("id",), f'must match its folder name "{template_id or folder.name}"')
            )
    version = data.get("version")
    if isinstance(version, str) and not VERSION_PATTERN.match(version):
        problems.append(doc.problem(("version",), "use MAJOR.MINOR.PATCH, like 1.2.0"))
    cycle = data.get("review_cycle_months", 12)
    if isinstance(cycle, bool) or not isinstance(cycle, int) or cycle < 1:
        problems.append(doc.problem(("review_cycle_months",), "must be a whole number of months"))
    applies_to = data.get("applies_to", [])
    groups = lib.everyone_groups if "everyone" in lib.fields else {}
    if not isinstance(applies_to, list) or not applies_to:
        problems.append(doc.problem(("applies_to",), "needs a list of groups"))
    else:
        for i, group in enumerate(applies_to):
            if groups and group not in groups:
                problems.append(
                    doc.problem(
                        ("applies_to", i),
                        f'"{group}" is not a group declared in '
                        f"{LIBRARY_FILE}{suggest(str(group), list(groups))}",
                    )
                )
    statutory = data.get("statutory", False)
    if not isinstance(statutory, bool):
        problems.append(doc.problem(("statutory",), "must be true or false"))
    signatures = data.get("signatures", [])
    if not isinstance(signatures, list) or not all(isinstance(r, str) for r in signatures):
        problems.append(doc.problem(("signatures",), "must be a list of roles, like [Headteacher]"))
    options = _read_specs(doc, ("options",), problems)
    clauses = _read_clauses(doc, problems)
    features = read_features(doc, template_ids(lib.root), problems)
    if not (folder / TEXT_FILE).is_file():
        problems.append(Problem(display_name(folder / TEXT_FILE), message="policy text not found"))
    if len(problems) > before:
        return None
    return Template(
        id=tid,
        title=data["title"].strip(),
        version=version,
        summary=data["summary"].strip(),
        applies_to=list(applies_to),
        suggested_approver=data["suggested_approver"].strip(),
        review_cycle_months=cycle,
        options=options,
        clauses=clauses,
        signatures=list(signatures),
        folder=folder,
        declaration_file=doc.file,
        features=features,
        statutory=statutory is True,
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
