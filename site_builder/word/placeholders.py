"""Find the placeholders in a paragraph and say what each one stands for.

A placeholder is any of: a run of X (``XXXXXXXX School``), a ``[Bracketed Prompt]``, an
``(insert ...)``, a «merge field», a highlighted run, a content control, Word's "Click or
tap here to enter text.", a blank line to fill in (``______``), or a name the LA asked to
be replaced (the school's, the LA's, the headteacher's). Each is read as a :class:`Meaning`:
a shared field, one of the policy's own values, or a new template field named after its
prompt. This module knows words, not Jinja.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.word.package import Control
from site_builder.word.reader import Paragraph

SCHOOL_WORDS = (
    r"(?:(?:C\.?\s?of\s?E\.?|CE|RC|VA|VC|Church of England|Catholic|Community|Primary|Infant|"
    r"Junior|Nursery|First|Lower|Middle|Upper|High|Secondary|Special|Grammar|Free|Federation|"
    r"and|&)\s+)*(?:School|Academy|College|Federation|Pre-school|Nursery)\b"
)
_AFTER_SCHOOL = re.compile(r"^[ \u00a0]+" + SCHOOL_WORDS)
_HEAD_AFTER_NAME = re.compile(
    r"^\s*(?:,\s*|\(\s*|[\u2013-]\s*)(?:the\s+)?(?:Headteacher|Head Teacher|Head of School|"
    r"Principal)(?:\)|,(?=\s))?",
    re.I,
)
_WORD_PROMPT = re.compile(
    r"Click (?:or tap )?(?:here )?to enter (?:a )?(?:text|date)\.?|Choose an item\.?", re.I
)
"""What Word shows in an empty content control."""
_FINDERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("merge", re.compile(r"\u00ab[^\u00ab\u00bb\n]{1,60}\u00bb|<<[^<>\n]{1,60}>>")),
    (
        "insert",
        re.compile(r"[\[(]\s*(?:please\s+)?(?:insert|enter|add)\b[^()\[\]\n]{0,100}[)\]]?", re.I),
    ),
    ("bracket", re.compile(r"\[[^\[\]\n]{0,100}\]")),
    ("prompt", _WORD_PROMPT),
    (
        "date",
        re.compile(r"\b(?:[Xx]{1,4}|[Dd]{2}|[Mm]{2})[/.-](?:[Xx]{1,4}|[Mm]{2})[/.-][XxYy]{2,4}\b"),
    ),
    # Any four X in a row, even inside a word: what policy-site check would call unfilled.
    ("x-run", re.compile(r"[Xx]{4,}|\b[Xx]{3}\b(?=\s+" + SCHOOL_WORDS + ")")),
    ("todo", re.compile(r"TODO|\b[Tt]odo\b|\bTB[CA]\b")),
    ("blank", re.compile(r"_{4,}|\.{5,}|\u2026{2,}")),
)
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s*$")
_PREPOSITION = re.compile(r"\b(?:at|of|to|for|from|within|across|join|joining|by|in)\s+$", re.I)
_COMMITTEE = re.compile(r"\b(?:[A-Z][\w'&-]*\s+(?:(?:and|&|of|for)\s+)?){1,6}(?:Sub-)?Committee\b")
_ROLES = (
    ("school.headteacher_title", re.compile(r"(?<=\bthe )(?:Headteacher|Head Teacher)\b", re.I)),
    ("governance.chair_title", re.compile(r"(?<=\bthe )Chair of (?:the )?Governors\b", re.I)),
    ("governance.governing_body", re.compile(r"(?<=\bthe )(?:Full )?Governing Body\b", re.I)),
)
_REVIEW = re.compile(r"\breview", re.I)
_APPROVE = re.compile(r"\b(?:approv|ratif|adopt|agreed|signed off)", re.I)
_WRITTEN = re.compile(r"\b(?:develop|written|drafted|prepared|wrote|created|updated)", re.I)
_STOP = {
    "insert", "enter", "add", "please", "the", "a", "an", "of", "here", "your", "our", "name",
    "names", "click", "tap", "to", "text", "for", "in", "and", "school's", "schools", "is",
    "are", "be", "by", "on", "at", "with", "will", "was", "were",
}  # fmt: skip


@dataclass(frozen=True)
class Meaning:
    """What a placeholder stands for.

    ``key`` is a shared field (``school.name``), one of the policy's own values
    (``policy.adopted``), ``reviewer`` or ``author``, or ``new:<name>`` for a new template
    field; ``None`` when nothing says what it is.
    """

    key: str | None
    why: str
    type: str = "text"
    default: str | None = None
    example: str | None = None
    choices: tuple[str, ...] = ()


@dataclass
class Region:
    """One placeholder: where it is in the paragraph's text and what it says."""

    start: int
    end: int
    raw: str
    kind: str
    prompt: str
    control: Control | None = None
    meaning: Meaning | None = None
    hint: str = ""
    """Words to name a new field by, when the placeholder itself says nothing."""


