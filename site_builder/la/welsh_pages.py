"""The LA's template site in Welsh: a Welsh home page, the list of templates with each one's
translation status, and a Welsh page for each template.

A translated template's page gives what its English page gives, in Welsh: the facts, the
translation's status (and, when it is out of date, what changed in the English since the
version it translates, for the translator), the Welsh text with every field shown, the
options with their Welsh descriptions, the version history and a config to copy with each
text option in both languages. A template with no Welsh yet has a page that says so and
what a bilingual school can do meanwhile. Every page is marked ``lang="cy"`` (what is
still English inside it is marked ``lang="en"``) and links to its English twin, which links
back. The hand-written guides of the site are in English; the Welsh home page says so.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from site_builder.config.library import Library
from site_builder.config.library_translation import library_name, library_translation
from site_builder.config.template_model import Template
from site_builder.config.translations import Translation, diff_markdown_of, translated_template
from site_builder.la.presentation import present_template
from site_builder.la.template_features import numbered, related_section
from site_builder.la.translation_status import Status, statuses
from site_builder.locale import writing
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import in_language, markdown_code_block
from site_builder.render.translated import TranslatedLoader

WELSH_HOME = "cy/index.md"
WELSH_LIST = "cy/library/index.md"


def welsh_page_path(template: Template) -> str:
    return f"cy/library/{template.id}.md"


def english_link(template: Template) -> str:
    """The link at the top of a template's English page to its Welsh page."""
    return (
        f'<p class="language-link"><a href="../{welsh_page_path(template).replace(".md", ".html")}"'
        f' hreflang="cy" lang="cy">Cymraeg</a></p>'
    )


def welsh_pages(library: Library) -> list[tuple[str, str, str]]:
    """(path, title, Markdown) of each Welsh page, the home page and the list first."""
    found = statuses(library)
    pages = [
        (WELSH_HOME, "Cymraeg", home_page(library)),
        (WELSH_LIST, "Templedi yn Gymraeg", list_page(found)),
    ]
    for status in found:
        title = status.translation.title if status.translation else status.template.title
        pages.append((welsh_page_path(status.template), title, template_page(library, status)))
    return pages


def _welsh(body: str, english: str) -> str:
    """A page's Markdown in Welsh, with its switch to the English page."""
    switch = f'<p class="language-link"><a href="{english}" hreflang="en" lang="en">English</a></p>'
    return f'<div lang="cy" markdown="1">\n\n{switch}\n\n{body}\n\n</div>\n'


def home_page(library: Library) -> str:
    name = md(library_name(library, "cy"))
    return _welsh(
        f"""# Templedi polisi ysgolion

Dyma dempledi polisi'r awdurdod lleol ar gyfer ysgolion ({name}). Mae ysgol yn dewis templed,
yn llenwi un
ffeil ffurfweddu, ac yn cael gwefan polisïau a chopïau PDF a Word o bob polisi, yn Gymraeg
ac yn Saesneg os yw'n ysgol ddwyieithog.

- [Templedi yn Gymraeg](library/index.md): pa dempledi sydd ar gael yn Gymraeg, ac a yw'r
  Gymraeg yn gyfredol.
- Mae ysgol ddwyieithog yn ysgrifennu `languages: [cy, en]` yn ei ffurfweddiad (y Gymraeg yn
  gyntaf: ei thudalennau sydd wrth wraidd y wefan), ac yn rhoi pob gwerth sy'n eiriau yn y ddwy
  iaith, fel `{{cy: Pennaeth, en: Headteacher}}`.
- Pan fydd y Saesneg yn symud ymlaen i fersiwn newydd, mae'r cyfieithiad **wedi dyddio**: mae
  `policy-site check --templates` a `policy-site build` yn rhybuddio, ac mae tudalen y templed
  yn dangos i'r cyfieithydd beth a newidiodd yn y Saesneg.
- Dylai cyfieithydd yr awdurdod lleol wirio pob cyfieithiad cyn i ysgolion ei ddefnyddio.

Mae canllawiau eraill y safle hwn (sut i fabwysiadu polisi, cyfeirnod y ffurfweddiad,
cyhoeddi yn Gymraeg) yn Saesneg yn unig ar hyn o bryd.
""",
        "../index.html",
    )


