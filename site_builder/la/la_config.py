"""The LA's identity, ``la.yml``: its name, the template site's title, a contact address,
its website, logo and colour. Each key is declared once, as the field of :class:`LaConfig`
it is read into."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from site_builder.config.fields import declarations, declared, read_declared
from site_builder.config.images import ImageFile
from site_builder.config.source import load_yaml
from site_builder.config.validators import Context, EmailAddress, WebAddress
from site_builder.errors import ConfigError


@dataclass
class LaConfig:
    """The LA's identity, read from ``la.yml``: each field declared once, as the field it is
    checked as (:data:`LA_FIELDS`)."""

    name: str = declared(
        "text", "The local authority's name.", example="Anyshire County Council", required=True
    )
    site_name: str = declared(
        "text",
        "The title of the template site.",
        example="Anyshire school policy templates",
        required=True,
    )
    contact_email: EmailAddress = declared(
        "email",
        "Where schools get help with the templates.",
        example="school.policies@anyshire.example.gov.uk",
        required=True,
    )
    website: WebAddress | None = declared(
        "url", "The LA's website.", example="https://www.anyshire.gov.uk"
    )
    logo: ImageFile | None = declared(
        "image", "The LA's logo, relative to la.yml.", example="docs/assets/la-logo.svg"
    )
    colour: str | None = declared("colour", "The header colour.", example="#00594f")


LA_FIELDS = declarations(LaConfig)


def load_la(path: Path) -> LaConfig:
    """Read and check ``la.yml``; every problem is reported at once."""
    doc, problems = load_yaml(path, what="LA config")
    if doc is None:
        raise ConfigError(problems)
    values = read_declared(doc, LA_FIELDS, Context(base_dir=path.parent), problems)
    if problems:
        raise ConfigError(problems)
    return LaConfig(**values)
