"""Where each page and copy of a school's site lives, relative to its docs folder."""

from __future__ import annotations

from site_builder.config.models import SchoolConfig
from site_builder.render.jinja import RenderedPolicy


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
