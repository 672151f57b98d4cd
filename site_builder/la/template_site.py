"""The LA's template site: pages generated from the template library and ``la.yml``.

MkDocs builds the LA's site from the repository's ``mkdocs.yml`` and ``docs/``; the pages
about templates are not written by hand but generated here, from the same declarations that
check schools' configs, each time the site is built. This module returns page sources and
navigation in plain terms; :mod:`site_builder.site.engine_mkdocs` hands them to MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from site_builder.config.external import EXTERNAL_FIELDS
from site_builder.config.fields import FieldSpec
from site_builder.config.languages import LANGUAGE_FIELDS
from site_builder.config.library import Library
from site_builder.config.models import policy_fields
from site_builder.config.schema import SCHEMA_FILE, schema_text
from site_builder.config.template_model import Template
from site_builder.la.la_config import LaConfig
from site_builder.la.presentation import present_template
from site_builder.la.register_page import REGISTER_PAGE, register_page
from site_builder.la.template_features import feature_facts, numbered, related_section
from site_builder.la.translation_status import statuses, translation_section
from site_builder.la.welsh_pages import WELSH_HOME, WELSH_LIST, english_link, welsh_pages
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import markdown_code_block, markdown_link
from site_builder.site.build import ASSETS
from site_builder.site.theme import school_css


@dataclass
class Page:
    path: str
    title: str
    content: str | bytes


@dataclass
class LaSite:
    """Everything generated for the template site."""

    la: LaConfig
    pages: list[Page] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)


def template_page_path(template: Template) -> str:
    return f"library/{template.id}.md"


def build_la_site(library: Library, la: LaConfig) -> LaSite:
    """Generate the template pages, the reference pages and the navigation."""
    site = LaSite(la=la)
    templates = list(library.templates.values())
    site.pages.append(Page("library/index.md", "Templates", templates_index(library)))
    for template in templates:
        site.pages.append(
            Page(template_page_path(template), template.title, template_page(library, template))
        )
    welsh = welsh_pages(library)
    site.pages += [Page(path, title, text) for path, title, text in welsh]
    site.pages += [
        Page("reference.md", "Config reference", config_reference(library)),
        Page(REGISTER_PAGE, "Statutory register", register_page(library)),
        Page("changes.md", "What changed", changes_page(library)),
        Page("accessibility.md", "Accessibility", accessibility_page(la)),
        Page(SCHEMA_FILE, "", schema_text(library)),
        Page("assets/la.css", "", school_css(la.colour)),
        # The stylesheet school sites use: contrast fixes, underlined links, print rules.
        Page("assets/policy-site.css", "", (ASSETS / "policy-site.css").read_text("utf-8")),
    ]
    if la.logo:
        site.pages.append(Page(f"assets/la-site-logo{la.logo.suffix}", "", la.logo.data))
    site.nav = [
        {"Home": "index.md"},
        {"How to adopt a policy": "adopt.md"},
        {"PDF and Word copies": "copies.md"},
        {"Codes, numbers and related documents": "template-features.md"},
        {"Templates": ["library/index.md",
                       *({t.title: template_page_path(t)} for t in templates)]},
        {"Cymraeg": [WELSH_HOME, {"Templedi yn Gymraeg": WELSH_LIST},
                     *({title: path} for path, title, _ in welsh[2:])]},
        {"Config reference": "reference.md"},
        {"What changed": "changes.md"},
        {"What we must have": "what-we-must-have.md"},
        {"Statutory register": REGISTER_PAGE},
        {"Keeping the register up to date": "register.md"},
        {"Building every school's site": "publishing.md"},
        {"Security": "security.md"},
        {"Bring your Word policies in": "import.md"},
        {"Publishing in Welsh": "welsh.md"},
        {"Accessibility": "accessibility.md"},
    ]  # fmt: skip
    return site


def templates_index(library: Library) -> str:
    lines = [
        "# Templates",
        "",
        f"The {md(library.name)} has these policy templates. Open one to read its text, "
        "see every field a school fills in, and copy a starting config.",
        "",
        "| Template | Version | For | Usually approved by | Reviewed every | Welsh |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    groups = library.everyone_groups
    welsh = {s.template.id: s for s in statuses(library)}
    for t in library.templates.values():
        who = ", ".join(groups.get(g, g) for g in t.applies_to)
        lines.append(
            f"| [{md(t.title)}]({t.id}.md) | {md(t.version)} | {md(who)} | "
            f"{md(t.suggested_approver)} | {_months(t.review_cycle_months)} | "
            f"{md(welsh[t.id].words)} |"
        )
    lines += ["", "The same list in Welsh: [Templedi yn Gymraeg](../cy/library/index.md)."]
    return "\n".join(lines) + "\n"


def _months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return "year" if years == 1 else f"{years} years"
    return f"{months} months"


def _cell(value: Any) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return md(", ".join(str(v) for v in value))
    return md(str(value))


def field_table(specs: dict[str, FieldSpec], prefix: str = "") -> str:
    """The reference table of a group of declared fields: name and type, then what it is."""
    rows = ["| Field | What it is |", "| --- | --- |"]
    for name, spec in specs.items():
        need = "required" if spec.required else "optional"
        notes: list[str] = [md(spec.description)]
        if spec.default not in (None, []):
            notes.append(f"Default: {_cell(spec.default)}.")
        if spec.example is not None:
            example = _cell(spec.example)
            notes.append(f"Example: {example}" + ("" if example.endswith(".") else "."))
        if spec.type in ("choice", "choices"):
            notes.append(
                "Choices: "
                + "; ".join(f"`{key}`: {md(meaning)}" for key, meaning in spec.choices.items())
                + "."
            )
        rows.append(f"| `{prefix}{name}`<br>{md(_type_words(spec))}, {need} | {' '.join(notes)} |")
    return "\n".join(rows) + "\n"


def _type_words(spec: FieldSpec) -> str:
    if spec.type == "choice":
        return "one of the choices"
    if spec.type == "choices":
        return "a list of the choices"
    return spec.describe_type()


def config_snippet(template: Template) -> str:
    """A ready-to-copy block for a school's config, with examples filled in."""
    entry: dict[str, Any] = {
        "template_version": template.version,
        "adopted": "2026-09-01",
        "approved_by": template.suggested_approver,
        "review_cycle_months": template.review_cycle_months,
    }
    options = {
        name: (spec.default if spec.default not in (None, []) else spec.example)
        for name, spec in template.options.items()
        if spec.required or spec.default not in (None, []) or spec.example is not None
    }
    if options:
        entry["options"] = options
    if template.clauses:
        entry["clauses"] = {name: spec.example or [] for name, spec in template.clauses.items()}
    text = yaml.safe_dump(
        {"policies": {template.id: entry}}, sort_keys=False, allow_unicode=True, width=100
    )
    return text


