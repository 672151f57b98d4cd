"""Render a school's policies from the library's Jinja templates into Markdown.

The Jinja environment is sandboxed and strict: a template may read only the values declared
for it, every value it prints is escaped by :mod:`site_builder.render.escape` (so config values are
data, never code), and a value the template uses but the school did not give is an error.
The output is Markdown shared by the site and the PDFs; this module writes no files.
"""

from __future__ import annotations

import datetime as dt
import re
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import jinja2.meta
import jinja2.nodes
import jinja2.parser
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from site_builder.config import dates
from site_builder.config.library import Library
from site_builder.config.library_translation import everyone_groups
from site_builder.config.models import Adoption, SchoolConfig
from site_builder.config.source import display_name
from site_builder.config.template_model import Template
from site_builder.config.validators import EmailAddress, WebAddress
from site_builder.errors import ConfigError, Problem, TemplateError
from site_builder.locale import and_word, t
from site_builder.render.compiled import COMPILED
from site_builder.render.escape import Markdown, escape_markdown, markdown_link
from site_builder.render.sections import number_sections

NAMESPACES = ("school", "governance", "policy", "options", "clauses")
"""Template variables that hold declared fields (``school.name``, ``options.x``)."""
GLOBALS = ("everyone", "groups")
POLICY_KEYS = {
    "title": "the policy's title",
    "version": "the template version the school adopted",
    "adopted": "the date the policy was adopted",
    "approved_by": "who approved it",
    "review_date": "the date of the next review",
}


class Missing:
    """A declared optional value the school did not give.

    Falsy in ``{% if %}`` and empty in ``{% for %}``, but an error if printed.
    """

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        self.path = path

    def __bool__(self) -> bool:
        return False

    def __iter__(self) -> Iterator[Any]:
        # a missing list iterates as empty, like an unfilled clause slot
        return iter(())

    def __str__(self) -> str:
        raise _MissingValue(self.path)


