"""The ``policy-site`` command: parses arguments, calls a command, prints what it returned.

This is the only place that prints, chooses exit codes or catches
:class:`~site_builder.errors.SiteBuilderError`: 0 success, 1 a problem with the user's
config or templates, 2 a usage error. What each command does is in
:mod:`site_builder.commands`; its arguments are in :mod:`site_builder.cli_arguments`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from site_builder.cli_arguments import parser
from site_builder.config.library import Library
from site_builder.config.schema import schema_text
from site_builder.config.source import display_name
from site_builder.config.template_model import ID_PATTERN
from site_builder.errors import Problem, SiteBuilderError, one_line
from site_builder.site.build import load_checked_library
from site_builder.terminal import Colour, Terminal, progress_bar

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = Terminal(sys.stdout), Terminal(sys.stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = streams


def _usage(text: str) -> int:
    print(text, file=sys.stderr)
    return EXIT_USAGE


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    if args.command == "check" and not args.configs and not args.templates:
        return _usage(
            "policy-site check: give a school's config (schools/x.yml), several, a folder of "
            "them, or --templates"
        )
    if args.command == "build":
        from site_builder.la.batch import parse_shard

        try:
            args.shard = None if args.shard is None else parse_shard(args.shard)
        except ValueError:
            return _usage(f"policy-site build: --shard takes I/N, like 2/4, not {args.shard!r}")
    if args.command == "import" and args.template_id is None and not args.source.is_dir():
        return _usage(
            "policy-site import: give the new template's id with --id (like --id visitors-code)"
        )
    err = Colour(sys.stderr)
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


def _fail(lines: Sequence[str], err: Colour) -> None:
    for line in lines:
        print(err(one_line(line), "31"), file=sys.stderr)
    count = len(lines)
    print(
        err(f"{count} problem{'s' if count != 1 else ''} found; nothing was changed.", "1;31"),
        file=sys.stderr,
    )


def _warn(problems: Sequence[Problem | str]) -> None:
    label = Colour(sys.stderr)("warning", "33")
    for problem in problems:
        print(f"{label}: {one_line(str(problem))}", file=sys.stderr)


def _note(problems: Sequence[Problem | str]) -> None:
    """Notes are shown, never counted as problems, and never stop a ``--strict`` run."""
    label = Colour(sys.stderr)("note", "36")
    for problem in problems:
        print(f"{label}: {one_line(str(problem))}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from site_builder.commands.check import strict

    library, template_warnings = load_checked_library(args.templates_dir)
    command = args.command
    if command == "schema":
        sys.stdout.write(schema_text(library))
        return EXIT_OK
    if command == "init":
        return _init(args, library)
    if command == "serve":
        return _serve(args)
    if command == "release":
        from site_builder.la.versions import release

        folder = release(library, args.template)
        template = library.templates[args.template]
        print(f"Released {template.title} {template.version}: archived in {display_name(folder)}/")
        return EXIT_OK
    if command == "changes":
        return _changes(args, library)
    if command == "import":
        return _import(args, library)
    if command == "check":
        _warn(template_warnings)
        if not args.configs:
            strict(args.strict, template_warnings)
            n = len(library.templates)
            print(f"The template library is fine: {n} template{'s' if n != 1 else ''}.")
            return EXIT_OK
        return _check(args, library, template_warnings)
    if command == "index":
        from site_builder.la.batch import collect_configs, write_index

        configs = collect_configs(args.configs)
        write_index(configs, library, args.out)
        print(f"Wrote the index of {len(configs)} schools: {display_name(args.out / 'index.html')}")
        return EXIT_OK
    strict(args.strict, template_warnings)
    single = len(args.configs) == 1 and args.configs[0].is_file() and args.shard is None
    return _build_one(args, library) if single else _build_many(args, library)


def _check(args: argparse.Namespace, library: Library, template_warnings: list[Problem]) -> int:
    from site_builder.commands.check import check_configs, strict

    strict(args.strict, template_warnings)
    fine, problems = check_configs(args.configs, library, strict_mode=args.strict)
    for checked in fine:
        _warn(checked.warnings)
        _note(checked.info)
        n = checked.policies
        print(
            f"{one_line(display_name(checked.path))}: {one_line(checked.school)}, {n} "
            f"polic{'ies' if n != 1 else 'y'}, no problems."
        )
    if problems:
        raise SiteBuilderError(problems)
    return EXIT_OK


def _init(args: argparse.Namespace, library: Library) -> int:
    from site_builder.commands.init import Questionnaire
    from site_builder.commands.init_file import config_text, starter_answers, write_config

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


def _ask_until(prompt: str, ok: Any, hint: str) -> str:
    while True:
        text = input(prompt).strip()
        if ok(text):
            return text
        print(f"  {hint}")


def _import(args: argparse.Namespace, library: Library) -> int:
    from site_builder.word.importer import import_word
    from site_builder.word.placeholders import Names

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


def _changes(args: argparse.Namespace, library: Library) -> int:
    from site_builder.commands.changes import find_changes, write_review_packs

    changes = find_changes(args.config, library, args.policy)
    if not changes.found:
        which = "This policy follows" if args.policy else "Every policy follows"
        print(
            f"{one_line(changes.config.name)}: {which} the library's current version; nothing "
            "has changed."
        )
        return EXIT_OK
    sys.stdout.write(changes.text(args.format, Colour(sys.stdout).on))
    if args.pdf:
        for path in write_review_packs(changes, library, args.pdf):
            print(f"Review pack: {display_name(path)}", file=sys.stderr)
    return EXIT_OK


def _build_one(args: argparse.Namespace, library: Library) -> int:
    from site_builder.commands.build import build

    out, err = Colour(sys.stdout), Colour(sys.stderr)
    run = build(args.configs, library, args.out, jobs=1, force=args.force, strict=args.strict,
                write_index=False)  # fmt: skip
    (outcome,) = run.result.outcomes
    if outcome.status == "failed":
        _fail(outcome.problems, err)
        return EXIT_INPUT
    _warn(outcome.warnings)
    _note(outcome.info)
    if run.result.cache_problems:  # the site is built; only the note of what it was built from
        for problem in run.result.cache_problems:
            line = f"{problem} (the site was built; the next build rebuilds it)"
            print(err(line, "31"), file=sys.stderr)
        return EXIT_INPUT
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
        pdfs = len(list(site.glob("**/pdf/*.pdf")))  # each language's, in a bilingual site
        words = len(list(site.glob("**/docx/*.docx")))
        print(
            out(f"Built the site of {school}", "1;32")
            + f" ({n} polic{'ies' if n != 1 else 'y'}, {pdfs} PDFs and {words} Word "
            f"documents) in {display_name(site)}/"
        )
    print(f"  Open it:     {display_name(site / 'index.html')}")
    print(
        f"  Preview it:  python -m http.server --directory {display_name(site)} 8000"
        "   then visit http://127.0.0.1:8000"
    )
    if n:
        handbook = display_name(site / "pdf" / f"{outcome.slug}-policies.pdf")
        word = display_name(site / "docx" / f"{outcome.slug}-policies.docx")
        print(f"  Print it:    {handbook} (every policy in one PDF)")
        print(f"  Edit it:     {word} (every policy in one Word document)")
    print("  Publish it:  copy the whole folder to your web host")
    return EXIT_OK


def _build_many(args: argparse.Namespace, library: Library) -> int:
    from site_builder.commands.build import build, plan

    out, err = Colour(sys.stdout), Colour(sys.stderr)
    bar, progress = progress_bar(len(plan(args.configs, args.shard)[1]), args.quiet)
    try:
        run = build(args.configs, library, args.out, jobs=args.jobs, shard_of=args.shard,
                    force=args.force, strict=args.strict, progress=progress)  # fmt: skip
    finally:
        if bar is not None:
            bar.stop()
    result = run.result
    for outcome in result.outcomes:
        if args.verbose:
            print(f"  {one_line(outcome.slug)}: {outcome.status}")
        for line in outcome.problems:
            print(err(one_line(line), "31"), file=sys.stderr)
        if not args.quiet:
            _warn(outcome.warnings)
            _note(outcome.info)
    # The sites are already in place: a file the LA index or the cache could not write is
    # reported as what it is, not as "nothing was changed".
    for problem in result.cache_problems:
        line = (f"{problem} (the sites were built; the next build rebuilds them, as the build "
                "cache could not be saved)")  # fmt: skip
        print(err(line, "31"), file=sys.stderr)
    for problem in run.index_problems:
        line = f"{problem} (the sites were built; the LA index and dashboard were not updated)"
        print(err(line, "31"), file=sys.stderr)
    if not args.quiet or run.failed:
        summary = (
            f"Built {result.count('built')}, unchanged {result.count('unchanged')}, "
            f"failed {result.count('failed')}, warnings {result.warnings} "
            f"({result.seconds:.1f} s). Sites are in {display_name(args.out)}/"
        )
        if run.failed:
            print(err(summary, "1;31"), file=sys.stderr)
        else:
            print(out(summary, "1;32"))
        if args.shard is None and not args.quiet:
            print(f"  The LA index and review dashboard: {display_name(args.out / 'index.html')}")
    return EXIT_INPUT if run.failed else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
