"""``policy-site import``: Word policies built in code become templates that every school builds.

Every document here is made with python-docx (see ``tests/word_docs.py``) from this
project's own wording; none is a copy of a reference policy.
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.config.library import load_library
from site_builder.config.school import load_school
from site_builder.print.typst_markup import markdown_to_typst
from site_builder.render.checks import DEBRIS
from site_builder.render.jinja import render_school
from site_builder.site.engine import MARKDOWN_EXTENSIONS
from site_builder.word.importer import REPORT_FILE, import_word
from site_builder.word.markup import escape_source
from site_builder.word.placeholders import Names

from .conftest import EXAMPLE_SCHOOLS, REPO, TEMPLATES, Run, digest, write
from .word_docs import HL, B, Control, Doc, I, Link, Merge, Note, compound_file

SCHOOL = """\
school:
  name: Brookside Primary School
  local_authority: Anyshire County Council
  contact_email: office@brookside.example.sch.uk
  phone: 01632 960 777
governance:
  governing_body: Governing Body
  committees: [Learning and Welfare Committee]
everyone: [staff, governors, volunteers]
policies:
  {tid}:
    template_version: 1.0.0
    adopted: 2026-09-10
    approved_by: Governing Body
{extra}"""


def imported(path: Path, tid: str = "visitors-code", **kwargs: object) -> tuple[str, dict, str]:
    """Import ``path`` into the working folder's library: (policy.md, template.yml, report)."""
    library = load_library(Path("policy_templates"))
    (result,) = import_word(path, library, template_id=tid, **kwargs)  # type: ignore[arg-type]
    folder = Path("policy_templates") / tid
    declaration = yaml.safe_load((folder / "template.yml").read_text(encoding="utf-8"))
    assert (folder / REPORT_FILE).read_text(encoding="utf-8") == result.report_text
    return (folder / "policy.md").read_text(encoding="utf-8"), declaration, result.report_text


def rendered(tid: str, extra: str = "") -> str:
    """The policy's Markdown for a school that adopts it (options in ``extra``)."""
    library = load_library(Path("policy_templates"))
    config = write(Path("schools") / "brookside.yml", SCHOOL.format(tid=tid, extra=extra))
    (policy,) = [p for p in render_school(load_school(config, library), library) if p.id == tid]
    return policy.markdown


def page_html(md: str) -> str:
    """The Markdown as the site's Python-Markdown, with the site's own extensions, makes it."""
    names = [e if isinstance(e, str) else next(iter(e)) for e in MARKDOWN_EXTENSIONS]
    configs = {k: v for e in MARKDOWN_EXTENSIONS if isinstance(e, dict) for k, v in e.items()}
    return markdown.markdown(md, extensions=names, extension_configs=configs)


def page_text(md: str) -> str:
    """What a reader sees on the site."""
    return html.unescape(re.sub(r"<[^>]+>", "", page_html(md)))


def any_school_model(path: Path) -> Path:
    """An LA model policy in the shape of the reference "Any School" one, in our own words."""
    d = Doc()
    d.para(B("XXXXXXXX School"))
    d.para(B("Policy for Visitors and Contractors"))
    d.para("[Author Name] [Date Adopted] [Date for Review]")
    d.para(B("Introduction"))
    d.para(
        "Visitors and contractors bring a great deal to the life of a school, but an unplanned "
        "or careless visit can put children at risk and disrupt their learning."
    )
    d.para(
        "In addition, XXXXXXXX School is firmly committed to keeping children safe in all of "
        "its work. This policy sets out the principles we expect everyone to follow when "
        "someone visits the school."
    )
    d.para(B("Key Principles"))
    d.bullet("Everyone* at xxxx School shares the duty to welcome visitors and keep pupils safe.")
    d.bullet("It matters that everyone* at XXXXXXXX knows who is in the building at any time.")
    d.bullet("No visitor is left alone with a pupil unless the Headteacher has agreed it.")
    d.para(B("Aims"))
    d.bullet("To make every visit to XXXXXXXX School safe, calm and useful.")
    d.bullet("To protect pupils, staff and visitors alike.")
    d.para(B("Code of Conduct for Everyone* at XXXXXXXX School \u2013 Visitors"))
    d.para("The following are ", B("not acceptable"), " at XXXXXXXX School:")
    d.bullet("Walking around the building without a visitor badge.")
    d.bullet("Taking photographs of pupils without written permission.")
    d.bullet("Using a mobile phone where pupils are working.")
    d.para("In addition everyone* at XXXXXXXX School must make sure that they:")
    d.bullet("Sign in and out at the school office.")
    d.bullet("Report any worry about a child to the designated safeguarding lead at once.")
    d.para(B("Breaches of the Code of Conduct"))
    d.bullet("Any breach of this policy will be looked into fully.")
    d.bullet("The Governing Body will act to protect pupils, staff and the school's good name.")
    d.para("This document sets out the aims, principles and practice at XXXXXXXX School.")
    d.para("It was developed in (insert Date)")
    d.para("The Governing Body APPROVED the policy in (insert Date)")
    d.para("The policy will be reviewed by the Curriculum and Standards Committee in line")
    d.para("with changing practice and at least annually.")
    d.para(
        B(
            "*In the context of this policy \u201ceveryone\u201d refers to members of staff, "
            "governors, Friends and anyone working in a voluntary capacity at the school."
        )
    )
    d.footer("Page 1 of 2")
    return d.save(path)