def list_page(found: list[Status]) -> str:
    rows = [
        "# Templedi yn Gymraeg",
        "",
        "Pa dempledi sydd ar gael yn Gymraeg, ac a yw'r Gymraeg yn gyfredol. Dylai cyfieithydd "
        "yr awdurdod lleol wirio pob cyfieithiad.",
        "",
        "| Templed | Fersiwn | Statws y Gymraeg |",
        "| --- | --- | --- |",
    ]
    for s in found:
        title = (
            md(s.translation.title) if s.translation else in_language(md(s.template.title), "en")
        )
        rows.append(
            f"| [{title}]({s.template.id}.md) | {md(s.template.version)} | {md(s.words_cy)} |"
        )
    return _welsh("\n".join(rows), "../../library/index.html")


def template_page(library: Library, status: Status) -> str:
    template, tr = status.template, status.translation
    english = f"../../library/{template.id}.html"
    if tr is None:
        return _welsh(
            f"""# {in_language(md(template.title), "en")}

**{md(status.words_cy)}.**

Ni all ysgol ddwyieithog gyhoeddi'r polisi hwn yn Gymraeg nes bod gan y llyfrgell
`{template.id}/policy.cy.md` a `template.cy.yml`. Yn y cyfamser, gall ysgol ysgrifennu
`allow_untranslated: true` yn ei ffurfweddiad: bydd ei thudalen Gymraeg yn dangos y Saesneg,
gyda nodyn yn Gymraeg sy'n dweud hynny.

[Y templed yn Saesneg](../../library/{template.id}.md){{: hreflang="en" }}
""",
            english,
        )
    welsh = translated_template(template, tr)
    labels = library_translation(library, "cy").labels
    groups = library_translation(library, "cy").groups or library.everyone_groups
    who = "; ".join(groups.get(g, library.everyone_groups.get(g, g)) for g in template.applies_to)
    with writing("cy"):
        text = present_template(library, welsh, TranslatedLoader(str(library.root), "cy"), labels)
    stale = ""
    if tr.stale:
        stale = (
            f"Beth a newidiodd yn y Saesneg ers fersiwn {md(tr.translates)}, i'r cyfieithydd "
            "(geiriau a ddilëwyd wedi'u croesi allan, geiriau newydd wedi'u tanlinellu):\n\n"
            f'<div lang="en" markdown="1">\n\n{diff_markdown_of(tr)}\n\n</div>\n'
        )
    return _welsh(
        f"""# {md(tr.title)}

{md(tr.summary)}

!!! info "Am y templed hwn"

    - **Dynodydd y templed:** `{template.id}`
    - **Fersiwn:** {md(template.version)}
    - **Yn cwmpasu, oni bai fod yr ysgol yn dweud fel arall:** {md(who)}
    - **Cymeradwyir fel arfer gan:** {in_language(md(template.suggested_approver), "en")}
    - **Adolygir bob:** {template.review_cycle_months} mis
{_facts(template)}
## Statws y cyfieithiad

**{md(status.words_cy)}.**

{stale}

## Testun y polisi

Dyma'r testun Cymraeg y mae ysgolion yn ei fabwysiadu. Caiff y
<span class="field">labeli</span> eu llenwi o ffurfweddiad yr ysgol; dim ond pan fo'u hamod yn
wir y caiff yr adrannau mewn blychau eu cynnwys.

{_nest(numbered(template, text))}

{related_section(library, template, tr)}

## Dewisiadau

{_options(welsh, tr)}

## Fersiynau

{_versions(template, tr)}

## Ffurfweddiad i'w gopïo

Ar gyfer ysgol ddwyieithog: rhowch hwn o dan `policies:` yn ffurfweddiad yr ysgol, a newidiwch
y gwerthoedd.

???+ example "Ffurfweddiad ar gyfer {md(tr.title)}"

{_indent(markdown_code_block(config_snippet(template, tr), "yaml"))}
""",
        english,
    )


_ROLES = {"{headteacher}": "y pennaeth", "{chair}": "y cadeirydd"}


