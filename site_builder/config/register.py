"""Reading ``policy_templates/register.yml`` into the typed :class:`Register`.

The file is read with the project's located YAML reader, and every wrong value is a located
problem (``policy_templates/register.yml:40:7: policies.3.applies_to.nursery: ...``), all
reported at once with the library's own problems. The templates the register names must
exist, and a template that declares itself statutory must have an entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from site_builder.config.fields import FieldSpec
from site_builder.config.nodes import KeyPath
from site_builder.config.register_model import (
    APPROVER_KINDS,
    DUTIES,
    FORMAT,
    NATIONS,
    PHASES,
    PUBLISHING,
    REGISTER_FILE,
    REVIEW_WORDS,
    SCHOOL_TYPES,
    SOURCE_STATUSES,
    Entry,
    Register,
    Review,
    Source,
)
from site_builder.config.register_reader import _Reader
from site_builder.config.source import Located, display_name, load_yaml
from site_builder.config.spelling import suggest
from site_builder.config.validators import Context, Invalid
from site_builder.errors import Problem

if TYPE_CHECKING:
    from site_builder.config.template_model import Template

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ENTRY_KEYS = (
    "id", "title", "template", "statutory", "nation", "applies_to", "phases",
    "published_online", "approvers", "review", "law", "sources", "checked", "uncertain", "note",
)  # fmt: skip
_NON_STATUTORY_KEYS = ("id", "title", "template", "statutory", "nation", "note")
_SOURCE_KEYS = ("title", "publisher", "url", "date", "status", "seen", "note")
_URL = FieldSpec("url", "url", "The source's address.")


def read_register(
    root: Path, templates: Mapping[str, Template], problems: list[Problem]
) -> Register:
    """The register in ``root``, checked against the library's ``templates``; an empty one
    (and a problem for each template that declares itself statutory) when there is none."""
    path = root / REGISTER_FILE
    register = Register(file=display_name(path))
    if path.is_file():
        doc, found = load_yaml(path, what="statutory register")
        problems += found
        if doc is not None:
            folders = {p.name for p in root.iterdir() if p.is_dir()}
            _read(_Reader(doc, problems, folders), register, templates)
    for template in templates.values():
        if getattr(template, "statutory", False) and register.for_template(template.id) is None:
            problems.append(
                Problem(
                    template.declaration_file,
                    key="statutory",
                    message=f"declares the template statutory, but no entry of {register.file} "
                    f"names it (add an entry with template: {template.id}, or remove "
                    "statutory: true)",
                )
            )
    return register


def _read(r: _Reader, register: Register, templates: Mapping[str, Template]) -> None:
    data = r.doc.data
    r.keys(data, (), ("format", "policies", "sources"))
    if data.get("format") != FORMAT:
        r.error(("format",), f"must be {FORMAT}, the register format this program reads")
    sources = r.group(data.get("sources"), ("sources",), "one per source, by its short id")
    for key, node in (sources or {}).items():
        source = _source(r, str(key), node)
        if source is not None:
            register.sources[source.id] = source
    entries = data.get("policies")
    if not isinstance(entries, list) or not entries:
        r.error(("policies",), "must be a list of entries, each starting with - id:")
        return
    for i, node in enumerate(entries):
        entry = _entry(r, ("policies", i), node, register, templates)
        if entry is None:
            continue
        if entry.id in register.entries:
            r.error((*entry.path, "id"), f'"{entry.id}" is listed twice')
            continue
        register.entries[entry.id] = entry


def _source(r: _Reader, key: str, node: Any) -> Source | None:
    path: KeyPath = ("sources", key)
    if not _ID.match(key):
        r.error(path, "a source's id uses lower-case letters, digits and hyphens", at_key=True)
    got = r.group(node, path, "title, publisher, url, status, seen")
    if got is None:
        return None
    r.keys(got, path, _SOURCE_KEYS)
    title = r.text(got.get("title"), (*path, "title"))
    publisher = r.text(got.get("publisher"), (*path, "publisher"))
    url = r.text(got.get("url"), (*path, "url"))
    if url:
        try:
            url = _URL.validate(url, Context())
        except Invalid as exc:
            r.error((*path, "url"), str(exc))
            url = None
    status = r.choice(got.get("status"), (*path, "status"), dict.fromkeys(SOURCE_STATUSES, ""))
    seen = r.flag(got.get("seen"), (*path, "seen"))
    date = r.date(got.get("date"), (*path, "date"), required=False)
    note = r.text(got.get("note"), (*path, "note"), required=False)
    if None in (title, publisher, url, status, seen, note) or (got.get("date") and not date):
        return None
    return Source(key, title, publisher, url, status, seen, date, note)  # type: ignore[arg-type]


def _entry(
    r: _Reader, path: KeyPath, node: Any, register: Register, templates: Mapping[str, Template]
) -> Entry | None:
    got = r.group(node, path, "id, title, template, statutory, ...")
    if got is None:
        return None
    before = len(r.problems)
    pid = r.text(got.get("id"), (*path, "id"))
    if pid is not None and not _ID.match(pid):
        r.error((*path, "id"), "use lower-case letters, digits and hyphens")
    title = r.text(got.get("title"), (*path, "title"))
    template = got.get("template")
    if template is not None:
        if template not in templates and template not in r.folders:
            hint = suggest(str(template), list(templates))
            r.error((*path, "template"), f'"{template}" is not a template in the library{hint}')
        elif pid is not None and template != pid:
            r.error((*path, "template"), f'must be the entry\'s id, "{pid}" (or null)')
    statutory = r.flag(got.get("statutory"), (*path, "statutory"))
    nation = r.choice(got.get("nation"), (*path, "nation"), NATIONS)
    note = r.text(got.get("note"), (*path, "note"), required=False)
    if statutory is False:
        r.keys(got, path, _NON_STATUTORY_KEYS)
        if template is not None and template in templates and templates[template].statutory:
            r.error((*path, "statutory"), f'the template "{template}" declares itself statutory')
        if len(r.problems) > before:
            return None
        return Entry(pid, title, template, False, nation, path, note=note)  # type: ignore[arg-type]
    r.keys(got, path, _ENTRY_KEYS)
    if (
        statutory
        and template is not None
        and template in templates
        and not templates[template].statutory
    ):
        r.error(
            (*path, "template"),
            f'"{template}" is statutory here; add statutory: true to its template.yml',
        )
    applies = _applies_to(r, got.get("applies_to"), (*path, "applies_to"))
    listed = [t for t in SCHOOL_TYPES if applies.get(t) != "not-required"]
    phases = _phases(r, got.get("phases"), (*path, "phases"))
    published = _by_type(
        r,
        got.get("published_online"),
        (*path, "published_online"),
        listed,
        lambda v, p: r.choice(v, p, PUBLISHING),
    )
    approvers = _by_type(
        r, got.get("approvers"), (*path, "approvers"), listed, lambda v, p: _approvers(r, v, p)
    )
    review = _review(r, got.get("review"), (*path, "review"))
    law = r.text(got.get("law"), (*path, "law"), required=False)
    sources = _sources(r, got.get("sources"), (*path, "sources"), register)
    checked = r.date(got.get("checked"), (*path, "checked"))
    uncertain = _uncertain(r, got.get("uncertain"), (*path, "uncertain"))
    if len(r.problems) > before:
        return None
    entry = Entry(
        pid, title, template, True, nation, path,  # type: ignore[arg-type]
        applies_to=applies, phases=phases, published_online=published,
        approvers=approvers, review=review, law=law or "", sources=sources, checked=checked,
        uncertain=uncertain, note=note or "",
    )  # fmt: skip
    _explained(r, entry)
    if template is not None and template in templates and review is not None:
        _template_cycle(r, entry, templates[template])
    return entry


def _applies_to(r: _Reader, node: Any, path: KeyPath) -> dict[str, str]:
    got = r.group(node, path, f"each school type ({', '.join(SCHOOL_TYPES)})")
    if got is None:
        return {}
    r.keys(got, path, tuple(SCHOOL_TYPES))
    out = {}
    for school_type in SCHOOL_TYPES:
        if school_type not in got:
            r.error(path, f"needs {school_type}: required, not-required or uncertain")
            continue
        duty = r.choice(got[school_type], (*path, school_type), DUTIES)
        if duty is not None:
            out[school_type] = duty
    return out


def _phases(r: _Reader, node: Any, path: KeyPath) -> tuple[str, ...] | None:
    if node == "all":
        return None
    if not isinstance(node, list) or not node:
        r.error(path, f"must be all, or a list of: {', '.join(PHASES)}")
        return None
    return tuple(p for i, p in enumerate(node) if r.choice(p, (*path, i), PHASES))


def _by_type(r: _Reader, node: Any, path: KeyPath, listed: list[str], read: Any) -> dict[str, Any]:
    """A value for each school type that must (or may) have the policy, and no other."""
    got = r.group(node, path, f"one for each school type that may need it ({', '.join(listed)})")
    if got is None:
        return {}
    out = {}
    for school_type, value in got.items():
        if school_type not in SCHOOL_TYPES:
            r.error(
                (*path, school_type),
                f"unknown key{suggest(str(school_type), list(SCHOOL_TYPES))}",
                at_key=True,
            )
        elif school_type not in listed:
            r.error(
                (*path, school_type),
                "applies_to says this type does not need it; remove it",
                at_key=True,
            )
        else:
            found = read(value, (*path, school_type))
            if found is not None:
                out[school_type] = found
    for school_type in listed:
        if school_type not in got:
            r.error(path, f"needs {school_type}: applies_to says it is {DUTIES['required']} or "
                    "uncertain for it")  # fmt: skip
    return out


def _approvers(r: _Reader, node: Any, path: KeyPath) -> tuple[str, ...] | None:
    if not isinstance(node, list) or not node:
        r.error(path, f"must be a list of: {', '.join(APPROVER_KINDS)}")
        return None
    kinds = tuple(k for i, k in enumerate(node) if r.choice(k, (*path, i), APPROVER_KINDS))
    return kinds if len(kinds) == len(node) else None


def _review(r: _Reader, node: Any, path: KeyPath) -> Review | None:
    got = r.group(node, path, "max_months and recommended_months")
    if got is None:
        return None
    r.keys(got, path, ("max_months", "recommended_months"))
    most = r.months(got.get("max_months"), (*path, "max_months"), REVIEW_WORDS)
    advised = got.get("recommended_months")
    if advised is not None:
        advised = r.months(advised, (*path, "recommended_months"), None)
    if isinstance(most, int) and isinstance(advised, int) and advised > most:
        r.error((*path, "recommended_months"), f"is longer than max_months ({most})")
    return None if most is None else Review(most, advised)


def _sources(r: _Reader, node: Any, path: KeyPath, register: Register) -> tuple[str, ...]:
    if not isinstance(node, list) or not node:
        r.error(path, "must list at least one source, by its id under sources:")
        return ()
    for i, key in enumerate(node):
        if key not in register.sources:
            hint = suggest(str(key), list(register.sources))
            r.error((*path, i), f'"{key}" is not a source listed under sources:{hint}')
    return tuple(str(k) for k in node)


def _uncertain(r: _Reader, node: Any, path: KeyPath) -> dict[str, str]:
    got = r.group(node if node is not None else {}, path, "field name: what is not known")
    out = {}
    for key, value in (got or {}).items():
        if key not in _ENTRY_KEYS or key in ("id", "uncertain"):
            r.error(
                (*path, key),
                f"is not a field of an entry{suggest(str(key), _ENTRY_KEYS)}",
                at_key=True,
            )
            continue
        text = r.text(value, (*path, key))
        if text:
            out[str(key)] = text
    return out


def _explained(r: _Reader, entry: Entry) -> None:
    """Every uncertain value says what is not known (in ``uncertain``)."""
    vague = {t for t, duty in entry.applies_to.items() if duty == "uncertain"}
    need = {
        "applies_to": bool(vague),
        "published_online": any(
            v == "uncertain" and t not in vague for t, v in entry.published_online.items()
        ),
        "approvers": any("uncertain" in v and t not in vague for t, v in entry.approvers.items()),
        "review": entry.review is not None and entry.review.max_months == "uncertain",
    }
    for key, needed in need.items():
        if needed and key not in entry.uncertain:
            r.error(
                (*entry.path, key),
                f"has an uncertain value; say under uncertain: what is not known ({key}: ...)",
            )


def _template_cycle(r: _Reader, entry: Entry, template: Template) -> None:
    review = entry.review
    assert review is not None
    cycle = template.review_cycle_months
    if review.limit is not None and cycle > review.limit:
        r.problems.append(
            Problem(
                template.declaration_file,
                key="review_cycle_months",
                message=f"is {cycle} months, longer than the {review.limit} months "
                f"{r.doc.file} allows for {entry.id}",
            )
        )


def school_fields_problems(doc: Located, fields: Mapping[str, FieldSpec]) -> list[Problem]:
    """``library.yml``'s school.type, school.nation and school.phases must offer exactly the
    register's own values."""
    out = []
    for name, words in (("school.type", SCHOOL_TYPES), ("school.nation", NATIONS),
                        ("school.phases", PHASES)):  # fmt: skip
        spec = fields.get(name)
        if spec is not None and set(spec.choices) != set(words):
            out.append(
                doc.problem(
                    ("fields", name, "choices"), f"must be the register's: {', '.join(words)}"
                )
            )
    return out
