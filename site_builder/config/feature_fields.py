"""The fields of the features any template can use, declared once: a template gives them in
``template.yml`` and a school may give them again under ``policies.<id>`` to override the
template (:data:`FEATURE_FIELDS`, which :mod:`site_builder.config.models` adds to every
policy entry); and the template's ``sign_off`` sheet, which only a template declares.

Types and validators are in :mod:`site_builder.config.features`; this module reads a
template's declaration with them and reports each mistake at its line and column.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.config.features import (
    KINDS,
    REFERENCE_LENGTH,
    SIGN_OFF_COLUMNS,
    SIGN_OFF_KEYS,
    SIGN_OFF_ROWS,
    STATEMENT,
    SignOff,
    TemplateFeatures,
)
from site_builder.config.fields import FieldSpec
from site_builder.config.source import Located
from site_builder.config.validators import Context, Invalid, _text
from site_builder.errors import Problem

if TYPE_CHECKING:
    from site_builder.config.library import Library
    from site_builder.config.template_model import Template

FEATURE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec(
            "reference", "code",
            "The policy's reference code, shown by its title, in its adoption details and in "
            "the contents of all policies. Leave out to use the template's code.",
            example="HR02", max_length=REFERENCE_LENGTH,
        ),
        FieldSpec(
            "numbered_sections", "yesno",
            'Number the policy\'s sections and subsections ("1", "1.1") on the page and on '
            "paper. Leave out to follow the template.",
            example=True,
        ),
        FieldSpec(
            "related", "related",
            "Documents and laws to list at the end of the policy, after the template's own: "
            "each with a title and a url (https://), or the id of another policy "
            "(policy: complaints-procedure), and optionally a kind ("
            + ", ".join(KINDS) + ").",
            example=[{"title": "Our home-school agreement", "kind": "policy"}],
            max_items=30,
        ),
    )
}  # fmt: skip


TEMPLATE_KEYS = {
    "reference": "the policy's usual reference code, like HR02",
    "numbered_sections": "whether its sections are numbered (1, 1.1), yes or no",
    "related": "documents and laws listed at the end of the policy",
    "sign_off": "a sheet at the end of the printed copies for each person to sign",
}
"""The keys of ``template.yml`` this module reads."""


def located(exc: Invalid, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """Where in the file the mistake ``exc`` reports is: the list item and its key."""
    if exc.index is not None:
        path = (*path, exc.index)
    if exc.key is not None:
        path = (*path, exc.key)
    return path


def read_features(
    doc: Located, templates: dict[str, str], problems: list[Problem]
) -> TemplateFeatures:
    """The features ``template.yml`` declares; each mistake is added to ``problems``.

    ``templates`` maps every template id of the library to its title, so that a related
    ``policy:`` can be checked against them."""
    ctx = Context(templates=templates)
    got: dict[str, Any] = {}
    for name, spec in FEATURE_FIELDS.items():
        raw = doc.data.get(name)
        if raw is None:
            continue
        try:
            got[name] = spec.validate(raw, ctx)
        except Invalid as exc:
            unknown = str(exc).startswith("unknown key")
            problems.append(doc.problem(located(exc, (name,)), str(exc), at_key=unknown))
    return TemplateFeatures(
        reference=got.get("reference"),
        numbered_sections=bool(got.get("numbered_sections", False)),
        related=tuple(got.get("related") or ()),
        sign_off=_sign_off(doc, problems),
    )


def _sign_off(doc: Located, problems: list[Problem]) -> SignOff | None:
    node = doc.data.get("sign_off")
    if node is None:
        return None
    if not isinstance(node, dict):
        problems.append(
            doc.problem(("sign_off",), "must be a group of keys: statement, columns, rows")
        )
        return None
    before = len(problems)
    for key in node:
        if key not in SIGN_OFF_KEYS:
            problems.append(
                doc.problem(
                    ("sign_off", key),
                    f"unknown key (a sign-off sheet has: {', '.join(SIGN_OFF_KEYS)})",
                    at_key=True,
                )
            )
    statement = ""
    try:
        statement = _text(STATEMENT, node.get("statement"), Context())
    except Invalid as exc:
        problems.append(
            doc.problem(("sign_off", "statement"), f"needs the statement each person signs: {exc}")
        )
    columns = node.get("columns", ["Name", "Role", "Signature", "Date"])
    low, high = SIGN_OFF_COLUMNS
    if (
        not isinstance(columns, list)
        or not low <= len(columns) <= high
        or not all(isinstance(c, str) and 0 < len(c.strip()) <= 40 for c in columns)
    ):
        problems.append(
            doc.problem(
                ("sign_off", "columns"),
                f"must be a list of {low} to {high} column headings of at most 40 characters, "
                "like [Name, Role, Signature, Date]",
            )
        )
    rows = node.get("rows", 20)
    low, high = SIGN_OFF_ROWS
    if isinstance(rows, bool) or not isinstance(rows, int) or not low <= rows <= high:
        problems.append(
            doc.problem(("sign_off", "rows"), f"must be a whole number from {low} to {high}")
        )
    if len(problems) > before:
        return None
    return SignOff(statement=statement, columns=tuple(c.strip() for c in columns), rows=rows)


def template_ids(root: Path) -> dict[str, str]:
    """Every template id of the library (its folders), for checking related policies; the
    titles are filled in once every template is read (:func:`related_titles`)."""
    return {p.name: "" for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}


def related_titles(lib: Library) -> None:
    """A related policy given by id alone takes that template's title."""
    titles = {tid: t.title for tid, t in lib.templates.items()}

    def titled(template: Template) -> Template:
        related = template.features.related
        if all(doc.title for doc in related):
            return template
        docs = tuple(
            doc if doc.title else replace(doc, title=titles.get(doc.policy or "", doc.policy or ""))
            for doc in related
        )
        return replace(template, features=replace(template.features, related=docs))

    for tid, template in list(lib.templates.items()):
        archive = {v: titled(old) for v, old in template.archive.items()}
        template = titled(template)
        template.archive.clear()
        template.archive.update(archive)
        lib.templates[tid] = template
