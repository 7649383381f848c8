"""Progress on standard error: a spinner with what is happening, then a line with the time taken.

On a terminal each step shows `⠋ what  3s` while it runs and ends as `✓ what (4.2 s)` (or `✗`).
Off a terminal nothing moves; with `lines=True` (e.g. `check --run`, whose commands can take
minutes) each step still ends with one plain line, so CI logs show what ran and for how long.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from typing import TextIO

import click

FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
ASCII_FRAMES = "-\\|/"


class TerminalProgress:
    """A `mlstart.core.progress.Progress` that draws on a stream (standard error by default)."""

    def __init__(self, stream: TextIO | None = None, *, lines: bool = False, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.live = not quiet and _isatty(self.stream)
        self.lines = lines and not quiet
        self._what = ""
        self._started = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        encoding = (getattr(self.stream, "encoding", "") or "").lower()
        self._frames = FRAMES if "utf" in encoding else ASCII_FRAMES

    def begin(self, what: str, *, may_prompt: bool = False) -> None:
        self._what = what
        self._started = time.monotonic()
        if self.live and may_prompt:  # a still line: a prompt may follow it
            click.echo(f"… {what}", file=self.stream)
        elif self.live:
            self._stop.clear()
            self._thread = threading.Thread(target=self._spin, daemon=True)
            self._thread.start()

    def end(self, outcome: str = "", *, ok: bool = True) -> None:
        seconds = time.monotonic() - self._started
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
            self._write("\r\x1b[2K")
        if not (self.live or self.lines):
            return
        mark = ("✓" if ok else "✗") if self._frames is FRAMES else ("ok" if ok else "FAIL")
        colour = "green" if ok else "red"
        detail = f"{outcome}, " if outcome and outcome != "ok" else ""
        line = f"{click.style(mark, fg=colour)} {self._what} ({detail}{seconds:.1f} s)"
        click.echo(line, file=self.stream)

    def _spin(self) -> None:
        index = 0
        while not self._stop.wait(0.1):
            elapsed = int(time.monotonic() - self._started)
            frame = self._frames[index % len(self._frames)]
            room = shutil.get_terminal_size().columns - 12
            what = self._what if len(self._what) <= room else self._what[: max(room, 10)] + "…"
            self._write(f"\r{frame} {what}  {elapsed}s")
            index += 1

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            pass


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
