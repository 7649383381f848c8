"""Writing files safely: one atomic write (temporary file in the same folder, fsync, rename).

Every writer in mlstart goes through `atomic_write`, so a reader sees the old file or the new one,
never half of one, and a crash or a signal leaves the old file and no stray temporary behind
(temporaries carry the `.mlstart-` prefix and the process id, so a later run removes those of
a killed run: mlstart.core.leftovers).
"""

from __future__ import annotations

import os
from pathlib import Path

TEMP_PREFIX = ".mlstart-"
TEMP_SUFFIX = ".tmp"


def atomic_write(
    path: Path,
    data: str | bytes,
    *,
    mode: int | None = None,
    keep_mode: bool = True,
    durable: bool = True,
) -> None:
    """Replace path with data through a temporary file in the same folder and a rename.

    The new file keeps the old file's permissions (keep_mode), else takes `mode`, else 0o644.
    `durable=False` skips the fsync, for caches: after a crash they may be empty, never half
    written, and their readers treat anything unreadable as a miss.
    """
    fd, tmp = _create_temporary(path)
    try:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path, mode, keep_mode))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new empty file beside path, as tempfile.mkstemp makes one (O_EXCL, no link followed,
    0600), named with this run's prefix; without importing tempfile (and shutil, random...),
    which the first `mlstart status` after a hand edit would otherwise pay for its cache."""
    from mlstart.core.leftovers import prefix

    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(path.parent, f"{prefix(path.name)}{os.urandom(6).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def _mode_for(path: Path, mode: int | None, keep_mode: bool) -> int:
    if keep_mode and path.exists():
        return path.stat().st_mode & 0o777
    return 0o644 if mode is None else mode
