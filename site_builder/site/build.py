"""Turn a validated school config into its published site folder.

This module writes the Markdown pages of a school's site (home, one page per policy,
accessibility statement), hands them to the site generator through
:mod:`site_builder.site.engine`, and swaps the result into place only once it is complete:
a failed build never touches what was published before.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from site_builder.config.library import Library, load_library
from site_builder.config.library_translation import library_name
from site_builder.config.models import USED_BY_SITE, SchoolConfig
from site_builder.config.reviews import review_status, rows_for
from site_builder.config.translations import translation_problems, translation_warnings
from site_builder.config.validators import WebAddress
from site_builder.errors import ConfigError, Problem, TemplateError
from site_builder.locale import t, writing
from site_builder.print.pdf import (
    PdfWriter,
    PrintedPolicy,
    PrintedSchool,
    handbook_source,
    image_problem,
    policy_source,
)
from site_builder.render.checks import check_templates
from site_builder.render.jinja import RenderedPolicy
from site_builder.render.related import related_markdown
from site_builder.render.translated import syntax_problems
from site_builder.site.bilingual import (
    Version,
    add_switches,
    all_warnings,
    alternate_roots,
    check_languages,
    site_prefix,
)
from site_builder.site.csp import protect_folder
from site_builder.site.engine import NavItem, SiteSpec, build_site
from site_builder.site.feeds import ics_text
from site_builder.site.pages import (
    accessibility_page,
    home_page,
    policy_markdown,
)
from site_builder.site.paths import (
    handbook_docx,
    handbook_pdf,
    policy_docx,
    policy_page,
    policy_pdf,
)
from site_builder.site.publish import file_error, prepare_out, publish, scratch
from site_builder.site.theme import readable_on_white, school_css
from site_builder.word.docx_writer import DocxWriter

ASSETS = Path(__file__).resolve().parent.parent / "assets"
DEFAULT_OUT = Path("site")


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
    info: list[Problem] = field(default_factory=list)
    """Notes that are never errors, even under ``--strict``."""


def load_checked_library(root: Path | None = None) -> tuple[Library, list[Problem]]:
    """Read the template library and check every template (and every translation) against
    its declarations; a stale translation is a warning."""
    library = load_library(root)
    errors, warnings = check_templates(library, USED_BY_SITE)
    errors += translation_problems(library) + syntax_problems(library)
    if errors:
        raise TemplateError(errors)
    return library, warnings + translation_warnings(library)


def check_school(
    config_path: Path,
    library: Library,
) -> tuple[SchoolConfig, list[RenderedPolicy]]:
    """Validate a school config and render its policies (in every language the school
    publishes in), writing nothing; return the primary language's."""
    return check_versions(config_path, library)[0]


def check_versions(config_path: Path, library: Library) -> list[Version]:
    """:func:`check_school` for each of the school's languages, the primary first."""
    versions = check_languages(config_path, library)
    config = versions[0][0]
    logo = config.school.logo
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
    config.warnings = all_warnings(versions)
    return versions


def build_school(
    config_path: Path, library: Library, out: Path = DEFAULT_OUT, *, strict: bool = False
) -> BuildResult:
    """Build one school's site into ``out/<slug>/``, replacing the old one only on success.

    With ``strict``, a warning (a review overdue or due soon) stops the build like an error.
    """
    versions = check_versions(config_path, library)
    config, rendered = versions[0]
    if strict and config.warnings:
        raise ConfigError(
            [replace(w, message=f"{w.message} (an error under --strict)") for w in config.warnings]
        )
    target = out / config.slug
    prepare_out(out, config.slug)
    try:
        with scratch(out, config.slug) as work:
            pdfs: list[Path] = []
            words: list[Path] = []
            for version, policies in versions:
                prefix = site_prefix(version)
                docs = work / (f"docs-{version.language}" if prefix else "docs")
                project = work / prefix
                project.mkdir(exist_ok=True)
                with writing(version.language):
                    write_pages(version, policies, library, docs)
                    add_switches(docs, version)
                    printed = printed_copies(version, policies, library)
                    made = write_pdfs(version, policies, library, docs, printed)
                    made += write_docx(version, policies, library, docs, printed)
                    spec = site_spec(version, policies, docs)
                    build_site(spec, docs, work / "site" / prefix, project)
                for path in made:
                    listed = target / prefix / path.relative_to(docs)
                    (pdfs if path.suffix == ".pdf" else words).append(listed)
            protect_folder(work / "site")
            publish(work / "site", target)
    except OSError as exc:
        raise file_error(exc, target, "write the site") from None
    return BuildResult(
        slug=config.slug,
        school=config.name,
        site_dir=target,
        policies=[p.id for p in rendered],
        pdfs=pdfs,
        docx=words,
        warnings=list(config.warnings),
        config=config,
        info=list(config.info),
    )


def _online(config: SchoolConfig, page: str) -> WebAddress | None:
    base = config.school.policy_site_url
    return WebAddress(f"{base.rstrip('/')}/{site_prefix(config)}{page}") if base else None


