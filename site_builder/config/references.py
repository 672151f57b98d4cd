"""A reference code names one policy of a school: two policies with the same code are a
located error, at the second one's ``reference`` (or, where a template gave the code, at the
policy's own key)."""

from __future__ import annotations

from site_builder.config.models import Adoption
from site_builder.config.source import Located
from site_builder.errors import Problem


def reference_clashes(doc: Located, adoptions: list[Adoption]) -> list[Problem]:
    """A problem for each policy whose reference code an earlier policy already has."""
    seen: dict[str, Adoption] = {}
    problems = []
    for adoption in adoptions:
        code = adoption.reference
        if not code:
            continue
        first = seen.get(code.casefold())
        if first is None:
            seen[code.casefold()] = adoption
            continue
        path = (*adoption.path, "reference")
        given = path in doc.positions
        where = "" if given else " (the template's code)"
        problems.append(
            doc.problem(
                path if given else adoption.path,
                f'the reference code "{code}"{where} is already the code of '
                f'"{first.template.title}"; give each policy its own code with reference:',
                at_key=not given,
            )
        )
    return problems
