"""The ``policy-site`` command: parses arguments, calls the library, reports.

This is the only place that prints, chooses exit codes or catches
:class:`~site_builder.errors.SiteBuilderError`: 0 success, 1 a problem with the user's
config or templates, 2 a usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import __version__
from .errors import Problem, SiteBuilderError
from .schema import schema_text
from .site import DEFAULT_OUT, build_school, check_school, load_checked_library
from .source import display_name

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

EXAMPLES = {
    "build": "example:\n  policy-site build schools/any-school.yml\n"
    "  policy-site build schools/any-school.yml --out public",
    "check": "example:\n  policy-site check schools/any-school.yml\n"
    "  policy-site check --templates",
}


class _Colour:
    def __init__(self, stream: object) -> None:
        isatty = getattr(stream, "isatty", lambda: False)()
        self.on = isatty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.on else text


def _parser() -> argparse.ArgumentParser:
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

    build = sub.add_parser(
        "build",
        help="build a school's site",
        description="Build a school's policy site from its config file.",
        epilog=EXAMPLES["build"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("config", type=Path, help="the school's config, e.g. schools/x.yml")
    build.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help="where sites are written (default: site); the school's site goes into DIR/<school>",
    )

    check = sub.add_parser(
        "check",
        help="check a school's config without building",
        description="Check a school's config (and the templates) and report "
        "every problem at once. Writes nothing.",
        epilog=EXAMPLES["check"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("config", type=Path, nargs="?", help="the school's config")
    check.add_argument(
        "--templates",
        action="store_true",
        help="check the template library (always done before a school)",
    )
    for command in (build, check):
        command.add_argument(
            "--strict",
            action="store_true",
            help="treat warnings (reviews due or overdue, unused template fields) as errors, "
            "for CI",
        )
    sub.add_parser(
        "schema",
        help="print the JSON Schema of school configs",
        description="Print the JSON Schema of school configs, generated from the template "
        "library, for editors' autocompletion and checking.",
        epilog="example:\n  policy-site schema > policy-site.schema.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if args.command == "check" and args.config is None and not args.templates:
        parser.parse_args(["check", "--help"])
    err = _Colour(sys.stderr)
    try:
        return _run(args)
    except SiteBuilderError as exc:
        for problem in exc.problems:
            print(err(str(problem), "31"), file=sys.stderr)
        count = len(exc.problems)
        print(
            err(f"{count} problem{'s' if count != 1 else ''} found; nothing was changed.", "1;31"),
            file=sys.stderr,
        )
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted; nothing was changed.", file=sys.stderr)
        return 130


def _report(problems: Sequence[Problem], label: str) -> None:
    for problem in problems:
        print(f"{label}: {problem}", file=sys.stderr)


def _strict(strict: bool, warnings: Sequence[Problem]) -> None:
    """Under ``--strict`` a warning stops the run like an error (and nothing is written)."""
    if strict and warnings:
        raise SiteBuilderError(
            [replace(w, message=f"{w.message} (an error under --strict)") for w in warnings]
        )


def _run(args: argparse.Namespace) -> int:
    out = _Colour(sys.stdout)
    warn = _Colour(sys.stderr)
    library, template_warnings = load_checked_library(args.templates_dir)
    if args.command == "schema":
        sys.stdout.write(schema_text(library))
        return EXIT_OK
    strict = args.strict
    if args.command == "check":
        _report(template_warnings, warn("warning", "33"))
        if args.config is None:
            n = len(library.templates)
            print(f"The template library is fine: {n} template{'s' if n != 1 else ''}.")
            return EXIT_OK
        config, rendered = check_school(args.config, library)
        _strict(strict, [*template_warnings, *config.warnings])
        _report(config.warnings, warn("warning", "33"))
        print(
            f"{display_name(args.config)}: {config.name}, {len(rendered)} "
            f"polic{'ies' if len(rendered) != 1 else 'y'}, no problems."
        )
        return EXIT_OK
    if strict:
        config, _ = check_school(args.config, library)
        _strict(strict, [*template_warnings, *config.warnings])
    result = build_school(args.config, library, args.out)
    _report(result.warnings, warn("warning", "33"))
    index = result.site_dir / "index.html"
    n = len(result.policies)
    print(
        out(f"Built the site of {result.school}", "1;32")
        + f" ({n} polic{'ies' if n != 1 else 'y'}, {len(result.pdfs)} PDFs)"
        + f" in {display_name(result.site_dir)}/"
    )
    print(f"  Open it:     {display_name(index)}")
    print(
        f"  Preview it:  python -m http.server --directory {display_name(result.site_dir)} "
        "8000   then visit http://127.0.0.1:8000"
    )
    if result.pdfs:
        print(f"  Print it:    {display_name(result.pdfs[-1])} (every policy in one PDF)")
    print("  Publish it:  copy the whole folder to your web host")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
