"""The one bounded, safe reader of files a repository or a user names.

Every loader (lifecycle.yaml, answers files, the template record, evidence documents, metrics
JSON) reads through `read_text`: the name must be a valid path, the file a regular file (never a
FIFO, device, socket, `/dev/zero` or `/dev/stdin` through a link), at most a known size, UTF-8
text without NUL bytes. `confine` keeps a repository-named path inside the repository (symlinks
resolved) and its message never says whether a file outside exists. Structure limits (nesting
depth, values after alias expansion) are checked by `check_structure`, used by every YAML and
JSON load. Standard library only, str-based: the fast `status` path uses it.
"""

from __future__ import annotations

import os
import stat

from mlstart.core.errors import MlstartError

MAX_FILE_BYTES = 16 * 1024 * 1024  # lifecycle files with 100,000 history events fit well below
MAX_SMALL_BYTES = 1024 * 1024  # answers files, template records, evidence documents, metrics
MAX_DEPTH = 64  # nesting of mappings and lists; no file of mlstart's needs more than 10
MAX_VALUES = 2_000_000  # values after alias expansion (a 100,000-event history is ~700,000)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class UnsafeFileError(MlstartError):
    """A named file is not something mlstart reads: not a regular file, too large, binary, ..."""


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def check_name(name: str, what: str = "path") -> None:
    """Refuse a path mlstart could not use: empty, with NUL or other control characters."""
    if not name or "\x00" in name or any(ord(c) < 32 for c in name):
        raise UnsafeFileError(
            f"{what} {name!r} is not a valid path (empty, or a NUL or control character)",
            hint="name a plain file path",
        )


def read_text(name: str, *, limit: int = MAX_SMALL_BYTES, what: str = "") -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes; UnsafeFileError otherwise."""
    return decode(read_bytes(name, limit=limit, what=what), name, what)


def read_bytes(name: str, *, limit: int = MAX_SMALL_BYTES, what: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes (opened without blocking)."""
    name = os.fspath(name)
    label = what or name
    check_name(name, "the path")
    try:
        fd = os.open(name, _READ_FLAGS)
    except OSError as exc:
        raise UnsafeFileError(f"{label}: cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeFileError(
                f"{label}: not a regular file (a folder, pipe, device or socket); not read",
                hint="mlstart reads only plain files",
            )
        if info.st_size > limit:
            raise _too_large(label, info.st_size, limit)
        data = _read_all(fd, limit)
    except OSError as exc:
        raise UnsafeFileError(f"{label}: cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while being read
        raise _too_large(label, len(data), limit)
    return data


def _read_all(fd: int, limit: int) -> bytes:
    chunks, total = [], 0
    while total <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_large(label: str, size: int, limit: int) -> UnsafeFileError:
    return UnsafeFileError(
        f"{label}: the file is {_mb(size)}, larger than mlstart reads ({_mb(limit)})",
        hint="`mlstart help lifecycle` (limits) lists the size limits",
    )


def decode(data: bytes, name: str, what: str = "") -> str:
    """UTF-8 text without NUL bytes (a binary file is refused, never half-read)."""
    label = what or name
    if b"\x00" in data:
        raise UnsafeFileError(f"{label}: a binary file (NUL bytes), not text; not read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsafeFileError(f"{label}: not UTF-8 text; not read") from None


def confine(root: str, relative: str) -> str | None:
    """The real path of `relative` under root, or None when it leaves root (symlinks resolved).

    None both for a path that leads outside and for an invalid one, so a caller's message cannot
    tell whether anything outside the project exists.
    """
    if not relative or "\x00" in relative:
        return None
    real_root = os.path.realpath(root)
    try:
        real = os.path.realpath(os.path.join(real_root, relative))
    except (OSError, ValueError):
        return None
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    return real


def check_structure(data: object, what: str, *, max_values: int = MAX_VALUES) -> None:
    """Refuse data nested deeper than MAX_DEPTH or holding more than max_values values.

    Values are counted as a reader sees them, so a YAML alias counts again each time it is used
    (a "billion laughs" file fails here, quickly); the message says which limit was hit.
    """
    count = 0
    shared = False
    seen: set[int] = set()
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > max_values:
            cause = "aliases (*name) that expand" if shared else "values"
            raise UnsafeFileError(
                f"{what}: more than {max_values:,} {cause}; too large to read",
                hint="`mlstart help lifecycle` (limits) lists the size limits",
            )
        if isinstance(node, dict | list | tuple):
            if depth > MAX_DEPTH:
                raise UnsafeFileError(f"{what}: nested deeper than {MAX_DEPTH} levels; not read")
            if id(node) in seen:
                shared = True
            seen.add(id(node))
            children = list(node.keys()) + list(node.values()) if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)


def load_json(text: str, what: str) -> object:
    """Parse JSON text within the structure limits; UnsafeFileError with the reason otherwise."""
    import json

    try:
        data = json.loads(text)
    except RecursionError:
        raise UnsafeFileError(f"{what}: nested deeper than {MAX_DEPTH} levels; not read") from None
    except ValueError as exc:
        raise UnsafeFileError(f"{what}: not valid JSON ({exc})") from None
    check_structure(data, what)
    return data
