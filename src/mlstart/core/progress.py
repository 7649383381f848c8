"""Progress reporting: how a use case says what it is doing, without printing anything itself.

A use case takes a `Progress` and calls `begin` before a step that may take more than a second
and `end` after it. The command-line layer supplies one that draws a spinner (and the time taken)
on a terminal; `SILENT` is the default everywhere else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    """Told about each slow step of a use case."""

    def begin(self, what: str, *, may_prompt: bool = False) -> None:
        """A step starts, e.g. 'Installing the project into .venv'.

        may_prompt: the step may ask on the terminal (ssh's passphrase), so nothing may move.
        """

    def end(self, outcome: str = "", *, ok: bool = True) -> None:
        """The step that began last is over; outcome is a few words ('ok', 'exit 1')."""


class _Silent:
    def begin(self, what: str, *, may_prompt: bool = False) -> None:
        pass

    def end(self, outcome: str = "", *, ok: bool = True) -> None:
        pass


SILENT: Progress = _Silent()


@contextmanager
def step(progress: Progress, what: str, *, may_prompt: bool = False) -> Iterator[None]:
    """`with step(progress, 'Rendering'):` begin, then end as ok or, on an error, as failed."""
    progress.begin(what, may_prompt=may_prompt)
    try:
        yield
    except BaseException:
        progress.end("failed", ok=False)
        raise
    progress.end()
