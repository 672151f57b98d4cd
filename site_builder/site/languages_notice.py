"""The notice on a page whose policy text is in another language than the page's."""

from __future__ import annotations

from site_builder.config.models import SchoolConfig
from site_builder.locale import t
from site_builder.render.jinja import RenderedPolicy


def untranslated_notice(policy: RenderedPolicy, config: SchoolConfig) -> tuple[str, str]:
    """What goes before and after a policy's text in a page of another language than the
    text's: a notice, and the text marked as the language it is in."""
    if policy.language == config.language:
        return "", ""
    return (
        f'!!! note "{t("untranslated_heading")}"\n\n    {t("untranslated_text")}\n\n'
        f'<div lang="{policy.language}" markdown="1">\n\n',
        "\n</div>\n",
    )


def other_language(policy: RenderedPolicy, config: SchoolConfig) -> str:
    """The attribute list that marks a heading as in the policy's language, if it is not
    the page's (so that a screen reader reads an English title in English)."""
    return "" if policy.language == config.language else f' {{: lang="{policy.language}" }}'


def lang_attribute(policy: RenderedPolicy, config: SchoolConfig) -> str:
    return "" if policy.language == config.language else f' lang="{policy.language}"'