# --- Structure ------------------------------------------------------------------------------


def test_headings_from_word_styles_and_pseudo_headings(project: Path) -> None:
    d = Doc()
    d.title("Lost Property Policy")
    d.heading("Why it matters", 1)
    d.para("Pupils lose coats and bottles every week, and most can be returned.")
    d.heading("What we keep", 2)
    d.para("Named clothing and lunch boxes are kept in the hall.")
    d.para(B("Unnamed items"))
    d.para("Unnamed items are kept for a term and then given away.")
    d.para("3. Returning items")
    d.para("Items go back to their owners on Fridays.")
    d.para("CHARITY")
    d.para("What is left at the end of the year goes to a charity shop.")
    text, declaration, report = imported(d.save(project / "lost.docx"), "lost-property")
    assert declaration["title"] == "Lost Property Policy"
    assert "## Why it matters\n" in text
    assert "### What we keep\n" in text
    assert "#### Unnamed items\n" in text  # bold line inside a styled section: one level down
    assert "## Returning items\n" in text  # typed number dropped, as the site numbers nothing
    assert "### CHARITY\n" in text  # inside the numbered section before it
    assert '"Lost Property Policy": taken as the policy\'s title' in report
    assert 'paragraph 6 "Unnamed items": a heading: a short line in bold or capitals' in report


def test_without_a_title_the_file_name_gives_one(project: Path, run_cli: Run) -> None:
    d = Doc()
    d.para("This policy applies to everyone who brings a dog near the school gate.")
    d.para("Dogs are not allowed on the school site, except assistance dogs.")
    d.save(project / "dogs-on-site.docx")
    _, declaration, report = imported(project / "dogs-on-site.docx", "dogs")
    assert declaration["title"] == "Dogs on site"
    assert 'title: "Dogs on site", from the file name (the document has none)' in report
    Doc().save(project / "empty.docx")
    code, _, err = run_cli("import", "empty.docx", "--id", "empty")
    assert (code, err.splitlines()[0]) == (1, "empty.docx: has no text to import")


def test_lists_bulleted_numbered_lettered_and_nested(project: Path) -> None:
    d = Doc()
    d.title("Lost Property Policy")
    d.para("What we keep:")
    d.bullet("Clothing with a name in it.")
    d.bullet("Named coats.", level=1)
    d.bullet("Named jumpers.", level=1)
    d.bullet("Lunch boxes.")
    d.para("What to do:")
    d.number("Look in the box by the office.")
    d.number("Ask at the office.")
    d.para("Where to look:")
    d.letter("The hall.")
    d.letter("Under the stage.", level=1)
    d.letter("The playground.")
    d.para("Labels:")
    d.para("a) Labels may be sewn in.")
    d.para("b) Labels may be ironed on.")
    d.para("(i) Iron-on labels fade in the wash.")
    d.para("(ii) Sewn labels last for years.")
    d.para("c) Every item needs one.")
    text, _, _ = imported(d.save(project / "lists.docx"), "lost-property")
    assert (
        "- Clothing with a name in it.\n    - Named coats.\n    - Named jumpers.\n- Lunch boxes.\n"
    ) in text
    assert "1. Look in the box by the office.\n2. Ask at the office.\n" in text
    assert "1. The hall.\n    1. Under the stage.\n2. The playground.\n" in text
    assert (
        "1. Labels may be sewn in.\n2. Labels may be ironed on.\n"
        "    1. Iron-on labels fade in the wash.\n    2. Sewn labels last for years.\n"
        "3. Every item needs one.\n"
    ) in text
    page = page_html(rendered("lost-property"))
    assert "<li>Clothing with a name in it.<ul>\n<li>Named coats.</li>" in page
    assert "<li>Labels may be ironed on.<ol>\n<li>Iron-on labels fade in the wash.</li>" in page


