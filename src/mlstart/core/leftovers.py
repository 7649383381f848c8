"""Temporaries of mlstart's own naming, and the sweep that removes those a killed run left.

Every temporary mlstart makes beside a user's files starts with `.mlstart-` and carries the id
of the process that made it (`.mlstart-lifecycle.yaml.p4242.x1y2.tmp`, `.mlstart-new-churn.p4242.
ab12`). A run killed by SIGKILL cannot clean up; the next mlstart command that works in that
folder removes the temporaries whose process is gone (`sweep`). Temporaries without a place of
their own (renderings, clones) go to a per-run folder in the user's private state folder
(`use_private_tempdir`), swept the same way; nothing is left in the shared /tmp.
"""

from __future__ import annotations

import os
import re

PREFIX = ".mlstart-"
_OWN = re.compile(r"^\.mlstart-.*\.p(\d+)\.[A-Za-z0-9_]+(\.tmp)?$")
_RUN = re.compile(r"^run-p(\d+)-[A-Za-z0-9_]+$")


def prefix(what: str) -> str:
    """The name prefix of a temporary for `what` made by this process (mkstemp/mkdtemp)."""
    return f"{PREFIX}{what}.p{os.getpid()}."


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: not ours to judge
    return True


def sweep(folder: str | os.PathLike[str]) -> list[str]:
    """Remove the temporaries of dead mlstart processes in folder; returns their names."""
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = _OWN.match(name) if name.startswith(PREFIX) else None
        if match is None or _alive(int(match.group(1))):
            continue
        _remove(os.path.join(folder, name))
        removed.append(name)
    return removed


def _remove(path: str) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            _rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


def use_private_tempdir() -> str | None:
    """Point Python's temporary files at a per-run folder of the user's (0700); sweep old ones.

    Returns the folder (removed by `drop_private_tempdir`), or None when the user's state folder
    cannot be used (the system temporary folder stays in use then).
    """
    import tempfile

    from mlstart.core.errors import MlstartError
    from mlstart.core.private import ensure_private, state_dir

    try:
        base = ensure_private(state_dir() / "tmp")
    except MlstartError:
        return None
    try:
        for name in os.listdir(base):
            match = _RUN.match(name)
            if match is not None and not _alive(int(match.group(1))):
                _rmtree(os.path.join(base, name), ignore_errors=True)
        run = tempfile.mkdtemp(prefix=f"run-p{os.getpid()}-", dir=base)
    except OSError:
        return None
    tempfile.tempdir = run
    return run


def drop_private_tempdir(run: str | None) -> None:
    """Remove this run's temporary folder and go back to the system's."""
    import tempfile

    if run is not None:
        _rmtree(run, ignore_errors=True)
        tempfile.tempdir = None


def _rmtree(path: str, ignore_errors: bool = True) -> None:
    """shutil.rmtree, imported only when something is left to remove (shutil costs the first
    `mlstart status` after a hand edit, which only writes a cache)."""
    import shutil

    shutil.rmtree(path, ignore_errors=ignore_errors)