def template_page(library: Library, template: Template) -> str:
    groups = library.everyone_groups
    who = ", ".join(groups.get(g, g) for g in template.applies_to)
    facts = [
        f"**Template id:** `{template.id}`",
        f"**Version:** {md(template.version)}",
        f"**Covers, unless a school says otherwise:** {md(who)}",
        f"**Usually approved by:** {md(template.suggested_approver)}",
        f"**Reviewed every:** {_months(template.review_cycle_months)}",
    ]
    if template.signatures:
        roles = [
            r.replace("{headteacher}", "the headteacher").replace("{chair}", "the chair")
            for r in template.signatures
        ]
        facts.append(f"**Signed on paper by:** {md(', '.join(roles))}")
    facts += feature_facts(template)
    box = "\n".join(f"    - {f}" for f in facts)
    snippet = "\n".join(
        "    " + line if line else ""
        for line in markdown_code_block(config_snippet(template), "yaml").splitlines()
    )
    return f"""{english_link(template)}

# {md(template.title)}

{md(template.summary)}

!!! info "About this template"

{box}

## How to read this page

The policy text below is exactly what schools adopt.
<span class="field">Highlighted labels</span> are filled in from a school's config.
Boxed sections are included only when their condition holds; sections marked
<span class="own-slot">Your own items</span> are where a school may add items of its own,
which its site labels as the school's. Green notes are guidance for schools and never appear
in a school's policy.

## Policy text

{_nest_headings(numbered(template, present_template(library, template)))}

{related_section(library, template)}

## Fields and options

The keys a school writes under `policies: {template.id}:` in its config.

{field_table(policy_fields(library))}

### Options

{field_table(template.options, "options.") if template.options else "This template has no options."}

### Your own items

{_clause_table(template)}

The school's name, governance and the other shared fields are described in the
[config reference](../reference.md).

## Versions

{_versions_table(template)}

{translation_section(library, template)}

## Config to copy

Paste this under `policies:` in your school's config (`schools/<your-school>.yml`) and change
the values. Options you leave out take their defaults.

???+ example "Config for {md(template.title)}"

{snippet}
"""


