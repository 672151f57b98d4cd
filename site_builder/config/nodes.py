"""Python values built from YAML's node tree, with the position of every key and value, and
with the work bounded: aliases may expand to at most :data:`MAX_VALUES` values and never
refer to themselves, only plain tags are allowed, and numbers are kept as typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from site_builder.errors import Problem

if TYPE_CHECKING:
    from site_builder.config.source import Located

KeyPath = tuple[str | int, ...]


def dotted(path: KeyPath) -> str:
    """``("policies", "x", "adopted")`` -> ``policies.x.adopted``; list items as ``[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


class _ScalarLoader(yaml.SafeLoader):
    """Constructs single scalar values (with the same resolvers as :class:`_Loader`)."""


MAX_VALUES = 10_000
"""How many values a file may hold once its aliases (``*name``) are expanded."""


_SCALARS = _ScalarLoader("")


class _Expansion(Exception):
    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.column = node.start_mark.column + 1
        self.message = message


@dataclass
class _Budget:
    """Values built again through aliases so far, the nodes built once, and the collections
    being built (an alias to one of them would make the value contain itself)."""

    values: int = 0
    seen: set[int] = field(default_factory=set)
    open: set[int] = field(default_factory=set)


def _construct(
    node: yaml.Node,
    path: KeyPath,
    doc: Located,
    problems: list[Problem],
    budget: _Budget,
    expanding: bool = False,
) -> Any:
    # A node met a second time is an alias (*name) being expanded: only those values count
    # against the budget (the file's size bounds the rest).
    expanding = expanding or id(node) in budget.seen
    budget.seen.add(id(node))
    if expanding:
        budget.values += 1
        if budget.values > MAX_VALUES:
            raise _Expansion(
                node,
                f"the YAML aliases (*name) in this file expand to more than {MAX_VALUES} "
                "values; write the values out instead",
            )
    if id(node) in budget.open:
        raise _Expansion(node, "a YAML alias (*name) here refers to the group that contains it")
    if not _allowed_tag(node):
        problems.append(
            doc.problem(
                path,
                f'the YAML tag "{_short_tag(node.tag)}" is not allowed; write the value as plain '
                "text",
            )
        )
        doc.spoiled.add(node.start_mark.line + 1)  # no second message about this value
        return None
    if not isinstance(node, yaml.ScalarNode):
        budget.open.add(id(node))
        try:
            return _construct_collection(node, path, doc, problems, budget, expanding)
        finally:
            budget.open.discard(id(node))
    return _construct_scalar(node, path, doc, problems)


_CORE = "tag:yaml.org,2002:"


_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


def _allowed_tag(node: yaml.Node) -> bool:
    """Only plain values, groups and lists: no ``!!binary``, ``!!python/...``, ``!include``."""
    return node.tag in _ALLOWED_TAGS


def _short_tag(tag: str) -> str:
    short = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
    return short if len(short) <= 40 else short[:37] + "..."


def _construct_collection(
    node: yaml.Node,
    path: KeyPath,
    doc: Located,
    problems: list[Problem],
    budget: _Budget,
    expanding: bool,
) -> Any:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(doc.problem(path, "a key must be plain text"))
                continue
            if key_node.tag == f"{_CORE}merge":
                problems.append(
                    Problem(
                        doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        dotted(path),
                        "merging groups with <<: is not supported here; write the keys out",
                    )
                )
                continue
            if not _allowed_tag(key_node):
                problems.append(
                    Problem(
                        doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        dotted(path),
                        f'the YAML tag "{_short_tag(key_node.tag)}" is not allowed on a key; '
                        "write the key as plain text",
                    )
                )
                doc.spoiled.add(key_node.start_mark.line + 1)
                doc.lost_keys.add(str(key_node.value))
                if path:  # its group is not empty, only unreadable
                    doc.lost_keys.add(str(path[-1]))
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                first = doc.key_positions[child][0]
                problems.append(
                    Problem(
                        doc.file,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        dotted(child),
                        f"appears twice (first on line {first}); keep one",
                    )
                )
            doc.key_positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            doc.positions[child] = doc.key_positions[child]
            result[key] = _construct(value_node, child, doc, problems, budget, expanding)
            # Point at a plain value itself ("adopted: 31/02/2026" -> the date), but at the
            # key of a group or list, where a reader looks for it.
            if isinstance(value_node, yaml.ScalarNode):
                doc.positions[child] = (
                    value_node.start_mark.line + 1,
                    value_node.start_mark.column + 1,
                )
            else:
                doc.positions[child] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
        return result
    return [
        _construct(item, (*path, i), doc, problems, budget, expanding)
        for i, item in enumerate(node.value)
    ]


def _construct_scalar(node: yaml.Node, path: KeyPath, doc: Located, problems: list[Problem]) -> Any:
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if doc.numbers_as_typed and node.tag in (f"{_CORE}int", f"{_CORE}float"):
        # YAML 1.1 reads 01612 345670 as octal and 3.10 as 3.1: keep what was typed, and let
        # the field decide (a phone number stays text; a number field reads it in base 10).
        return NumberText(node.value)
    loader = _SCALARS
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError) as exc:
        reason = getattr(exc, "problem", None) or "it cannot be read"
        problems.append(doc.problem(path, f"cannot read this value: {reason}"))
        return None
    finally:
        loader.constructed_objects.clear()  # the loader is shared: keep nothing
    return value


class NumberText(str):
    """A value YAML would read as a number, kept as the characters the school typed."""

    __slots__ = ()
