"""``policy-site serve``: build a school's site, serve it on 127.0.0.1, rebuild on change.

The server watches the school's config, its logo, the template library and ``la.yml``; when
one changes it rebuilds (the published folder is swapped only when the build succeeded) and
open pages reload themselves. A mistake in the config is printed and the last good site keeps
being served. Nothing is ever served to another machine.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .errors import SiteBuilderError
from .site import build_school, load_checked_library

RELOAD_PATH = "/__policy-site-build"
RELOAD_SCRIPT_PATH = "/__policy-site-reload.js"
# Polls the build number and reloads when it changes; served by this preview server only,
# never written into the site. A file of its own, so the pages' security policy allows it.
RELOAD_SCRIPT = (
    "(function(){var seen=null;setInterval(function(){fetch('"
    + RELOAD_PATH
    + "').then(function(r){return r.text()}).then(function(n){if(seen===null){seen=n}"
    "else if(n!==seen){location.reload()}}).catch(function(){})},1000)}())"
)
RELOAD_TAG = f'<script src="{RELOAD_SCRIPT_PATH}"></script>'


def _snapshot(paths: list[Path]) -> dict[str, float]:
    stamps: dict[str, float] = {}
    for root in paths:
        if root.is_file():
            stamps[str(root)] = root.stat().st_mtime_ns
        elif root.is_dir():
            for path in root.rglob("*"):
                if path.is_file():
                    stamps[str(path)] = path.stat().st_mtime_ns
    return stamps


class Preview:
    """Builds, watches and serves one school's site."""

    def __init__(
        self, config: Path, out: Path, templates: Path | None, report: Callable[[str], None]
    ) -> None:
        self.config = config
        self.out = out
        self.templates = templates or Path("policy_templates")
        self.report = report
        self.build_number = 0
        self.stop = threading.Event()

    @property
    def site(self) -> Path:
        return self.out / self.config.stem

    def watched(self) -> list[Path]:
        return [
            self.config,
            self.templates,
            self.templates.parent / "la.yml",
            self.config.parent / "logos",
        ]

    def build(self) -> bool:
        """One build; report the outcome and return whether it succeeded."""
        try:
            library, _ = load_checked_library(self.templates)
            result = build_school(self.config, library, self.out)
        except SiteBuilderError as exc:
            for problem in exc.problems:
                self.report(str(problem))
            self.report("The site was not rebuilt; the last good version is still served.")
            return False
        self.build_number += 1
        for warning in result.warnings:
            self.report(f"warning: {warning}")
        self.report(f"Built the site of {result.school} ({len(result.policies)} policies).")
        return True

    def watch(self, interval: float = 0.5) -> None:
        before = _snapshot(self.watched())
        while not self.stop.wait(interval):
            now = _snapshot(self.watched())
            if now != before:
                before = now
                self.report("A change was saved; rebuilding...")
                self.build()

    def handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        preview = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == RELOAD_PATH:
                    self._send(str(preview.build_number).encode(), "text/plain")
                    return
                if self.path == RELOAD_SCRIPT_PATH:
                    self._send(RELOAD_SCRIPT.encode(), "text/javascript")
                    return
                path = Path(self.translate_path(self.path))
                if path.is_dir():
                    path = path / "index.html"
                if path.suffix == ".html" and path.is_file():
                    html = path.read_text(encoding="utf-8").replace(
                        "</body>", RELOAD_TAG + "</body>", 1
                    )
                    self._send(html.encode("utf-8"), "text/html; charset=utf-8")
                    return
                super().do_GET()

            def _send(self, body: bytes, content_type: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def translate_path(self, path: str) -> str:
                # Always the current folder: a rebuild swaps it for a new one.
                root = preview.site.resolve()
                self.directory = str(root)
                found = Path(super().translate_path(path))
                # Nothing outside the built site, whatever the path says (.., encoded
                # slashes) or a link inside the site points at.
                if not found.resolve().is_relative_to(root):
                    return str(root / ".policy-site-not-found")
                return str(found)

        return Handler

    def serve(self, port: int = 8000, ready: Callable[[str], None] | None = None) -> None:
        """Serve until :attr:`stop` is set (or Ctrl+C)."""
        self.build()
        handler = functools.partial(self.handler(), directory=str(self.site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        url = f"http://127.0.0.1:{server.server_port}/"
        watcher = threading.Thread(target=self.watch, daemon=True)
        watcher.start()
        serving = threading.Thread(target=server.serve_forever, daemon=True)
        serving.start()
        if ready:
            ready(url)
        try:
            while not self.stop.wait(0.2):
                pass
        finally:
            server.shutdown()
            server.server_close()
            self.stop.set()
            watcher.join(timeout=2)
            time.sleep(0)
