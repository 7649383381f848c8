"""Per-user private folders (config, state): created 0700, refused when someone else owns them.

mlstart keeps nothing in predictable shared places such as /tmp: a project's local state lives
under its `.git/mlstart/`, and what belongs to the user (the template sources they confirmed,
the state of a folder without Git) lives here, under the XDG folders of the user's home.
"""

from __future__ import annotations

import os
from pathlib import Path

from mlstart.core.errors import MlstartError

PRIVATE_MODE = 0o700


def _base(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def config_dir() -> Path:
    """The user's mlstart configuration folder ($XDG_CONFIG_HOME/mlstart), made private."""
    return ensure_private(_base("XDG_CONFIG_HOME", ".config") / "mlstart")


def state_dir() -> Path:
    """The user's mlstart state folder ($XDG_STATE_HOME/mlstart), made private."""
    return ensure_private(_base("XDG_STATE_HOME", ".local/state") / "mlstart")


def cache_dir() -> Path:
    """The user's mlstart cache folder ($XDG_CACHE_HOME/mlstart), made private."""
    return ensure_private(_base("XDG_CACHE_HOME", ".cache") / "mlstart")


def ensure_private(folder: Path) -> Path:
    """Create folder (mode 0700) if needed; refuse one that is a link or owned by another user.

    A folder of the user's own with looser permissions is tightened to 0700.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=PRIVATE_MODE, exist_ok=True)
        info = os.lstat(folder)
    except OSError as exc:
        raise MlstartError(
            f"{folder}: cannot create mlstart's private folder ({exc.strerror})",
            hint="check the permissions of the folder above it",
        ) from None
    import stat

    if not stat.S_ISDIR(info.st_mode):
        raise MlstartError(
            f"{folder} is not a plain folder (a link or a file); mlstart keeps private state there",
            hint=f"remove or rename {folder}, then run the command again",
        )
    uid = getattr(os, "getuid", lambda: info.st_uid)()
    if info.st_uid != uid:
        raise MlstartError(
            f"{folder} belongs to another user; mlstart refuses to keep its state there",
            hint=f"remove it (or set XDG_CONFIG_HOME / XDG_STATE_HOME elsewhere): {folder}",
        )
    if info.st_mode & 0o077:
        os.chmod(folder, PRIVATE_MODE)
    return folder
