"""Scoped changes to Copier's behaviour while mlstart renders (each restored when it ends).

Copier 9.19 starts `git config --get core.fileMode` for every file it renders, to keep the
executable bit in the destination's Git index when Git ignores file modes. In a folder that is
not inside a Git repository that call can only lead to a no-op (there is no index), yet for
`mlstart new` it was 32 of the 48 processes the command started. `no_index_sync_outside_git`
skips that step exactly when the destination is in no repository; inside one (or when GIT_DIR
points somewhere) Copier runs as it is.

Copier also asks Git whether a local template folder is the root of a repository (`git rev-parse
--show-toplevel`) and, when not, whether it is a Git bundle (`git init` in a temporary folder,
then `git bundle verify`): three processes and a new repository on every render of mlstart's own
template. `no_git_probes_for_plain_folders` answers both without Git where the answer is certain:
a bundle is a file, never a folder; a folder with no `.git` entry is no repository's root (unless
GIT_DIR or GIT_WORK_TREE point elsewhere, when Copier asks Git as it does).
"""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

INDEX_SYNC = "_sync_git_index_executable_bit"


@contextlib.contextmanager
def replaced(
    target: object | str, make: Callable[..., tuple[Any, ...] | None], *names: str
) -> Iterator[None]:
    """While the block runs, `names` of target (an object, or the name of one of Copier's
    modules) are what make(*originals) returns; the originals come back after, whatever happens.

    Where the module or a name is missing (a Copier that moved it), or make returns None (the
    change does not apply), Copier runs as it is: each change here is a speed-up, never needed.
    """
    if isinstance(target, str):
        try:
            target = importlib.import_module(target)
        except ImportError:  # pragma: no cover - a Copier without that module
            target = None
    originals = tuple(getattr(target, name, None) for name in names)
    replacements = make(*originals) if target is not None and None not in originals else None
    if replacements is None:
        yield
        return
    for name, replacement in zip(names, replacements, strict=True):
        setattr(target, name, replacement)
    try:
        yield
    finally:
        for name, original in zip(names, originals, strict=True):
            setattr(target, name, original)


def inside_git_repository(dest: Path) -> bool:
    """Whether dest (or the folder it will be made in) is inside a Git work tree, as Git
    would find one: a `.git` entry in it or any folder above, or GIT_DIR / GIT_WORK_TREE set."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    here = Path(os.path.abspath(dest))
    return any(os.path.lexists(folder / ".git") for folder in (here, *here.parents))


def no_index_sync_outside_git(
    worker_class: Any, dest: Path
) -> contextlib.AbstractContextManager[None]:
    """While the block runs, Copier's per-file index sync is skipped if dest is in no repository."""

    def skip(self: Any, dst_relpath: Path, src_mode: int) -> None:
        """Not in a repository: no index whose file modes could need syncing."""

    def make(original: Any) -> tuple[Any] | None:
        return None if inside_git_repository(dest) else (skip,)

    return replaced(worker_class, make, INDEX_SYNC)


def no_git_probes_for_plain_folders() -> contextlib.AbstractContextManager[None]:
    """While the block runs, Copier's repository and bundle probes answer a plain folder
    without starting Git; anything else is Copier's to check, as it does."""

    def make(bundle: Any, repo_root: Any) -> tuple[Any, Any]:
        def is_git_bundle(path: Path) -> bool:
            """A folder is never a bundle (a bundle is one file)."""
            return False if os.path.isdir(path) else bool(bundle(path))

        def is_git_repo_root(path: Path | str) -> bool:
            """A folder without `.git` is no work tree's root, unless Git is pointed elsewhere."""
            plain = os.path.isdir(path) and not os.path.lexists(os.path.join(path, ".git"))
            if plain and not (os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE")):
                return False
            return bool(repo_root(path))

        return is_git_bundle, is_git_repo_root

    return replaced("copier._vcs", make, "is_git_bundle", "is_git_repo_root")
