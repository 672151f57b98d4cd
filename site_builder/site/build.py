"""Turn a validated school config into its published site folder.

This module writes the Markdown pages of a school's site (home, one page per policy,
accessibility statement), hands them to the site generator through
:mod:`site_builder.site.engine`, and swaps the result into place only once it is complete:
a failed build never touches what was published before.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.config import dates
from site_builder.config.fields import WebAddress
from site_builder.config.library import Library, load_library, version_key
from site_builder.config.school import Adoption, SchoolConfig, load_school, review_status
from site_builder.errors import ConfigError, Problem, TemplateError
from site_builder.la.dashboard import ics_text, rows_for
from site_builder.print.pdf import (
    PdfWriter,
    PrintedPolicy,
    PrintedSchool,
    handbook_source,
    image_problem,
    policy_source,
)
from site_builder.render.escape import escape_markdown as md
from site_builder.render.escape import html, markdown_link, yaml_string
from site_builder.render.jinja import RenderedPolicy, check_templates, render_school
from site_builder.site.csp import protect_folder
from site_builder.site.engine import NavItem, SiteSpec, build_site, front_matter, title
from site_builder.site.publish import file_error, prepare_out, publish, scratch
from site_builder.site.theme import readable_on_white, school_css
from site_builder.word.docx_writer import DocxWriter

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DEFAULT_OUT = Path("site")
USED_BY_SITE = (
    "school.name",
    "school.local_authority",
    "school.logo",
    "school.colour",
    "school.contact_email",
    "school.phone",
    "school.website",
    "school.policy_site_url",
    "school.accessibility_reviewed",
    "school.accessibility_issues",
    "governance.governing_body",
    "governance.committees",
)
"""Shared fields the site itself shows or checks, whether or not a template prints them."""


@dataclass
class BuildResult:
    """What a successful build produced, for the CLI's summary."""

    slug: str
    school: str
    site_dir: Path
    policies: list[str]
    pdfs: list[Path] = field(default_factory=list)
    docx: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    config: SchoolConfig | None = None


def load_checked_library(root: Path | None = None) -> tuple[Library, list[Problem]]:
    """Read the template library and check every template against its declarations."""
    library = load_library(root)
    errors, warnings = check_templates(library, USED_BY_SITE)
    if errors:
        raise TemplateError(errors)
    return library, warnings


def check_school(
    config_path: Path,
    library: Library,
) -> tuple[SchoolConfig, list[RenderedPolicy]]:
    """Validate a school config and render its policies, writing nothing."""
    config = load_school(config_path, library)
    logo = config.value("school.logo")
    if logo is not None:
        damage = image_problem(logo.data, logo.suffix)
        if damage is not None:
            raise ConfigError(
                [
                    config.source.problem(
                        ("school", "logo"),
                        f'"{config.source.data["school"]["logo"]}" is a damaged image that '
                        "cannot be printed; save it again",
                    )
                ]
            )
    return config, render_school(config, library)


def build_school(
    config_path: Path, library: Library, out: Path = DEFAULT_OUT, *, strict: bool = False
) -> BuildResult:
    """Build one school's site into ``out/<slug>/``, replacing the old one only on success.

    With ``strict``, a warning (a review overdue or due soon) stops the build like an error.
    """
    config, rendered = check_school(config_path, library)
    if strict and config.warnings:
        raise ConfigError(
            [replace(w, message=f"{w.message} (an error under --strict)") for w in config.warnings]
        )
    target = out / config.slug
    prepare_out(out, config.slug)
    try:
        with scratch(out, config.slug) as work:
            docs = work / "docs"
            write_pages(config, rendered, library, docs)
            printed = printed_copies(config, rendered, library)
            pdfs = write_pdfs(config, rendered, library, docs, printed)
            words = write_docx(config, rendered, library, docs, printed)
            spec = site_spec(config, rendered, docs)
            build_site(spec, docs, work / "site", work)
            protect_folder(work / "site")
            publish(work / "site", target)
    except OSError as exc:
        raise file_error(exc, target, "write the site") from None
    return BuildResult(
        slug=config.slug,
        school=config.name,
        site_dir=target,
        policies=[p.id for p in rendered],
        pdfs=[target / pdf.relative_to(docs) for pdf in pdfs],
        docx=[target / path.relative_to(docs) for path in words],
        warnings=list(config.warnings),
        config=config,
    )


def policy_page(policy: RenderedPolicy) -> str:
    return f"policies/{policy.id}.md"


def policy_pdf(config: SchoolConfig, policy: RenderedPolicy) -> str:
    """Named after school and policy, so downloads from several schools never clash."""
    return f"pdf/{config.slug}-{policy.id}.pdf"


def handbook_pdf(config: SchoolConfig) -> str:
    return f"pdf/{config.slug}-policies.pdf"


def policy_docx(config: SchoolConfig, policy: RenderedPolicy) -> str:
    """The Word copy, named as the PDF is."""
    return f"docx/{config.slug}-{policy.id}.docx"


def handbook_docx(config: SchoolConfig) -> str:
    return f"docx/{config.slug}-policies.docx"


def _online(config: SchoolConfig, page: str) -> WebAddress | None:
    base = config.value("school.policy_site_url")
    return WebAddress(f"{base.rstrip('/')}/{page}") if base else None


