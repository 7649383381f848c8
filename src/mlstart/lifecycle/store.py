"""lifecycle.yaml on disk: find it, load it (through a parse cache), create it, and write it safely.

Every write goes through `edit`: a lock, a round-trip parse that keeps the user's comments and
order, a validation of the result, an atomic replace, and a refreshed cache. A file that is not
valid is reported with file, line and key and is never overwritten.

The cache is a JSON copy of the validated file under `.git/mlstart/`, keyed by the file's
mtime_ns, size and inode: a hand edit invalidates it, every mlstart write refreshes it, and
`mlstart status` then needs no YAML library at all (importing ruamel.yaml alone costs about twice
Python's start-up). The status path uses only the str-based functions here; pathlib, ruamel and
filelock are imported inside the functions that write.
"""

from __future__ import annotations

import os

from mlstart.core.errors import LifecycleFileError, NotAProjectError
from mlstart.lifecycle import model
from mlstart.lifecycle.migrations import migrate
from mlstart.lifecycle.parsecache import (
    cache_path,
    cached_data,
    entries_in,
    read_parts,
    refresh_cache,
    write_cache,
)
from mlstart.lifecycle.parsing import (
    FIX_HINT,
    check_version,
    invalid,
    read_entries_of,
)
from mlstart.lifecycle.parsing import parse as parse  # re-exported: the round-trip parse
from mlstart.lifecycle.parsing import parse_for_reading as parse_for_reading
from mlstart.lifecycle.parsing import parse_plain as parse_plain
from mlstart.lifecycle.plain import to_plain
from mlstart.lifecycle.statefolder import lock, sweep_leftovers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path
    from typing import Any, TypeVar

    T = TypeVar("T")


# --- finding ------------------------------------------------------------------------------------


def find_root_str(start: str) -> str:
    """The folder at or above start that holds lifecycle.yaml (str-based, for the status path)."""
    here = os.path.abspath(start)
    if not os.path.exists(here):
        raise NotAProjectError(f"{start}: no such file or folder")
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        candidate = os.path.join(here, model.FILE_NAME)
        if os.path.isfile(candidate):
            return here
        if os.path.lexists(candidate):  # a FIFO, a device, a link to one or to nothing
            raise LifecycleFileError(
                f"{candidate} is not a regular file (a link to nothing, a device, a pipe...); "
                "mlstart does not read it",
                "replace it by the lifecycle file itself",
            )
        parent = os.path.dirname(here)
        if parent == here:
            raise NotAProjectError(
                f"not inside an mlstart project: no {model.FILE_NAME} in "
                f"{os.path.abspath(start)} or any folder above it",
                "run it inside a project, or start one with `mlstart new` (`mlstart init` adds "
                "the lifecycle to an existing repository)",
            )
        here = parent


def find_root(start: Path) -> Path:
    """The folder at or above start that holds lifecycle.yaml; NotAProjectError otherwise."""
    from pathlib import Path

    return Path(find_root_str(os.fspath(start)))


# --- loading ------------------------------------------------------------------------------------


