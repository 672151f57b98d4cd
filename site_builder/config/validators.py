"""What each field type accepts: one validator a type, each returning the value in its Python
form (a checked ``WebAddress``, ``EmailAddress``, date, whole number, image) or raising
:class:`Invalid` with a message for the school. Declarations are in
:mod:`site_builder.config.fields`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from site_builder.config import dates
from site_builder.config.documents import DocumentRefused, PdfFile, read_pdf
from site_builder.config.images import ImageFile, ImageRefused, read_image
from site_builder.config.nodes import NumberText
from site_builder.config.spelling import closest, suggest

if TYPE_CHECKING:
    from site_builder.config.fields import FieldSpec


UNFILLED_PATTERN = r"[Xx]{4,}|\[insert\b|\(insert\b|\bTODO\b|\[Author Name\]"
"""What a model policy leaves behind when nobody filled it in (``XXXX``, ``[insert ...]``,
``TODO``): refused in a school's value here, and in a template's own text by
:func:`site_builder.render.checks.template_debris`. The one definition of both."""
_UNFILLED = re.compile(UNFILLED_PATTERN, re.IGNORECASE)


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
    "choice": 100, "choices": 100, "colour": 10_000, "date": 40, "pdf": 300,
}  # fmt: skip
"""The most characters one value (or one item of a list) may have."""


MAX_ITEMS = 50
"""The most items a list may have."""


NUMBER_RANGE = (1, 1000)


DATE_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))
"""Dates outside these years are a typing error, and would break review arithmetic."""


_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


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

    def __init__(self, message: str, index: int | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.index = index
        self.key = key
        """For a list of groups: the key of the item at fault."""


@dataclass(frozen=True)
class Context:
    """What validating one value may need to know about the rest of the config."""

    committees: Sequence[str] = ()
    base_dir: Path = Path()
    templates: dict[str, str] = field(default_factory=dict)
    """The library's template ids and titles (a related document may name one)."""
    notes: list[tuple[int | None, str]] = field(default_factory=list)
    """What was understood of a value typed a little differently ("PTA" for "pta"): a
    validator accepts it and says so here, with the list index it is about."""


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


def _pdf(spec: FieldSpec, value: Any, ctx: Context) -> PdfFile:
    text = _text(spec, value, ctx)
    try:
        return read_pdf(ctx.base_dir, text)
    except DocumentRefused as exc:
        raise Invalid(f"{_show(text)} {exc}") from None
    except OSError as exc:
        raise Invalid(f"{_show(text)} cannot be read: {exc.strerror}") from None


_VALIDATORS: dict[str, Callable[[FieldSpec, Any, Context], Any]] = {
    "text": _text, "date": _date, "list": _list, "choice": _choice, "choices": _choices,
    "yesno": _yesno, "url": _url, "email": _email, "committee": _committee,
    "colour": _colour, "number": _number, "image": _image, "pdf": _pdf,
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
    "pdf": {"type": "string", "pattern": r"(?i)^(?![/\\])(?!.*\.\.).*\.pdf$"},
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
    "pdf": "PDF file in the config's folder (at most 10 MB)",
}
