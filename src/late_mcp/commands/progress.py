"""A one-line progress bar on stderr, fed by MCP progress notifications.

Drawn only on a terminal: in a pipe, a log file or cron the `\\r` redraws would be noise, so it stays
silent there. No dependency: `\\r`, a bar of block characters (ASCII when the terminal can't show them).
"""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO


class ProgressBar:
    """`[██████░░░░░░]  3/5  retried 3 of 5`, redrawn in place; a no-op when not on a terminal."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None, min_interval: float = 0.05):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = _isatty(self.stream) if enabled is None else enabled
        self.min_interval = min_interval
        self.drawn = False
        self._last = 0.0
        self._width = 0
        self._full, self._empty = ("█", "░") if _can_encode(self.stream, "█░") else ("#", "-")

    def render(self, progress: float, total: float | None, message: str | None = None) -> str:
        """The line for one update (no `\\r`), fitted to the terminal's width."""
        columns = shutil.get_terminal_size((80, 24)).columns
        text = f" {message}" if message else ""
        if total:
            fraction = max(0.0, min(1.0, progress / total))
            bar_width = max(10, min(30, columns // 3))
            filled = round(bar_width * fraction)
            count = f" {_num(progress)}/{_num(total)}"
            line = f"[{self._full * filled}{self._empty * (bar_width - filled)}]{count}{text}"
        else:
            line = f"[{_num(progress)}]{text}"
        return line[: max(10, columns - 1)]

    async def update(self, progress: float, total: float | None, message: str | None) -> None:
        """Matches the SDK's progress callback signature, so it can be passed as `progress_callback`."""
        if not self.enabled:
            return
        now = time.monotonic()
        final = total is not None and progress >= total
        if not final and self.drawn and now - self._last < self.min_interval:
            return
        self._last = now
        line = self.render(progress, total, message)
        pad = " " * max(0, self._width - len(line))
        self._width = len(line)
        self.stream.write("\r" + line + pad)
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Finish the line so what follows starts on a fresh one."""
        if self.enabled and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