def printed_policy(config: SchoolConfig, p: RenderedPolicy, library: Library) -> PrintedPolicy:
    """What the printed copy of one policy shows."""
    return PrintedPolicy(
        id=p.id,
        title=p.title,
        markdown=p.markdown,
        version=p.adoption.template_version,
        adopted=p.adoption.adopted,
        approved_by=p.adoption.approved_by,
        review_date=p.adoption.review_date,
        template_version=p.adoption.template.version,
        library_name=library.name,
        signatures=p.adoption.signatures,
        online_url=_online(config, policy_page(p).replace(".md", ".html")),
        review_status=review_status(p.adoption.review_date),
    )


Printed = tuple[PrintedSchool, list[PrintedPolicy]]
"""What the PDFs and the Word copies of a school show: made once, used by both."""


def printed_copies(
    config: SchoolConfig, rendered: list[RenderedPolicy], library: Library
) -> Printed:
    logo = config.value("school.logo")
    school = PrintedSchool(
        name=config.name,
        colour=readable_on_white(config.value("school.colour")),
        logo=f"/assets/logo{logo.suffix}" if logo else None,
        handbook_url=_online(config, ""),
    )
    return school, [printed_policy(config, p, library) for p in rendered]


def write_pdfs(
    config: SchoolConfig,
    rendered: list[RenderedPolicy],
    library: Library,
    docs: Path,
    printed: Printed | None = None,
) -> list[Path]:
    """Write one PDF per policy and the handbook into ``docs/pdf/``; return their paths."""
    school, printed = printed or printed_copies(config, rendered, library)
    writer = PdfWriter(docs)
    written = []
    for policy, item in zip(rendered, printed, strict=True):
        path = docs / policy_pdf(config, policy)
        writer.compile(policy_source(school, item), path, item.adopted)
        written.append(path)
    handbook = docs / handbook_pdf(config)
    latest = max(p.adopted for p in printed)
    writer.compile(handbook_source(school, printed), handbook, latest)
    return [*written, handbook]


def write_docx(
    config: SchoolConfig,
    rendered: list[RenderedPolicy],
    library: Library,
    docs: Path,
    printed: Printed | None = None,
) -> list[Path]:
    """Write a Word copy of each policy and of the handbook into ``docs/docx/``, beside the
    PDFs; return their paths."""
    school, printed = printed or printed_copies(config, rendered, library)
    writer = DocxWriter(school, docs)
    (docs / "docx").mkdir(exist_ok=True)
    written = []
    for policy, item in zip(rendered, printed, strict=True):
        path = docs / policy_docx(config, policy)
        path.write_bytes(writer.policy(item))
        written.append(path)
    handbook = docs / handbook_docx(config)
    handbook.write_bytes(writer.handbook(printed))
    return [*written, handbook]


def site_spec(config: SchoolConfig, rendered: list[RenderedPolicy], docs: Path) -> SiteSpec:
    logo = config.value("school.logo")
    return SiteSpec(
        date=max((p.adoption.adopted for p in rendered), default=None),
        name=config.name,
        url=str(config.value("school.policy_site_url") or "") or None,
        description=f"The policies of {config.name}",
        copyright=f"{config.name}, {config.value('school.local_authority')}",
        logo=f"assets/logo{logo.suffix}" if logo else None,
        extra_css=["assets/policy-site.css", "assets/school.css"],
        extra_javascript=["assets/policy-site.js"],
        nav=[
            NavItem("Home", "index.md"),
            NavItem("Policies", children=[NavItem(p.title, policy_page(p)) for p in rendered]),
            NavItem("Accessibility", "accessibility.md"),
        ],
    )


def write_pages(
    config: SchoolConfig, rendered: list[RenderedPolicy], library: Library, docs: Path
) -> None:
    """Write the Markdown sources of the whole site into ``docs``."""
    (docs / "policies").mkdir(parents=True)
    (docs / "assets").mkdir()
    shutil.copy(ASSETS / "policy-site.css", docs / "assets" / "policy-site.css")
    shutil.copy(ASSETS / "policy-site.js", docs / "assets" / "policy-site.js")
    (docs / "assets" / "school.css").write_text(
        school_css(config.value("school.colour")), encoding="utf-8"
    )
    logo = config.value("school.logo")
    if logo:
        # The checked (and, for an SVG, cleaned) bytes: the file is not read a second time.
        (docs / "assets" / f"logo{logo.suffix}").write_bytes(logo.data)
    (docs / "index.md").write_text(home_page(config, rendered), encoding="utf-8")
    for policy in rendered:
        (docs / policy_page(policy)).write_text(
            policy_markdown(config, policy, library), encoding="utf-8"
        )
    (docs / "accessibility.md").write_text(accessibility_page(config), encoding="utf-8")
    (docs / "reviews.ics").write_bytes(
        ics_text(rows_for(config), config.name, config.value("school.policy_site_url")).encode()
    )


STATUS_WORDS = {
    "overdue": "Overdue for review",
    "due": "Review due soon",
    "current": "Current",
}


def home_page(config: SchoolConfig, rendered: list[RenderedPolicy]) -> str:
    """The list of policies: a table on a wide screen, a card for each policy on a phone
    (the same HTML, laid out by the stylesheet), with each one's review status."""
    body = config.value("governance.governing_body")
    today = dates.today()
    rows = []
    for p in rendered:
        a = p.adoption
        state = review_status(a.review_date, today)
        rows.append(
            "<tr>"
            f'<th scope="row" data-label="Policy"><a href="{policy_page(p)[:-3]}.html">'
            f"{html(p.title)}</a></th>"
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
        "</tbody>",
        "</table>",
        "",
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
