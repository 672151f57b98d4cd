"""Typed field declarations: the single source of truth for every value a school gives.

A field is declared once (shared fields in ``policy_templates/library.yml``, a template's own
options in its ``template.yml``, the per-policy keys in :mod:`site_builder.config.school`) and
everything else derives from that declaration: validation, error messages, the JSON Schema and
the documentation. This module must not know about any particular field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from site_builder.config import dates
from site_builder.config.images import ImageFile, ImageRefused, read_image
from site_builder.config.source import NumberText

TYPES = (
    "text", "date", "list", "choice", "choices", "yesno",
    "url", "email", "committee", "colour", "number", "image",
)  # fmt: skip

# What a Word template leaves behind when nobody filled it in.
_UNFILLED = re.compile(r"[Xx]{4,}|\[insert\b|\(insert\b|\bTODO\b|\[Author Name\]", re.IGNORECASE)
# The e-mail addresses a browser's <input type=email> accepts (WHATWG), with a dot in the
# domain: the form every school address has.
_EMAIL_LOCAL = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"
_DOMAIN_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^{_EMAIL_LOCAL}@{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})+$")
_HOST = re.compile(rf"^{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})*$")
# What may follow the host of a web address: RFC 3986's characters, except the quote (it
# ends an attribute or a script string wherever an address is printed) and with every % a
# real escape.
_URL_REST = re.compile(r"^(?:[A-Za-z0-9\-._~!$&()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*$")
# A site name without its https:// ("www.school.sch.uk/policies"): read as https.
_BARE_SITE = re.compile(rf"^{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})*\.[A-Za-z]{{2,}}(?:/\S*)?$")
_NOT_IN_URL = set("\"'<>\\^`{|}[] ")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# Declared once for every field of a type, unless a declaration says otherwise.
MAX_LENGTH = {
    "text": 1000, "list": 1000, "url": 500, "email": 254, "committee": 200, "image": 300,
    "choice": 100, "choices": 100, "colour": 10_000, "date": 40,
}  # fmt: skip
"""The most characters one value (or one item of a list) may have."""
MAX_ITEMS = 50
"""The most items a list may have."""
NUMBER_RANGE = (1, 1000)
DATE_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))
"""Dates outside these years are a typing error, and would break review arithmetic."""
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


# Words that are written in capitals (or their own way) wherever they appear in a label.
_ACRONYMS = {
    "it": "IT", "ict": "ICT", "pta": "PTA", "senco": "SENCo", "send": "SEND", "sen": "SEN",
    "dfe": "DfE", "la": "LA", "url": "URL", "pe": "PE", "rse": "RSE", "cctv": "CCTV",
    "gdpr": "GDPR", "dsl": "DSL", "eyfs": "EYFS", "ks1": "KS1", "ks2": "KS2", "id": "ID",
}  # fmt: skip


class WebAddress(str):
    """A checked ``http``/``https`` address: safe in a link, an attribute or a script string."""

    __slots__ = ()


class EmailAddress(str):
    """A checked e-mail address."""

    __slots__ = ()

    @property
    def mailto(self) -> str:
        """The ``mailto:`` link target, with every character outside the address's plain
        letters percent-encoded."""
        return "mailto:" + quote(str(self), safe="@.-_")


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
    notes: list[tuple[int | None, str]] = field(default_factory=list)
    """What was understood of a value typed a little differently ("PTA" for "pta"): a
    validator accepts it and says so here, with the list index it is about."""


def closest(word: str, options: Sequence[str]) -> str | None:
    """The one option ``word`` means, typed in another case or one edit away; None when
    there is no such option or more than one."""
    if word in options:
        return word
    folded = [o for o in options if o.casefold() == word.casefold()]
    if len(folded) == 1:
        return folded[0]
    near = [o for o in options if _one_edit(word.casefold(), o.casefold())]
    return near[0] if len(near) == 1 else None


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by changing, adding or removing one character."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


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
        return _VALIDATORS[self.type](self, value, ctx)

    def json_schema(self) -> dict[str, Any]:
        """A JSON Schema fragment for editors (autocomplete and red squiggles)."""
        schema: dict[str, Any] = dict(_SCHEMAS[self.type])
        if self.type == "choice":
            schema["enum"] = list(self.choices)
        elif self.type == "choices":
            schema["items"] = {"enum": list(self.choices)}
            schema["maxItems"] = self.items_limit
        elif self.type == "list":
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
        return _TYPE_WORDS[self.type]


def suggest(word: str, options: Sequence[str]) -> str:
    """`` (did you mean "x"?)`` when a close match exists, else ``""``."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _show(value: Any) -> str:
    if isinstance(value, NumberText):
        return str(value) if len(value) <= 20 else f"a number of {len(value)} characters"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return '"' + " ".join(shown.split()) + '"' if shown.strip() else '"' + shown + '"'
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "a group of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and len(str(value)) > 20:
        return "a number of " + str(len(str(value))) + " digits"
    return str(value)


