"""``policy-site serve``: build a school's site, serve it on 127.0.0.1, rebuild on change.

The server watches the school's config, its logo, the template library and ``la.yml``; when
one changes it rebuilds (the published folder is swapped only when the build succeeded) and
open pages reload themselves. A mistake in the config is printed and the last good site keeps
being served. Nothing is ever served to another machine.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

from site_builder.errors import SiteBuilderError
from site_builder.site.build import build_school, load_checked_library

RELOAD_PATH = "/__policy-site-build"
PROBLEMS_PATH = "/__policy-site-problems"
RELOAD_SCRIPT_PATH = "/__policy-site-reload.js"
# Polls the build number and reloads when it changes, and shows the config's current
# mistakes in a box at the top of the page (as text: textContent, never HTML). Served by
# this preview server only, never written into the site; a file of its own, so that the
# pages' security policy allows it.
RELOAD_SCRIPT = """(function () {
  var seen = null, box = null;
  function show(problems) {
    if (!problems.length) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.id = "policy-site-preview-problems";
      box.style.cssText = "position:sticky;top:0;z-index:10;padding:0.8em 1.2em;" +
        "background:#fde8e8;color:#5c0d0d;border-bottom:3px solid #8a1c1c;font:15px/1.5 " +
        "system-ui,sans-serif;white-space:pre-wrap";
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = "The site was not rebuilt; you are seeing the last good version. " +
      "Fix these in the config, save, and the page updates:\n" + problems.join("\n");
  }
  function poll() {
    fetch("__BUILD__").then(function (r) { return r.text(); }).then(function (n) {
      if (seen === null) { seen = n; } else if (n !== seen) { location.reload(); }
    }).catch(function () {});
    fetch("__PROBLEMS__").then(function (r) { return r.json(); }).then(show).catch(function () {});
  }
  poll();
  setInterval(poll, 1000);
}());
""".replace("__BUILD__", RELOAD_PATH).replace("__PROBLEMS__", PROBLEMS_PATH)
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
        self.problems: list[str] = []
        """The config's mistakes since the last good build, shown in the served pages."""
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
            self.problems = [str(problem) for problem in exc.problems]
            for problem in exc.problems:
                self.report(str(problem))
            self.report("The site was not rebuilt; the last good version is still served.")
            return False
        self.problems = []
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
                if self.path == PROBLEMS_PATH:
                    self._send(json.dumps(preview.problems).encode(), "application/json")
                    return
                if not preview.site.is_dir():  # the first build failed: say why
                    page = (
                        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
                        "<title>Not built yet</title></head><body><h1>The site has not been "
                        "built yet</h1><p>Fix the mistakes shown above, save the config, and "
                        f"this page shows the site.</p>{RELOAD_TAG}</body></html>"
                    )
                    self._send(page.encode(), "text/html; charset=utf-8")
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
