"""A template shown to schools as the LA's site presents it: every field visible.

The same Jinja source that renders a school's policy is rendered here with placeholders:
each value becomes a labelled badge ("School name"), every ``{% if %}`` of the policy text
shows all its branches, each boxed with its condition in words ("Included when Parents
section is yes"), clause slots show where a school may add its own items, and
``{% guidance %}`` notes appear. The output is Markdown with a little HTML, for the template
site only; it never reaches a school's build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import jinja2
import jinja2.nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from site_builder.config.fields import FieldSpec
from site_builder.config.library import Library
from site_builder.config.template_model import Template
from site_builder.locale import t
from site_builder.render.escape import escape_markdown
from site_builder.render.jinja import GuidanceExtension, make_environment

_MARK = re.compile(r"\x02(IF|ELSE|END|GUIDE|/GUIDE)\x1f([BI])\x1f([^\x03]*)\x03")

POLICY_LABELS = ("title", "version", "adopted", "approved_by", "review_date")
"""The ``policy.*`` values a text may show; their labels are ``la_policy_<name>``."""


def _badge(label: str, field: str, css: str = "field") -> Markup:
    return Markup(
        f'<span class="{css}" data-field="{html.escape(field)}">{escape_markdown(label)}</span>'
    )


class Placeholder:
    """Stands for a declared value: prints as a badge, iterates as one sample item."""

    __slots__ = ("field", "label", "slot")

    def __init__(self, field: str, label: str, slot: str | None = None) -> None:
        self.field = field
        self.label = label
        self.slot = slot

    def __html__(self) -> str:
        return str(self.badge())

    def badge(self) -> Markup:
        if self.slot is not None:
            return _badge(t("la_own_items", slot=self.slot), self.field, "own-slot")
        return _badge(self.label, self.field)

    def __str__(self) -> str:
        return str(self.badge())

    def __iter__(self) -> Iterator[Placeholder]:
        yield Placeholder(self.field, t("la_each", label=self.label), self.slot)

    def __getitem__(self, key: Any) -> Placeholder:
        return self

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return False

    def __hash__(self) -> int:
        return hash(self.field)


class _Namespace:
    __slots__ = ("_values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[key]


def _finalize(value: Any) -> Any:
    if isinstance(value, Placeholder):
        return value.badge()
    if isinstance(value, Markup):
        return value
    return escape_markdown(str(value))


def _own(value: Any) -> Markup:
    if isinstance(value, Placeholder):
        return value.badge()
    return Markup(f"{_finalize(value)} {_badge(t('own_label'), '', 'school-own')}")


class _Presenting(ImmutableSandboxedEnvironment):
    """Parses each policy text so that every ``{% if %}`` shows all of its branches."""

    library: Library
    template: Template | None = None
    describe: Callable[[jinja2.nodes.Node], str]
    labels: dict[str, str] = {}  # noqa: RUF012 (replaced, never changed)
    """Shared field name -> its label in the language presented (else its declared label)."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        ast = super()._parse(source, name, filename)
        if name and not name.startswith("_"):
            lines = source.splitlines()
            ast = _ShowAllBranches(self, lines).visit(ast)
        return ast


class _ShowAllBranches(jinja2.visitor.NodeTransformer):
    def __init__(self, env: _Presenting, lines: list[str]) -> None:
        self.env = env
        self.lines = lines

    def _block_level(self, node: jinja2.nodes.Node) -> bool:
        line = self.lines[node.lineno - 1].strip() if node.lineno <= len(self.lines) else ""
        return line.startswith("{%") and line.endswith("%}") and line.count("{%") == 1

    def visit_If(self, node: jinja2.nodes.If) -> list[jinja2.nodes.Node]:
        kind = "B" if self._block_level(node) else "I"
        out: list[Any] = [_marker("IF", kind, self.env.describe(node.test))]
        out += [self.visit(n) for n in node.body]
        for branch in node.elif_:
            when = t("la_otherwise_when", condition=self.env.describe(branch.test))
            out.append(_marker("ELSE", kind, when))
            out += [self.visit(n) for n in branch.body]
        if node.else_:
            out.append(_marker("ELSE", kind, t("la_otherwise")))
            out += [self.visit(n) for n in node.else_]
        out.append(_marker("END", kind, ""))
        return [n for group in out for n in (group if isinstance(group, list) else [group])]


def _marker(kind: str, level: str, text: str) -> jinja2.nodes.Output:
    return jinja2.nodes.Output(
        [jinja2.nodes.MarkSafe(jinja2.nodes.Const(f"\x02{kind}\x1f{level}\x1f{text}\x03"))]
    )


def _spec_for(library: Library, template: Template, ref: str) -> FieldSpec | None:
    head, _, name = ref.partition(".")
    if head == "options":
        return template.options.get(name)
    if head == "clauses":
        return template.clauses.get(name)
    return library.fields.get(ref)