@dataclass(frozen=True)
class Names:
    """Names in a school's own policy to turn into placeholders."""

    school: tuple[str, ...] = ()
    la: tuple[str, ...] = ()
    headteacher: tuple[str, ...] = ()


NO_NAMES = Names()


def find_regions(para: Paragraph, controls: list[Control], names: Names = NO_NAMES) -> list[Region]:
    """Every placeholder in ``para``, in order, none overlapping; each with its meaning."""
    text = para.text
    found: list[Region] = []
    pos = 0
    for i, span in enumerate(para.spans):
        end = pos + len(span.text)
        prev = para.spans[i - 1] if i else None
        if span.control is not None and controls and span.control < len(controls):
            if prev is not None and prev.control == span.control and found:
                found[-1].end = end
            else:
                control = controls[span.control]
                found.append(Region(pos, end, "", "control", "", control))
        elif span.field is not None:
            if prev is not None and prev.field == span.field and found:
                found[-1].end = end
            else:
                found.append(Region(pos, end, "", "merge", _words(span.field)))
        pos = end
    for kind, pattern in _FINDERS:
        for m in pattern.finditer(text):
            if kind == "bracket" and not _is_prompt(m.group(0)):
                continue
            _add(found, Region(m.start(), m.end(), "", kind, _prompt(kind, m.group(0))))
    for key, values in (("school.name", names.school), ("school.local_authority", names.la)):
        for value in sorted(values, key=len, reverse=True):
            for m in re.finditer(re.escape(value), text):
                _add(found, Region(m.start(), m.end(), "", "name", key))
    for value in names.headteacher:
        for m in re.finditer(_person_pattern(value), text):
            title = _HEAD_AFTER_NAME.match(text[m.end() :])
            end = m.end() + (title.end() if title else 0)
            _add(found, Region(m.start(), end, "", "name", "school.headteacher_title"))
    pos = 0
    for span in para.spans:
        end = pos + len(span.text)
        if span.highlight and span.text.strip():
            _add(found, Region(pos, end, "", "highlight", ""), merge_with="highlight")
        pos = end
    for m in _COMMITTEE.finditer(text):
        _add(found, Region(m.start(), m.end(), "", "committee", m.group(0)))
    for key, pattern in _ROLES:
        for m in pattern.finditer(text):
            _add(found, Region(m.start(), m.end(), "", "role", key))
    found.sort(key=lambda r: r.start)
    for region in found:
        if region.kind == "highlight":
            region.start, region.end = _trim(text, region.start, region.end)
        region.raw = text[region.start : region.end]
        if region.kind in ("control", "highlight"):
            region.prompt = _control_prompt(region)
        region.meaning = classify(region, text)
        if region.meaning.key == "school.name" and region.kind in ("x-run", "bracket", "merge"):
            after = _AFTER_SCHOOL.match(text[region.end :])
            if after and not text[region.start : region.end].lower().endswith("school"):
                region.end += after.end()
                region.raw = text[region.start : region.end]
    return [r for r in found if r.start < r.end]


