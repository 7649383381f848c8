"""The terminal: whether one is there to ask questions on."""

from __future__ import annotations

import sys


def has_terminal() -> bool:
    """Whether questions can be asked: standard input and output are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()
