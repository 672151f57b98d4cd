"""Static checks of the template library, before anything is rendered: syntax errors in
every file at once, every placeholder a template uses declared, no leftover placeholders
from a Word model in the text."""

from __future__ import annotations

import re
from collections.abc import Iterable

import jinja2
import jinja2.ext
import jinja2.meta
import jinja2.nodes
import jinja2.parser

from site_builder.config.library import Library
from site_builder.config.source import display_name
from site_builder.config.template_model import TEXT_FILE
from site_builder.config.validators import UNFILLED_PATTERN
from site_builder.errors import Problem
from site_builder.render.jinja import (
    GLOBALS,
    NAMESPACES,
    POLICY_KEYS,
    _syntax_problem,
    make_environment,
)

# Text in a template that means a placeholder was left unfilled: what a school's value may
# not hold either (the one definition), or Jinja that did not parse as Jinja.
DEBRIS = re.compile(rf"{UNFILLED_PATTERN}|\{{\{{|\{{%", re.IGNORECASE)


def template_debris(ast: jinja2.nodes.Template, file: str) -> list[Problem]:
    """Placeholders left in a template's own text (``XXXX``, ``[insert ...]``, ``TODO``).

    Only literal text is searched: what a school typed is checked when its config is read,
    so a school's value can never be mistaken for the LA's leftovers.
    """
    found = []
    for node in ast.find_all(jinja2.nodes.TemplateData):
        for match in DEBRIS.finditer(node.data):
            line = node.lineno + node.data[: match.start()].count("\n")
            found.append(
                Problem(
                    file,
                    line,
                    None,
                    "",
                    f'placeholder "{match.group(0)}" left in the policy text: '
                    "fill it in or remove it",
                )
            )
    return found


def references(
    library: Library,
    debris: dict[str, list[Problem]] | None = None,
    syntax: list[Problem] | None = None,
) -> dict[str, dict[str, int]]:
    """Every variable and ``namespace.name`` each library file refers to, found statically.

    Keys are file paths relative to the library root; values map each reference to the first
    line that uses it. Used to check templates against their declarations before anything is
    rendered.
    """
    env = make_environment(library)
    found: dict[str, dict[str, int]] = {}
    debris = {} if debris is None else debris
    for path in sorted(library.root.rglob("*.md")):
        name = path.relative_to(library.root).as_posix()
        if "/versions/" in f"/{name}" or name == "CHANGELOG.md":
            continue  # released versions were checked when released; the changelog is prose
        try:
            ast = env.parse(path.read_text(encoding="utf-8"), name=name, filename=str(path))
        except jinja2.TemplateSyntaxError as exc:
            if syntax is None:
                raise
            syntax.append(_syntax_problem(exc, library))
            continue
        debris[name] = template_debris(ast, display_name(path))
        free = jinja2.meta.find_undeclared_variables(ast)
        refs: dict[str, int] = {}
        for node in ast.find_all(jinja2.nodes.Name):
            if node.name in free and node.ctx == "load":
                refs.setdefault(node.name, node.lineno)
        for attr in ast.find_all(jinja2.nodes.Getattr):
            if isinstance(attr.node, jinja2.nodes.Name) and attr.node.name in NAMESPACES:
                ref = f"{attr.node.name}.{attr.attr}"
                refs[ref] = min(refs.get(ref, attr.lineno), attr.lineno)
        found[name] = refs
    return found


def check_templates(
    library: Library, used_elsewhere: Iterable[str] = ()
) -> tuple[list[Problem], list[Problem]]:
    """Static checks of every template against its declarations: (errors, warnings).

    ``used_elsewhere`` names shared fields the product itself uses (the site header, the
    accessibility statement), which are not unused just because no template prints them.
    """
    errors: list[Problem] = []
    warnings: list[Problem] = []
    debris: dict[str, list[Problem]] = {}
    refs = references(library, debris, errors)  # syntax errors of every file, at once
    errors += [problem for found in debris.values() for problem in found]
    shared = {n for n in library.fields}
    shared_tops = {n.split(".")[0] for n in shared}
    shared_refs = set().union(*(r for f, r in refs.items() if f.startswith("_")))
    used_anywhere: set[str] = set().union(*refs.values(), used_elsewhere)
    for template in library.templates.values():
        name = template.jinja_name
        if name not in refs:  # its syntax error is already reported
            continue
        allowed = (
            shared
            | shared_tops
            | set(NAMESPACES)
            | set(GLOBALS)
            | {f"policy.{k}" for k in POLICY_KEYS}
            | {f"options.{k}" for k in template.options}
            | {f"clauses.{k}" for k in template.clauses}
        )
        file = display_name(template.text_path)
        for ref, line in sorted(refs.get(name, {}).items()):
            if ref not in allowed:
                errors.append(
                    Problem(
                        file,
                        line,
                        None,
                        ref,
                        f"is used but not declared in {template.declaration_file} or library.yml",
                    )
                )
        used = set(refs.get(name, {})) | shared_refs
        for kind, specs in (("options", template.options), ("clauses", template.clauses)):
            for key in specs:
                if f"{kind}.{key}" not in used:
                    warnings.append(
                        Problem(
                            template.declaration_file,
                            None,
                            None,
                            f"{kind}.{key}",
                            f"is declared but {TEXT_FILE} never uses it",
                        )
                    )
    for field_name in sorted(shared):
        if field_name not in used_anywhere and field_name != "everyone":
            warnings.append(
                Problem(
                    display_name(library.root / "library.yml"),
                    None,
                    None,
                    field_name,
                    "is declared but no template uses it",
                )
            )
    return errors, warnings
