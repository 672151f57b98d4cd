"""A school's configuration (``schools/<slug>.yml``), validated against the library.

Every problem is collected and reported at once, each located at the line and column the
YAML parser saw. Nothing here renders or writes files.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from site_builder.config import dates
from site_builder.config.external import EXTERNAL_KEY, read_external
from site_builder.config.feature_fields import located
from site_builder.config.fields import FieldSpec
from site_builder.config.images import ImageFile
from site_builder.config.languages import (
    LANGUAGE_FIELDS,
    article_warnings,
    in_language,
    read_languages,
    word_problems,
)
from site_builder.config.library import Library
from site_builder.config.models import (
    POLICY_FIELDS,
    POLICY_GROUPS,
    Adoption,
    SchoolConfig,
    _roles,
    approvers,
    policy_fields,
)
from site_builder.config.nodes import KeyPath
from site_builder.config.references import reference_clashes
from site_builder.config.reviews import (
    adoption_warnings,
    review_warnings,
)
from site_builder.config.source import Located, config_file_problem, load_yaml
from site_builder.config.spelling import suggest
from site_builder.config.statutory import statutory_problems
from site_builder.config.template_model import ID_PATTERN, Template
from site_builder.config.validators import Context, Invalid
from site_builder.errors import ConfigError, Problem
from site_builder.print.fonts import unprintable


def load_school(path: Path, library: Library, language: str | None = None) -> SchoolConfig:
    """Read and validate ``path``; raise :class:`ConfigError` listing every problem.

    A bilingual school's config is read in one of its languages (its primary unless
    ``language`` names another): see :mod:`site_builder.config.languages`."""
    # After a syntax mistake the rest of the file is still checked, so that one run lists
    # every mistake; such a config is never built.
    if path.is_symlink():
        refused = config_file_problem(path)
        if refused is not None:
            raise ConfigError([refused])
    doc, problems = load_yaml(path, what="school config", recover=True, numbers_as_typed=True)
    if doc is None:
        raise ConfigError(problems)
    languages, found = read_languages(doc)
    problems += found + word_problems(doc, library, languages)
    articles = article_warnings(doc) if "cy" in languages.codes else []
    lang = language if language in languages.codes else languages.codes[0]
    doc = in_language(doc, lang)
    slug = path.stem
    if not ID_PATTERN.match(slug):
        problems.append(
            Problem(
                doc.file,
                message=f'the file name "{path.name}" must be the school\'s short id: '
                "lower-case letters, digits and hyphens, like st-marys.yml",
            )
        )
    checker = _Checker(doc, library, path.parent)
    values = checker.shared_values()
    config = SchoolConfig(
        slug=slug,
        path=path,
        source=doc,
        values=values,
        language=lang,
        languages=languages.codes,
        allow_untranslated=languages.allow_untranslated,
    )
    config.policies = checker.policies(values)
    config.external = read_external(
        checker,
        doc.data.get(EXTERNAL_KEY),
        library,
        {a.id for a in config.policies} | set(doc.data.get("policies") or {}),
        values.get("school.headteacher_title") or "Headteacher",
    )
    problems += doc.after_syntax_errors(checker.problems)
    if problems:
        raise ConfigError(problems)
    found, config.info = statutory_problems(config, library.register)
    config.warnings = sorted(
        checker.notes + articles + adoption_warnings(config) + review_warnings(config) + found,
        key=lambda p: (p.line or 0, p.column or 0, p.message),
    )
    return config


class _Checker:
    def __init__(self, doc: Located, library: Library, base_dir: Path) -> None:
        self.doc = doc
        self.library = library
        self.base_dir = base_dir
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        """Warnings found while checking values."""
        self.committees: list[str] = []
        # Keys probably meant by a misspelt key, or inside a group written as a plain value:
        # "is required" would only repeat the news.
        self.misspelt: set[KeyPath] = set()

    def error(self, path: KeyPath, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def unknown(self, path: KeyPath, known: list[str], message: str = "unknown key") -> None:
        """A key that is not declared; remember what it was probably meant to be."""
        key = str(path[-1])
        hint = suggest(key, known)
        if hint:
            self.misspelt.add((*path[:-1], hint.split('"')[1]))
        self.problems.append(self.doc.problem(path, f"{message}{hint}", at_key=True))

    def shared_values(self) -> dict[str, Any]:
        data = self.doc.data
        fields = self.library.fields
        groups: dict[str, set[str]] = {}
        for name in fields:
            head, _, rest = name.partition(".")
            groups.setdefault(head, set())
            if rest:
                groups[head].add(rest)
        allowed_top = sorted({*groups, "policies", *LANGUAGE_FIELDS, EXTERNAL_KEY})
        for key in data:
            if key not in allowed_top:
                self.unknown((key,), allowed_top)
        for head, subkeys in groups.items():
            node = data.get(head)
            if subkeys and node is not None and not isinstance(node, dict):
                self.error((head,), "must be a group of keys, each on its own indented line")
                self.misspelt.update(tuple(f"{head}.{k}".split(".")) for k in subkeys)
            elif subkeys and isinstance(node, dict):
                for key in node:
                    if key not in subkeys:
                        self.unknown((head, key), sorted(subkeys))
        # Committees first: other fields are checked against them.
        self.committees = approvers(
            fields,
            self._lookup(data, "governance.governing_body"),
            self._lookup(data, "governance.committees"),
        )
        values: dict[str, Any] = {}
        for name, spec in fields.items():
            raw = self._lookup(data, name)
            path = tuple(name.split("."))
            values[name] = self.check(spec, raw, path)
        return values

    @staticmethod
    def _lookup(data: dict[str, Any], dotted_name: str) -> Any:
        node: Any = data
        for part in dotted_name.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node

    def _commented_out(self, path: KeyPath) -> str | None:
        """The value YAML took for a comment, if any: ``colour: #1d4f91`` (a comment is
        written ``# words``, with a space; ``#1d4f91`` or ``#1 Friends`` was meant as a value)."""
        line, _ = self.doc.key_positions.get(path, (None, None))
        if line is None or line > len(self.doc.lines):
            return None
        text = self.doc.lines[line - 1]
        at = text.find(": #")
        if at < 0 or at + 3 >= len(text) or text[at + 3] in " \t#":
            return None
        value = text[at + 2 :].split(" #", 1)[0].strip()  # a comment after it is not part of it
        return value if len(value) <= 60 else value[:57] + "..."

    def _lost_item(self, raw: Any, path: KeyPath) -> tuple[int, str] | None:
        """A list item YAML took for a comment: ``- #1 Lift out of order``."""
        if not isinstance(raw, list):
            return None
        for i, item in enumerate(raw):
            line, _ = self.doc.positions.get((*path, i), (None, None))
            if item is None and line is not None and line <= len(self.doc.lines):
                text = self.doc.lines[line - 1].strip()
                if text.startswith("- #") and len(text) > 3 and text[3] not in " \t#":
                    value = text[2:].split(" #", 1)[0].strip()
                    return i, value if len(value) <= 60 else value[:57] + "..."
        return None

    def check(self, spec: FieldSpec, raw: Any, path: KeyPath, also: tuple[str, ...] = ()) -> Any:
        """The value of one declared field, or None after recording why it is wrong;
        ``also`` are more names a ``committee`` field accepts (the headteacher)."""
        lost_item = self._lost_item(raw, path)
        if lost_item is not None:
            index, value = lost_item
            self.error(
                (*path, index),
                f'item {index + 1} is empty: YAML reads what follows " #" as a comment; put the '
                f'value in double quotes, like - "{value}"',
            )
            return None
        lost = self._commented_out(path) if raw is None else None
        if lost is not None:
            self.error(
                path,
                'is empty: YAML reads what follows " #" as a comment; put the value in double '
                f'quotes, like {path[-1]}: "{lost}"',
            )
            return None
        if raw is None:
            if spec.required and path not in self.misspelt:
                what = "is required" if not self._present(path) else "is empty"
                self.error(path, f"{what}: {spec.description} (for example: {spec.example!s})")
                return None
            return spec.default
        ctx = Context(
            committees=(*self.committees, *also),
            base_dir=self.base_dir,
            templates={tid: t.title for tid, t in self.library.templates.items()},
        )
        try:
            value = spec.validate(raw, ctx)
        except Invalid as exc:
            unknown = str(exc).startswith("unknown key")  # at the key, in a list of groups
            self.problems.append(self.doc.problem(located(exc, path), str(exc), at_key=unknown))
            return None
        for at, note in ctx.notes:
            self.notes.append(
                self.doc.problem(
                    path if at is None else (*path, at),
                    f"{note}; write it that way to remove this note",
                )
            )
        if isinstance(value, ImageFile) and value.removed:
            self.notes.append(
                self.doc.problem(
                    path,
                    "the SVG was cleaned before publishing; removed: " + ", ".join(value.removed),
                )
            )
        for i, text in enumerate(value if isinstance(value, list) else [value]):
            bad = unprintable(text) if isinstance(text, str) else None
            if bad is not None:
                where = (*path, i) if isinstance(value, list) else path
                self.error(
                    where,
                    f'contains "{bad}" (U+{ord(bad):04X}), which the printed '
                    "policies' font cannot show; use another character",
                )
                return None
        return value

    def _present(self, path: KeyPath) -> bool:
        return path in self.doc.positions

    def policies(self, values: dict[str, Any]) -> list[Adoption]:
        node = self.doc.data.get("policies")
        if node is None:
            what = "is empty" if "policies" in self.doc.data else "is required"
            self.error(("policies",), f"{what}: list the policies the school has adopted")
            return []
        if not isinstance(node, dict):
            self.error(("policies",), "must be a group with one key per policy id")
            return []
        if not node:
            self.error(("policies",), "is empty: list the policies the school has adopted")
            return []
        out = []
        for policy_id, entry in node.items():
            adoption = self.policy(str(policy_id), entry, values)
            if adoption is not None:
                out.append(adoption)
        self.problems += reference_clashes(self.doc, out)
        return out

    def policy(self, policy_id: str, entry: Any, values: dict[str, Any]) -> Adoption | None:
        base: KeyPath = ("policies", policy_id)
        templates = self.library.templates
        if policy_id not in templates:
            self.problems.append(
                self.doc.problem(
                    base,
                    f"no template with this id in the library{suggest(policy_id, list(templates))}"
                    f" (the library has: {', '.join(templates)})",
                    at_key=True,
                )
            )
            return None
        template = templates[policy_id]
        if not isinstance(entry, dict):
            self.error(
                base, "must be a group of keys (template_version, adopted, approved_by, ...)"
            )
            return None
        known = sorted({*POLICY_FIELDS, *POLICY_GROUPS})
        for key in entry:
            if key not in known:
                self.unknown((*base, key), known)
        before = len(self.problems)
        got = {
            name: self.check(spec, entry.get(name), (*base, name))
            for name, spec in policy_fields(self.library).items()
        }
        version = got["template_version"]
        current = template
        if version is not None:
            adopted_version = template.version_of(version)
            if adopted_version is None:
                have = ", ".join(template.versions)
                self.error(
                    (*base, "template_version"),
                    f"the library has version{'s' if len(template.versions) > 1 else ''} "
                    f'{have} of "{template.title}", not "{version}"',
                )
            else:
                template = adopted_version
        if got["review_date"] is not None and got["review_cycle_months"] is not None:
            self.error((*base, "review_date"), "give review_date or review_cycle_months, not both")
        adopted = got["adopted"]
        review = got["review_date"]
        if adopted is not None and review is None:
            review = dates.add_months(
                adopted, got["review_cycle_months"] or template.review_cycle_months
            )
        if adopted is not None and review is not None and review <= adopted:
            self.error(
                (*base, "review_date"),
                f"the review date {dates.uk(review)} is not after the adoption date "
                f"{dates.uk(adopted)}",
            )
        options = self._group(entry, base, "options", template.options, template)
        clauses = self._group(entry, base, "clauses", template.clauses, template)
        if len(self.problems) > before:
            return None
        everyone = got["everyone"] or values.get("everyone") or template.applies_to
        features = template.features
        numbered = got["numbered_sections"]
        return Adoption(
            reference=got["reference"] or features.reference,
            numbered_sections=features.numbered_sections if numbered is None else numbered,
            related=(*features.related, *(replace(d, own=True) for d in got["related"] or ())),
            current=current if template is not current else None,
            template=template,
            template_version=version,
            adopted=adopted,
            approved_by=got["approved_by"],
            review_date=review,
            everyone=list(everyone),
            signatures=list(got["signatures"] or _roles(template.signatures, values)),
            options=options,
            clauses={k: v or [] for k, v in clauses.items()},
            path=base,
        )

    def _group(
        self,
        entry: dict[str, Any],
        base: KeyPath,
        group: str,
        specs: dict[str, FieldSpec],
        template: Template,
    ) -> dict[str, Any]:
        node = entry.get(group, {}) or {}
        path = (*base, group)
        if not isinstance(node, dict):
            self.error(path, f"must be a group of keys: {POLICY_GROUPS[group]}")
            return {}
        for key in node:
            if key not in specs:
                offered = ", ".join(specs) or "none"
                self.unknown(
                    (*path, key),
                    list(specs),
                    f'"{template.title}" has no {group[:-1]} with this name',
                )
                self.problems[-1] = replace(
                    self.problems[-1],
                    message=(f"{self.problems[-1].message} (it offers: {offered})"),
                )
        return {
            name: self.check(spec, node.get(name), (*path, name)) for name, spec in specs.items()
        }
