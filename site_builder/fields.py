"""Typed field declarations: the single source of truth for every value a school gives.

A field is declared once (shared fields in ``policy_templates/library.yml``, a template's own
options in its ``template.yml``, the per-policy keys in :mod:`site_builder.schoolconfig`) and
everything else derives from that declaration: validation, error messages, the JSON Schema and
the documentation. This module must not know about any particular field.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import dates

TYPES = (
    "text", "date", "list", "choice", "choices", "yesno",
    "url", "email", "committee", "colour", "number", "image",
)  # fmt: skip

# What a Word template leaves behind when nobody filled it in.
_UNFILLED = re.compile(r"[Xx]{4,}|\[insert\b|\(insert\b|\bTODO\b|\[Author Name\]", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")


class Invalid(ValueError):
    """A value does not fit its field; the message is written for the school.

    ``index`` is set when one item of a list is at fault, so the error can point at it.
    """

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class Context:
    """What validating one value may need to know about the rest of the config."""

    committees: Sequence[str] = ()
    base_dir: Path = Path()


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

    @property
    def title(self) -> str:
        """The label, or the name's last part in words (``device_storage``: "Device storage")."""
        if self.label:
            return self.label
        words = self.name.rsplit(".", 1)[-1].replace("_", " ")
        return words[:1].upper() + words[1:]

    @property
    def has_default(self) -> bool:
        return self.default is not None

    def validate(self, value: Any, ctx: Context) -> Any:
        """Return the value converted to its Python type, or raise :class:`Invalid`."""
        return _VALIDATORS[self.type](self, value, ctx)

    def json_schema(self) -> dict[str, Any]:
        """A JSON Schema fragment for editors (autocomplete and red squiggles)."""
        schema: dict[str, Any] = dict(_SCHEMAS[self.type])
        if self.type == "choice":
            schema["enum"] = list(self.choices)
        elif self.type == "choices":
            schema["items"] = {"enum": list(self.choices)}
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
        return _TYPE_WORDS[self.type]