def test_tables_emphasis_links_and_footnotes(project: Path) -> None:
    d = Doc()
    d.title("Lost Property Policy")
    d.para(
        "Pupils lose ",
        B("coats"),
        ", ",
        I("water bottles"),
        " and more; see ",
        Link("the council's advice", "https://www.anyshire.example.gov.uk/lost (items)"),
        ".",
        Note("The council publishes a list of what is most often lost."),
    )
    d.table([["Item", "Kept for"], ["Coats", "One term"], ["Bottles", "One week"]])
    text, _, _ = imported(d.save(project / "table.docx"), "lost-property")
    assert (
        "Pupils lose **coats**, *water bottles* and more; see "
        "[the council's advice](https://www.anyshire.example.gov.uk/lost%20%28items%29).\\[1\\]"
    ) in text
    assert (
        "| Item | Kept for |\n| --- | --- |\n| Coats | One term |\n| Bottles | One week |" in text
    )
    assert text.endswith(
        "## Notes\n\n1. The council publishes a list of what is most often lost.\n"
    )
    page = page_html(rendered("lost-property"))
    assert "<td>Coats</td>" in page
    assert '<a href="https://www.anyshire.example.gov.uk/lost%20%28items%29">' in page


def test_contents_page_and_page_furniture_are_dropped(project: Path) -> None:
    d = Doc()
    d.header("Anyshire model policy: lost property")
    d.footer("Page 1 of 3")
    d.title("Lost Property Policy")
    d.para(B("Contents"))
    d.para("Introduction\t1")
    d.para("Returning items\t2")
    d.heading("Introduction", 1)
    d.para("Pupils lose coats and bottles every week.")
    d.page_break()
    d.para("Page 2 of 3")
    d.heading("Returning items", 1)
    d.contents("Introduction", "Returning items")
    d.para("Items go back on Fridays.")
    d.para("Ask at XXXX School.")  # paragraph 14: the contents page's lines are counted
    text, _, report = imported(d.save(project / "furniture.docx"), "lost-property")
    assert "Anyshire model policy" not in text
    assert "Page" not in text and "\t" not in text and "Contents" not in text
    assert "## Introduction\n\nPupils lose coats" in text
    assert 'paragraph 2 "Contents": left out: the document\'s contents page' in report
    assert "left out: a page number (the PDFs number pages)" in report
    assert 'paragraph 10 "Table of contents": left out: the document\'s contents page' in report
    assert "## Returning items\n\nItems go back on Fridays.\n" in text
    assert 'paragraph 14 "Ask at XXXX School.": "XXXX School" is {{ school.name }}' in report


# --- Placeholders ---------------------------------------------------------------------------


def test_every_kind_of_placeholder(project: Path) -> None:
    d = Doc()
    d.title("Lost Property Policy")
    d.para("Items found at XXXXXXXX School are kept by [Name of School] in the hall.")
    d.para("The (insert name of local authority) collects what is unclaimed.")
    d.para(
        "Ask ",
        Merge("HeadteacherName"),
        " or the office at ",
        Merge("SchoolName", simple=True),
        ".",
    )
    d.para("Lost items are kept in ", HL("the cupboard by the hall"), ".")
    d.para(
        "They are returned by ",
        Control("Click or tap here to enter text.", alias="Returned by"),
        ".",
    )
    d.para("Lost items are collected by ", Control("Click or tap here to enter text."), " weekly.")
    d.para("Unclaimed items go to ", Control("Choose an item.", alias="Charity", choices=["a charity shop", "the PTA sale"]), ".")  # fmt: skip
    d.para("The Governing Body approved this policy on ", Control("Click or tap to enter a date.", kind="date"), ".")  # fmt: skip
    d.para("It will be reviewed by [Date for review].")
    d.para("Questions go to [email address].")
    text, declaration, report = imported(d.save(project / "kinds.docx"), "lost-property")
    options = declaration["options"]
    assert "Items found at {{ school.name }} are kept by {{ school.name }} in the hall." in text
    assert "The {{ school.local_authority }} collects what is unclaimed." in text
    assert (
        "Ask the {{ school.headteacher_title }} or the office at {{ school.name }}." in text
    )  # merge fields, complex and simple
    assert "Lost items are kept in {{ options.cupboard_hall }}." in text
    assert options["cupboard_hall"]["default"] == "the cupboard by the hall"
    assert (
        "{% if options.returned %}\nThey are returned by {{ options.returned }}.\n{% endif %}"
        in text
    )
    assert (
        "{% guidance %}\nOption `returned`: A prompt the library has no field for. The Word "
        "policy asked here for: Returned by.\n{% endguidance %}\n{% if options.returned %}"
    ) in text
    assert options["returned"]["description"].endswith(
        "The Word policy asked here for: Returned by."
    )
    assert (
        "{% if options.collected %}\nLost items are collected by {{ options.collected }} weekly."
        in text
    )
    assert options["charity"]["choices"] == {
        "a-charity-shop": "a charity shop",
        "the-pta-sale": "the PTA sale",
    }
    assert '{% if options.charity == "a-charity-shop" +%}a charity shop{% elif' in text
    assert "The {{ policy.approved_by }} approved this policy on {{ policy.adopted }}." in text
    assert "It will be reviewed by {{ policy.review_date }}." in text
    assert "Questions go to {{ school.contact_email }}." in text
    for said in (
        '"XXXXXXXX School" is {{ school.name }}',
        '"[Name of School]" is {{ school.name }}',
        '"(insert name of local authority)" is {{ school.local_authority }}',
        '"«HeadteacherName»" is {{ school.headteacher_title }}',
        '"«SchoolName»" is {{ school.name }}',
        "highlighted (or typed into a form field) as a choice",
        '"Returned by" (a prompt the library has no field for): declared as option returned',
        '"Click or tap to enter a date." is {{ policy.adopted }}',
    ):
        assert said in report, said
    out = rendered(
        "lost-property",
        "    options:\n      returned: the class teacher\n      charity: the-pta-sale\n",
    )
    assert "Items found at Brookside Primary School are kept by Brookside Primary School" in out
    assert "They are returned by the class teacher." in out
    assert "Unclaimed items go to the PTA sale." in out
    assert "approved this policy on 10 September 2026" in out
    assert not DEBRIS.search(out)