def _add(found: list[Region], new: Region, merge_with: str | None = None) -> None:
    for old in found:
        if new.start < old.end and old.start < new.end:
            if merge_with and old.kind == merge_with and new.start <= old.end:
                old.end = max(old.end, new.end)
            return
    if merge_with:
        for old in found:
            if old.kind == merge_with and old.end == new.start:
                old.end = new.end
                return
    found.append(new)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n\u00a0":
        end -= 1
    return start, end


def _is_prompt(raw: str) -> bool:
    inner = raw[1:-1].strip()
    if inner.lower().startswith(("insert", "enter", "add ")):
        return True
    return bool(re.search(r"[A-Za-z]{2}", inner)) and inner.lower() not in ("sic", "sic.")


def _prompt(kind: str, raw: str) -> str:
    if kind in ("bracket", "insert", "merge"):
        return _words(raw.strip("[]()\u00ab\u00bb<>"))
    return raw


def _control_prompt(region: Region) -> str:
    control = region.control
    if control is not None and (control.alias or control.tag):
        return _words(control.alias or control.tag)
    if _WORD_PROMPT.fullmatch(region.raw.strip()):
        return ""  # Word's own words say nothing about what belongs here
    return _words(region.raw)


def _words(text: str) -> str:
    """``SchoolName`` and ``date_adopted`` as words: "School Name", "date adopted"."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text.replace("_", " "))
    return " ".join(text.split())


def _person_pattern(name: str) -> str:
    """``Jane Okafor``, ``Mrs Jane Okafor``, ``Mrs J. Okafor``, ``Mrs Okafor``, ``J Okafor``."""
    parts = name.split()
    title = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+)"
    forms = [title + "?" + re.escape(name)]
    if len(parts) >= 2:
        initial, surname = re.escape(parts[0][0]), re.escape(parts[-1])
        forms.append(rf"{title}(?:{initial}\.?\s+)?{surname}")
        forms.append(rf"{initial}\.?\s+{surname}")
    return r"\b(?:" + "|".join(forms) + r")\b"


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence a placeholder sits in (its context for the meaning)."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = min(i for i in (text.find(". ", end), text.find("\n", end), len(text)) if i >= 0)
    return text[left + 1 : right]


def classify(region: Region, text: str) -> Meaning:
    """What the placeholder stands for, from its prompt and the sentence around it."""
    if region.kind == "name":
        return Meaning(region.prompt, "the name given to replace")
    before = text[: region.start]
    after = text[region.end :]
    sentence = sentence_around(text, region.start, region.end)
    clause = before[max(before.rfind(". "), before.rfind("\n")) + 1 :]
    near = clause[-40:] + " " + sentence
    if region.kind == "role":
        if region.prompt == "governance.governing_body":
            role = _committee(near, "", quiet=True)
            if role.key != "keep":
                return role
        return Meaning(region.prompt, "the school's own name for this role")
    words = region.prompt.lower()
    control = region.control
    if not words and region.kind == "control":
        region.hint = " ".join(before.split()[-3:])  # a name from the words before it
    if region.kind == "committee":
        return _committee(near, region.raw, quiet=True)
    if control is not None and control.kind == "date":
        return _date(words, near)
    if region.kind == "date":
        return _date("", near)
    if region.kind in ("x-run", "todo", "blank", "prompt"):
        if region.kind == "x-run":
            if _AFTER_SCHOOL.match(after):
                return Meaning("school.name", "a run of X before a word like School")
            if re.match(r"^\s*(?:Sub-)?Committee\b", after):
                return _committee(near, "", quiet=False)
            if _PERSON.search(before):
                return Meaning(None, "a run of X after Mr, Mrs or Ms: whose name is not said")
            if _PREPOSITION.search(before):
                return Meaning("school.name", f'a run of X after "{before.split()[-1]}"')
        return Meaning(None, "nothing says what belongs here")
    meaning = _by_words(words, near)
    if meaning is not None:
        return meaning
    if control is not None and control.kind == "choice" and control.choices:
        name = field_name(words or region.hint) or "choice"
        return Meaning(f"new:{name}", "a drop-down list", "choice", choices=control.choices)
    if region.kind in ("highlight", "control") and _has_real_text(region):
        name = field_name(words) or field_name(sentence) or "wording"
        return Meaning(
            f"new:{name}",
            "highlighted (or typed into a form field) as a choice",
            default=region.raw,
        )
    name = field_name(words or region.hint)
    if name:
        return Meaning(f"new:{name}", "a prompt the library has no field for")
    return Meaning(None, "nothing says what belongs here")


def _has_real_text(region: Region) -> bool:
    if region.control is not None and region.control.showing_prompt:
        return False
    raw = region.raw.strip()
    return bool(raw) and not any(p.search(raw) for _, p in _FINDERS)


def _by_words(words: str, sentence: str) -> Meaning | None:
    w = set(re.findall(r"[a-z']+", words))
    if "date" in w or "dated" in w:
        return _date(words, sentence)
    if w & {"school", "academy", "setting"} and w <= {
        "school", "academy", "setting", "name", "the", "of", "full", "insert", "school's",
        "enter", "schoolname",
    }:  # fmt: skip
        return Meaning("school.name", "asks for the school's name")
    if "schoolname" in w:
        return Meaning("school.name", "asks for the school's name")
    if {"local", "authority"} <= w or w & {"la", "council"}:
        return Meaning("school.local_authority", "asks for the local authority")
    if w & {"headteacher", "headteacher's", "principal"} or (
        "head" in w and w & {"teacher", "school"}
    ):
        return Meaning("school.headteacher_title", "asks for the headteacher")
    if "chair" in w:
        return Meaning("governance.chair_title", "asks for the chair of governors")
    if w & {"author", "owner"} or "written by" in words or "prepared by" in words:
        return Meaning("author", "asks for the author")
    if w & {"committee", "committees"}:
        return _committee(sentence, "", quiet=False)
    if ("governing" in w and "body" in w) or w & {"governors", "board"}:
        if _APPROVE.search(sentence):
            return Meaning("policy.approved_by", "the body that approves the policy")
        return Meaning("governance.governing_body", "asks for the governing body")
    if w & {"email", "e-mail"}:
        return Meaning("school.contact_email", "asks for an email address")
    if w & {"phone", "telephone", "tel"}:
        return Meaning("school.phone", "asks for a phone number")
    if w & {"website", "url", "web"}:
        return Meaning("school.website", "asks for the school's website")
    return None


def _date(prompt: str, context: str) -> Meaning:
    """A date's meaning from its own prompt first, then from the words around it."""
    for words in (prompt, context):
        if re.search(r"\b(?:review|renew|next)", words, re.I):
            return Meaning("policy.review_date", "a date for the next review")
        if _APPROVE.search(words):
            return Meaning("policy.adopted", "the date the policy was adopted")
        if _WRITTEN.search(words):
            return Meaning("new:date_written", "the date the policy was written", "date")
    return Meaning("new:date", "a date the library has no field for", "date")


def _committee(context: str, name: str, quiet: bool) -> Meaning:
    """Reviewer or approver, from the verb nearest the committee (``context`` starts with
    the words just before it)."""
    review, approve = _REVIEW.search(context), _APPROVE.search(context)
    if review and (not approve or review.start() < approve.start()):
        return Meaning("reviewer", "the committee that reviews the policy", example=name or None)
    if approve:
        return Meaning("policy.approved_by", "the body that approves the policy")
    if quiet:
        return Meaning("keep", "names a committee")
    return Meaning("new:committee", "a committee", "committee")


def field_name(words: str) -> str:
    cleaned = re.sub(r"x{3,}|todo|\btb[ca]\b", " ", words.lower())
    parts = [p for p in re.findall(r"[a-z0-9]+", cleaned) if p not in _STOP]
    return "_".join(parts[:4]) if parts and parts[0][0].isalpha() else ""