def _describe(env: _Presenting, test: jinja2.nodes.Node) -> str:
    """A condition in words, from its expression."""
    library, template = env.library, env.template
    assert template is not None
    if isinstance(test, jinja2.nodes.Not):
        return t("la_not", condition=_describe(env, test.node))
    if isinstance(test, jinja2.nodes.And | jinja2.nodes.Or):
        word = t("la_and") if isinstance(test, jinja2.nodes.And) else t("la_or")
        return _describe(env, test.left) + word + _describe(env, test.right)
    if isinstance(test, jinja2.nodes.Compare) and len(test.ops) == 1:
        left, op = test.expr, test.ops[0]
        if isinstance(op.expr, jinja2.nodes.Const):
            ref = _ref(left)
            spec = _spec_for(library, template, ref) if ref else None
            label = _label(env, ref, spec) if ref else t("la_a_value")
            value = str(op.expr.value)
            meaning = f" ({spec.choices[value]})" if spec and value in spec.choices else ""
            key = {"eq": "la_equals", "ne": "la_not_equals"}.get(op.op, "la_compares")
            return t(key, label=label, value=value, meaning=meaning, op=op.op)
    ref = _ref(test)
    if ref:
        spec = _spec_for(library, template, ref)
        if ref.startswith("clauses."):
            return t("la_school_adds", what=_label(env, ref, spec).lower())
        if spec is None:
            return ref
        if spec.type == "yesno":
            return t("la_is_yes", label=_label(env, ref, spec))
        if spec.type in ("list", "choices"):
            return t("la_lists_something", label=_label(env, ref, spec))
        return t("la_school_gives", label=_label(env, ref, spec))
    return t("la_condition_applies")


def _label(env: _Presenting, ref: str, spec: FieldSpec | None) -> str:
    """How a condition names the field ``ref``, in the language presented."""
    if ref in env.labels:
        return env.labels[ref]
    return spec.title if spec else ref


def _ref(node: jinja2.nodes.Node) -> str | None:
    if isinstance(node, jinja2.nodes.Getattr) and isinstance(node.node, jinja2.nodes.Name):
        return f"{node.node.name}.{node.attr}"
    return None


def presentation_environment(library: Library) -> _Presenting:
    # Not from the compiled cache: the compiled code of a presented template holds the words
    # of its conditions, made from the declarations, which the cache's key does not cover.
    env = make_environment(library, cls=_Presenting, compiled=None)
    assert isinstance(env, _Presenting)
    env.library = library
    env.describe = lambda test: _describe(env, test)
    env.finalize = _finalize
    env.filters["own"] = _own
    env.filters["ukdate"] = lambda v: _finalize(v)
    env.filters["and_list"] = lambda v: _finalize(v)
    guidance = env.extensions[GuidanceExtension.identifier]
    guidance.show = lambda text: Markup(  # type: ignore[attr-defined]
        f"\x02GUIDE\x1fB\x1f\x03{text}\x02/GUIDE\x1fB\x1f\x03"
    )
    return env


def placeholder_context(
    library: Library, template: Template, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    labels = labels or {}
    groups: dict[str, dict[str, Any]] = {}
    for name, spec in library.fields.items():
        head, _, rest = name.partition(".")
        if rest:
            groups.setdefault(head, {})[rest] = Placeholder(name, labels.get(name, spec.title))
    ctx: dict[str, Any] = {head: _Namespace(values) for head, values in groups.items()}
    everyone = labels.get("everyone", library.fields["everyone"].title)
    ctx["everyone"] = Placeholder("everyone", everyone)
    ctx["groups"] = Placeholder("everyone", everyone)
    ctx["policy"] = _Namespace(
        {k: Placeholder(f"policy.{k}", t(f"la_policy_{k}")) for k in POLICY_LABELS}
    )
    ctx["options"] = _Namespace(
        {k: Placeholder(f"options.{k}", s.title) for k, s in template.options.items()}
    )
    ctx["clauses"] = _Namespace(
        {k: Placeholder(f"clauses.{k}", s.title, slot=s.description)
         for k, s in template.clauses.items()}
    )  # fmt: skip
    return ctx


def present_template(
    library: Library,
    template: Template,
    loader: jinja2.BaseLoader | None = None,
    labels: dict[str, str] | None = None,
) -> str:
    """The template's text as Markdown for the LA site: fields, conditions and guidance shown.

    A translation is presented with its ``loader`` (which reads ``policy.<lang>.md``), the
    translated ``template`` and the shared fields' ``labels`` in its language, inside
    :func:`~site_builder.locale.writing` for the words around them."""
    env = presentation_environment(library)
    env.template = template
    if loader is not None:
        env.loader = loader
    env.labels = labels or {}
    context = placeholder_context(library, template, labels)
    return _markers_to_markdown(env.get_template(template.jinja_name).render(context))


def _markers_to_markdown(text: str) -> str:
    def replace(m: re.Match[str]) -> str:
        kind, level, words = m.group(1), m.group(2), m.group(3)
        label = escape_markdown(words)  # inside inline HTML, Markdown still applies
        if kind == "GUIDE":
            return (
                '\n\n<div class="guidance" markdown>\n\n'
                f'<p class="guidance__label">{t("la_guidance_label")}</p>\n\n'
            )
        if kind == "/GUIDE":
            return "\n\n</div>\n\n"
        if level == "I":
            if kind == "IF":
                words = t("la_if", condition=label)
                return f'<span class="cond-inline"><span class="cond-label">{words}</span> '
            if kind == "ELSE":
                return f'</span><span class="cond-inline"><span class="cond-label">{label}:</span> '
            return "</span>"
        if kind == "IF":
            return (
                f'\n\n<div class="cond" markdown>\n\n'
                f'<p class="cond-label">{t("la_included_when", condition=label)}</p>\n\n'
            )
        if kind == "ELSE":
            return (
                f'\n\n</div>\n\n<div class="cond cond--else" markdown>\n\n'
                f'<p class="cond-label">{label}</p>\n\n'
            )
        return "\n\n</div>\n\n"

    out = _MARK.sub(replace, text)
    out = re.sub(r"[ \t]+\n", "\n", out)
    return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"
