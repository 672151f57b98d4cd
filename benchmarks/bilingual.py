"""Benchmark: a bilingual (Welsh and English) school's build against the same school built
in English only. Target: the bilingual build costs at most 2.2x the monolingual one.

    python benchmarks/bilingual.py [--repeat N]

The school is schools/ysgol-y-garn.yml (two policies, Welsh first) with a small Welsh
template added in a copy of the library, so that its Welsh pages are real translations;
the monolingual school is the same config with ``languages: [en]``. Each build is the whole
pipeline (render, pages, PDFs, Word copies, MkDocs), after one warm-up build of each.
Timings, not assertions: tests never time anything.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.site.build import build_school, load_checked_library  # noqa: E402
from tests.welsh import add_welsh_template  # noqa: E402

POLICY = """\
  visitors-code:
    template_version: 1.0.0
    adopted: 2026-11-16
    approved_by: Governing Body
    options:
      sign_in_point: {cy: y dderbynfa, en: the reception}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="builds of each school")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "policy_templates", root / "policy_templates")
        add_welsh_template(root / "policy_templates")
        text = (ROOT / "schools" / "ysgol-y-garn.yml").read_text(encoding="utf-8") + POLICY
        bilingual = root / "ysgol-y-garn.yml"
        bilingual.write_text(text, encoding="utf-8")
        english = root / "y-garn-english.yml"
        english.write_text(text.replace("languages: [cy, en]", "languages: [en]"), "utf-8")
        library, _ = load_checked_library(root / "policy_templates")
        times: dict[Path, list[float]] = {bilingual: [], english: []}
        for round_ in range(args.repeat + 1):
            for path in (english, bilingual):
                start = time.perf_counter()
                build_school(path, library, root / "out")
                if round_:  # the first round warms the caches
                    times[path].append(time.perf_counter() - start)
    mono, both = statistics.median(times[english]), statistics.median(times[bilingual])
    print(f"Monolingual school build (English):      {mono:.2f} s (median of {args.repeat})")
    print(f"Bilingual school build (Welsh, English):  {both:.2f} s (median of {args.repeat})")
    print(f"Bilingual / monolingual:                  {both / mono:.2f}x (target: 2.2x or less)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
