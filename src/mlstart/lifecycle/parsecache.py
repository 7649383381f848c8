"""The parse cache of lifecycle.yaml: its validated content as JSON under `.git/mlstart/`.

Keyed by the file's mtime_ns, size and inode: a hand edit invalidates it, every mlstart write
refreshes it, and `mlstart status` then needs no YAML library at all.
"""

from __future__ import annotations

import json
import os

from mlstart.lifecycle import model

TYPE_CHECKING = False  # typing stays unimported on the `status` path
if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 2


def cache_path(name: str) -> str | None:
    from mlstart.lifecycle.gitstate import git_dir

    gitdir = git_dir(os.path.dirname(os.path.abspath(name)))
    return os.path.join(gitdir, "mlstart", "lifecycle.json") if gitdir else None


def _cache_key(name: str, stamp: list[int]) -> list[Any]:
    from mlstart import __version__

    return [CACHE_FORMAT, __version__, model.SCHEMA_VERSION, os.path.abspath(name), stamp]


def read_cache(
    cache: str | None, name: str, stamp: list[int], history: bool
) -> dict[str, Any] | None:
    if cache is None:
        return None
    try:
        with open(cache, encoding="utf-8") as handle:
            stored = json.load(handle)
        if not isinstance(stored, dict) or stored.get("key") != _cache_key(name, stamp):
            return None
        data = stored["data"]
        # The history is stored as JSON text inside the JSON: skipped over unless asked for.
        if history and stored.get("history") is not None:
            data["history"] = json.loads(stored["history"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def write_cache(cache: str | None, name: str, stamp: list[int], data: dict[str, Any]) -> None:
    """Store the parsed file; a read-only .git or a full disk only costs speed, never a failure."""
    if cache is None:
        return
    from pathlib import Path

    from mlstart.core.files import atomic_write
    from mlstart.lifecycle.ladder import last_loop_back

    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        rest = {k: v for k, v in data.items() if k != "history"}
        rest["_loop_back"] = last_loop_back(data)  # status shows it without the history
        events = json.dumps(data["history"]) if "history" in data else None
        text = json.dumps({"key": _cache_key(name, stamp), "data": rest, "history": events})
        atomic_write(Path(cache), text, durable=False)  # a cache: a miss after a crash
    except OSError:
        pass


def refresh_cache(name: str, data: dict[str, Any]) -> None:
    """Store data as the parsed form of the file as it is now (after a write by mlstart)."""
    info = os.stat(name)
    write_cache(cache_path(name), name, [info.st_mtime_ns, info.st_size, info.st_ino], data)
