"""What a template's page on the LA's template site says of the features it uses: its
reference code, numbered sections and signing sheet (facts in the "About this template"
box), and its related documents and laws (a section after the policy text, each another
template's page or a checked address, as on a school's site)."""

from __future__ import annotations

from site_builder.config.features import KINDS
from site_builder.config.library import Library
from site_builder.config.template_model import Template
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import markdown_link
from site_builder.render.sections import number_sections


def feature_facts(template: Template) -> list[str]:
    f = template.features
    facts = []
    if f.reference:
        facts.append(f"**Reference code:** {md(f.reference)} (a school may give its own)")
    if f.numbered_sections:
        facts.append('**Sections:** numbered "1", "1.1" (a school may turn this off)')
    if f.sign_off:
        columns = ", ".join(f.sign_off.columns)
        facts.append(
            f"**Signing sheet in print:** {f.sign_off.rows} rows ({md(columns)}) for each "
            f"person to sign that: {md(f.sign_off.statement)}"
        )
    return facts


def numbered(template: Template, markdown: str) -> str:
    """The presented text, numbered as a school's copy is."""
    return number_sections(markdown) if template.features.numbered_sections else markdown


def related_section(library: Library, template: Template) -> str:
    """The template's related documents ("" without any), under a ``##`` heading."""
    related = template.features.related
    if not related:
        return ""
    out = ["## Related documents", "", "Listed at the end of every school's copy; a school may "
           "add its own with `related:`.", ""]  # fmt: skip
    for kind, heading in KINDS.items():
        docs = [d for d in related if d.kind == kind]
        if not docs:
            continue
        out += [f"### {md(heading)}", ""]
        for d in docs:
            if d.url is not None:
                out.append(f"- {markdown_link(d.url, d.title)}")
            elif d.policy in library.templates:
                out.append(f"- [{md(d.title)}]({d.policy}.md)")
            else:
                out.append(f"- {md(d.title)}")
        out.append("")
    return "\n".join(out)
