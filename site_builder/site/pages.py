"""The pages of a school's site as Markdown: home, each policy, the accessibility statement.

Every value reaches a page through :mod:`site_builder.render.escape`; nothing here builds
or writes files."""

from __future__ import annotations

import datetime as dt

from site_builder.config import dates
from site_builder.config.library import Library
from site_builder.config.library_translation import library_name
from site_builder.config.models import Adoption, SchoolConfig
from site_builder.config.register_model import Register
from site_builder.config.reviews import review_status
from site_builder.config.template_model import version_key
from site_builder.locale import accessibility_text, t
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import html, in_language, markdown_link, yaml_string
from site_builder.render.jinja import RenderedPolicy
from site_builder.render.related import related_markdown, sign_off_note
from site_builder.render.sections import stable_anchors
from site_builder.site.engine import front_matter, title
from site_builder.site.languages_notice import (
    lang_attribute,
    other_language,
    untranslated_notice,
)
from site_builder.site.paths import (
    handbook_docx,
    handbook_pdf,
    policy_docx,
    policy_page,
    policy_pdf,
)
from site_builder.site.statutory import external_rows, statutory_mark, statutory_section


def status_words(state: str) -> str:
    return t(f"status_{state}")


def home_page(
    config: SchoolConfig, rendered: list[RenderedPolicy], register: Register | None = None
) -> str:
    """The list of policies: a table on a wide screen, a card for each policy on a phone
    (the same HTML, laid out by the stylesheet), with each one's review status, the word
    "Statutory" on those the law requires, and those kept outside the library."""
    register = register or Register(file="")
    body = config.governance.governing_body
    today = dates.today()
    rows = []
    coded = any(p.adoption.reference for p in rendered)
    for p in rendered:
        a = p.adoption
        state = review_status(a.review_date, today)
        code = f'<td data-label="{t("reference")}">{html(a.reference or "")}</td>' if coded else ""
        rows.append(
            "<tr>"
            f'<th scope="row" data-label="{t("col_policy")}">'
            f'<a href="{policy_page(p)[:-3]}.html"{lang_attribute(p, config)}>'
            f"{html(p.title)}</a>{statutory_mark(config, register, p.id)}</th>"
            f"{code}"
            f'<td data-label="{t("col_approved_by")}">{html(a.approved_by)}</td>'
            f'<td data-label="{t("col_adopted")}" class="date">{dates.uk(a.adopted)}</td>'
            f'<td data-label="{t("col_next_review")}" class="date">'
            f"{dates.uk(a.review_date)}</td>"
            f'<td data-label="{t("col_status")}"><span class="review review--{state}">'
            f"{status_words(state)}</span></td>"
            "</tr>"
        )
    lines = [
        "---",
        f"title: {yaml_string(title(t('home')))}",  # as in the navigation
        "hide: [toc]",
        "---",
        "",
        f"# {md(config.name)}",
        "",
        t("home_intro", school=md(config.name)),
        "",
        '<table class="policy-list">',
        f"<caption>{t('home_caption')}</caption>",
        "<thead><tr>"
        + f'<th scope="col">{t("col_policy")}</th>'
        + (f'<th scope="col">{t("reference")}</th>' if coded else "")
        + "".join(
            f'<th scope="col">{t(k)}</th>'
            for k in ("col_approved_by", "col_adopted", "col_next_review")
        )
        + f'<th scope="col">{t("col_status")}</th></tr></thead>',
        "<tbody>",
        *rows,
        *external_rows(config, register, today, coded),
        "</tbody>",
        "</table>",
        "",
        *statutory_section(config, register),
        t("home_approval", body=md(body)),
        "",
        f"[{t('download_all_pdf')}]({handbook_pdf(config)})"
        "{: .md-button download } "
        f"[{t('download_all_word')}]({handbook_docx(config)})"
        "{: .md-button download }",
        "",
        t("calendar"),
        "",
    ]
    website = config.school.website
    if website:
        lines += [t("own_website", link=markdown_link(website)), ""]
    return "\n".join(lines)


