"""A tiny template with a Welsh translation, and a bilingual school adopting it, written
into a copy of the library (the library's own Welsh texts are translated separately)."""

from __future__ import annotations

from pathlib import Path

from .conftest import write

DECLARATION = """\
id: visitors-code
title: Code of conduct for visitors
version: {version}
summary: What the school expects of everyone who visits.
applies_to: [volunteers]
suggested_approver: Governing Body
review_cycle_months: 36
options:
  sign_in_point:
    type: text
    required: true
    description: Where visitors sign in.
    example: the main reception
clauses:
  extra_rules:
    description: Rules of your own for visitors.
    example: [Wear your visitor badge at all times.]
"""

TEXT = """\
{% import "_shared/definitions.md" as shared with context %}
## Arriving

Every visitor to {{ school.name }} signs in at {{ options.sign_in_point }} and wears a badge.
{{ shared.visit_rule() }}

{% for rule in clauses.extra_rules %}
- {{ rule | own }}
{% endfor %}

This code was approved by the {{ policy.approved_by }} on {{ policy.adopted }}.
"""

WELSH_DECLARATION = """\
translates: {translates}
title: Cod ymddygiad i ymwelwyr
summary: Yr hyn y mae'r ysgol yn ei ddisgwyl gan bawb sy'n ymweld.
options:
  sign_in_point:
    description: Ble mae ymwelwyr yn llofnodi i mewn.
clauses:
  extra_rules:
    description: Eich rheolau eich hun i ymwelwyr.
"""

WELSH_TEXT = """\
{% import "_shared/definitions.md" as shared with context %}
## Cyrraedd

Mae pob ymwelydd â'r ysgol ({{ school.name }}) yn llofnodi i mewn yn {{ options.sign_in_point }} ac yn gwisgo bathodyn. Rhaid parchu'r tŵr a'r dŵr.
{{ shared.visit_rule() }}

{% for rule in clauses.extra_rules %}
- {{ rule | own }}
{% endfor %}

Cymeradwywyd y cod hwn ar {{ policy.adopted }} ({{ policy.approved_by }}).
"""

SHARED = "{%- macro visit_rule() -%}\nVisitors never go anywhere alone.\n{%- endmacro %}\n"
WELSH_SHARED = "{%- macro visit_rule() -%}\nNid yw ymwelwyr byth yn mynd i unman ar eu pen eu hunain.\n{%- endmacro %}\n"

SCHOOL = """\
languages: [cy, en]
school:
  name: Ysgol Gynradd Llanddewi
  local_authority: {cy: Cyngor Sir Ceredigion, en: Ceredigion County Council}
  contact_email: swyddfa@llanddewi.example.sch.uk
  headteacher_title: {cy: Pennaeth, en: Headteacher}
governance:
  governing_body: {cy: Corff Llywodraethu, en: Governing Body}
  chair_title: {cy: Cadeirydd y Llywodraethwyr, en: Chair of Governors}
  committees: []
everyone: [staff, governors]
policies:
  visitors-code:
    template_version: 1.0.0
    adopted: 2026-09-14
    approved_by: Governing Body
    signatures: [{cy: Pennaeth, en: Headteacher}]
    options:
      sign_in_point: {cy: y dderbynfa, en: the reception}
    clauses:
      extra_rules:
        - {cy: Peidiwch â defnyddio'ch ffôn yn y coridorau., en: Do not use your phone in the corridors.}
"""


def add_welsh_template(root: Path, *, version: str = "1.0.0", translates: str = "1.0.0") -> Path:
    """The tiny template at ``version`` (with ``versions/1.0.0`` if newer) and its Welsh,
    translating ``translates``, in the library at ``root``."""
    folder = root / "visitors-code"
    write(folder / "template.yml", DECLARATION.replace("{version}", version))
    text = (
        TEXT
        if version == "1.0.0"
        else TEXT.replace("and wears a badge", "and wears a visitor badge all day")
    )
    write(folder / "policy.md", text)
    if version != "1.0.0":
        old = folder / "versions" / "1.0.0"
        write(old / "template.yml", DECLARATION.replace("{version}", "1.0.0"))
        write(old / "policy.md", TEXT)
        write(
            old / "_shared" / "definitions.md",
            (root / "_shared" / "definitions.md").read_text() + SHARED,
        )
    write(folder / "template.cy.yml", WELSH_DECLARATION.replace("{translates}", translates))
    write(folder / "policy.cy.md", WELSH_TEXT)
    shared = root / "_shared" / "definitions.md"
    if "visit_rule" not in shared.read_text():
        shared.write_text(shared.read_text() + SHARED, encoding="utf-8")
    welsh_shared = root / "_shared" / "definitions.cy.md"  # the library's own, with ours added
    existing = welsh_shared.read_text(encoding="utf-8") if welsh_shared.exists() else ""
    if "visit_rule" not in existing:
        write(welsh_shared, existing + WELSH_SHARED)
    return folder


def bilingual_school(project: Path, text: str = SCHOOL) -> Path:
    return write(project / "schools" / "ysgol-llanddewi.yml", text)
