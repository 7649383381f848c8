"""Scoped changes to Copier's behaviour while mlstart renders (each restored when it ends).

Copier 9.19 starts `git config --get core.fileMode` for every file it renders, to keep the
executable bit in the destination's Git index when Git ignores file modes. In a folder that is
not inside a Git repository that call can only lead to a no-op (there is no index), yet for
`mlstart new` it was 32 of the 48 processes the command started. `no_index_sync_outside_git`
skips that step exactly when the destination is in no repository; inside one (or when GIT_DIR
points somewhere) Copier runs as it is.

Copier also asks whether a local template is a Git bundle by starting `git init` in a temporary
folder and `git bundle verify` on the path: two processes and a new repository on every render.
A bundle is a file, so `no_bundle_probe_for_folders` answers no for a folder without asking Git,
and leaves files to Copier.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

INDEX_SYNC = "_sync_git_index_executable_bit"


def inside_git_repository(dest: Path) -> bool:
    """Whether dest (or the folder it will be made in) is inside a Git work tree, as Git
    would find one: a `.git` entry in it or any folder above, or GIT_DIR / GIT_WORK_TREE set."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    here = Path(os.path.abspath(dest))
    return any(os.path.lexists(folder / ".git") for folder in (here, *here.parents))


@contextlib.contextmanager
def no_index_sync_outside_git(worker_class: Any, dest: Path) -> Iterator[None]:
    """While the block runs, Copier's per-file index sync is skipped if dest is in no repository."""
    original = getattr(worker_class, INDEX_SYNC, None)
    if original is None or inside_git_repository(dest):
        yield
        return

    def skip(self: Any, dst_relpath: Path, src_mode: int) -> None:
        """Not in a repository: no index whose file modes could need syncing."""

    setattr(worker_class, INDEX_SYNC, skip)
    try:
        yield
    finally:
        setattr(worker_class, INDEX_SYNC, original)


@contextlib.contextmanager
def no_bundle_probe_for_folders() -> Iterator[None]:
    """While the block runs, Copier's Git-bundle probe answers no for a folder without Git."""
    try:
        from copier import _vcs
    except ImportError:  # pragma: no cover - a Copier that moved it: runs as it is
        yield
        return
    original = getattr(_vcs, "is_git_bundle", None)
    if original is None:
        yield
        return

    def is_git_bundle(path: Path) -> bool:
        """A folder is never a bundle (a bundle is one file); a file is Copier's to check."""
        return False if os.path.isdir(path) else bool(original(path))

    _vcs.is_git_bundle = is_git_bundle
    try:
        yield
    finally:
        _vcs.is_git_bundle = original
