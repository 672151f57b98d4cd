"""Benchmarks: print the figures the issues set targets for.

    python benchmarks/bench.py [--repeat N]

- PDF: milliseconds per policy PDF with one reused Typst compiler (target: 30 ms or less),
  over every example school's policies.
- Word: milliseconds per policy .docx with one writer per school, and for a school's
  handbook .docx.
- Site: seconds for a whole school build (render, PDFs, MkDocs), per example school.

Run from the repository root. Timings, not assertions: tests never time anything.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.config.school import load_school  # noqa: E402
from site_builder.print.pdf import PdfWriter, PrintedSchool, policy_source  # noqa: E402
from site_builder.render.jinja import render_school  # noqa: E402
from site_builder.site.build import build_school, load_checked_library, printed_policy  # noqa: E402
from site_builder.word.docx_writer import DocxWriter  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds per measurement")
    args = parser.parse_args()
    library, _ = load_checked_library(ROOT / "policy_templates")
    schools = sorted((ROOT / "schools").glob("*.yml"))

    # One compiler per school build, as the build uses it. Each round changes the school's
    # name so every document is new to Typst's caches: a fair first compile, not a replay.
    per_pdf: list[float] = []
    starts: list[float] = []
    for path in schools:
        config = load_school(path, library)
        rendered = render_school(config, library)
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            writer = PdfWriter(Path(tmp))
            starts.append(time.perf_counter() - start)
            for round_ in range(args.repeat):
                school = PrintedSchool(name=f"{config.name} {round_}", colour="#1d4f91")
                for policy in rendered:
                    printed = printed_policy(config, policy, library)
                    source = policy_source(school, printed)
                    start = time.perf_counter()
                    writer.compile(source, Path(tmp) / "out.pdf", printed.adopted)
                    per_pdf.append(time.perf_counter() - start)
    print(
        f"Typst compiler start (fonts loaded once per build): "
        f"{statistics.median(starts) * 1000:.1f} ms"
    )
    print(
        f"PDF per policy: median {statistics.median(per_pdf) * 1000:.1f} ms, "
        f"worst {max(per_pdf) * 1000:.1f} ms over {len(per_pdf)} documents "
        "(target <= 30 ms)"
    )

    # Word copies: a writer per school, as the build uses it; a new school name each round.
    per_docx: list[float] = []
    handbooks: list[float] = []
    for path in schools:
        config = load_school(path, library)
        rendered = render_school(config, library)
        for round_ in range(args.repeat):
            school = PrintedSchool(name=f"{config.name} {round_}", colour="#1d4f91")
            printed = [printed_policy(config, p, library) for p in rendered]
            # parsed once for the PDF and the Word copy together: not counted here
            _ = [p.tokens for p in printed]
            start = time.perf_counter()
            writer = DocxWriter(school, ROOT)
            for item in printed:
                writer.policy(item)
            per_docx.append((time.perf_counter() - start) / len(printed))
            start = time.perf_counter()
            writer.handbook(printed)
            handbooks.append(time.perf_counter() - start)
    print(
        f"Word copy per policy (writer set-up included): median "
        f"{statistics.median(per_docx) * 1000:.1f} ms; handbook median "
        f"{statistics.median(handbooks) * 1000:.1f} ms"
    )

    for path in schools:
        times = []
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(args.repeat):
                start = time.perf_counter()
                build_school(path, library, Path(tmp))
                times.append(time.perf_counter() - start)
        print(f"Site build {path.stem}: median {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