def _text(spec: FieldSpec, value: Any, ctx: Context) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        raise Invalid(f"expected text, got {_show(value)}")
    text = str(value).strip()
    if not text:
        raise Invalid("is empty; give a value or remove the key")
    if len(text) > spec.length_limit:
        raise Invalid(
            f"is {len(text)} characters long; this field takes at most {spec.length_limit}"
        )
    for ch in text:
        category = unicodedata.category(ch)
        if category in _INVISIBLE and ch not in "\n\t":
            what = {
                "Co": "a private-use character, which has no agreed meaning",
                "Cn": "a character Unicode has not assigned",
                "Cs": "half of a character (a lone surrogate)",
            }.get(category, "an invisible control character")
            raise Invalid(f"contains {what} (U+{ord(ch):04X}); remove it")
    unfilled = _UNFILLED.search(text)
    if unfilled:
        raise Invalid(
            f'"{unfilled.group(0)[:20]}" looks like a placeholder that was never filled '
            "in; write the real text"
        )
    return text


def _date(spec: FieldSpec, value: Any, ctx: Context) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise Invalid(f"{_show(value)} is not a date (use YYYY-MM-DD)")
    low, high = DATE_RANGE
    try:
        parsed = dates.parse(value)
    except dates.YearOutOfRange:
        raise Invalid(
            f"{_show(value)} is not between {low.year} and {high.year}; check the year"
        ) from None
    except dates.NotADate as exc:
        reason = str(exc)
        raise Invalid(
            f"{_show(value)} is not a date ({reason})"
            if reason.startswith("use ")
            else f"{_show(value)} is not a date: {reason}"
        ) from None
    if not low <= parsed <= high:
        raise Invalid(f"{_show(value)} is not between {low.year} and {high.year}; check the year")
    return parsed


def _list(spec: FieldSpec, value: Any, ctx: Context) -> list[str]:
    if not isinstance(value, list):
        raise Invalid(f"expected a list (one '- item' per line), got {_show(value)}")
    if len(value) > spec.items_limit:
        raise Invalid(f"has {len(value)} items; this list takes at most {spec.items_limit}")
    out = []
    for i, item in enumerate(value):
        try:
            out.append(_text(spec, item, ctx))
        except Invalid as exc:
            raise Invalid(f"item {i + 1} {exc}", index=i) from None
    return out


def _choice(spec: FieldSpec, value: Any, ctx: Context, index: int | None = None) -> str:
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, str | int) and str(value) in spec.choices:
        return str(value)
    meant = closest(value.strip(), list(spec.choices)) if isinstance(value, str) else None
    if meant is not None:
        ctx.notes.append((index, f'"{value}" was read as "{meant}"'))
        return meant
    hint = suggest(str(value), list(spec.choices)) if isinstance(value, str) else ""
    raise Invalid(f"{_show(value)} is not one of: {', '.join(spec.choices)}{hint}")


def _choices(spec: FieldSpec, value: Any, ctx: Context) -> list[str]:
    if not isinstance(value, list):
        raise Invalid(f"expected a list of: {', '.join(spec.choices)}")
    if len(value) > spec.items_limit:
        raise Invalid(f"has {len(value)} items; this list takes at most {spec.items_limit}")
    out: list[str] = []
    for i, item in enumerate(value):
        try:
            choice = _choice(spec, item, ctx, i)
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


