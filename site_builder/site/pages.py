"""The pages of a school's site as Markdown: home, each policy, the accessibility statement.

Every value reaches a page through :mod:`site_builder.render.escape`; nothing here builds
or writes files."""

from __future__ import annotations

import datetime as dt

from site_builder.config import dates
from site_builder.config.library import Library, version_key
from site_builder.config.models import Adoption, SchoolConfig
from site_builder.config.register_model import Register
from site_builder.config.reviews import review_status
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import html, markdown_link, yaml_string
from site_builder.render.jinja import RenderedPolicy
from site_builder.site.engine import front_matter, title
from site_builder.site.paths import (
    handbook_docx,
    handbook_pdf,
    policy_docx,
    policy_page,
    policy_pdf,
)
from site_builder.site.statutory import external_rows, statutory_mark, statutory_section

STATUS_WORDS = {
    "overdue": "Overdue for review",
    "due": "Review due soon",
    "current": "Current",
}


def home_page(
    config: SchoolConfig, rendered: list[RenderedPolicy], register: Register | None = None
) -> str:
    """The list of policies: a table on a wide screen, a card for each policy on a phone
    (the same HTML, laid out by the stylesheet), with each one's review status, the word
    "Statutory" on those the law requires, and those kept outside the library."""
    register = register or Register(file="")
    body = config.value("governance.governing_body")
    today = dates.today()
    rows = []
    for p in rendered:
        a = p.adoption
        state = review_status(a.review_date, today)
        rows.append(
            "<tr>"
            f'<th scope="row" data-label="Policy"><a href="{policy_page(p)[:-3]}.html">'
            f"{html(p.title)}</a>{statutory_mark(config, register, p.id)}</th>"
            f'<td data-label="Approved by">{html(a.approved_by)}</td>'
            f'<td data-label="Adopted" class="date">{dates.uk(a.adopted)}</td>'
            f'<td data-label="Next review" class="date">{dates.uk(a.review_date)}</td>'
            f'<td data-label="Status"><span class="review review--{state}">'
            f"{STATUS_WORDS[state]}</span></td>"
            "</tr>"
        )
    lines = [
        "---",
        f"title: {yaml_string(title('Home'))}",  # as in the navigation
        "hide: [toc]",
        "---",
        "",
        f"# {md(config.name)}",
        "",
        f"These are the policies of {md(config.name)}. Each one shows who approved it, when, "
        "and when it will next be reviewed. Every policy can be searched, read online or "
        "printed.",
        "",
        '<table class="policy-list">',
        "<caption>Our policies, with who approved each one and when it is next reviewed</caption>",
        '<thead><tr><th scope="col">Policy</th><th scope="col">Approved by</th>'
        '<th scope="col">Adopted</th><th scope="col">Next review</th>'
        '<th scope="col">Status</th></tr></thead>',
        "<tbody>",
        *rows,
        *external_rows(config, register, STATUS_WORDS, today),
        "</tbody>",
        "</table>",
        "",
        *statutory_section(config, register),
        f"The policies are approved by the {md(body)} of the school or one of its committees, "
        "and reviewed by the date shown. A policy overdue for review stays in force until a "
        "reviewed version is approved.",
        "",
        f"[Download all policies as one document (PDF)]({handbook_pdf(config)})"
        "{: .md-button download } "
        f"[Download all policies as one document (Word)]({handbook_docx(config)})"
        "{: .md-button download }",
        "",
        "Governors and staff can add every review date to their calendar: "
        "[review dates (iCalendar)](reviews.ics).",
        "",
    ]
    website = config.value("school.website")
    if website:
        lines += [f"The school's own website: {markdown_link(website)}.", ""]
    return "\n".join(lines)


def policy_markdown(config: SchoolConfig, policy: RenderedPolicy, library: Library) -> str:
    a = policy.adoption
    details = [
        f"**Version:** {md(a.template_version)}",
        f"**Adopted:** {dates.uk(a.adopted)}",
        f"**Approved by:** {md(a.approved_by)}",
        f"**Next review:** {dates.uk(a.review_date)}",
        f"**LA template:** {md(policy.title)}, version {md(a.template.version)}, "
        f"from the {md(library.name)}",
    ]
    box = "\n".join(f"    - {d}" for d in details)
    download = (
        f"[Download PDF](../{policy_pdf(config, policy)}){{: .md-button download }} "
        f"[Download Word](../{policy_docx(config, policy)}){{: .md-button download }}"
    )
    return (
        f"{front_matter(policy.title)}"
        f"# {md(policy.title)}\n\n"
        f"{overdue_banner(a)}"
        f'!!! info "Policy details"\n\n{box}\n\n'
        f"{download}\n\n"
        f"{policy.markdown}\n"
        f"{revision_history(a)}"
    )