def test_an_unrecognised_placeholder_is_left_for_a_person_to_decide(project: Path) -> None:
    d = Doc()
    d.title("Lost Property Policy")
    d.para("Lost items are kept safely until the end of each term.")
    d.para("Contact Mrs XXXX about anything left on a school trip.")
    d.para("Where the rules allow, staff may choose to return items early.")
    text, declaration, report = imported(d.save(project / "unknown.docx"), "lost-property")
    assert (
        "{% if options.fill_in_1 %}\nContact Mrs {{ options.fill_in_1 }} about anything left on "
        "a school trip.\n{% endif %}"
    ) in text
    assert "type" in declaration["options"]["fill_in_1"]
    todo = report.split("Still to decide")[1]
    assert 'paragraph 3 "Contact Mrs XXXX about anything left on a school trip."' in todo
    assert "whose name is not said" in todo
    assert 'reads like a choice for each school ("choose")' in todo
    assert "Contact Mrs" not in rendered("lost-property")  # printed only once filled in


def test_everyone_footnote_becomes_the_shared_definition(project: Path) -> None:
    d = Doc()
    d.title("Visitors Policy")
    d.para(
        "Everyone",
        Note('In this policy "everyone" means members of staff, supply staff and governors.'),
        " at XXXXXXXX School signs in at the office.",
    )
    text, declaration, report = imported(d.save(project / "everyone.docx"))
    assert text.startswith('{% import "_shared/definitions.md" as shared with context %}\n')
    assert "Everyone at {{ school.name }} signs in at the office.\n" in text
    assert "{{ shared.everyone_definition() }}" in text
    assert "Notes" not in text
    assert declaration["applies_to"] == ["supply-staff", "staff", "governors"] or declaration[
        "applies_to"
    ] == ["staff", "supply-staff", "governors"]
    assert "replaced by the library's shared definition" in report
    out = rendered("visitors-code")
    assert (
        'In this policy, "everyone" means members of staff, governors and volunteers at '
        "Brookside Primary School." in out
    )


def test_a_schools_own_policy_becomes_a_model(project: Path) -> None:
    d = Doc()
    d.para(B("St Anywhere CE Primary School"))
    d.title("St Anywhere CE Primary School \u2013 Visitors Policy")
    d.para(
        "Every visitor to St Anywhere CE Primary School signs in. Mrs Jane Okafor, Headteacher, "
        "decides who may visit during lessons."
    )
    d.para("Concerns go to Mrs Okafor or to Anyshire County Council's safeguarding team.")
    d.para("St Anywhere's office keeps the visitors' book.")
    text, declaration, report = imported(
        d.save(project / "st-anywhere.docx"),
        names=Names(
            school=("St Anywhere CE Primary School", "St Anywhere"),
            la=("Anyshire County Council",),
            headteacher=("Jane Okafor",),
        ),
    )
    assert "St Anywhere" not in text and "Okafor" not in text and "Anyshire" not in text
    assert declaration["title"] == "Visitors Policy"
    assert (
        "Every visitor to {{ school.name }} signs in. The {{ school.headteacher_title }} decides "
        "who may visit during lessons."
    ) in text
    assert (
        "Concerns go to the {{ school.headteacher_title }} or to {{ school.local_authority }}'s "
        "safeguarding team."
    ) in text
    assert "{{ school.name }}'s office keeps the visitors' book." in text
    assert "left out: above the title" in report  # the school's letterhead
    assert '"Mrs Jane Okafor, Headteacher," is {{ school.headteacher_title }}' in report


