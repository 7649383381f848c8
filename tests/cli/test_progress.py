"""Progress on standard error: a spinner on a terminal, lines where asked, nothing otherwise."""

from __future__ import annotations

import io

import click

from mlstart.cli.progress import TerminalProgress
from mlstart.core.progress import SILENT, step


class Tty(io.StringIO):
    encoding = "utf-8"

    def isatty(self) -> bool:
        return True

    def getvalue(self) -> str:
        return click.unstyle(super().getvalue()).replace("\r", "")


def test_a_terminal_gets_a_final_line_with_the_duration() -> None:
    stream = Tty()
    progress = TerminalProgress(stream)
    progress.begin("Installing")
    progress.end()
    assert "✓ Installing (" in stream.getvalue() and " s)" in stream.getvalue()


def test_a_step_that_may_prompt_gets_a_still_line_first() -> None:
    stream = Tty()
    with step(TerminalProgress(stream), "Pushing", may_prompt=True):
        pass
    lines = stream.getvalue().splitlines()
    assert lines[0] == "… Pushing" and lines[1].startswith("✓ Pushing (")


def test_off_a_terminal_only_lines_when_asked() -> None:
    quiet = io.StringIO()
    with step(TerminalProgress(quiet), "Rendering"):
        pass
    assert quiet.getvalue() == ""
    logged = io.StringIO()
    progress = TerminalProgress(logged, lines=True)
    progress.begin("python -m pytest -q")
    progress.end("failed", ok=False)
    assert "python -m pytest -q (failed, " in logged.getvalue()


def test_a_failing_step_ends_as_failed_and_the_silent_one_says_nothing() -> None:
    stream = Tty()
    try:
        with step(TerminalProgress(stream), "Creating .venv"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert "✗ Creating .venv (failed, " in stream.getvalue()
    with step(SILENT, "nothing"):
        pass
