"""Render a school's policies in one of its languages.

English is :func:`site_builder.render.jinja.render_school` itself. Another language uses the
template's translation (see :mod:`site_builder.config.translations`) through a loader that
reads ``policy.cy.md`` for ``policy.md`` and ``_shared/definitions.cy.md`` for
``_shared/definitions.md``, so a translated text imports the shared text exactly as the
English does, and a missing translation of a shared file is an error, never English. A
policy with no translation is an error for the school, or with ``allow_untranslated`` its
English, marked as English, with a warning.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from site_builder.config.features import RelatedDoc
from site_builder.config.library import Library
from site_builder.config.models import Adoption, SchoolConfig
from site_builder.config.source import display_name
from site_builder.config.template_model import Template
from site_builder.config.translations import (
    LANGUAGE_NAMES,
    Translation,
    text_name,
    translated_template,
    translations,
)
from site_builder.errors import ConfigError, Problem, TemplateError
from site_builder.locale import writing
from site_builder.render.jinja import (
    RenderedPolicy,
    make_environment,
    render_policy,
    render_school,
)


class TranslatedLoader(jinja2.FileSystemLoader):
    """Loads ``<name>.<lang>.md`` wherever a template asks for ``<name>.md``."""

    def __init__(self, root: str, language: str) -> None:
        super().__init__(root)
        self.language = language

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        suffix = f".{self.language}.md"
        if template.endswith(".md") and not template.endswith(suffix):
            template = template[:-3] + suffix
        return super().get_source(environment, template)


def translated_environment(library: Library, language: str) -> ImmutableSandboxedEnvironment:
    """The rendering environment for ``language``, made once per library."""
    key = f"jinja:{language}"
    env = library.cache.get(key)
    if env is None:
        env = make_environment(library)
        env.loader = TranslatedLoader(str(library.root), language)
        library.cache[key] = env
    return env


def syntax_problems(library: Library, language: str = "cy") -> list[Problem]:
    """Every translated text that is not valid template syntax."""
    env = translated_environment(library, language)
    problems = []
    for tr in translations(library, language).values():
        try:
            env.parse(tr.text_path.read_text(encoding="utf-8"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(
                Problem(
                    display_name(tr.text_path),
                    exc.lineno,
                    None,
                    "",
                    f"template syntax: {exc.message}",
                )
            )
    return problems


def usable(
    config: SchoolConfig, library: Library, policy_id: str, version: str
) -> Translation | None:
    """The translation into the config's language that can stand for ``version``, if any."""
    tr = translations(library, config.language).get(policy_id)
    return tr if tr is not None and tr.fits(version) else None


def translated_related(doc: RelatedDoc, tr: Translation, library: Library) -> RelatedDoc:
    """A related document of ``tr``'s template with its title in ``tr``'s language: the
    translation's own, or a related policy's translated title; else the English, marked."""
    if doc.own:
        return doc  # the school's own, already in the page's language
    if doc.title in tr.related:
        return replace(doc, title=tr.related[doc.title])
    other = library.templates.get(doc.policy or "")
    others = translations(library, tr.language)
    if other is not None and doc.title == other.title and doc.policy in others:
        return replace(doc, title=others[doc.policy].title)
    return replace(doc, language="en")


def translated_adoption(adoption: Adoption, tr: Translation, library: Library) -> Adoption:
    """``adoption`` with the template's words, its related documents' titles and its
    revision history in ``tr``'s language; what has no translation yet stays English and
    says so (its ``language``), so that the page can mark it."""
    template = replace(
        translated_template(adoption.template, tr), archived=False, folder=tr.template.folder
    )

    def history(latest: Template) -> Template:
        changelog = {}
        for version, change in latest.changelog.items():
            words = tr.changelog.get(version)
            changelog[version] = (
                replace(change, summary=words) if words else replace(change, language="en")
            )
        return replace(latest, changelog=changelog)

    current = history(adoption.current) if adoption.current is not None else None
    if current is None:
        template = replace(template, changelog=history(adoption.template).changelog)
    return replace(
        adoption,
        template=template,
        current=current,
        related=tuple(translated_related(d, tr, library) for d in adoption.related),
    )


def render_language(
    config: SchoolConfig, library: Library, english: SchoolConfig | None = None
) -> list[RenderedPolicy]:
    """Every policy in the config's language, collecting all errors before raising.

    ``english`` is the school's config read in English, used for a policy published
    untranslated."""
    if config.language == "en":
        return render_school(config, library)
    env = translated_environment(library, config.language)
    out: list[RenderedPolicy] = []
    problems: list[Problem] = []
    kind: type[ConfigError] | type[TemplateError] = ConfigError
    words = LANGUAGE_NAMES.get(config.language, config.language)
    for i, adoption in enumerate(config.policies):
        tr = usable(config, library, adoption.id, adoption.template_version)
        try:
            if tr is not None:
                translated = translated_adoption(adoption, tr, library)
                rendered = render_policy(config, translated, library, env)
                out.append(replace(rendered, language=config.language))
                if tr.translates != adoption.template_version:  # the English moved on
                    config.warnings.append(
                        config.source.problem(
                            adoption.path,
                            f'the {words} of "{adoption.template.title}" translates version '
                            f"{tr.translates}, not {adoption.template_version}: the {words} "
                            "pages may not say what the English now says",
                        )
                    )
                continue
            message = (
                f'"{adoption.template.title}" version {adoption.template_version} has no {words} '
                f"translation yet ({text_name(config.language)})"
            )
            if not config.allow_untranslated:
                problems.append(
                    config.source.problem(
                        adoption.path,
                        f"{message}; a bilingual school cannot publish it in {words}: wait for "
                        "the LA's translation, or set allow_untranslated: true to publish the "
                        f"English with a notice in {words}",
                    )
                )
                continue
            config.warnings.append(
                config.source.problem(
                    adoption.path, f"{message}: its {words} page shows the English, with a notice"
                )
            )
            source = english or config
            with writing("en"):
                rendered = render_policy(source, source.policies[i], library)
            # The English text, with the details (committee, signatories) in the page's language.
            out.append(replace(rendered, adoption=adoption, language="en"))
        except (ConfigError, TemplateError) as exc:
            problems += exc.problems
            if isinstance(exc, TemplateError):
                kind = TemplateError
    if problems:
        raise kind(problems)
    return out
