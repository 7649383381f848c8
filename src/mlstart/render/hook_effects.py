"""What a cookiecutter template's hooks did to the project: the files they added, changed, removed.

Each file is read once: the snapshot before a hook hashes every file's bytes; the one after
reads only the files whose inode, size or times moved, or that changed in the same tick of the
file system's clock as the first snapshot began (Git's rule for "racy" files: such a change may
leave every time as it was). That tick is read from the file system itself (a fresh file's
ctime), so a coarse clock (2 s on FAT) only makes more files racy, never a change unseen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

Seen = tuple[int, int, int, int]  # inode, size, mtime_ns, ctime_ns


@dataclass
class Snapshot:
    """path -> (what its stat said, a hash of its bytes) for every file outside .git."""

    files: dict[str, tuple[Seen, int]] = field(default_factory=dict)
    began: int = 0  # the file system's time when the snapshot began (ns)


def snapshot(folder: Path, scratch: Path, earlier: Snapshot | None = None) -> Snapshot:
    """The files under folder now; those `earlier` saw unchanged (and not racy) keep its hash.

    `scratch` is a folder on the same file system, for the file that reads its clock.
    """
    found = Snapshot(began=_clock(scratch))
    if not folder.is_dir():
        return found
    known = earlier.files if earlier is not None else {}
    trusted_before = earlier.began if earlier is not None else 0
    for relative, path, seen in _files(folder):
        previous = known.get(relative)
        if previous is not None and previous[0] == seen and seen[3] < trusted_before:
            found.files[relative] = previous
        else:
            with open(path, "rb") as handle:
                found.files[relative] = (seen, hash(handle.read()))
    return found


def compare(before: Snapshot, after: Snapshot, effects: dict[str, set[str]]) -> None:
    """Add one hook's effects to those of the hooks before it ("added", "changed", "removed")."""
    old = {path: digest for path, (_, digest) in before.files.items()}
    new = {path: digest for path, (_, digest) in after.files.items()}
    for path in old.keys() - new.keys():
        if path in effects["added"]:  # made by an earlier hook, removed by a later one
            effects["added"].discard(path)
        else:
            effects["removed"].add(path)
    for path in new.keys() - old.keys():
        if path in effects["removed"]:  # removed by an earlier hook, made again by a later one
            effects["removed"].discard(path)
            effects["changed"].add(path)
        else:
            effects["added"].add(path)
    effects["changed"].update(p for p in old.keys() & new.keys() if old[p] != new[p])


def _clock(scratch: Path) -> int:
    """The file system's current time, as it stamps files (its granularity included)."""
    probe = scratch / f"clock-{os.getpid()}"
    with open(probe, "wb"):
        pass
    try:
        return os.stat(probe).st_ctime_ns
    finally:
        os.unlink(probe)


def _files(folder: Path) -> list[tuple[str, str, Seen]]:
    """(relative path, path, stat) of every file under folder, links to files included; no
    `.git` entry, and no linked folder followed."""
    found = []
    pending = [("", str(folder))]
    while pending:
        prefix, where = pending.pop()
        with os.scandir(where) as entries:
            for entry in entries:
                if entry.name == ".git":
                    continue
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.is_file():
                    info = entry.stat()
                    seen = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
                    found.append((f"{prefix}{entry.name}", entry.path, seen))
    return found