def _url(spec: FieldSpec, value: Any, ctx: Context) -> WebAddress:
    text = _text(spec, value, ctx)
    not_url = f"{_show(text)} is not a web address"
    scheme, sep, rest = text.partition("://")
    if not sep and _BARE_SITE.match(text):
        scheme, sep, rest = "https", "://", text
        ctx.notes.append((None, f'"{text}" was read as "https://{text}"'))
    if not sep or scheme.lower() not in ("http", "https"):
        raise Invalid(f"{not_url} (start it with https://)")
    bad = next((ch for ch in rest if ch in _NOT_IN_URL), None)
    if bad is not None:
        what = "a space" if bad == " " else f"the character {bad}"
        raise Invalid(f"{not_url}: a web address cannot contain {what}")
    parts = urlsplit(f"{scheme.lower()}://{rest}")
    if "@" in parts.netloc:
        raise Invalid(f"{not_url}: a web address for a page cannot hold a user name or password")
    try:
        port = parts.port
    except ValueError:
        raise Invalid(f"{not_url}: the port number after the colon is not valid") from None
    if port == 0:
        raise Invalid(f"{not_url}: the port number after the colon is not valid")
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except UnicodeError:
        host = ""
    if not _HOST.match(host) or "." not in host:
        raise Invalid(f"{not_url} (it needs a site name, like https://www.school.sch.uk)")
    # Letters beyond ASCII in the path are written as %-escapes, as a browser sends them.
    after = "".join(ch if ord(ch) < 128 else quote(ch) for ch in rest[len(parts.netloc) :])
    if not _URL_REST.match(after):
        raise Invalid(f"{not_url}: a % must be followed by two hex digits")
    netloc = host if port is None else f"{host}:{port}"
    return WebAddress(f"{scheme.lower()}://{netloc}{after}")


def _email(spec: FieldSpec, value: Any, ctx: Context) -> EmailAddress:
    text = _text(spec, value, ctx)
    if len(text) > 254 or not _EMAIL.match(text):
        hint = ""
        if text.lower().startswith("mailto:"):
            hint = " (write the address alone, without mailto:)"
        elif re.fullmatch(r"[^<>]*\w[^<>]*<[^<>@\s]+@[^<>\s]+>\s*", text):
            hint = " (write the address alone, like office@school.sch.uk, without a name)"
        elif re.fullmatch(r"<[^<>@\s]+@[^<>\s]+>", text):
            hint = " (write the address alone, without the < and >)"
        raise Invalid(f"{_show(text)} is not an email address{hint}")
    return EmailAddress(text)


def _committee(spec: FieldSpec, value: Any, ctx: Context) -> str:
    text = _text(spec, value, ctx)
    meant = closest(text, list(ctx.committees))
    if meant is not None and meant != text:
        ctx.notes.append((None, f'"{text}" was read as "{meant}"'))
        return meant
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
    low, high = spec.number_range
    shown = _show(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,9}", value.strip()):
        value = int(value.strip(), 10)  # as typed, in base 10: 012 is twelve, not octal ten
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Invalid(f"{shown} is not a whole number from {low} to {high}")
    return value


def _image(spec: FieldSpec, value: Any, ctx: Context) -> ImageFile:
    text = _text(spec, value, ctx)
    try:
        return read_image(ctx.base_dir, text)
    except ImageRefused as exc:
        raise Invalid(f"{_show(text)} {exc}") from None
    except OSError as exc:
        raise Invalid(f"{_show(text)} cannot be read: {exc.strerror}") from None


_VALIDATORS: dict[str, Callable[[FieldSpec, Any, Context], Any]] = {
    "text": _text, "date": _date, "list": _list, "choice": _choice, "choices": _choices,
    "yesno": _yesno, "url": _url, "email": _email, "committee": _committee,
    "colour": _colour, "number": _number, "image": _image,
}  # fmt: skip

_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "date": {
        "type": "string",
        "pattern": r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
        r"|\d{1,2}(st|nd|rd|th)?\s+[A-Za-z]+\.?,?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4})$",
    },
    "list": {"type": "array", "items": {"type": "string", "minLength": 1}},
    "choice": {},
    "choices": {"type": "array", "uniqueItems": True},
    "yesno": {"type": "boolean"},
    "url": {
        "type": "string",
        "format": "uri",
        "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s\"'<>\\\\^`{|}]+$",
    },
    "email": {"type": "string", "format": "email", "pattern": _EMAIL.pattern},
    "committee": {"type": "string", "minLength": 1},
    "colour": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
    "number": {"type": "integer"},
    "image": {"type": "string", "pattern": r"(?i)^(?![/\\])(?!.*\.\.).*\.(png|jpe?g|svg)$"},
}

_TYPE_WORDS = {
    "text": "text",
    "date": "date (YYYY-MM-DD, 1990 to 2100)",
    "list": "list of text",
    "yesno": "yes or no",
    "url": "web address (https:// or http://)",
    "email": "email address",
    "committee": "governing body or committee",
    "colour": "colour (#rrggbb)",
    "number": "whole number",
    "image": "image file in the config's folder (PNG, JPEG or SVG, at most 1 MB)",
}


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
        *_LIMIT_KEYS,
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
        **limits,
    )
    low, high = spec.number_range
    if low > high:
        errors.append(("maximum", f"is smaller than the minimum, {low}"))
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
