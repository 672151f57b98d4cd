"""What the CLI writes to a terminal: colour when it is one, every value made safe to show,
and a progress bar for batch builds."""

from __future__ import annotations

import os
import sys
from typing import Any

from site_builder.render.escape import terminal


class Colour:
    def __init__(self, stream: object) -> None:
        isatty = getattr(stream, "isatty", lambda: False)()
        self.on = isatty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.on else text


class Terminal:
    """Standard output or error with every value made safe to show (see
    :func:`~site_builder.render.escape.terminal`): one place, so no message can forget it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return int(self.stream.write(terminal(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def progress_bar(count: int, quiet: bool) -> tuple[Any, Any]:
    """A progress bar on a terminal (and a function to advance it), else nothing."""
    if not sys.stderr.isatty() or quiet or not count:
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        # The bar draws with cursor movements: it writes to the terminal itself, and shows
        # nothing from a config.
        console=Console(file=getattr(sys.stderr, "stream", sys.stderr)),
    )
    task = bar.add_task("Building schools", total=count)
    bar.start()
    return bar, lambda outcome: bar.advance(task)