def load(path: str | Path, *, history: bool = True) -> dict[str, Any]:
    """The validated content of a lifecycle file as plain data (from the cache when it is fresh).

    Raises LifecycleFileError with file, line and key for anything invalid, and for a schema
    version newer than this mlstart understands. An older version is migrated in memory.
    `history=False` leaves the history out (status does not show it; it can be long).
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except OSError as exc:
        raise LifecycleFileError(f"{name}: cannot be read ({exc.strerror})") from None
    stamp = [info.st_mtime_ns, info.st_size, info.st_ino]
    cache = cache_path(name)
    parts = read_parts(cache, name)  # the cache file, read once
    cached = cached_data(parts, stamp, history) if not os.path.islink(name) else None
    if cached is not None:
        return cached
    data, entries = read_entries_of(read_text(name), name, entries_in(parts))
    write_cache(cache, name, stamp, data, entries)
    return data


def read_text(name: str) -> str:
    """The file's text through the bounded reader (regular file, size limit, no NUL bytes).

    A lifecycle.yaml that is a symbolic link out of its project is refused: a clone must not
    make mlstart read (or, worse, rewrite) a file elsewhere on the machine.
    """
    from mlstart.core.safeio import MAX_FILE_BYTES, UnsafeFileError, confine, read_text

    folder = os.path.dirname(os.path.abspath(name))
    if confine(folder, os.path.basename(name)) is None:
        raise LifecycleFileError(
            f"{name} is a link that leads out of the project; mlstart does not follow it",
            "replace the link by the file itself",
        )
    try:
        return read_text(name, limit=MAX_FILE_BYTES)
    except UnsafeFileError as exc:
        raise LifecycleFileError(exc.message, exc.hint or FIX_HINT) from None


# --- writing ------------------------------------------------------------------------------------


def edit(root: Path | str, change: Callable[[Any, dict[str, Any]], T]) -> T:
    """Apply change(document, plain data) to lifecycle.yaml under a lock; atomic; comments kept.

    `change` mutates the round-trip document (plain data is the same content, validated, for
    reading). It may raise an MlstartError to refuse; nothing is written then. The result is
    validated again before it replaces the file, so mlstart never writes an invalid file.
    """
    name = os.path.join(os.fspath(root), model.FILE_NAME)
    with lock(os.fspath(root)):
        sweep_leftovers(os.fspath(root))
        text = read_text(name)
        quick = _edit_head_only(name, text, change)
        if quick is not None:
            return quick[0]
        doc, plain = parse(text, name)
        migrate(doc)
        result = change(doc, plain)
        write_document(name, doc)
    return result


def _edit_head_only(
    name: str, text: str, change: Callable[[Any, dict[str, Any]], T]
) -> tuple[T] | None:
    """A long history stays text (lifecycle.historytail); None when the file is not of that form."""
    from pathlib import Path

    from mlstart.core.files import atomic_write
    from mlstart.lifecycle import historytail

    parts = historytail.split(text)
    if parts is None:
        return None

    def migrated_change(doc: Any, plain: dict[str, Any]) -> T:
        migrate(doc)
        return change(doc, plain)

    try:
        result, new_text, plain = historytail.edit(
            name,
            text,
            parts,
            migrated_change,
            parse=parse,
            read_plain=parse_for_reading,
            current=load(name),
        )
    except historytail.NotSplittable:
        return None
    atomic_write(Path(name), new_text)
    refresh_cache(name, plain, new_text)
    return (result,)


def write_document(name: str, doc: Any) -> dict[str, Any]:
    """Validate and atomically write a round-trip document to name; refresh the cache."""
    from pathlib import Path

    from mlstart.core.files import atomic_write
    from mlstart.core.yamlio import dump_roundtrip

    plain = _validated(doc, name)  # never write what mlstart could not read back
    text = dump_roundtrip(doc)
    _parse_back(text, plain, name)
    atomic_write(Path(name), text)
    refresh_cache(name, plain, text)
    return plain


def _parse_back(text: str, plain: dict[str, Any], name: str) -> None:
    """Parse the text about to be written and compare: what mlstart writes, it reads back the
    same (notes starting with `? `, `: `, `&`, `*`, `!` included). The C loader keeps it cheap."""
    from mlstart.core.yamlio import load_plain

    try:
        again = to_plain(load_plain(text, name))
    except Exception as exc:  # any failure here is mlstart's own bug: refuse to write
        again = exc
    if again != plain:
        raise LifecycleFileError(
            f"{name}: the new text would not read back as written; nothing was changed",
            "please report this as a bug of mlstart, with the command you ran",
        )


def _validated(doc: Any, name: str) -> dict[str, Any]:
    """The plain, validated content of a document about to be written.

    Validates the document in memory rather than parsing the dumped text again: ruamel's
    round-trip parser is pure Python, and a second parse doubled the cost of every write.
    """
    from mlstart.lifecycle import schema  # not on the cached path of `status`

    try:
        plain = to_plain(doc)
    except ValueError as exc:
        raise LifecycleFileError(f"{name}: {exc}", FIX_HINT) from None
    check_version(plain, doc, name)
    try:
        schema.validate(plain)
    except schema.Invalid as exc:
        raise invalid(exc, doc, name) from None
    return dict(plain)


def write_new(
    root: Path,
    answers: Mapping[str, Any],
    derived: Mapping[str, Any],
    author: str,
    *,
    fit_layout: bool = False,
    private_folder: bool = False,
) -> Path:
    """Create root/lifecycle.yaml from the answers and the plan; refuses if it exists.

    With `fit_layout` (a project not made from mlstart's template), the checks follow the
    layout found in root (lifecycle.layout), written as `paths:`. `private_folder` says root is
    a folder this run made and no one else writes to (the staging folder of `mlstart new`): no
    lock is taken, and no state folder is made for a path that is gone a moment later.
    """
    import contextlib
    from pathlib import Path

    from mlstart.lifecycle.document import new_document

    path = Path(root) / model.FILE_NAME
    with contextlib.nullcontext() if private_folder else lock(os.fspath(root)):
        if not private_folder:
            sweep_leftovers(os.fspath(root))
        if path.exists():
            raise LifecycleFileError(
                f"{path} exists already; mlstart does not overwrite it",
                "use `mlstart update` to bring its tasks up to date",
            )
        paths = None
        if fit_layout:
            from mlstart.lifecycle import catalogue, layout

            paths = layout.detect(Path(root), catalogue.Context(answers, derived).pkg)
        write_document(os.fspath(path), new_document(answers, derived, author, paths))
    return path


def refresh_tasks(
    root: Path | str, answers: Mapping[str, Any], derived: Mapping[str, Any]
) -> dict[str, list[str]]:
    """Merge the current catalogue into lifecycle.yaml, keeping progress, notes and history.

    Returns the ids added, removed (catalogue tasks no longer asked for and never worked on) and
    updated (title, check or required flag changed).
    """
    from mlstart.lifecycle.document import merge_catalogue
    from mlstart.lifecycle.gitstate import author

    who = author(os.fspath(root))
    return edit(root, lambda doc, _plain: merge_catalogue(doc, answers, derived, who))
