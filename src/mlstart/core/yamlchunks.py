"""Reading a long YAML file again after a small edit: its entries, split by indentation, reused.

A hand edit of lifecycle.yaml changes one task or one event among thousands, yet a whole parse
costs tens of milliseconds. This module splits a block-style document into entries by
indentation alone: the top-level keys and, inside a key whose value is a block mapping or
sequence, its entries, down to DEPTH levels. Each entry's text is parsed on its own with
mlstart.core.fastyaml, and an entry whose text (at the same depth) was parsed before takes the
value it had then.

A split is only made where it is sure. Tabs, document markers, a byte-order mark, lines less
indented than their siblings, or siblings of mixed kinds (keys and `-` items, explicit `?`
keys, quoted keys) leave the whole region as one entry. An entry that does not read alone as
exactly one key or one item (a quoted or flow value running over a line that looks like a
sibling, an alias of an anchor in another entry) raises fastyaml.NotFast, as does a key
repeated across entries, and the caller parses the whole text instead. Tests compare every
result with a whole parse.
"""

from __future__ import annotations

import marshal
import re

from mlstart.core import fastyaml
from mlstart.core.safeio import MAX_VALUES, UnsafeFileError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    # ("map", [entry text | (key, Region)]) or ("seq", [entry text])
    Region: TypeAlias = tuple[str, list[Any]]
    # (depth, entry text) -> (value, values counted): what each entry read as last time
    Leaves: TypeAlias = dict[tuple[int, str], tuple[Any, int]]

DEPTH = 4  # lifecycle.yaml: phases > planning > task; history > event
# Entries parsed one by one in a read, at most: each costs a parser of its own, so a file of
# many tiny entries (a hostile one: a million `- a` lines) is parsed whole instead.
MAX_PARSED = 5_000
MAX_LINES = 250_000  # past it, splitting costs more than it can save: the text is parsed whole
_PLAIN_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?:[ \r\n]|$)")


def load(text: str, what: str, previous: Leaves) -> tuple[dict[str, Any], Leaves]:
    """(plain values of the document as fastyaml.load(json_ready=True) gives them, the entries
    read, for the next call). Raises fastyaml.NotFast when the whole text must be parsed."""
    region = split(text)
    if region is None:
        raise fastyaml.NotFast("not split into entries")
    reader = _Reader(what, previous)
    value, count = reader.region(region, 1)
    if count > MAX_VALUES:
        raise UnsafeFileError(
            f"{what}: more than {MAX_VALUES:,} values; too large to read",
            hint="`mlstart help lifecycle` (limits) lists the size limits",
        )
    return value, reader.leaves


def split(text: str) -> Region | None:
    """The document's entries as a tree of regions, or None when the top is not a block mapping
    that can be split with certainty."""
    if not text or text[0] == "\ufeff":
        return None
    # Lines end at "\n" alone: str.splitlines also breaks at characters YAML reads otherwise
    # (U+2028, U+0085, form feeds), and a split inside a line could make two entries of one.
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if len(lines) > MAX_LINES:
        return None
    for line in lines:
        if line.lstrip(" ")[:1] == "\t" or (line[:3] in ("---", "...") and line[3:4].isspace()):
            return None
        if line.rstrip("\r\n") in ("---", "..."):
            return None
    region = _region(lines, 0, len(lines), 1)
    return region if region is not None and region[0] == "map" else None


def _significant(line: str) -> bool:
    body = line.strip()
    return bool(body) and body[0] != "#"


def _region(lines: list[str], start: int, end: int, depth: int) -> Region | None:
    starts: list[int] = []
    indent = -1
    for index in range(start, end):
        line = lines[index]
        if not _significant(line):
            continue
        width = len(line) - len(line.lstrip(" "))
        if indent < 0:
            indent = width
        if width < indent:
            return None
        if width == indent:
            starts.append(index)
    kind = _kind([lines[i][indent:] for i in starts]) if starts else None
    if kind is None:
        return None
    entries: list[Any] = []
    for first, last in zip(starts, [*starts[1:], end], strict=True):
        key = _branch_key(lines[first][indent:]) if kind == "map" and depth < DEPTH else None
        inner = _region(lines, first + 1, last, depth + 1) if key is not None else None
        entries.append((key, inner) if inner is not None else "".join(lines[first:last]))
    return kind, entries


def _kind(heads: list[str]) -> str | None:
    """ "seq" when every sibling is a `-` item, "map" when every one is a plain `key:`."""
    if all(h[:1] == "-" and h[1:2] in (" ", "\r", "\n", "") for h in heads):
        return "seq"
    if all(_key_of(h) is not None for h in heads):
        return "map"
    return None


def _key_of(head: str) -> str | None:
    """The key of a line that starts `key:` with a plain, ASCII key that reads as itself."""
    match = _PLAIN_KEY.match(head)
    return match.group(1) if match and fastyaml.plain_text(match.group(1)) else None


def _branch_key(head: str) -> str | None:
    """The key of `key:` alone on its line (its value is the block below), else None."""
    key = _key_of(head)
    if key is None or head[len(key) + 1 :].strip(" ") not in ("\n", "\r\n", ""):
        return None
    return key


class _Reader:
    """Values of a split document, each entry parsed once and reused when its text is unchanged."""

    def __init__(self, what: str, previous: Leaves):
        self.what = what
        self.previous = previous
        self.leaves: Leaves = {}
        self.parsed = 0

    def region(self, region: Region, depth: int) -> tuple[Any, int]:
        kind, entries = region
        if kind == "seq":
            items = [self.entry(text, depth, kind) for text in entries]
            return [value for value, _ in items], sum(count for _, count in items)
        result: dict[str, Any] = {}
        count = 0
        for entry in entries:
            if isinstance(entry, tuple):
                key, inner = entry
                value, inner_count = self.region(inner, depth + 1)
                count += 2 + inner_count
            else:
                (key, value), entry_count = self.entry(entry, depth, kind)
                count += entry_count
            if key in result:
                raise fastyaml.NotFast("a duplicate key")
            result[key] = value
        return result, count

    def entry(self, text: str, depth: int, kind: str) -> tuple[Any, int]:
        """((key, value) or item, values counted) of one entry's text."""
        slot = (depth, text)
        if slot in self.leaves:  # the same text twice: a copy, never one object in two places
            value, count = self.leaves[slot]
            return marshal.loads(marshal.dumps(value)), count
        known = self.previous.get(slot)
        if known is None:
            known = self.parse(text, depth, kind)
        self.leaves[slot] = known
        return known

    def parse(self, text: str, depth: int, kind: str) -> tuple[Any, int]:
        self.parsed += 1
        if self.parsed > MAX_PARSED:
            raise fastyaml.NotFast("too many entries to parse one by one")
        value, count = fastyaml.load_counted(text, self.what, json_ready=True, depth=depth)
        if kind == "seq":
            if value.__class__ is not list or len(value) != 1:
                raise fastyaml.NotFast("an item that is not one item alone")
            return value[0], count
        if value.__class__ is not dict or len(value) != 1:
            raise fastyaml.NotFast("an entry that is not one key alone")
        return next(iter(value.items())), count
