"""A synthetic local authority for benchmarks: N schools, 30 policies each.

The library is the real one plus generated variants of its templates (each with its own id,
title and a paragraph of its own), so every school adopts 30 distinct policies, as a real
school with a full policy set would. School configs vary: names, colours, governance,
options and their own clauses.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
POLICIES_PER_SCHOOL = 30

_TOPICS = [
    "Attendance", "Behaviour", "Charging and remissions", "Complaints", "Data protection",
    "Equality", "First aid", "Health and safety", "Lettings", "Medical conditions",
    "Online safety", "Physical intervention", "Relationships education", "Safer recruitment",
    "Sex education", "Special educational needs", "Staff code of conduct", "Supply staff",
    "Uniform", "Visitors", "Whistleblowing", "Accessibility plan", "Anti-bullying",
    "Appraisal", "Capability", "Early career teachers", "Exclusions",
]  # fmt: skip


def make_library(dest: Path) -> list[str]:
    """Copy the real library to ``dest`` and add variants up to 30 templates; return ids."""
    shutil.copytree(ROOT / "policy_templates", dest)
    bases = sorted(p.name for p in dest.iterdir() if p.is_dir() and not p.name.startswith("_"))
    ids = list(bases)
    for i, topic in enumerate(_TOPICS[: POLICIES_PER_SCHOOL - len(bases)]):
        base = bases[i % len(bases)]
        new_id = topic.lower().replace(" ", "-") + "-policy"
        folder = dest / new_id
        shutil.copytree(dest / base, folder)
        shutil.rmtree(folder / "versions", ignore_errors=True)  # a new template: no history
        decl = yaml.safe_load((folder / "template.yml").read_text(encoding="utf-8"))
        decl["id"] = new_id
        decl["version"] = "1.0.0"
        decl["title"] = f"{topic} policy"
        if "reference" in decl:
            decl["reference"] = f"SYN{i + 1:02d}"  # each policy has its own code
        decl.pop("statutory", None)  # the register names the real template, not a variant
        for translation in [*folder.glob("policy.*.md"), *folder.glob("template.*.yml")]:
            translation.unlink()  # it translates the real template's version, not 1.0.0
        (folder / "template.yml").write_text(
            yaml.safe_dump(decl, sort_keys=False), encoding="utf-8"
        )
        text = (folder / "policy.md").read_text(encoding="utf-8")
        text += (
            f"\n## About {topic.lower()}\n\n{{{{ school.name }}}} applies this "
            f"{topic.lower()} policy in every part of its work.\n"
        )
        (folder / "policy.md").write_text(text, encoding="utf-8")
        ids.append(new_id)
    return ids


def make_school(index: int, ids: list[str], rng: random.Random) -> dict[str, object]:
    committees = ["Curriculum Committee", "Resources Committee", "Staffing Committee"]
    policies: dict[str, object] = {}
    for pid in ids:
        entry: dict[str, object] = {
            "template_version": "1.0.0",
            "adopted": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
            "approved_by": rng.choice(["Governing Body", *committees]),
        }
        if pid.startswith("staff-social-media") or rng.random() < 0.3:
            entry["options"] = {}
        policies[pid] = entry
    return {
        "school": {
            "name": f"{rng.choice(['St Anne', 'Oakfield', 'Riverside', 'Hill Top', 'Meadow'])}"
                    f" School {index}",
            "local_authority": "Anyshire County Council",
            "contact_email": f"office{index}@school.example.sch.uk",
            "colour": f"#{rng.randint(0, 0x5F):02x}{rng.randint(0, 0x5F):02x}"
                      f"{rng.randint(0x40, 0x9F):02x}",
            "headteacher_title": rng.choice(["Headteacher", "Head of School", "Principal"]),
        },
        "governance": {"governing_body": "Governing Body", "committees": committees},
        "everyone": rng.sample(["staff", "governors", "volunteers", "pta", "parents"], 3),
        "policies": policies,
    }  # fmt: skip


def make_la(dest: Path, schools: int, seed: int = 2026) -> tuple[Path, Path]:
    """Write ``dest/policy_templates`` and ``dest/schools``; return both folders."""
    rng = random.Random(seed)
    library = dest / "policy_templates"
    ids = make_library(library)
    folder = dest / "schools"
    folder.mkdir(parents=True)
    for i in range(1, schools + 1):
        data = make_school(i, ids, rng)
        (folder / f"school-{i:04d}.yml").write_text(
            yaml.safe_dump(data, sort_keys=False), encoding="utf-8"
        )
    return library, folder
