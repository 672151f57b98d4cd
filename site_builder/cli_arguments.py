"""The ``policy-site`` command's arguments: every subcommand, its options and its examples.

Only argparse: what the command does is in :mod:`site_builder.cli` and
:mod:`site_builder.commands`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from site_builder import __version__
from site_builder.site.build import DEFAULT_OUT

EXAMPLES = {
    "build": (
        "examples:\n"
        "  policy-site build schools/any-school.yml            one school\n"
        "  policy-site build schools/any-school.yml --out public\n"
        "  policy-site build schools/                          every school, in parallel\n"
        "  policy-site build schools/ --shard 2/4              the 2nd quarter of them"
    ),
    "check": (
        "examples:\n  policy-site check schools/any-school.yml\n"
        "  policy-site check schools/                every school\n"
        "  policy-site check --templates"
    ),
    "index": "example:\n  policy-site index schools/ --out site",
    "schema": "example:\n  policy-site schema > policy-site.schema.json",
    "release": "example:\n  policy-site release staff-social-media",
    "init": (
        "examples:\n  policy-site init schools/st-marys.yml\n"
        "  policy-site init schools/st-marys.yml --no-input   a commented file to edit"
    ),
    "serve": "example:\n  policy-site serve schools/any-school.yml   then visit http://127.0.0.1:8000",
    "import": (
        "examples:\n  policy-site import word/visitors.docx --id visitors-code\n"
        "  policy-site import word/                           every .docx in the folder\n"
        "  policy-site import st-anywhere-visitors.docx --id visitors-code \\\n"
        '      --school-name "St Anywhere CE Primary School" --school-name "St Anywhere" \\\n'
        '      --headteacher "Jane Smith"      a school\'s own policy, as a model for all'
    ),
    "changes": (
        "examples:\n  policy-site changes schools/any-school.yml\n"
        "  policy-site changes schools/any-school.yml --policy staff-social-media --format html "
        "> changes.html\n  policy-site changes schools/any-school.yml --pdf review-packs"
    ),
}


def _sub(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    help_text: str,
    description: str,
) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help_text,
        description=description,
        epilog=EXAMPLES[name],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-site",
        description="Build a school's policy website and printable policies from its config.",
        epilog="example:\n  policy-site build schools/any-school.yml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--templates-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="the LA's template library (default: policy_templates)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = _sub(
        sub,
        "build",
        "build schools' sites",
        "Build the policy sites of one school, several, or every school in a folder. "
        "A school whose inputs have not changed since its last build is skipped.",
    )
    build.add_argument(
        "configs",
        type=Path,
        nargs="+",
        metavar="CONFIG",
        help="school configs (schools/x.yml) or folders of them",
    )
    build.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help="where sites are written (default: site); each school's site goes into DIR/<school>",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="schools built at once (default: the number of CPUs)",
    )
    build.add_argument(
        "--shard",
        default=None,
        metavar="I/N",
        help="build only the I-th of N equal slices of the schools (for CI)",
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild every school even if nothing changed"
    )
    build.add_argument("--quiet", action="store_true", help="print only problems")
    build.add_argument(
        "--verbose", action="store_true", help="also list every school and every PDF written"
    )

    check = _sub(
        sub,
        "check",
        "check a school's config without building",
        "Check a school's config (and the templates) and report every problem at "
        "once. Writes nothing.",
    )
    check.add_argument(
        "configs",
        type=Path,
        nargs="*",
        metavar="CONFIG",
        help="school configs (schools/x.yml) or folders of them",
    )
    check.add_argument(
        "--templates",
        action="store_true",
        help="check the template library (always done before a school)",
    )
    for command in (build, check):
        command.add_argument(
            "--strict",
            action="store_true",
            help="treat warnings (reviews due or overdue, template fields no "
            "template uses) as errors, for CI",
        )

    index = _sub(
        sub,
        "index",
        "write the LA index and review dashboard",
        "Write DIR/index.html (every school with a link to its site, and a review "
        "dashboard) and DIR/reviews.csv from the schools' configs. 'build' does this "
        "too, except for a shard.",
    )
    index.add_argument(
        "configs", type=Path, nargs="+", metavar="CONFIG", help="school configs or folders of them"
    )
    index.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help="the folder holding the schools' sites (default: site)",
    )

    init = _sub(
        sub,
        "init",
        "start a school's config by answering questions",
        "Ask for the school's details and, for each policy chosen, its dates, approver and "
        "options, checking each answer, then write a commented config that passes check.",
    )
    init.add_argument("config", type=Path, nargs="?", help="where to write it, schools/<id>.yml")
    init.add_argument(
        "--no-input",
        action="store_true",
        help="ask nothing: write a commented starter config to edit",
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing file")

    serve = _sub(
        sub,
        "serve",
        "preview a school's site while editing",
        "Build the school's site, serve it on 127.0.0.1 and rebuild it (and reload the "
        "browser) whenever the config or a template changes. Mistakes are shown here; the "
        "last good site stays up.",
    )
    serve.add_argument("config", type=Path, help="the school's config")
    serve.add_argument("--port", type=int, default=8000, help="default: 8000")
    serve.add_argument(
        "--out",
        type=Path,
        default=Path(".policy-site-preview"),
        metavar="DIR",
        help="where the preview is built (default: .policy-site-preview)",
    )

    release = _sub(
        sub,
        "release",
        "release a template's current version (LA authors)",
        "Archive the current version of a template in its versions/ folder, so that schools "
        "that adopt it can always render it again. Its changelog.yml must say what changed.",
    )
    release.add_argument("template", help="the template's id")

    changes = _sub(
        sub,
        "changes",
        "show what changed in a school's policies",
        "Show, for each policy the school adopted at an older template version, the LA's "
        "notes, new or removed options, and the policy's text with the school's values and "
        "every changed word marked.",
    )
    changes.add_argument("config", type=Path, help="the school's config")
    changes.add_argument("--policy", metavar="ID", help="only this policy")
    changes.add_argument(
        "--format",
        choices=("text", "md", "html"),
        default="text",
        help="text for a terminal (default), md or html",
    )
    changes.add_argument(
        "--pdf",
        type=Path,
        metavar="DIR",
        help="also write a review pack PDF per policy into DIR, for governors",
    )

    imp = _sub(
        sub,
        "import",
        "turn the LA's Word policies into templates (LA authors)",
        "Read a Word policy (.docx), or every .docx in a folder, and write a new template "
        "folder in the library: the text with its headings, lists and tables, every "
        "placeholder as a field, and a report of what was decided and what is still to "
        "decide. Nothing is written if a document cannot be read.",
    )
    imp.add_argument("source", type=Path, metavar="FILE_OR_FOLDER", help="a .docx, or a folder")
    imp.add_argument("--id", dest="template_id", metavar="ID", help="the new template's id")
    imp.add_argument("--title", help="the policy's title (default: the document's own)")
    imp.add_argument(
        "--school-name",
        action="append",
        default=[],
        metavar="NAME",
        help="a school's own name in the document, to become the placeholder (repeatable)",
    )
    imp.add_argument(
        "--la-name", action="append", default=[], metavar="NAME", help="the LA's name, likewise"
    )
    imp.add_argument(
        "--headteacher",
        action="append",
        default=[],
        metavar="NAME",
        help="the headteacher's name, to become the school's title for its head",
    )
    imp.add_argument("--force", action="store_true", help="replace an existing template")

    _sub(
        sub,
        "schema",
        "print the JSON Schema of school configs",
        "Print the JSON Schema of school configs, generated from the template library, for "
        "editors' autocompletion and checking.",
    )
    return parser
