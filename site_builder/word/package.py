"""Opening a Word package with python-docx: the checks that give each kind of bad file its
one-line message, and the two things mammoth would otherwise lose (content controls' names
and simple merge fields), brought out as marker run styles before mammoth reads the text."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import olefile
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from site_builder.config.source import display_name
from site_builder.errors import Problem, WordImportError

CONTENTS_STYLE = "toc PolicySiteContents"
"""The marker style given to the paragraphs of a contents page kept in a content control."""
CONTROL_STYLE = "PolicySiteControl"
"""The marker style given to a content control's runs (its index follows)."""
FIELD_STYLE = "PolicySiteField"
"""The marker style given to a merge field's runs (``:`` and its name follow)."""


@dataclass(frozen=True)
class Control:
    """A content control (a form field Word draws as a box): what its author called it."""

    alias: str
    tag: str
    showing_prompt: bool
    """Word is showing the control's own prompt, not text someone typed into it."""
    kind: str = "text"
    """text, date or choice."""
    choices: tuple[str, ...] = ()


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGEFIELD = re.compile(r'^\s*MERGEFIELD\s+"?([^"\\\s]+)', re.IGNORECASE)
_KINDS = {
    "macroEnabled": "a Word document with macros (.docm)",
    "template": "a Word template (.dotx or .dotm)",
}


def error(path: Path, message: str) -> WordImportError:
    return WordImportError([Problem(display_name(path), message=message)])


def reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."


def open_package(path: Path) -> Any:
    """The python-docx document, after the checks that give each kind of bad file its message."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(path, "file not found") from None
    except IsADirectoryError:
        raise error(path, "is a folder, expected a Word document (.docx)") from None
    except OSError as exc:
        raise error(path, f"cannot be read: {exc.strerror}") from None
    save_as = "open it in Word or LibreOffice and save it as Word Document (.docx)"
    if data.startswith(_OLE_MAGIC):
        raise error(path, _ole_message(data, save_as))
    if data.startswith(b"{\\rtf"):
        raise error(path, f"is a Rich Text (.rtf) file, not a .docx: {save_as}")
    if data.startswith(b"%PDF"):
        raise error(path, "is a PDF, not a Word document: import the .docx it was made from")
    if not data.startswith(b"PK"):
        raise error(path, "is not a Word document (.docx)")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise error(
            path, "is damaged or incomplete: it cannot be opened as a .docx (copy it again)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise error(path, "is damaged: it cannot be opened as a .docx (copy it again)") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise error(path, "is a zip file, not a Word document (.docx)")
    if broken is not None:
        raise error(path, f"is damaged: its part {broken} cannot be read (copy it again)")
    try:
        return docx.Document(io.BytesIO(data))
    except ValueError as exc:
        kind = next((v for k, v in _KINDS.items() if k in str(exc)), "not a Word document")
        raise error(path, f"is {kind}, not a .docx: {save_as}") from None
    except Exception as exc:  # python-docx and lxml raise many kinds on a damaged part
        raise error(path, f"is damaged: it cannot be read as a .docx ({reason(exc)})") from None


def _ole_message(data: bytes, save_as: str) -> str:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:
        return "is damaged: it looks like an old Office file but cannot be opened"
    with ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            return (
                "is password-protected: open it in Word, remove the password "
                "(File > Info > Protect Document) and save it again"
            )
        if ole.exists("WordDocument"):
            return f"is an old Word 97-2003 document (.doc), not a .docx: {save_as}"
    return "is an older Office file, not a Word document (.docx)"


def _val(element: Any, tag: str) -> str:
    found = element.find(qn(tag)) if element is not None else None
    return (found.get(qn("w:val")) or "") if found is not None else ""


def _mark(run: Any, style: str) -> None:
    run.get_or_add_rPr().style = style


def _new_run(text: str) -> Any:
    run = OxmlElement("w:r")
    run.text = text
    return run


def expose_controls(document: Any) -> list[Control]:
    """Give every content control's runs a marker style, so mammoth keeps which control
    they belong to, and mark a contents page kept in a content control as one. Return the
    controls, by marker index."""
    controls: list[Control] = []
    body = document.element.body
    for sdt in list(body.iter(qn("w:sdt"))):
        props = sdt.find(qn("w:sdtPr"))
        content = sdt.find(qn("w:sdtContent"))
        if props is None or content is None:
            continue
        gallery = props.find(f"{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
        if gallery is not None and "contents" in (gallery.get(qn("w:val")) or "").lower():
            for paragraph in content.iter(qn("w:p")):
                paragraph.get_or_add_pPr().style = CONTENTS_STYLE
            continue
        if props.find(qn("w14:checkbox")) is not None:
            continue  # mammoth reads checkboxes itself
        choices = tuple(
            item.get(qn("w:displayText")) or item.get(qn("w:value")) or ""
            for item in props.iter(qn("w:listItem"))
        )
        kind = "date" if props.find(qn("w:date")) is not None else "choice" if choices else "text"
        showing = props.find(qn("w:showingPlcHdr")) is not None
        has_paragraphs = content.find(qn("w:p")) is not None
        if has_paragraphs and not showing:
            continue  # a region of real text that happens to be in a control
        index = len(controls)
        controls.append(
            Control(_val(props, "w:alias"), _val(props, "w:tag"), showing, kind, choices)
        )
        runs = list(content.iter(qn("w:r")))
        if not runs:
            run = _new_run(_val(props, "w:alias") or _val(props, "w:tag") or "content control")
            target = content.find(qn("w:p"))
            (target if target is not None else content).append(run)
            runs = [run]
        for run in runs:
            _mark(run, f"{CONTROL_STYLE}{index}")
    return controls


def expose_fields(document: Any) -> None:
    """Merge fields keep their name (as a marker style); simple fields, which mammoth would
    drop, are unwrapped; page-number fields in the body are left as their shown number."""
    body = document.element.body
    for simple in list(body.iter(qn("w:fldSimple"))):
        instr = simple.get(qn("w:instr")) or ""
        runs = simple.findall(qn("w:r"))
        merge = _MERGEFIELD.match(instr)
        if merge:
            if not runs:
                runs = [_new_run(f"\u00ab{merge[1]}\u00bb")]
            for run in runs:
                _mark(run, f"{FIELD_STYLE}:{merge[1]}")
        parent = simple.getparent()
        at = parent.index(simple)
        for offset, run in enumerate(runs):
            parent.insert(at + offset, run)
        parent.remove(simple)
    for paragraph in body.iter(qn("w:p")):
        stack: list[dict[str, str]] = []
        for run in paragraph.iter(qn("w:r")):
            char = run.find(qn("w:fldChar"))
            if char is not None:
                kind = char.get(qn("w:fldCharType"))
                if kind == "begin":
                    stack.append({"instr": "", "phase": "instr"})
                elif kind == "separate" and stack:
                    stack[-1]["phase"] = "result"
                elif kind == "end" and stack:
                    stack.pop()
                continue
            instr = run.find(qn("w:instrText"))
            if instr is not None and stack:
                stack[-1]["instr"] += instr.text or ""
                continue
            if stack and stack[-1]["phase"] == "result":
                merge = _MERGEFIELD.match(stack[-1]["instr"])
                if merge and run.find(qn("w:t")) is not None:
                    _mark(run, f"{FIELD_STYLE}:{merge[1]}")
