"""A project's local state folder (inside .git, else the user's own) and the lifecycle lock."""

from __future__ import annotations

import os

from mlstart.core.errors import LifecycleFileError

TYPE_CHECKING = False  # typing stays unimported on the `status` path
if TYPE_CHECKING:
    pass

LOCK_TIMEOUT_S = 60


def state_dir(root: str) -> str:
    """Where mlstart keeps local state (cache, lock, evidence): inside .git, never in the tree."""
    from mlstart.lifecycle.gitstate import git_dir

    gitdir = git_dir(root)
    if gitdir is not None:
        return os.path.join(gitdir, "mlstart")
    # No Git: the user's own 0700 state folder (never a predictable name in the shared /tmp).
    import hashlib

    from mlstart.core.private import ensure_private
    from mlstart.core.private import state_dir as user_state

    digest = hashlib.sha256(os.path.abspath(root).encode()).hexdigest()[:16]
    projects = ensure_private(user_state() / "projects")
    return os.path.join(projects, digest)


class Lock:
    """An exclusive lock on a project's lifecycle file (filelock, in the state folder)."""

    def __init__(self, root: str):
        from filelock import FileLock

        folder = state_dir(root)
        os.makedirs(folder, exist_ok=True)
        self._lock = FileLock(os.path.join(folder, "lifecycle.lock"), timeout=LOCK_TIMEOUT_S)

    def __enter__(self) -> None:
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise LifecycleFileError(
                f"another mlstart command has held the lifecycle lock for {LOCK_TIMEOUT_S} s",
                "wait for it to finish, then try again",
            ) from None

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def lock(root: str) -> Lock:
    return Lock(root)


def sweep_leftovers(root: str) -> None:
    """Remove the temporaries a killed mlstart run left beside lifecycle.yaml and its cache."""
    from mlstart.core.leftovers import sweep

    sweep(root)
    sweep(state_dir(root))