def suggest(word: str, options: Sequence[str]) -> str:
    """`` (did you mean "x"?)`` when a close match exists, else ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _show(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return '"' + shown.replace("\n", " ") + '"'
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _text(spec: FieldSpec, value: Any, ctx: Context) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise Invalid(f"expected text, got {_show(value)}")
    text = str(value).strip()
    if not text:
        raise Invalid("is empty; give a value or remove the key")
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\t":
            raise Invalid(f"contains an invisible control character (U+{ord(ch):04X}); remove it")
    unfilled = _UNFILLED.search(text)
    if unfilled:
        raise Invalid(
            f'"{unfilled.group(0)[:20]}" looks like a placeholder that was never filled '
            "in; write the real text"
        )
    return text


def _date(spec: FieldSpec, value: Any, ctx: Context) -> Any:
    if not isinstance(value, str):
        raise Invalid(f"{_show(value)} is not a date (use YYYY-MM-DD)")
    parsed = dates.parse_iso(value)
    if parsed is None:
        raise Invalid(f"{_show(value)} is not a date (use YYYY-MM-DD)")
    return parsed


def _list(spec: FieldSpec, value: Any, ctx: Context) -> list[str]:
    if not isinstance(value, list):
        raise Invalid(f"expected a list (one '- item' per line), got {_show(value)}")
    out = []
    for i, item in enumerate(value):
        try:
            out.append(_text(spec, item, ctx))
        except Invalid as exc:
            raise Invalid(f"item {i + 1} {exc}", index=i) from None
    return out


def _choice(spec: FieldSpec, value: Any, ctx: Context) -> str:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if not isinstance(value, str | int) or str(value) not in spec.choices:
        hint = suggest(str(value), list(spec.choices)) if isinstance(value, str) else ""
        raise Invalid(f"{_show(value)} is not one of: {', '.join(spec.choices)}{hint}")
    return str(value)


def _choices(spec: FieldSpec, value: Any, ctx: Context) -> list[str]:
    if not isinstance(value, list):
        raise Invalid(f"expected a list of: {', '.join(spec.choices)}")
    out: list[str] = []
    for i, item in enumerate(value):
        try:
            choice = _choice(spec, item, ctx)
        except Invalid as exc:
            raise Invalid(str(exc), index=i) from None
        if choice in out:
            raise Invalid(f'lists "{choice}" twice', index=i)
        out.append(choice)
    return out


def _yesno(spec: FieldSpec, value: Any, ctx: Context) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"{_show(value)} is not yes or no")
    return value


def _url(spec: FieldSpec, value: Any, ctx: Context) -> str:
    text = _text(spec, value, ctx)
    if not _URL.match(text):
        raise Invalid(f"{_show(text)} is not a web address (start it with https://)")
    return text


def _email(spec: FieldSpec, value: Any, ctx: Context) -> str:
    text = _text(spec, value, ctx)
    if not _EMAIL.match(text):
        raise Invalid(f"{_show(text)} is not an email address")
    return text


def _committee(spec: FieldSpec, value: Any, ctx: Context) -> str:
    text = _text(spec, value, ctx)
    if text not in ctx.committees:
        known = ", ".join(f'"{c}"' for c in ctx.committees)
        raise Invalid(
            f"{_show(text)} is not the governing body or one of the committees declared under "
            f"governance ({known}){suggest(text, ctx.committees)}"
        )
    return text


def _colour(spec: FieldSpec, value: Any, ctx: Context) -> str:
    text = _text(spec, value, ctx)
    if not _COLOUR.match(text):
        raise Invalid(f'{_show(text)} is not a colour (use six hex digits, like "#1d4f91")')
    return text.lower()


def _number(spec: FieldSpec, value: Any, ctx: Context) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"{_show(value)} is not a whole number of 1 or more")
    return value


def _image(spec: FieldSpec, value: Any, ctx: Context) -> Path:
    text = _text(spec, value, ctx)
    path = (ctx.base_dir / text).resolve()
    if path.suffix.lower() not in _IMAGE_SUFFIXES:
        raise Invalid(f"{_show(text)} is not a PNG, JPEG or SVG image")
    if not path.is_file():
        raise Invalid(f"{_show(text)}: no such file (the path is relative to the config file)")
    return path


_VALIDATORS: dict[str, Callable[[FieldSpec, Any, Context], Any]] = {
    "text": _text, "date": _date, "list": _list, "choice": _choice, "choices": _choices,
    "yesno": _yesno, "url": _url, "email": _email, "committee": _committee,
    "colour": _colour, "number": _number, "image": _image,
}  # fmt: skip

_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "list": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "choice": {},
    "choices": {"type": "array", "uniqueItems": True},
    "yesno": {"type": "boolean"},
    "url": {"type": "string", "pattern": "^https?://"},
    "email": {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"},
    "committee": {"type": "string", "minLength": 1},
    "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
    "number": {"type": "integer", "minimum": 1},
    "image": {"type": "string", "pattern": r"(?i)\.(png|jpe?g|svg)$"},
}

_TYPE_WORDS = {
    "text": "text",
    "date": "date (YYYY-MM-DD)",
    "list": "list of text",
    "yesno": "yes or no",
    "url": "web address",
    "email": "email address",
    "committee": "governing body or committee",
    "colour": "colour (#rrggbb)",
    "number": "whole number",
    "image": "image file (PNG, JPEG or SVG)",
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
    allowed = {"type", "description", "example", "required", "default", "choices", "label"}
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
    if errors:
        return None, errors
    spec = FieldSpec(
        name=name,
        type=ftype,
        description=description.strip(),
        example=decl.get("example"),
        required=required,
        default=decl.get("default"),
        choices=choices,
        label=str(decl.get("label") or ""),
    )
    for what in ("default", "example"):
        value = decl.get(what)
        if value is None or spec.type in ("committee", "image"):
            continue
        try:
            spec.validate(value, Context())
        except Invalid as exc:
            errors.append((what, str(exc)))
    if spec.required and spec.default is not None:
        errors.append(("default", "a required field cannot have a default"))
    return (None if errors else spec), errors
