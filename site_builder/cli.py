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
from typing import Any

from site_builder import __version__
from site_builder.config.library import ID_PATTERN
from site_builder.config.schema import schema_text
from site_builder.config.source import display_name
from site_builder.errors import Problem, SiteBuilderError, one_line
from site_builder.render.escape import terminal
from site_builder.site.build import DEFAULT_OUT, check_school, load_checked_library

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2

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


class _Colour:
    def __init__(self, stream: object) -> None:
        isatty = getattr(stream, "isatty", lambda: False)()
        self.on = isatty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.on else text


def _sub(
    sub: argparse._SubParsersAction, name: str, help_text: str, description: str
) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    return sub.add_parser(
        name,
        help=help_text,
        description=description,
        epilog=EXAMPLES[name],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


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


class _Terminal:
    """Standard output or error with every value made safe to show (see
    :func:`~site_builder.render.escape.terminal`): one place, so no message can forget it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(terminal(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Terminal(sys.stdout), _Terminal(sys.stderr)  # type: ignore[assignment]
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if args.command == "check" and not args.configs and not args.templates:
        print(
            "policy-site check: give a school's config (schools/x.yml), several, a folder of "
            "them, or --templates",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.command == "build":
        try:
            args.shard = _shard(args.shard)
        except ValueError:
            print(
                f"policy-site build: --shard takes I/N, like 2/4, not {args.shard!r}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    err = _Colour(sys.stderr)
    try:
        return _run(args)
    except SiteBuilderError as exc:
        _fail([str(p) for p in exc.problems], err)
        return EXIT_INPUT
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # the file system refused something no check could foresee
        where = display_name(Path(exc.filename)) if exc.filename else "policy-site"
        _fail([f"{where}: {exc.strerror or type(exc).__name__}"], err)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted; nothing was changed.", file=sys.stderr)
        return 130


def _shard(text: str | None) -> tuple[int, int] | None:
    from site_builder.la.batch import parse_shard

    return None if text is None else parse_shard(text)


def _fail(lines: Sequence[str], err: _Colour) -> None:
    for line in lines:
        print(err(one_line(line), "31"), file=sys.stderr)
    count = len(lines)
    print(
        err(f"{count} problem{'s' if count != 1 else ''} found; nothing was changed.", "1;31"),
        file=sys.stderr,
    )


def _report(problems: Sequence[Problem | str], label: str) -> None:
    for problem in problems:
        print(f"{label}: {one_line(str(problem))}", file=sys.stderr)


def _strict(strict: bool, warnings: Sequence[Problem]) -> None:
    """Under ``--strict`` a warning stops the run like an error (and nothing is written)."""
    if strict and warnings:
        raise SiteBuilderError(
            [replace(w, message=f"{w.message} (an error under --strict)") for w in warnings]
        )


def _run(args: argparse.Namespace) -> int:
    warn = _Colour(sys.stderr)
    library, template_warnings = load_checked_library(args.templates_dir)
    if args.command == "schema":
        sys.stdout.write(schema_text(library))
        return EXIT_OK
    if args.command == "init":
        return _init(args, library)
    if args.command == "serve":
        return _serve(args)
    if args.command == "release":
        from site_builder.la.versions import release

        folder = release(library, args.template)
        template = library.templates[args.template]
        print(f"Released {template.title} {template.version}: archived in {display_name(folder)}/")
        return EXIT_OK
    if args.command == "changes":
        return _changes(args, library)
    if args.command == "import":
        return _import(args, library)
    if args.command == "check":
        _report(template_warnings, warn("warning", "33"))
        if not args.configs:
            n = len(library.templates)
            print(f"The template library is fine: {n} template{'s' if n != 1 else ''}.")
            return EXIT_OK
        return _check(args, library, template_warnings)
    from site_builder.la.batch import collect_configs, write_index

    configs = collect_configs(args.configs)
    if args.command == "index":
        write_index(configs, library, args.out)
        print(f"Wrote the index of {len(configs)} schools: {display_name(args.out / 'index.html')}")
        return EXIT_OK
    _strict(args.strict, template_warnings)
    single = len(configs) == 1 and args.configs[0].is_file() and args.shard is None
    if single:
        return _build_one(args, library)
    return _build_many(args, library, configs)


def _check(args: argparse.Namespace, library: Any, template_warnings: list[Problem]) -> int:
    """Check every config named or found in the folders named; report every problem."""
    from site_builder.la.batch import collect_configs

    _strict(args.strict, template_warnings)
    warn = _Colour(sys.stderr)
    problems: list[Problem] = []
    for path in collect_configs(args.configs):
        try:
            config, rendered = check_school(path, library)
            _strict(args.strict, config.warnings)
        except SiteBuilderError as exc:
            problems += exc.problems
            continue
        _report(config.warnings, warn("warning", "33"))
        print(
            f"{one_line(display_name(path))}: {one_line(config.name)}, {len(rendered)} "
            f"polic{'ies' if len(rendered) != 1 else 'y'}, no problems."
        )
    if problems:
        raise SiteBuilderError(problems)
    return EXIT_OK


def _init(args: argparse.Namespace, library: Any) -> int:
    from site_builder.commands.init import Questionnaire, config_text, starter_answers, write_config

    path = args.config
    if path is None:
        if args.no_input:
            path = Path("schools/my-school.yml")
        else:
            slug = _ask_until(
                "Your school's short id, used in the file name and web address (like st-marys): ",
                lambda text: bool(ID_PATTERN.match(text)),
                "Use lower-case letters, digits and hyphens, like st-marys.",
            )
            path = Path("schools") / f"{slug}.yml"
    if path.exists() and not args.force:
        if args.no_input:
            print(
                f"{display_name(path)} already exists; nothing was written "
                "(use --force to replace it).",
                file=sys.stderr,
            )
            return EXIT_INPUT
        answer = input(f"{display_name(path)} already exists. Replace it? [y/N] ").strip().lower()
        if answer not in ("y", "yes"):
            print("Nothing was written.")
            return EXIT_OK
    if args.no_input:
        text = config_text(library, starter_answers(library), starter=True)
    else:
        try:
            answers = Questionnaire(library, input, sys.stdout, path.parent).run()
        except EOFError:
            raise SiteBuilderError(
                "the questions ended before every answer was given; nothing was written"
            ) from None
        text = config_text(library, answers)
    write_config(path, text, library, starter=args.no_input)
    shown = display_name(path)
    if args.no_input:
        print(
            f"Wrote {shown}. Replace every TODO in it with your school's details: "
            f"`policy-site check {shown}` lists each one, and fails until none is left."
        )
        return EXIT_OK
    print(f"\nWrote {shown}. Next:")
    print(f"  policy-site check {shown}    (finds mistakes; changes nothing)")
    print(f"  policy-site serve {shown}    (preview the site while you edit)")
    print(f"  policy-site build {shown}    (build the site to publish)")
    return EXIT_OK


def _import(args: argparse.Namespace, library: Any) -> int:
    from site_builder.word.importer import import_word
    from site_builder.word.placeholders import Names

    if args.template_id is None and not args.source.is_dir():
        print(
            "policy-site import: give the new template's id with --id (like --id visitors-code)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    names = Names(
        school=tuple(args.school_name), la=tuple(args.la_name), headteacher=tuple(args.headteacher)
    )
    results = import_word(
        args.source,
        library,
        template_id=args.template_id,
        title=args.title,
        names=names,
        force=args.force,
    )
    for result in results:
        sys.stdout.write(result.report_text + "\n")
    n = len(results)
    print(
        f"Wrote {n} template{'s' if n != 1 else ''}: "
        + ", ".join(f"{display_name(r.folder)}/" for r in results)
        + " (each with its report, import-report.txt)"
    )
    return EXIT_OK


def _ask_until(prompt: str, ok: Any, hint: str) -> str:
    while True:
        text = input(prompt).strip()
        if ok(text):
            return text
        print(f"  {hint}")


def _serve(args: argparse.Namespace) -> int:
    from site_builder.commands.serve import Preview

    preview = Preview(
        args.config,
        args.out,
        args.templates_dir,
        report=lambda line: print(line, file=sys.stderr, flush=True),
    )

    def ready(url: str) -> None:
        print(
            f"Serving {args.config.stem} at {url} (Ctrl+C to stop). Edit the config or a "
            "template and the page reloads.",
            flush=True,
        )

    try:
        preview.serve(args.port, ready)
    except OSError as exc:
        raise SiteBuilderError(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror}") from None
    except KeyboardInterrupt:
        print("Stopped.")
    return EXIT_OK


def _changes(args: argparse.Namespace, library: Any) -> int:
    from site_builder.config.school import load_school
    from site_builder.la.versions import policy_changes, report

    config = load_school(args.config, library)
    chosen = [a for a in config.policies if args.policy in (None, a.id)]
    if args.policy and not chosen:
        raise SiteBuilderError(
            [
                Problem(
                    display_name(args.config),
                    key=f"policies.{args.policy}",
                    message="the school has not adopted this policy",
                )
            ]
        )
    outdated = [a for a in chosen if a.outdated]
    if not outdated:
        which = "This policy follows" if args.policy else "Every policy follows"
        print(
            f"{one_line(config.name)}: {which} the library's current version; nothing has changed."
        )
        return EXIT_OK
    found = [policy_changes(config, a, library) for a in outdated]
    colour = _Colour(sys.stdout).on
    sys.stdout.write(report(config.name, found, args.format, colour))
    if args.pdf:
        for path in _review_packs(config, found, library, args.pdf):
            print(f"Review pack: {display_name(path)}", file=sys.stderr)
    return EXIT_OK


def _review_packs(config: Any, found: list[Any], library: Any, folder: Path) -> list[Path]:
    import tempfile

    from site_builder.la.versions import diff_markdown
    from site_builder.print.pdf import PdfWriter, PrintedSchool, review_pack_source
    from site_builder.site.build import printed_policy
    from site_builder.site.theme import readable_on_white

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        logo = config.value("school.logo")
        if logo:
            (root / "assets").mkdir()
            (root / "assets" / f"logo{logo.suffix}").write_bytes(logo.data)
        school = PrintedSchool(
            name=config.name,
            colour=readable_on_white(config.value("school.colour")),
            logo=f"/assets/logo{logo.suffix}" if logo else None,
        )
        writer = PdfWriter(root)
        for c in found:
            printed = printed_policy(config, c.new, library)
            source = review_pack_source(
                school,
                printed,
                c.old_version,
                [(n.version, n.date, n.summary, n.notes) for n in c.notes],
                [(f.name, f.description) for f in c.fields if f.change == "added"],
                diff_markdown(c.old.markdown, c.new.markdown),
            )
            path = folder / (
                f"{config.slug}-{c.adoption.id}-review-{c.old_version}-to-{c.new_version}.pdf"
            )
            writer.compile(source, path, c.adoption.adopted)
            written.append(path)
    return written


def _build_one(args: argparse.Namespace, library: object) -> int:
    from site_builder.la.batch import build_many

    out = _Colour(sys.stdout)
    err = _Colour(sys.stderr)
    path = args.configs[0]
    result = build_many(
        [path],
        library,
        args.out,
        jobs=1,
        force=args.force,  # type: ignore[arg-type]
        strict=args.strict,
    )
    (outcome,) = result.outcomes
    if outcome.status == "failed":
        _fail(outcome.problems, err)
        return EXIT_INPUT
    if result.cache_problems:  # the site is built; only the note of what it was built from
        _report(outcome.warnings, err("warning", "33"))
        for problem in result.cache_problems:
            print(
                err(f"{problem} (the site was built; the next build rebuilds it)", "31"),
                file=sys.stderr,
            )
        return EXIT_INPUT
    _report(outcome.warnings, err("warning", "33"))
    if args.quiet:
        return EXIT_OK
    site = args.out / outcome.slug
    entry = outcome.entry or {}
    n = len(entry.get("templates", []))
    school = one_line(str(entry.get("school", outcome.slug)))
    if outcome.status == "unchanged":
        print(
            f"{school}: up to date in {display_name(site)}/ (nothing changed since the last "
            "build; --force rebuilds it)"
        )
    else:
        print(
            out(f"Built the site of {school}", "1;32")
            + f" ({n} polic{'ies' if n != 1 else 'y'}, {n + 1 if n else 0} PDFs"
            + f" and {n + 1 if n else 0} Word documents)"
            + f" in {display_name(site)}/"
        )
    print(f"  Open it:     {display_name(site / 'index.html')}")
    print(
        f"  Preview it:  python -m http.server --directory {display_name(site)} 8000"
        "   then visit http://127.0.0.1:8000"
    )
    if n:
        print(
            f"  Print it:    {display_name(site / 'pdf' / f'{outcome.slug}-policies.pdf')} "
            "(every policy in one PDF)"
        )
        print(
            f"  Edit it:     {display_name(site / 'docx' / f'{outcome.slug}-policies.docx')} "
            "(every policy in one Word document)"
        )
    print("  Publish it:  copy the whole folder to your web host")
    return EXIT_OK


def _build_many(args: argparse.Namespace, library: object, configs: list[Path]) -> int:
    from site_builder.la.batch import Outcome, build_many, shard, write_index

    out = _Colour(sys.stdout)
    err = _Colour(sys.stderr)
    todo = shard(configs, *args.shard) if args.shard else configs
    progress = None
    bar = None
    if sys.stderr.isatty() and not args.quiet and todo:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
            # The bar draws with cursor movements: it writes to the terminal itself, and
            # shows nothing from a config.
            console=Console(file=getattr(sys.stderr, "stream", sys.stderr)),
        )
        task = bar.add_task("Building schools", total=len(todo))
        bar.start()

        def progress(outcome: Outcome) -> None:
            bar.advance(task)

    try:
        result = build_many(
            todo,
            library,
            args.out,
            jobs=args.jobs,
            force=args.force,  # type: ignore[arg-type]
            strict=args.strict,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.stop()
    failed = [o for o in result.outcomes if o.status == "failed"]
    for outcome in result.outcomes:
        if args.verbose:
            print(f"  {one_line(outcome.slug)}: {outcome.status}")
        for line in outcome.problems:
            print(err(one_line(line), "31"), file=sys.stderr)
        if not args.quiet:
            _report(outcome.warnings, err("warning", "33"))
    # The sites are already in place: a file the LA index or the cache could not write is
    # reported as what it is, not as "nothing was changed".
    after: list[str] = [
        f"{p} (the sites were built; the next build rebuilds them, as the build cache could "
        "not be saved)"
        for p in result.cache_problems
    ]
    if args.shard is None:
        try:
            write_index(configs, library, args.out, result.inputs)  # type: ignore[arg-type]
        except SiteBuilderError as exc:
            after += [
                f"{p} (the sites were built; the LA index and dashboard were not updated)"
                for p in exc.problems
            ]
    for line in after:
        print(err(line, "31"), file=sys.stderr)
    trouble = bool(failed or after)
    if not args.quiet or trouble:
        summary = (
            f"Built {result.count('built')}, unchanged {result.count('unchanged')}, "
            f"failed {result.count('failed')}, warnings {result.warnings} "
            f"({result.seconds:.1f} s). Sites are in {display_name(args.out)}/"
        )
        colour = "1;31" if trouble else "1;32"
        print(
            out(summary, colour) if not trouble else err(summary, colour),
            file=sys.stderr if trouble else sys.stdout,
        )
        if args.shard is None and not args.quiet:
            print(f"  The LA index and review dashboard: {display_name(args.out / 'index.html')}")
    return EXIT_INPUT if trouble else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
