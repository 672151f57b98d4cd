"""What a template's page on the LA's template site says of the features it uses: its
reference code, numbered sections and signing sheet (facts in the "About this template"
box), and its related documents and laws (a section after the policy text, each another
template's page or a checked address, as on a school's site)."""

from __future__ import annotations

from site_builder.config.features import KINDS
from site_builder.config.library import Library
from site_builder.config.template_model import Template
from site_builder.config.translations import Translation
from site_builder.locale import t
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import in_language, markdown_link
from site_builder.render.sections import number_sections
from site_builder.render.translated import translated_related


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


def related_section(library: Library, template: Template, tr: Translation | None = None) -> str:
    """The template's related documents ("" without any), under a ``##`` heading; with a
    translation ``tr``, in its language (what it does not translate marked as English)."""
    related = template.features.related
    if not related:
        return ""
    if tr is None:
        docs = list(related)
        out = ["## Related documents", "", "Listed at the end of every school's copy; a school "
               "may add its own with `related:`.", ""]  # fmt: skip
    else:
        docs = [translated_related(d, tr, library) for d in related]
        out = [f"## {t('related_documents', tr.language)}", ""]
    for kind, heading in KINDS.items():
        of_kind = [d for d in docs if d.kind == kind]
        if not of_kind:
            continue
        words = heading if tr is None else t(f"related_kind_{kind}", tr.language)
        out += [f"### {md(words)}", ""]
        for d in of_kind:
            if d.url is not None:
                text = str(markdown_link(d.url, d.title))
            elif d.policy in library.templates:
                text = f"[{md(d.title)}]({d.policy}.md)"
            else:
                text = str(md(d.title))
            out.append(f"- {in_language(text, d.language) if d.language else text}")
        out.append("")
    return "\n".join(out)
