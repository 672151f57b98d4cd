"""Features any template can use: a reference code, numbered sections, related documents and
laws, and a sign-off sheet in print.

This module holds their values and the two field types they add: ``code`` (a reference like
``HR02``) and ``related`` (a list of documents and laws), each with its validator, JSON Schema
and words, which :mod:`site_builder.config.fields` adds to the other types. The fields
themselves are declared in :mod:`site_builder.config.feature_fields`. Nothing here renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from site_builder.config.spelling import suggest
from site_builder.config.validators import Context, Invalid, WebAddress, _show, _text, _url

if TYPE_CHECKING:
    from site_builder.config.fields import FieldSpec

REFERENCE_LENGTH = 12
_CODE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")

KINDS = {
    "law": "Laws and regulations",
    "guidance": "Guidance",
    "policy": "Policies",
    "other": "Other documents",
}
"""The kinds of related document, in the order they are listed, with their heading."""

RELATED_KEYS = ("title", "url", "policy", "kind")
RELATED_TITLE_LENGTH = 200
SIGN_OFF_KEYS = ("statement", "columns", "rows")
SIGN_OFF_ROWS = (1, 200)
SIGN_OFF_COLUMNS = (1, 6)


@dataclass(frozen=True)
class RelatedDoc:
    """One related document or law: a title, and where it is (a checked web address, or
    another template of the library by id), or neither."""

    title: str
    url: WebAddress | None = None
    policy: str | None = None
    """The id of another template in the library."""
    kind: str = "other"
    own: bool = False
    """Added by the school, not the LA's template."""
    language: str = ""
    """The title's language when it is not the page's: a title with no translation yet."""


@dataclass(frozen=True)
class _Limit:
    """The one thing the text and address validators ask of a declaration: its length."""

    length_limit: int


_TITLE: Any = _Limit(RELATED_TITLE_LENGTH)
_ADDRESS: Any = _Limit(500)
STATEMENT: Any = _Limit(600)


@dataclass(frozen=True)
class SignOff:
    """A sheet at the end of the printed copies for each person to sign."""

    statement: str
    columns: tuple[str, ...]
    rows: int


def _code(spec: FieldSpec, value: Any, ctx: Context) -> str:
    if isinstance(value, bool | dict | list) or value is None:
        raise Invalid(f"expected a reference code like HR02, got {_show(value)}")
    text = str(value).strip()
    if not text:
        raise Invalid("is empty; give a reference code like HR02 or remove the key")
    if len(text) > spec.length_limit:
        raise Invalid(
            f"{_show(text)} is {len(text)} characters long; a reference code has at most "
            f"{spec.length_limit}"
        )
    if not _CODE.match(text):
        raise Invalid(
            f"{_show(text)} is not a reference code: use letters, digits and single hyphens "
            "between them, like HR02 or SAF-03"
        )
    return text


def _related(spec: FieldSpec, value: Any, ctx: Context) -> list[RelatedDoc]:
    if not isinstance(value, list):
        raise Invalid(
            "expected a list of documents, each with a title (and a url, a policy or a kind)"
        )
    if len(value) > spec.items_limit:
        raise Invalid(f"has {len(value)} items; this list takes at most {spec.items_limit}")
    return [_related_item(item, i, ctx) for i, item in enumerate(value)]


def _related_item(item: Any, index: int, ctx: Context) -> RelatedDoc:
    if not isinstance(item, dict):
        raise Invalid(
            f"item {index + 1} must be a group of keys: title, and a url, a policy or a kind",
            index=index,
        )
    for key in item:
        if key not in RELATED_KEYS:
            raise Invalid(
                f"unknown key (a related document has: {', '.join(RELATED_KEYS)})",
                index=index,
                key=str(key),
            )
    values: dict[str, Any] = {}
    for key in ("title", "url", "policy", "kind"):
        raw = item.get(key)
        if raw is None:
            continue
        try:
            if key == "url":
                values[key] = _url(_ADDRESS, raw, ctx)
            elif key == "policy":
                values[key] = _policy_id(raw, ctx)
            elif key == "kind":
                values[key] = _kind(raw)
            else:
                values[key] = _text(_TITLE, raw, ctx)
        except Invalid as exc:
            raise Invalid(str(exc), index=index, key=key) from None
    if "url" in values and "policy" in values:
        raise Invalid(
            "give a url or a policy, not both: a policy links to its own page",
            index=index,
            key="policy",
        )
    if "title" not in values and "policy" not in values:
        raise Invalid("needs a title (the document's name, as its publisher gives it)", index=index)
    kind = values.get("kind") or ("policy" if "policy" in values else "other")
    return RelatedDoc(
        title=values.get("title") or ctx.templates.get(values["policy"], values["policy"]),
        url=values.get("url"),
        policy=values.get("policy"),
        kind=kind,
    )


def _policy_id(raw: Any, ctx: Context) -> str:
    text = _text(_TITLE, raw, ctx)
    if ctx.templates and text not in ctx.templates:
        raise Invalid(
            f"{_show(text)} is not a template of the library{suggest(text, list(ctx.templates))}"
        )
    return text


def _kind(raw: Any) -> str:
    if isinstance(raw, str) and raw.strip() in KINDS:
        return raw.strip()
    raise Invalid(f"{_show(raw)} is not one of: {', '.join(KINDS)}")


FEATURE_VALIDATORS = {"code": _code, "related": _related}
FEATURE_SCHEMAS: dict[str, dict[str, Any]] = {
    "code": {"type": "string", "pattern": _CODE.pattern},
    "related": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "title": {"type": "string", "minLength": 1, "maxLength": RELATED_TITLE_LENGTH},
                "url": {
                    "type": "string",
                    "format": "uri",
                    "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s\"'<>\\\\^`{|}]+$",
                },
                "policy": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
                "kind": {"enum": list(KINDS)},
            },
        },
    },
}
FEATURE_WORDS = {
    "code": f"reference code (letters, digits and hyphens, at most {REFERENCE_LENGTH})",
    "related": "list of documents: title, and url (https://), policy (a template id) or "
    "kind (" + ", ".join(KINDS) + ")",
}


@dataclass(frozen=True)
class TemplateFeatures:
    """What a template declares of the features (each may be overridden by a school)."""

    reference: str | None = None
    numbered_sections: bool = False
    related: tuple[RelatedDoc, ...] = ()
    sign_off: SignOff | None = None