def policy_markdown(config: SchoolConfig, policy: RenderedPolicy, library: Library) -> str:
    a = policy.adoption
    details = [
        *([f"**{t('reference')}:** {md(a.reference)}"] if a.reference else []),
        f"**{t('version')}:** {md(a.template_version)}",
        f"**{t('adopted')}:** {dates.uk(a.adopted)}",
        f"**{t('approved_by')}:** {md(a.approved_by)}",
        f"**{t('next_review')}:** {dates.uk(a.review_date)}",
        f"**{t('la_template')}:** "
        + t(
            "la_template_value",
            title=md(policy.title),
            version=md(a.template.version),
            library=md(library_name(library, config.language)),
        ),
    ]
    box = "\n".join(f"    - {d}" for d in details)
    before, after = untranslated_notice(policy, config)
    download = (
        f"[{t('download_pdf')}](../{policy_pdf(config, policy)}){{: .md-button download }} "
        f"[{t('download_word')}](../{policy_docx(config, policy)}){{: .md-button download }}"
    )
    text = stable_anchors(policy.markdown) if a.numbered_sections else policy.markdown
    adopted = {other.id: other for other in config.policies}
    related = related_markdown(a, adopted, lambda pid: f"{pid}.md")
    return (
        f"{front_matter(policy.title)}"
        f"# {md(policy.title)}{other_language(policy, config)}\n\n"
        f"{overdue_banner(a)}"
        f'!!! info "{t("policy_details")}"\n\n{box}\n\n'
        f"{download}\n\n"
        f"{before}{text}{after}\n"
        f"{sign_off_note(a.sign_off)}"
        f"{related + chr(10) if related else ''}"
        f"{revision_history(a)}"
    )


def overdue_banner(adoption: Adoption, today: dt.date | None = None) -> str:
    """A clear warning above a policy whose review date has passed (the text stays), and a
    note above one due for review within 60 days."""
    state = review_status(adoption.review_date, today)
    if state == "due":
        return (
            f'!!! warning "{t("due_heading")}"\n\n'
            f"    {t('due_text', date=dates.uk(adoption.review_date))}\n\n"
        )
    if state == "current":
        return ""
    text = t("overdue_text", date=dates.uk(adoption.review_date), body=md(adoption.approved_by))
    return f'!!! danger "{t("overdue_heading")}"\n\n    {text}\n\n'


def revision_history(adoption: Adoption) -> str:
    """The LA's versions up to the one the school adopted, with what changed in each."""
    changelog = adoption.latest.changelog
    adopted = version_key(adoption.template_version)
    versions = [v for v in adoption.latest.versions if version_key(v) <= adopted]
    rows = [
        f"## {t('revision_history')}",
        "",
        "| "
        + " | ".join(
            t(k) for k in ("col_version", "col_released", "col_changed", "col_adopted_school")
        )
        + " |",
        "| --- | --- | --- | --- |",
    ]
    for version in reversed(versions):
        change = changelog.get(version)
        released = dates.uk(dates.parse_iso(change.date)) if change else ""  # type: ignore[arg-type]
        summary = md(change.summary) if change else ""
        if change and change.language:
            summary = in_language(summary, change.language)
        took = dates.uk(adoption.adopted) if version == adoption.template_version else ""
        rows.append(f"| {md(version)} | {released} | {summary} | {took} |")
    return "\n".join(rows) + "\n"


def accessibility_page(config: SchoolConfig) -> str:
    """The accessibility statement, following the GOV.UK model statement."""
    name = md(config.name)
    email = config.school.contact_email
    phone = config.school.phone
    lines = [t("a11y_contact_email", email=markdown_link(email))] if email else []
    if phone:
        lines.append(t("a11y_contact_phone", phone=md(phone)))
    contact = "\n".join(lines) or t("a11y_contact_office")
    issues = config.school.accessibility_issues
    prepared = config.school.accessibility_reviewed or max(
        (a.adopted for a in config.policies), default=None
    )
    if issues:
        status = t("a11y_partial")
        problems = "\n".join(f"- {md(issue)}" for issue in issues)
        not_accessible = f"{t('a11y_known')}\n\n{problems}"
    else:
        status = t("a11y_full")
        not_accessible = t("a11y_none")
    when = dates.uk(prepared) if prepared else t("a11y_first_published")
    body = accessibility_text().format(
        name=name, not_accessible=not_accessible, contact=contact, status=status, when=when
    )
    return f"{front_matter(t('accessibility'))}# {t('accessibility_title')}\n\n{body}"