class _MissingValue(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


class Namespace:
    """Read-only group of declared values; ``school.name`` in a template."""

    __slots__ = ("_path", "_values")

    def __init__(self, path: str, values: dict[str, Any]) -> None:
        self._path = path
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __contains__(self, key: object) -> bool:
        return key in self._values


class _Undefined(jinja2.StrictUndefined):
    """Names the missing variable the way the template wrote it (``options.x``)."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        obj = self._undefined_obj
        if isinstance(obj, Namespace):
            return f"{obj._path}.{self._undefined_name} is not declared"
        if self._undefined_name is not None and obj is jinja2.utils.missing:
            return f"{self._undefined_name} is not a variable templates can use"
        return super()._undefined_message


def _finalize(value: Any) -> str:
    """Turn whatever a ``{{ }}`` expression produced into inert Markdown text.

    Jinja runs with autoescape on, so the result passes through ``markupsafe.escape``
    afterwards; returning :class:`Markdown` (a ``Markup``) keeps it from being HTML-escaped,
    and makes macro output (built from these pieces) safe to print again.
    """
    if isinstance(value, Markup):
        return value
    if isinstance(value, Missing):
        raise _MissingValue(value.path)
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    if isinstance(value, dt.date):
        return dates.uk(value)
    if isinstance(value, list | tuple):
        return and_list(value)
    if isinstance(value, Namespace):
        raise jinja2.TemplateRuntimeError(f"{value._path} is a group of values, not one value")
    return escape_markdown(str(value))


def and_list(items: Iterable[Any]) -> Markdown:
    """``a, b and c``; each item escaped."""
    parts = [_finalize(item) for item in items]
    if len(parts) <= 1:
        return Markdown("".join(parts))
    return Markdown(f"{', '.join(parts[:-1])} {and_word(parts[-1])} {parts[-1]}")


def _ukdate(value: Any) -> Markdown:
    if isinstance(value, Missing):
        raise _MissingValue(value.path)
    if not isinstance(value, dt.date):
        raise jinja2.TemplateRuntimeError("ukdate needs a date")
    return Markdown(dates.uk(value))


def own(value: Any) -> Markdown:
    """A school's own clause, labelled so readers and the LA can tell it from the LA's text."""
    return Markdown(f'{_finalize(value)} <span class="school-own">{t("own_label")}</span>')


def _link(value: Any, text: Any = None) -> Markdown:
    if isinstance(value, Missing):
        raise _MissingValue(value.path)
    if not isinstance(value, WebAddress | EmailAddress):
        raise jinja2.TemplateRuntimeError(
            "the link filter takes a field of type url or email, so that only a checked "
            "address can become a link"
        )
    return markdown_link(value, None if text is None else str(text))


class GuidanceExtension(jinja2.ext.Extension):
    """``{% guidance %}...{% endguidance %}``: the LA's notes for schools inside a template.

    A school's policy never contains them: rendering drops the block. The LA's template site
    shows them (see :mod:`site_builder.la.presentation`, which overrides :meth:`show`).
    """

    tags = {"guidance"}  # noqa: RUF012 (jinja2 declares it an instance attribute)

    def parse(self, parser: jinja2.parser.Parser) -> jinja2.nodes.Node:
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endguidance",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_guidance"), [], [], body).set_lineno(
            lineno
        )

    def _guidance(self, caller: Any) -> str:
        return self.show(caller())

    def show(self, text: str) -> str:
        """What the guidance becomes in the output: nothing, in a school's policy."""
        return Markup("")


def make_environment(
    library: Library,
    cls: type[ImmutableSandboxedEnvironment] = ImmutableSandboxedEnvironment,
    root: Path | None = None,
    compiled: jinja2.BytecodeCache | None = COMPILED,
) -> ImmutableSandboxedEnvironment:
    """The one Jinja environment every template is rendered (and checked) with.

    ``root`` is an archived version's folder, which holds its own copy of ``_shared``.
    """
    env = cls(
        loader=jinja2.FileSystemLoader(str(root or library.root)),
        undefined=_Undefined,
        finalize=_finalize,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=[GuidanceExtension],
        bytecode_cache=compiled,
    )
    env.filters.update(and_list=and_list, ukdate=_ukdate, link=_link, own=own)
    return env


@dataclass(frozen=True)
class RenderedPolicy:
    """One policy's text for one school, as Markdown without its title."""

    adoption: Adoption
    markdown: str
    language: str = "en"
    """The language the text is in: English in a Welsh site when the template has no Welsh
    yet and the school allows it (``allow_untranslated``)."""

    @property
    def id(self) -> str:
        return self.adoption.id

    @property
    def title(self) -> str:
        return self.adoption.template.title


def _namespace(prefix: str, specs: Iterable[str], values: dict[str, Any]) -> Namespace:
    return Namespace(
        prefix, {name: _present(values.get(name), f"{prefix}.{name}") for name in specs}
    )


def _present(value: Any, path: str) -> Any:
    return Missing(path) if value is None else value


def context_for(config: SchoolConfig, adoption: Adoption, library: Library) -> dict[str, Any]:
    """The variables a template sees for one school and policy."""
    tree_groups: dict[str, dict[str, Any]] = {}
    for name in library.fields:
        head, _, rest = name.partition(".")
        if rest:
            tree_groups.setdefault(head, {})[rest] = config.values.get(name)
    ctx: dict[str, Any] = {
        head: Namespace(head, {k: _present(v, f"{head}.{k}") for k, v in values.items()})
        for head, values in tree_groups.items()
    }
    ctx["everyone"] = list(adoption.everyone)
    ctx["groups"] = everyone_groups(library, config.language)
    ctx["policy"] = Namespace(
        "policy",
        {
            "title": adoption.template.title,
            "version": adoption.template_version,
            "adopted": adoption.adopted,
            "approved_by": adoption.approved_by,
            "review_date": adoption.review_date,
        },
    )
    ctx["options"] = _namespace("options", adoption.template.options, adoption.options)
    ctx["clauses"] = Namespace(
        "clauses", {k: list(adoption.clauses.get(k, [])) for k in adoption.template.clauses}
    )
    return ctx


def render_policy(
    config: SchoolConfig,
    adoption: Adoption,
    library: Library,
    env: jinja2.Environment | None = None,
) -> RenderedPolicy:
    """Render one adopted policy; raise a located error if the template or config is at fault."""
    template = adoption.template
    if env is None or template.archived:
        env = school_environment(library, template)
    try:
        source = env.get_template(template.jinja_name)
        text = source.render(context_for(config, adoption, library))
    except _MissingValue as exc:
        raise ConfigError(
            [
                config.source.problem(
                    adoption.path,
                    f'the template "{template.title}" uses {exc.path}, '
                    "which this config does not give; "
                    f"add it under {exc.path.split('.')[0]}",
                )
            ]
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([_syntax_problem(exc, library)]) from None
    except Exception as exc:  # any failure inside a template is the template's to report
        file, line = _template_frame(exc, library, template)
        raise TemplateError([Problem(file, line, None, "", str(exc))]) from None
    text = _tidy(text)
    if adoption.numbered_sections:
        text = number_sections(text)
    return RenderedPolicy(adoption=adoption, markdown=text)


def school_environment(
    library: Library, template: Template | None = None
) -> ImmutableSandboxedEnvironment:
    """The rendering environment of ``library`` (or of an archived version of a template),
    made once: compiled templates are reused for every school built with it."""
    root = template.jinja_root if template is not None else None
    key = f"jinja:{root or ''}"
    env = library.cache.get(key)
    if env is None:
        env = library.cache[key] = make_environment(library, root=root)
    return env


def render_school(config: SchoolConfig, library: Library) -> list[RenderedPolicy]:
    """Render every policy the school adopted, collecting all errors before raising."""
    env = school_environment(library)
    out: list[RenderedPolicy] = []
    problems: list[Problem] = []
    kind: type[ConfigError] | type[TemplateError] = ConfigError
    for adoption in config.policies:
        try:
            out.append(render_policy(config, adoption, library, env))
        except (ConfigError, TemplateError) as exc:
            problems += exc.problems
            if isinstance(exc, TemplateError):
                kind = TemplateError
    if problems:
        raise kind(problems)
    return out


def _tidy(text: str) -> str:
    """At most one blank line in a row, and exactly one newline at the end."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def _syntax_problem(exc: jinja2.TemplateSyntaxError, library: Library) -> Problem:
    file = exc.filename or (str(library.root / exc.name) if exc.name else "template")
    return Problem(
        display_name(Path(file)), exc.lineno, None, "", f"template syntax: {exc.message}"
    )


def _template_frame(
    exc: BaseException, library: Library, template: Template
) -> tuple[str, int | None]:
    """Where in a template file a runtime error happened (Jinja rewrites tracebacks so)."""
    root = str(library.root.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(root):
            return display_name(Path(frame.filename)), frame.lineno
    return display_name(template.text_path), None