def test_commitments_details_and_signature_tables(project: Path) -> None:
    d = Doc()
    d.title("Acceptable Use of the School Laptops")
    d.table(
        [
            ["Policy number", "IT-04"],
            ["Author", "Anyshire schools IT team"],
            ["Date approved", "[Date Adopted]"],
            ["Review date", "[Date for Review]"],
            ["Review frequency", "Every two years"],
        ]
    )
    d.para("By signing below I agree that:")
    d.table(
        [
            ["No.", "Commitment"],
            ["1", "I will keep the laptop I am lent in its case."],
            ["2", "I will report any damage to the office the same day."],
        ]
    )
    d.table([["Signed (member of staff)", "Date"], ["Signed (Headteacher)", "Date"]])
    text, declaration, report = imported(d.save(project / "laptops.docx"), "laptops")
    assert (
        "1. I will keep the laptop I am lent in its case.\n"
        "2. I will report any damage to the office the same day.\n"
        "{% for item in clauses.own_commitments %}\n{{ loop.index + 2 }}. {{ item | own }}\n"
        "{% endfor %}"
    ) in text
    assert "\n| " not in text  # no table of text is left
    assert declaration["review_cycle_months"] == 24
    assert declaration["signatures"] == ["Member of staff", "{headteacher}"]
    assert declaration["options"]["policy_number"]["default"] == "IT-04"
    assert declaration["options"]["author"]["default"] == "Anyshire schools IT team"
    assert "own_commitments" in declaration["clauses"]
    assert "a numbered table of commitments: written as a numbered list" in report
    assert "a signature table: the printed policy has a signature block" in report
    out = rendered(
        "laptops", "    clauses:\n      own_commitments: [I will charge the laptop each night.]\n"
    )
    assert "Written by Anyshire schools IT team." in out
    assert "Policy number: IT&#45;04" in out or "Policy number: IT-04" in out
    assert '3. I will charge the laptop each night. <span class="school-own">' in out


def test_syntax_characters_in_the_word_text_stay_literal(project: Path) -> None:
    hostile = [
        "Write {{ school.name }} and {% if x %} and {# note #} exactly as shown.",
        "# This is not a heading",
        "Stars *like this* and __these__ stay, as do a | b | c pipes.",
        "Tags <script>alert(1)</script> and &amp; and (a) [1] stay.",
        "> Not a quotation, and != not an admonition: a + b = c.",
        "~~Not struck~~ and `not code` and \\ a backslash.",
    ]
    d = Doc()
    d.title("Odd Characters Policy")
    for line in hostile:
        d.para(line)
    imported(d.save(project / "odd.docx"), "odd-characters")
    out = rendered("odd-characters")
    shown = page_text(out)
    for line in hostile:
        assert line in shown, line
    typst = markdown_to_typst(out)
    assert "\\#heading" not in typst and "#heading" not in typst
    assert "\\{\\{ school\\.name \\}\\}" in typst


def test_characters_the_printed_font_lacks_are_taken_out_and_reported(project: Path) -> None:
    d = Doc()
    d.title("Lost Property Policy")
    d.para("Named items \u2713 go back the same day \U0001f642.")
    text, _, report = imported(d.save(project / "ticks.docx"), "lost-property")
    assert "Named items go back the same day." in text
    assert 'took out "\u2713" (U+2713), which the printed policies\' font cannot show' in report
    assert "(U+1F642)" in report


def test_notes_about_placeholders_are_never_taken_for_placeholders(project: Path) -> None:
    d = Doc()
    d.title("Lost Property Policy")
    d.para("Items are logged by ", Merge("XXXX_TODO_Officer"), " each day.")
    text, _, _ = imported(d.save(project / "XXXX TODO draft.docx"), "lost-property")
    assert "Option `officer`: " in text and "{{ options.officer }}" in text
    assert not DEBRIS.search(text.replace("{{", "").replace("{%", ""))


