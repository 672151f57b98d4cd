"""A Content-Security-Policy for every page the product writes: defence in depth.

Escaping keeps every value inert; this makes sure that, even if an escape were ever missed,
nothing injected could run. Each HTML page gets a ``<meta http-equiv>`` policy (static hosts
cannot be relied on to send headers) that allows only the site's own files, plus the exact
inline scripts and styles the page was built with, by their SHA-256 hashes. A script or
style added to the page any other way, a handler attribute (``onload=``), a ``javascript:``
link or a request to another origin is refused by the browser.

It works on finished HTML, so it does not depend on the site generator.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_STYLE_ATTR = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_NOT_RUN = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.IGNORECASE)
MARKER = 'http-equiv="Content-Security-Policy"'


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy_for(page: str) -> str:
    """The policy that lets exactly this page's own inline scripts and styles run."""
    scripts = sorted(
        {
            _hash(body)
            for attrs, body in _SCRIPT.findall(page)
            if "src=" not in attrs.lower() and not _NOT_RUN.search(attrs) and body.strip()
        }
    )
    styles = sorted({_hash(body) for body in _STYLE.findall(page)})
    attributes = sorted({_hash(a or b) for a, b in _STYLE_ATTR.findall(page)})
    style_src = ["'self'", *styles]
    if attributes:
        style_src += ["'unsafe-hashes'", *attributes]
    directives = [
        "default-src 'none'",
        "script-src " + " ".join(["'self'", *scripts]),
        "style-src " + " ".join(style_src),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


def protect(page: str) -> str:
    """``page`` with its policy as the first element of ``<head>`` (after the charset)."""
    if MARKER in page:
        return page
    meta = f'<meta {MARKER} content="{policy_for(page)}">'
    charset = _CHARSET.search(page)
    anchor = charset or _HEAD.search(page)
    if anchor is None:
        return meta + page
    return page[: anchor.end()] + meta + page[anchor.end() :]


def protect_folder(folder: Path) -> None:
    """Give every HTML page below ``folder`` its policy, in place."""
    for path in sorted(folder.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        path.write_text(protect(text), encoding="utf-8")
