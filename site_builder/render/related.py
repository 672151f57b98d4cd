"""The "Related documents" section at the end of a policy, and the web page's note about the
signing sheet of its printed copies.

Each entry is data: its title is escaped, and it is a link only to a checked web address
(:func:`~site_builder.render.escape.markdown_link`) or to the page of another policy the
school adopted (a template id, which is only ever lower-case letters, digits and hyphens).
A policy the school has not adopted shows its title only. The kinds of document are
``###`` headings: a screen reader can move between them, and on paper a heading is never
left alone at the foot of a page. The same function makes the
section for the web page and for the printed copies; only where a policy links to differs.
"""

from __future__ import annotations

from collections.abc import Callable

from site_builder.config.features import KINDS, RelatedDoc, SignOff
from site_builder.config.models import Adoption
from site_builder.config.template_model import ID_PATTERN
from site_builder.config.validators import WebAddress
from site_builder.locale import t
from site_builder.render.escape import Markdown, in_language, markdown_link
from site_builder.render.escape import escape_markdown as md
from site_builder.render.jinja import own

PolicyLink = Callable[[str], "WebAddress | str | None"]
"""Where a link to another adopted policy goes: a checked address (print, when the site is
published), a page of the site (``other-policy.md``), or None (title only)."""


def related_markdown(adoption: Adoption, adopted: dict[str, Adoption], link: PolicyLink) -> str:
    """The section as Markdown ("" when the policy lists no related documents).

    ``adopted`` is every policy the school adopted, by id; ``link`` says where a link to
    one of them goes."""
    if not adoption.related:
        return ""
    out = [f"## {t('related_documents')}", ""]
    for kind in KINDS:
        docs = [d for d in adoption.related if d.kind == kind]
        if not docs:
            continue
        out += [f"### {t('related_kind_' + kind)}", ""]
        out += [f"- {_entry(d, adopted, link)}" for d in docs]
        out.append("")
    return "\n".join(out)


def _entry(doc: RelatedDoc, adopted: dict[str, Adoption], link: PolicyLink) -> str:
    # Plain strings from here: each piece is already Markdown, escaped where it was made.
    text = str(md(doc.title))
    other = adopted.get(doc.policy) if doc.policy else None
    if doc.url is not None:
        text = str(markdown_link(doc.url, doc.title))
    elif other is not None:
        target = link(other.id)
        if isinstance(target, WebAddress):
            text = str(markdown_link(target, doc.title))
        elif target is not None and ID_PATTERN.match(target.removesuffix(".md")):
            text = f"[{md(doc.title)}]({target})"
        if other.reference:
            text += f" ({md(other.reference)})"
    if doc.language:
        text = str(in_language(text, doc.language))
    return str(own(Markdown(text))) if doc.own else text


def sign_off_note(sign_off: SignOff | None) -> str:
    """The web page's note that the printed copies end with a sheet for people to sign."""
    if sign_off is None:
        return ""
    return (
        f'!!! note "{t("signing_sheet")}"\n\n'
        f"    {t('signing_sheet_note', statement=md(sign_off.statement))}\n\n"
    )