# Text that is no placeholder and no list marker, but full of Jinja and Markdown syntax.
LITERAL = "ab {}%#*|<>&()_`~\\!=+-:;'\"/@$^.,?]"


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.text(alphabet=LITERAL, min_size=1, max_size=60))
def test_any_literal_word_text_reaches_the_page_as_typed(project: Path, words: str) -> None:
    sentence = " ".join(f"Note: {words}.".split())
    d = Doc()
    d.title("Odd Characters Policy")
    d.para(sentence)
    imported(d.save(project / "odd.docx"), "odd-characters", force=True)
    out = rendered("odd-characters")
    assert sentence in " ".join(page_text(out).split())
    markdown_to_typst(out)


def test_escape_source_never_makes_jinja_or_markdown() -> None:
    source = escape_source("{{ x }} {% y %} {# z #} *a* _b_ [c](d) <e> f | g ~~h~~", True)
    assert "{" not in source and "<" not in source and "|" not in source
    assert not DEBRIS.search(source)


# --- Files ----------------------------------------------------------------------------------


def _bad_files(folder: Path) -> list[tuple[str, Path, str]]:
    doc = folder / "old.doc"
    doc.write_bytes(compound_file({"WordDocument": b"\x00" * 64}))
    locked = folder / "locked.docx"
    locked.write_bytes(
        compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x01" * 64})
    )
    notdocx = folder / "photos.docx"
    with zipfile.ZipFile(notdocx, "w") as z:
        z.writestr("photo.txt", "not a document")
    good = Doc()
    good.title("Lost Property Policy")
    good.para("Items are kept for a term.")
    whole = good.save(folder / "whole.docx").read_bytes()
    truncated = folder / "truncated.docx"
    truncated.write_bytes(whole[: len(whole) // 2])
    text = folder / "notes.docx"
    text.write_text("These are just notes, typed in a text editor.", encoding="utf-8")
    return [
        ("old.doc", doc, "is an old Word 97-2003 document (.doc), not a .docx"),
        ("locked.docx", locked, "is password-protected: open it in Word, remove the password"),
        ("photos.docx", notdocx, "is a zip file, not a Word document (.docx)"),
        ("truncated.docx", truncated, "is damaged or incomplete"),
        ("notes.docx", text, "is not a Word document (.docx)"),
    ]


def test_unreadable_files_get_one_line_each_and_nothing_is_written(
    project: Path, run_cli: Run
) -> None:
    before = digest(project / "policy_templates")
    (project / "word").mkdir()
    for name, path, message in _bad_files(project / "word"):
        code, out, err = run_cli("import", str(path.relative_to(project)), "--id", "lost-property")
        assert code == 1, name
        first, summary = err.splitlines()
        assert first.startswith(f"word/{name}: {message}"), first
        assert summary == "1 problem found; nothing was changed."
        assert out == ""
    empty = project / "empty"
    empty.mkdir()
    (empty / "old.doc").write_bytes(b"x")
    code, _, err = run_cli("import", "empty")
    assert code == 1
    assert err.splitlines()[0] == (
        "empty: no Word documents (.docx) in this folder (it has 1 old .doc file: save them as .docx)"
    )
    assert digest(project / "policy_templates") == before


def test_a_folder_is_imported_whole_or_not_at_all(project: Path, run_cli: Run) -> None:
    folder = project / "word"
    folder.mkdir()
    for title in ("Visitors Policy", "Lost Property Policy"):
        d = Doc()
        d.title(title)
        d.para(f"This is the {title.lower()} of XXXXXXXX School, kept under review.")
        d.save(folder / f"{title}.docx")
    (folder / "~$Visitors Policy.docx").write_bytes(b"Word's lock file")
    before = digest(project / "policy_templates")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 broken")
    code, _, err = run_cli("import", "word")
    assert code == 1 and "word/broken.docx: is damaged or incomplete" in err
    assert digest(project / "policy_templates") == before
    (folder / "broken.docx").unlink()
    code, out, err = run_cli("import", "word")
    assert code == 0, err
    assert "Wrote 2 templates: policy_templates/lost-property-policy/, " in out
    assert (project / "policy_templates" / "visitors-policy" / "policy.md").is_file()
    count = len([p for p in TEMPLATES.iterdir() if (p / "template.yml").is_file()]) + 2
    assert run_cli("check", "--templates")[1] == (
        f"The template library is fine: {count} templates.\n"
    )
    assert not list((project / "policy_templates").glob(".import-*"))


def test_an_existing_template_is_replaced_only_with_force(project: Path, run_cli: Run) -> None:
    d = Doc()
    d.title("Staff Social Media Policy")
    d.para("Staff keep their accounts private.")
    path = d.save(project / "ssm.docx")
    before = digest(project / "policy_templates")
    code, _, err = run_cli("import", "ssm.docx", "--id", "staff-social-media")
    assert code == 1
    assert err.splitlines()[0] == (
        "policy_templates/staff-social-media: a template with this id already exists "
        "(use --force to replace it)"
    )
    assert digest(project / "policy_templates") == before
    code, _, err = run_cli("import", str(path), "--id", "fresh-one")
    assert code == 0, err
    code, _, err = run_cli("import", "ssm.docx", "--id", "fresh-one", "--force")
    assert code == 0, err
    assert "Staff keep their accounts private." in (
        project / "policy_templates" / "fresh-one" / "policy.md"
    ).read_text(encoding="utf-8")


def test_the_command_needs_an_id_for_one_file(project: Path, run_cli: Run) -> None:
    d = Doc()
    d.title("Visitors Policy")
    d.para("Visitors sign in.")
    d.save(project / "v.docx")
    code, _, err = run_cli("import", "v.docx")
    assert code == 2
    assert "give the new template's id with --id" in err


# --- Round trip -----------------------------------------------------------------------------


def test_any_school_model_imports_whole(project: Path, run_cli: Run) -> None:
    path = any_school_model(project / "model.docx")
    code, out, err = run_cli("import", "model.docx", "--id", "visitors-code")
    assert code == 0, err
    text = (project / "policy_templates" / "visitors-code" / "policy.md").read_text("utf-8")
    declaration = yaml.safe_load(
        (project / "policy_templates" / "visitors-code" / "template.yml").read_text("utf-8")
    )
    assert "fill_in" not in text and "Still to decide (0)" not in out
    assert "nothing says what belongs here" not in out
    assert declaration["title"] == "Policy for Visitors and Contractors"
    assert declaration["version"] == "1.0.0"
    assert declaration["applies_to"] == ["staff", "governors", "volunteers", "pta"]
    assert declaration["review_cycle_months"] == 12
    assert declaration["suggested_approver"] == "Governing Body"
    assert set(declaration["options"]) == {"author", "date_written", "reviewer"}
    assert declaration["options"]["reviewer"]["type"] == "committee"
    assert text.count("\n- ") == 12  # every list item, in its list
    assert (
        "- Everyone at {{ school.name }} shares the duty to welcome visitors and keep pupils "
        "safe.\n- It matters that everyone at {{ school.name }} knows who is in the building"
    ) in text
    assert (
        "The policy will be reviewed by the {% if options.reviewer +%}{{ options.reviewer }}"
        "{% else +%}{{ policy.approved_by }}{% endif +%} in line with changing practice and at "
        "least annually."
    ) in text
    assert path.is_file()
    changelog = yaml.safe_load(
        (project / "policy_templates" / "visitors-code" / "changelog.yml").read_text("utf-8")
    )
    assert changelog["1.0.0"]["summary"] == "First release, imported from model.docx."
    out = rendered(
        "visitors-code",
        "    options:\n      author: Mr T. Writer\n      date_written: 2026-06-01\n"
        "      reviewer: Learning and Welfare Committee\n",
    )
    shown = page_text(out)
    for sentence in (
        "Written by Mr T. Writer.",
        "In addition, Brookside Primary School is firmly committed to keeping children safe",
        "Everyone at Brookside Primary School shares the duty to welcome visitors",
        "It matters that everyone at Brookside Primary School knows who is in the building",
        "No visitor is left alone with a pupil unless the Headteacher has agreed it.",
        "Code of Conduct for Everyone at Brookside Primary School \u2013 Visitors",
        "The following are not acceptable at Brookside Primary School:",
        "The Governing Body will act to protect pupils, staff and the school's good name.",
        "It was developed on 1 June 2026",
        "The Governing Body APPROVED the policy on 10 September 2026",
        "The policy will be reviewed by the Learning and Welfare Committee in line with "
        "changing practice and at least annually.",
        'In this policy, "everyone" means members of staff, governors and volunteers at '
        "Brookside Primary School.",
    ):
        assert sentence in shown, sentence
    assert not DEBRIS.search(out) and "*" not in shown


def test_imported_template_renders_for_every_example_school(project: Path) -> None:
    any_school_model(project / "model.docx")
    imported(project / "model.docx")
    library = load_library(Path("policy_templates"))
    for slug in EXAMPLE_SCHOOLS:
        path = project / "schools" / f"{slug}.yml"
        text = path.read_text(encoding="utf-8")
        config = yaml.safe_load(text)
        approver = config["governance"]["governing_body"]
        if isinstance(approver, dict):  # a bilingual school names it in each language
            approver = approver["en"]
        if len(config.get("languages", ["en"])) > 1:
            # A new import has no Welsh yet: a bilingual school publishes the English with a
            # notice in Welsh only when it says so.
            text = f"allow_untranslated: true\n{text}"
        path.write_text(
            text.rstrip("\n")
            + "\n\n  visitors-code:\n    template_version: 1.0.0\n    adopted: 2026-09-14\n"
            f"    approved_by: {approver}\n",
            encoding="utf-8",
        )
        policies = render_school(load_school(path, library), library)
        (mine,) = [p for p in policies if p.id == "visitors-code"]
        assert not DEBRIS.search(mine.markdown), slug
        assert "Written by" not in mine.markdown  # no author given: none printed


def test_the_guides_worked_example_is_what_the_import_does(project: Path, run_cli: Run) -> None:
    """docs/import.md quotes the report and the policy.md of its example: they must stay true."""
    guide = (REPO / "docs" / "import.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:\w+)?\n(.*?)```", guide, re.S)
    report = next(b for b in blocks if b.startswith("Imported word/visitors-policy.docx"))
    todo = next(b for b in blocks if b.startswith("Still to decide"))
    policy = next(b for b in blocks if b.startswith("{% import"))
    (project / "word").mkdir()
    shutil.copy(REPO / "docs" / "examples" / "visitors-policy.docx", project / "word")
    code, out, err = run_cli("import", "word/visitors-policy.docx", "--id", "visitors-code")
    assert code == 0, err
    text = (project / "policy_templates" / "visitors-code" / "policy.md").read_text("utf-8")
    for line in [*report.splitlines(), *todo.splitlines()]:
        assert line.strip() == "..." or line in out, line
    for line in policy.splitlines():
        assert line.strip() == "..." or line in text, line


def test_without_a_shared_definition_the_documents_own_is_kept(project: Path) -> None:
    shared = project / "policy_templates" / "_shared" / "definitions.md"
    text = shared.read_text(encoding="utf-8")
    shared.write_text(text.replace("macro everyone_definition(", "macro old_definition("), "utf-8")
    policy = project / "policy_templates" / "staff-social-media" / "policy.md"
    policy.write_text(
        policy.read_text("utf-8").replace("shared.everyone_definition()", "shared.everyone_list()"),
        "utf-8",
    )
    any_school_model(project / "model.docx")
    text, _, report = imported(project / "model.docx")
    assert "everyone_definition" not in text
    assert (
        "In the context of this policy \u201ceveryone\u201d refers to members of staff, "
        "governors, Friends and anyone working in a voluntary capacity at the school." in text
    )
    assert "has no everyone_definition(): the document's own definition" in report


@pytest.mark.slow
def test_round_trip_builds_every_example_school(project: Path, run_cli: Run) -> None:
    any_school_model(project / "model.docx")
    assert run_cli("import", "model.docx", "--id", "visitors-code")[0] == 0
    for slug in EXAMPLE_SCHOOLS:
        path = project / "schools" / f"{slug}.yml"
        text = path.read_text(encoding="utf-8")
        config = yaml.safe_load(text)
        approver = config["governance"]["governing_body"]
        if isinstance(approver, dict):  # a bilingual school names it in each language
            approver = approver["en"]
        if len(config.get("languages", ["en"])) > 1:
            # A new import has no Welsh yet: a bilingual school publishes the English with a
            # notice in Welsh only when it says so.
            text = f"allow_untranslated: true\n{text}"
        path.write_text(
            text.rstrip("\n")
            + "\n\n  visitors-code:\n    template_version: 1.0.0\n    adopted: 2026-09-14\n"
            f"    approved_by: {approver}\n",
            encoding="utf-8",
        )
    write(
        project / "schools" / "brookside.yml",
        SCHOOL.format(
            tid="visitors-code",
            extra="    options:\n      reviewer: Learning and Welfare Committee\n",
        ),
    )
    code, _, err = run_cli("build", "schools/", "--jobs", "2")
    assert code == 0, err
    for slug in [*EXAMPLE_SCHOOLS, "brookside"]:
        site = project / "site" / slug
        page = (site / "policies" / "visitors-code.html").read_text("utf-8")
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        assert "shares the duty to welcome visitors and keep pupils safe" in text, slug
        assert not DEBRIS.search(text), slug
        assert (site / "pdf" / f"{slug}-visitors-code.pdf").is_file(), slug
    page = (project / "site" / "brookside" / "policies" / "visitors-code.html").read_text("utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "The policy will be reviewed by the Learning and Welfare Committee" in text
    assert "Everyone at Brookside Primary School shares the duty" in text
