"""Typed field declarations: the single source of truth for every value a school gives.

A field is declared once (shared fields in ``policy_templates/library.yml``, a template's own
options in its ``template.yml``, the per-policy keys in :mod:`site_builder.config.school`) and
everything else derives from that declaration: validation, error messages, the JSON Schema and
the documentation. This module must not know about any particular field.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from site_builder.config.features import FEATURE_SCHEMAS, FEATURE_VALIDATORS, FEATURE_WORDS
from site_builder.config.spelling import suggest
from site_builder.config.validators import (
    _SCHEMAS,
    _TYPE_WORDS,
    _UNFILLED,
    _VALIDATORS,
    MAX_ITEMS,
    MAX_LENGTH,
    NUMBER_RANGE,
    Context,
    Invalid,
    _show,
)

if TYPE_CHECKING:
    from site_builder.config.source import Located
    from site_builder.errors import Problem

TYPES = (
    "text", "date", "list", "choice", "choices", "yesno",
    "url", "email", "committee", "colour", "number", "image", "code", "related", "pdf",
)  # fmt: skip
_ALL_VALIDATORS = {**_VALIDATORS, **FEATURE_VALIDATORS}
_ALL_SCHEMAS = {**_SCHEMAS, **FEATURE_SCHEMAS}
_ALL_WORDS = {**_TYPE_WORDS, **FEATURE_WORDS}


# Words that are written in capitals (or their own way) wherever they appear in a label.
_ACRONYMS = {
    "it": "IT", "ict": "ICT", "pta": "PTA", "senco": "SENCo", "send": "SEND", "sen": "SEN",
    "dfe": "DfE", "la": "LA", "url": "URL", "pe": "PE", "rse": "RSE", "cctv": "CCTV",
    "gdpr": "GDPR", "dsl": "DSL", "eyfs": "EYFS", "ks1": "KS1", "ks2": "KS2", "id": "ID",
}  # fmt: skip


@dataclass(frozen=True)
class FieldSpec:
    """One declared field or option."""

    name: str
    type: str
    description: str
    example: Any = None
    required: bool = False
    default: Any = None
    choices: dict[str, str] = field(default_factory=dict)
    """For ``choice``/``choices``: value -> what it means, in words."""
    label: str = ""
    """A short name for people ("School name"); derived from ``name`` when not declared."""
    minimum: int | None = None
    """For ``number``: the smallest value (default :data:`NUMBER_RANGE`)."""
    maximum: int | None = None
    """For ``number``: the largest value (default :data:`NUMBER_RANGE`)."""
    max_length: int | None = None
    """The most characters of one value or list item (default :data:`MAX_LENGTH`)."""
    max_items: int | None = None
    """For lists: the most items (default :data:`MAX_ITEMS`)."""
    translated: bool | None = None
    """Whether the value is words that a bilingual school gives in each language
    (``{cy: ..., en: ...}``); None: a template's text and list options are, shared fields
    are not (see :mod:`site_builder.config.languages`)."""

    @property
    def length_limit(self) -> int:
        return self.max_length or MAX_LENGTH.get(self.type, 1000)

    @property
    def items_limit(self) -> int:
        return self.max_items or MAX_ITEMS

    @property
    def number_range(self) -> tuple[int, int]:
        low, high = NUMBER_RANGE
        return (
            self.minimum if self.minimum is not None else low,
            self.maximum if self.maximum is not None else high,
        )

    @property
    def title(self) -> str:
        """The label, or the name's last part in words (``device_storage``: "Device storage",
        ``it_support``: "IT support")."""
        if self.label:
            return self.label
        words = [_ACRONYMS.get(w, w) for w in self.name.rsplit(".", 1)[-1].split("_")]
        text = " ".join(words)
        return text[:1].upper() + text[1:]

    def validate(self, value: Any, ctx: Context) -> Any:
        """Return the value converted to its Python type, or raise :class:`Invalid`."""
        if isinstance(value, str):
            unfilled = _UNFILLED.search(value)
            if unfilled:
                raise Invalid(
                    f'"{unfilled.group(0)[:20]}" looks like a placeholder that was never filled '
                    "in; write the real text"
                )
        return _ALL_VALIDATORS[self.type](self, value, ctx)

    def json_schema(self) -> dict[str, Any]:
        """A JSON Schema fragment for editors (autocomplete and red squiggles)."""
        schema: dict[str, Any] = dict(_ALL_SCHEMAS[self.type])
        if self.type == "choice":
            schema["enum"] = list(self.choices)
        elif self.type == "choices":
            schema["items"] = {"enum": list(self.choices)}
            schema["maxItems"] = self.items_limit
        elif self.type in ("list", "related"):
            if self.type == "list":
                schema["items"] = {**schema["items"], "maxLength": self.length_limit}
            schema["maxItems"] = self.items_limit
        elif self.type == "number":
            schema["minimum"], schema["maximum"] = self.number_range
        elif schema.get("type") == "string":
            schema["maxLength"] = self.length_limit
        schema["description"] = self.description
        if self.example is not None:
            schema["examples"] = [self.example]
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def describe_type(self) -> str:
        """The type in words, for documentation and prompts."""
        if self.type == "choice":
            return "one of: " + ", ".join(self.choices)
        if self.type == "choices":
            return "a list of: " + ", ".join(self.choices)
        if self.type == "number":
            low, high = self.number_range
            return f"whole number from {low} to {high}"
        if self.type == "list":
            return f"list of text (at most {self.items_limit} items)"
        if self.type == "text":
            return f"text (at most {self.length_limit} characters)"
        return _ALL_WORDS[self.type]


# Limits a declaration may set: (smallest, largest, the types that take it).
_LIMIT_KEYS: dict[str, tuple[int, int, tuple[str, ...]]] = {
    "minimum": (0, 100_000, ("number",)),
    "maximum": (0, 100_000, ("number",)),
    "max_length": (1, 10_000, ("text", "list")),
    "max_items": (1, 500, ("list", "choices")),
}


def spec_from_declaration(
    name: str, decl: Any
) -> tuple[FieldSpec | None, list[tuple[str | None, str]]]:
    """Build a :class:`FieldSpec` from a YAML declaration; return it and the problems found.

    Each problem is ``(declaration key or None, message)`` so the caller can point at the
    exact line (``type:``, ``default:``) that is wrong.
    """
    errors: list[tuple[str | None, str]] = []
    if not isinstance(decl, dict):
        return None, [
            (None, "a field declaration must be a group of keys (type, description, ...)")
        ]
    allowed = {
        "type", "description", "example", "required", "default", "choices", "label",
        "translated", *_LIMIT_KEYS,
    }  # fmt: skip
    for key in decl:
        if key not in allowed:
            errors.append((key, f"unknown declaration key{suggest(key, sorted(allowed))}"))
    ftype = decl.get("type")
    if ftype not in TYPES:
        errors.append(
            (
                "type",
                f"{_show(ftype)} is not one of: {', '.join(TYPES)}{suggest(str(ftype), TYPES)}",
            )
        )
    description = decl.get("description")
    if not isinstance(description, str) or not description.strip():
        errors.append((None, "needs a description, written for the school"))
    choices_decl = decl.get("choices", {})
    choices: dict[str, str] = {}
    if ftype in ("choice", "choices"):
        if isinstance(choices_decl, dict) and choices_decl:
            choices = {str(k): str(v) for k, v in choices_decl.items()}
        else:
            errors.append(("choices", "needs choices: a group of value: meaning"))
    required = decl.get("required", False)
    if not isinstance(required, bool):
        errors.append(("required", "must be yes or no"))
    limits: dict[str, int] = {}
    for key, (low, high, types) in _LIMIT_KEYS.items():
        if key not in decl:
            continue
        value = decl[key]
        if ftype not in types:
            errors.append((key, f"only a field of type {' or '.join(types)} can have {key}"))
        elif isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors.append((key, f"must be a whole number from {low} to {high}"))
        else:
            limits[key] = value
    translated = decl.get("translated")
    if translated is not None and not isinstance(translated, bool):
        errors.append(("translated", "must be yes or no"))
    if errors:
        return None, errors
    spec = FieldSpec(
        name=name,
        type=str(ftype),
        description=str(description).strip(),
        example=decl.get("example"),
        required=required,
        default=decl.get("default"),
        choices=choices,
        label=str(decl.get("label") or ""),
        translated=translated,
        **limits,
    )
    low, high = spec.number_range
    if low > high:
        errors.append(("maximum", f"is smaller than the minimum, {low}"))
    for what in ("default", "example"):
        value = decl.get(what)
        if value is None or spec.type in ("committee", "image", "pdf"):
            continue
        try:
            spec.validate(value, Context())
        except Invalid as exc:
            errors.append((what, str(exc)))
    if spec.required and spec.default is not None:
        errors.append(("default", "a required field cannot have a default"))
    return (None if errors else spec), errors


def declared(type: str, description: str, **spec: Any) -> Any:
    """A dataclass field of a fixed model (``la.yml``, ``template.yml``), declared as the
    field it is read from: :func:`declarations` gives its :class:`FieldSpec` and
    :func:`read_declared` reads a file with them, so the model and its checks are one
    declaration. A field that is neither ``required`` nor given a ``default`` defaults to
    None."""
    meta = {"declared": (type, description, spec)}
    if spec.get("required"):
        return dataclasses.field(metadata=meta)
    default = spec.get("default")
    if isinstance(default, list):
        return dataclasses.field(default_factory=lambda: list(default), metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def declarations(model: type) -> dict[str, FieldSpec]:
    """The :class:`FieldSpec` of each field of ``model`` made with :func:`declared`."""
    out = {}
    for f in dataclasses.fields(model):
        if "declared" in f.metadata:
            ftype, description, spec = f.metadata["declared"]
            out[f.name] = FieldSpec(f.name, ftype, description, **spec)
    return out


def read_declared(
    doc: Located,
    specs: dict[str, FieldSpec],
    ctx: Context,
    problems: list[Problem],
    *,
    other_keys: Collection[str] = (),
    misspelt_once: bool = False,
) -> dict[str, Any]:
    """The values of ``doc``'s top-level keys checked against ``specs``: a misspelt key, a
    missing required one and each wrong value is a located problem added to ``problems``.
    ``other_keys`` are read by the caller. With ``misspelt_once``, a required key that was
    misspelt is reported only as the misspelling, not also as missing."""
    known = [*specs, *other_keys]
    meant = misspelt(doc, known) if misspelt_once else set()
    values: dict[str, Any] = {}
    for key in doc.data:
        if key not in known:
            hint = suggest(str(key), known)
            problems.append(doc.problem((key,), f"unknown key{hint}", at_key=True))
    for name, spec in specs.items():
        raw = doc.data.get(name)
        if raw is None:
            if spec.required and name not in meant:
                problems.append(doc.problem((name,), f"is required: {spec.description}"))
            continue
        try:
            values[name] = spec.validate(raw, ctx)
        except Invalid as exc:
            path: tuple[Any, ...] = (name,) if exc.index is None else (name, exc.index)
            problems.append(doc.problem(path, str(exc)))
    return values


def misspelt(doc: Located, known: Collection[str]) -> set[str]:
    """The known keys that unknown keys of ``doc`` were probably meant to be."""
    out = set()
    for key in doc.data:
        if key not in known:
            hint = suggest(str(key), list(known))
            if hint:
                out.add(hint.split('"')[1])
    return out
