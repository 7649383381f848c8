"""The parse cache of lifecycle.yaml: its validated content, and its entries, under `.git/mlstart/`.

Keyed by the file's mtime_ns, size and inode: a hand edit invalidates it, every mlstart write
refreshes it, and `mlstart status` then needs no YAML library at all. The file also keeps what
each entry of the text read as (mlstart.core.yamlchunks), so the first read after a hand edit
parses only the entries that changed.

Stored with marshal, which reads plain values several times faster than json and imports
nothing; the first line names the format and the interpreter, since marshal's format may change
between Python versions. The cache is mlstart's own file inside `.git`, never cloned; anything
unreadable in it is a miss.
"""

from __future__ import annotations

import marshal
import os
import sys

from mlstart.lifecycle import model

TYPE_CHECKING = False  # typing stays unimported on the `status` path
if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 3
CACHE_NAME = "lifecycle.cache"
# Up to this size a write reads its text's entries when none are known; past it (a history of
# tens of thousands of events, kept as text by lifecycle.historytail) the next read does.
ENTRIES_ON_WRITE = 1_000_000


def cache_path(name: str) -> str | None:
    from mlstart.lifecycle.gitstate import git_dir

    gitdir = git_dir(os.path.dirname(os.path.abspath(name)))
    return os.path.join(gitdir, "mlstart", CACHE_NAME) if gitdir else None


def _header() -> bytes:
    return f"mlstart-parse-cache {CACHE_FORMAT} {sys.implementation.cache_tag}\n".encode()


def _file_key(name: str) -> list[Any]:
    from mlstart import __version__

    return [__version__, model.SCHEMA_VERSION, os.path.abspath(name)]


def read_parts(cache: str | None, name: str) -> tuple[Any, ...] | None:
    """(file key, stamp, data, history blob, entries blob) of a cache of this file, or None.

    Read once per load: `cached_data` and `entries_in` take what this returns."""
    if cache is None:
        return None
    try:
        with open(cache, "rb") as handle:
            raw = handle.read()
        header = _header()
        if not raw.startswith(header):
            return None
        parts = marshal.loads(memoryview(raw)[len(header) :])
        if not isinstance(parts, tuple) or len(parts) != 5 or parts[0] != _file_key(name):
            return None
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return parts


def cached_data(
    parts: tuple[Any, ...] | None, stamp: list[int], history: bool
) -> dict[str, Any] | None:
    """The cached data when the file has not changed since (history included if asked)."""
    if parts is None or parts[1] != stamp or not isinstance(parts[2], dict):
        return None
    data: dict[str, Any] = parts[2]
    try:
        # The history is its own blob: copied over, never decoded, unless asked for.
        if history and parts[3] is not None:
            data["history"] = marshal.loads(parts[3])
    except (ValueError, EOFError, TypeError):
        return None
    return data


def entries_in(parts: tuple[Any, ...] | None) -> dict[Any, Any]:
    """What each entry of the file's text read as when the cache was written ({} if unknown)."""
    try:
        entries = marshal.loads(parts[4]) if parts is not None and parts[4] else {}
    except (ValueError, EOFError, TypeError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_cache(
    cache: str | None,
    name: str,
    stamp: list[int],
    data: dict[str, Any],
    entries: dict[Any, Any] | bytes | None,
) -> None:
    """Store the parsed file; a read-only .git or a full disk only costs speed, never a failure.

    `entries` is what yamlchunks read (or the blob of an earlier cache, kept as it is)."""
    if cache is None:
        return
    from pathlib import Path

    from mlstart.core.files import atomic_write
    from mlstart.lifecycle.ladder import last_loop_back

    try:
        rest = {k: v for k, v in data.items() if k != "history"}
        rest["_loop_back"] = last_loop_back(data)  # status shows it without the history
        events = marshal.dumps(data["history"]) if "history" in data else None
        blob = entries if isinstance(entries, bytes) or entries is None else marshal.dumps(entries)
        body = marshal.dumps((_file_key(name), stamp, rest, events, blob))
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        atomic_write(Path(cache), _header() + body, durable=False)  # a cache: a miss after a crash
        # Last: the JSON cache of earlier releases of mlstart, never read again (often absent).
        os.unlink(os.path.join(os.path.dirname(cache), "lifecycle.json"))
    except (OSError, ValueError):  # ValueError: a value marshal cannot store; no cache then
        pass


def refresh_cache(name: str, data: dict[str, Any], text: str | None = None) -> None:
    """Store data as the parsed form of the file as it is now (after a write by mlstart).

    The entries read before are kept: they are keyed by their text, so those the write changed
    are simply not found again, and the others still hold. When there are none yet, they are
    read from `text`, the text just written, so that the first read after a hand edit parses
    only what the hand changed."""
    info = os.stat(name)
    cache = cache_path(name)
    parts = read_parts(cache, name)
    entries: dict[Any, Any] | bytes | None = None
    if parts is not None and isinstance(parts[4], bytes) and parts[4]:
        entries = parts[4]
    elif text is not None and cache is not None and len(text) <= ENTRIES_ON_WRITE:
        entries = _entries_of(text, name)
    write_cache(cache, name, [info.st_mtime_ns, info.st_size, info.st_ino], data, entries)


def _entries_of(text: str, name: str) -> dict[Any, Any] | None:
    from mlstart.core import fastyaml, yamlchunks
    from mlstart.core.errors import MlstartError

    try:
        return yamlchunks.load(text, name, {})[1]
    except (fastyaml.NotFast, MlstartError):
        return None