def overdue_banner(adoption: Adoption, today: dt.date | None = None) -> str:
    """A clear warning above a policy whose review date has passed (the text stays), and a
    note above one due for review within 60 days."""
    state = review_status(adoption.review_date, today)
    if state == "due":
        return (
            '!!! warning "This policy is due for review soon"\n\n'
            f"    It is due to be reviewed by {dates.uk(adoption.review_date)}.\n\n"
        )
    if state == "current":
        return ""
    return (
        '!!! danger "This policy is overdue for review"\n\n'
        f"    It was due to be reviewed by {dates.uk(adoption.review_date)}. It stays in force "
        f"until the {md(adoption.approved_by)} approves a reviewed version.\n\n"
    )


def revision_history(adoption: Adoption) -> str:
    """The LA's versions up to the one the school adopted, with what changed in each."""
    changelog = adoption.latest.changelog
    adopted = version_key(adoption.template_version)
    versions = [v for v in adoption.latest.versions if version_key(v) <= adopted]
    rows = [
        "## Revision history",
        "",
        "| Version | Released by the LA | What changed | Adopted by the school |",
        "| --- | --- | --- | --- |",
    ]
    for version in reversed(versions):
        change = changelog.get(version)
        released = dates.uk(dates.parse_iso(change.date)) if change else ""  # type: ignore[arg-type]
        summary = md(change.summary) if change else ""
        took = dates.uk(adoption.adopted) if version == adoption.template_version else ""
        rows.append(f"| {md(version)} | {released} | {summary} | {took} |")
    return "\n".join(rows) + "\n"


def accessibility_page(config: SchoolConfig) -> str:
    """The accessibility statement, following the GOV.UK model statement."""
    name = md(config.name)
    email = config.value("school.contact_email")
    phone = config.value("school.phone")
    contact = f"- email {markdown_link(email)}"
    if phone:
        contact += f"\n- call {md(phone)}"
    issues = config.value("school.accessibility_issues") or []
    prepared = config.value("school.accessibility_reviewed") or max(
        (a.adopted for a in config.policies), default=None
    )
    if issues:
        status = (
            "This website is partially compliant with the Web Content Accessibility "
            "Guidelines version 2.2 AA standard, because of the non-compliances listed below."
        )
        problems = "\n".join(f"- {md(issue)}" for issue in issues)
        not_accessible = (
            f"We know some parts of this website are not fully accessible:\n\n{problems}"
        )
    else:
        status = (
            "This website is fully compliant with the Web Content Accessibility Guidelines "
            "version 2.2 AA standard."
        )
        not_accessible = (
            "We are not aware of any part of this website that does not meet the standard."
        )
    when = dates.uk(prepared) if prepared else "the date the site was first published"
    return f"""{front_matter("Accessibility")}# Accessibility statement

This accessibility statement applies to the policy website of {name}. The website is run by
{name}. We want as many people as possible to be able to use it. For example, that means you
should be able to:

- change colours, contrast levels and fonts using your browser or device settings;
- zoom in up to 400% without the text spilling off the screen;
- navigate the whole website using just a keyboard;
- navigate most of the website using speech recognition software;
- listen to the website using a screen reader.

We have also made the text as simple as possible to understand. Every policy can also be
downloaded as a tagged PDF that works with screen readers, or as a Word document.

## How accessible this website is

{not_accessible}

## Feedback and contact information

If you need any policy in a different format, such as large print, easy read, an audio
recording or braille, please contact the school office:

{contact}

We will consider your request and get back to you within 10 school days.

## Reporting accessibility problems with this website

We are always looking to improve the accessibility of this website. If you find any problems
that are not listed on this page, or think we are not meeting accessibility requirements,
contact the school office using the details above.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the
"accessibility regulations"). If you are not happy with how we respond to your complaint,
contact the Equality Advisory and Support Service (EASS).

## Technical information about this website's accessibility

{name} is committed to making its website accessible, in accordance with the Public Sector
Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

### Compliance status

{status}

The website loads nothing from other websites and sets no cookies.

## Preparation of this accessibility statement

This statement was prepared on {when}.

The software that builds this website, policy-site, is tested against the WCAG 2.2 A and AA
success criteria with an automated checker (axe-core), in a web browser, on example sites
each time the software is changed. When this website is built, the software chooses text
colours with at least 4.5:1 contrast against the school's colour, and makes every PDF as a
tagged PDF/UA-1 document; it will not make a PDF that breaks the PDF/UA rules it can check.
Automated checks find only some problems: the school reviews the website and this statement
itself, most recently on the date above.
"""