def _facts(template: Template) -> str:
    """The facts of the template's features, in Welsh, as lines of the facts box."""
    f = template.features
    facts = []
    if template.signatures:
        roles = ", ".join(_ROLES.get(r, r) for r in template.signatures)
        facts.append(f"**Llofnodir ar bapur gan:** {md(roles)}")
    if f.reference:
        facts.append(f"**Cod cyfeirnod:** {md(f.reference)} (gall ysgol roi ei chod ei hun)")
    if f.numbered_sections:
        facts.append('**Adrannau:** wedi\'u rhifo "1", "1.1" (gall ysgol ddiffodd hyn)')
    if f.sign_off:
        facts.append(
            f"**Taflen lofnodi yn y copi printiedig:** {f.sign_off.rows} rhes i bob unigolyn "
            f"lofnodi i gadarnhau: {in_language(md(f.sign_off.statement), 'en')}"
        )
    return "".join(f"    - {fact}\n" for fact in facts)


def _nest(markdown: str) -> str:
    return re.sub(r"^(#{2,5}) ", r"#\1 ", markdown, flags=re.MULTILINE)


def _indent(block: str) -> str:
    return "\n".join("    " + line if line else "" for line in block.splitlines())


def _options(welsh: Template, tr: Translation) -> str:
    if not welsh.options and not welsh.clauses:
        return "Nid oes gan y templed hwn ddewisiadau."
    rows = ["| Maes | Beth ydyw |", "| --- | --- |"]
    for prefix, specs in (("options.", welsh.options), ("clauses.", welsh.clauses)):
        for name, spec in specs.items():
            words = tr.options.get(name) if prefix == "options." else tr.clauses.get(name)
            description = md(spec.description)
            if not words or not words.get("description"):
                description = in_language(description, "en")
            choices = "; ".join(f"`{k}`: {md(v)}" for k, v in spec.choices.items())
            more = f" Dewisiadau: {choices}." if choices else ""
            need = "gofynnol" if spec.required else "dewisol"
            rows.append(f"| `{prefix}{name}`, {need} | {description}{more} |")
    return "\n".join(rows)


def _versions(template: Template, tr: Translation) -> str:
    rows = ["| Fersiwn | Rhyddhawyd | Beth a newidiodd |", "| --- | --- | --- |"]
    for version in reversed(template.versions):
        change = template.changelog.get(version)
        if change is None:
            rows.append(f"| {md(version)} | heb ei ryddhau eto | |")
            continue
        summary = tr.changelog.get(version)
        words = md(summary) if summary else in_language(md(change.summary), "en")
        rows.append(f"| {md(version)} | {md(change.date)} | {words} |")
    return "\n".join(rows)


def config_snippet(template: Template, tr: Translation) -> str:
    """A config entry for a bilingual school: each text option with an example in both
    languages where the translation gives a Welsh one."""
    entry: dict[str, Any] = {
        "template_version": template.version,
        "adopted": "2026-09-01",
        "approved_by": template.suggested_approver,
    }
    options: dict[str, Any] = {}
    for name, spec in template.options.items():
        value = spec.default if spec.default not in (None, []) else spec.example
        if value is None and not spec.required:
            continue
        welsh = (tr.options.get(name) or {}).get("example")
        options[name] = _both(welsh, value) if spec.type in ("text", "list") else value
    if options:
        entry["options"] = options
    if template.clauses:
        entry["clauses"] = {
            name: _both((tr.clauses.get(name) or {}).get("example"), spec.example or [])
            for name, spec in template.clauses.items()
        }
    return yaml.safe_dump(
        {"policies": {template.id: entry}}, sort_keys=False, allow_unicode=True, width=100
    )


def _both(welsh: Any, english: Any) -> Any:
    """A value in both languages, as a bilingual school writes it: ``{cy: ..., en: ...}``,
    item by item for a list. Without a Welsh example to pair, the English stands in both
    places, for the school to translate (a name or an address is the same in both)."""
    if isinstance(english, list) and isinstance(welsh, list) and len(welsh) == len(english):
        return [{"cy": w, "en": e} for w, e in zip(welsh, english, strict=True)]
    if isinstance(english, str):
        return {"cy": welsh if isinstance(welsh, str) else english, "en": english}
    if isinstance(english, list) and english and all(isinstance(e, str) for e in english):
        return [{"cy": e, "en": e} for e in english]
    return english