def _nest_headings(markdown: str) -> str:
    """Policy headings one level down, so they sit under "Policy text" on the page."""
    return re.sub(r"^(#{2,5}) ", r"#\1 ", markdown, flags=re.MULTILINE)


def _versions_table(template: Template) -> str:
    """Every version schools may follow, newest first, with what changed in each."""
    rows = ["| Version | Released | What changed |", "| --- | --- | --- |"]
    for version in reversed(template.versions):
        change = template.changelog.get(version)
        released = change.date if change else "not released yet"
        rows.append(f"| {md(version)} | {md(released)} | {md(change.summary) if change else ''} |")
    return (
        "\n".join(rows) + "\n\nA school that adopted an earlier version keeps its text until it "
        "re-adopts; `policy-site changes schools/<school>.yml` shows it what changed.\n"
    )


def _clause_table(template: Template) -> str:
    if not template.clauses:
        return "This template has no places for a school's own items."
    return field_table(template.clauses, "clauses.")


def config_reference(library: Library) -> str:
    return f"""# Config reference

A school's config file (`schools/<school>.yml`) has the fields below, then one entry under
`policies:` for each policy it adopts. Each template's page lists its own options.

Editors such as VS Code can check a config as you type: download the
[JSON Schema]({SCHEMA_FILE}) and keep the first line of your config as
`# yaml-language-server: $schema=policy-site.schema.json` (the path to where you saved it).

## Shared fields

These describe the school and are used by every policy.

{field_table(library.fields)}

## Languages

A school in Wales may publish in Welsh and English (see
[Publishing in Welsh and English](welsh.md)).

{field_table(LANGUAGE_FIELDS)}

## Each adopted policy

{field_table(policy_fields(library))}

## Each statutory policy kept outside the library

A school records a statutory policy it keeps itself under `external_policies:`, by the id of
its entry in the [statutory register]({REGISTER_PAGE}); give `url` or `pdf`.

{field_table(EXTERNAL_FIELDS)}

## Who "everyone" can cover

| Value | Printed as |
| --- | --- |
{chr(10).join(f"| `{k}` | {md(v)} |" for k, v in library.everyone_groups.items())}
"""


def changes_page(library: Library) -> str:
    path = library.root / "CHANGELOG.md"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return "# What changed\n\nNo changes have been recorded yet.\n"


def accessibility_page(la: LaConfig) -> str:
    return f"""# Accessibility statement

This statement applies to the school policy template site of {md(la.name)}.

We want as many people as possible to be able to use it. You should be able to change
colours, contrast levels and fonts, zoom in up to 400% without the text spilling off the
screen, navigate the whole site using just a keyboard, and listen to it using a screen
reader. The site loads nothing from other websites and sets no cookies.

## Feedback and contact information

If you need information on this site in a different format, or find a problem that is not
listed here, email {markdown_link(la.contact_email)}.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are
not happy with how we respond to your complaint, contact the Equality Advisory and Support
Service (EASS).

## Compliance status

This site is designed to meet the Web Content Accessibility Guidelines version 2.2 AA
standard.
"""
