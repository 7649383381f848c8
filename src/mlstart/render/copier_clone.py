"""Copier's clone of a Git template, without its submodule step when there is no submodule.

Copier checks a Git template out into a temporary folder and then runs `git submodule update
--init --recursive --force` there. That command is a shell script in Git up to 2.4x: about
seventeen processes (sh, sed, basename, gettext, envsubst, five `git rev-parse`, ...) on every
render, with nothing to do when the template has no submodule. `no_empty_submodule_update`
answers that step itself exactly then: no `.gitmodules` in the checkout and no submodule
(gitlink) in its index, found with one `git ls-files`. Anything else runs as Copier runs it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from mlstart.gitssh.runner import run_git
from mlstart.render.copier_patches import replaced

SUBMODULE_UPDATE = ("submodule", "update")
GITLINK = "160000"


def has_no_submodule(folder: Path) -> bool:
    """Whether a checkout certainly has no submodule: no .gitmodules and no gitlink indexed."""
    if os.path.lexists(folder / ".gitmodules"):
        return False
    listing = run_git(folder, "ls-files", "--stage", "-z")
    if listing.returncode != 0:
        return False
    return not any(entry.startswith(GITLINK) for entry in listing.stdout.split("\0"))


class _Git:
    """Copier's `git` command, passing every call through but an empty submodule update."""

    def __init__(self, command: Any, folder: Any = None) -> None:
        self._command = command
        self._folder = folder  # where the command runs (None: the current folder)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if tuple(args[:2]) == SUBMODULE_UPDATE:
            folder = Path(self._folder) if self._folder else Path.cwd()
            if has_no_submodule(folder):
                return ""
        return self._command(*args, **kwargs)

    def __getitem__(self, args: Any) -> Any:
        return self._command[args]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._command, name)


def no_empty_submodule_update() -> contextlib.AbstractContextManager[None]:
    """While the block runs, Copier's clone skips `git submodule update` when there is none."""

    def make(original: Any) -> tuple[Any]:
        def get_git(context_dir: Any = None) -> Any:
            """Copier's git command, with the empty submodule step answered here."""
            return _Git(original(context_dir), context_dir)

        return (get_git,)

    return replaced("copier._vcs", make, "get_git")