def printed_policy(config: SchoolConfig, p: RenderedPolicy, library: Library) -> PrintedPolicy:
    """What the printed copy of one policy shows."""
    adopted = {other.id: other for other in config.policies}
    # On paper another policy is its title and code, as on the printed web page: it is in
    # the same set of printed policies, and the note at the end says where they are online.
    related = related_markdown(p.adoption, adopted, lambda pid: None)
    return PrintedPolicy(
        id=p.id,
        title=p.title,
        markdown=f"{p.markdown}\n{related}" if related else p.markdown,
        reference=p.adoption.reference,
        sign_off=p.adoption.sign_off,
        version=p.adoption.template_version,
        adopted=p.adoption.adopted,
        approved_by=p.adoption.approved_by,
        review_date=p.adoption.review_date,
        template_version=p.adoption.template.version,
        library_name=library_name(library, config.language),
        signatures=p.adoption.signatures,
        online_url=_online(config, policy_page(p).replace(".md", ".html")),
        review_status=review_status(p.adoption.review_date),
    )


Printed = tuple[PrintedSchool, list[PrintedPolicy]]
"""What the PDFs and the Word copies of a school show: made once, used by both."""


def printed_copies(
    config: SchoolConfig, rendered: list[RenderedPolicy], library: Library
) -> Printed:
    logo = config.school.logo
    school = PrintedSchool(
        language=config.language,
        name=config.name,
        colour=readable_on_white(config.school.colour),
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
    school, items = printed or printed_copies(config, rendered, library)
    writer = PdfWriter(docs)
    written = []
    for policy, item in zip(rendered, items, strict=True):
        path = docs / policy_pdf(config, policy)
        writer.compile(policy_source(school, item), path, item.adopted)
        written.append(path)
    handbook = docs / handbook_pdf(config)
    latest = max(p.adopted for p in items)
    writer.compile(handbook_source(school, items), handbook, latest)
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
    school, items = printed or printed_copies(config, rendered, library)
    writer = DocxWriter(school, docs)
    (docs / "docx").mkdir(exist_ok=True)
    written = []
    for policy, item in zip(rendered, items, strict=True):
        path = docs / policy_docx(config, policy)
        path.write_bytes(writer.policy(item))
        written.append(path)
    handbook = docs / handbook_docx(config)
    handbook.write_bytes(writer.handbook(items))
    return [*written, handbook]


def site_spec(config: SchoolConfig, rendered: list[RenderedPolicy], docs: Path) -> SiteSpec:
    logo = config.school.logo
    url = str(config.school.policy_site_url or "") or None
    return SiteSpec(
        date=max((p.adoption.adopted for p in rendered), default=None),
        name=config.name,
        url=f"{url.rstrip('/')}/{site_prefix(config)}" if url and site_prefix(config) else url,
        language=config.language,
        description=t("site_description", school=config.name),
        copyright=f"{config.name}, {config.school.local_authority}",
        logo=f"assets/logo{logo.suffix}" if logo else None,
        extra_css=["assets/policy-site.css", "assets/school.css"],
        extra_javascript=["assets/policy-site.js"],
        alternates=alternate_roots(config),
        nav=[
            NavItem(t("home"), "index.md"),
            NavItem(
                t("policies"),
                children=[
                    NavItem(p.title, policy_page(p), language=_other(p.language, config))
                    for p in rendered
                ],
            ),
            NavItem(t("accessibility"), "accessibility.md"),
        ],
    )


def _other(language: str, config: SchoolConfig) -> str:
    """``language`` when it is not the site's own (a policy shown untranslated), else ""."""
    return "" if language == config.language else language


def write_pages(
    config: SchoolConfig, rendered: list[RenderedPolicy], library: Library, docs: Path
) -> None:
    """Write the Markdown sources of the whole site into ``docs``."""
    (docs / "policies").mkdir(parents=True)
    (docs / "assets").mkdir()
    shutil.copy(ASSETS / "policy-site.css", docs / "assets" / "policy-site.css")
    shutil.copy(ASSETS / "policy-site.js", docs / "assets" / "policy-site.js")
    (docs / "assets" / "school.css").write_text(school_css(config.school.colour), encoding="utf-8")
    logo = config.school.logo
    if logo:
        # The checked (and, for an SVG, cleaned) bytes: the file is not read a second time.
        (docs / "assets" / f"logo{logo.suffix}").write_bytes(logo.data)
    (docs / "index.md").write_text(home_page(config, rendered, library.register), encoding="utf-8")
    for external in config.external:
        if external.pdf is not None:  # the checked bytes, not the file read again
            (docs / external.pdf_name).parent.mkdir(exist_ok=True)
            (docs / external.pdf_name).write_bytes(external.pdf.data)
    for policy in rendered:
        (docs / policy_page(policy)).write_text(
            policy_markdown(config, policy, library), encoding="utf-8"
        )
    (docs / "accessibility.md").write_text(accessibility_page(config), encoding="utf-8")
    (docs / "reviews.ics").write_bytes(
        ics_text(rows_for(config), config.name, config.school.policy_site_url).encode()
    )
