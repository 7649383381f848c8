"""Editing a lifecycle.yaml with a long history without parsing the history in round-trip mode.

ruamel's round-trip parser is pure Python: a file with 100,000 history events (about 10 MB) took
over a minute for `mlstart done`. The history is append-only and comes last, so a long one is
kept as text: the rest of the file is parsed and changed in round-trip mode (comments and order
kept), the new events are dumped the same way and appended after the old ones, and the result is
read back with the C parser and compared with what it must contain before it is written. A file
whose history is not the last block, or is short, takes the ordinary path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class NotSplittable(ValueError):
    """The head and the history cannot be edited apart: take the ordinary path."""


MIN_TAIL_CHARS = 256 * 1024  # below this the ordinary round trip is fast enough
_HISTORY_KEY = re.compile(r"^history:[ \t]*(#.*)?\n", re.MULTILINE)


def split(text: str) -> tuple[str, str] | None:
    """(head, the history's items as text) when the history is the last, long, block list."""
    matches = list(_HISTORY_KEY.finditer(text))
    if not matches:
        return None
    match = matches[-1]
    head, tail = text[: match.start()], text[match.end() :]
    if len(tail) < MIN_TAIL_CHARS or not tail.endswith("\n"):
        return None
    # every line of the tail belongs to the list: indented items, their comments, blank lines
    if re.search(r"^[^ \t#\n]", tail, re.MULTILINE) or not tail.lstrip().startswith("-"):
        return None
    return head, tail


def edit(
    name: str,
    text: str,
    parts: tuple[str, str],
    change: Callable[[Any, dict[str, Any]], T],
    *,
    parse: Callable[[str, str], tuple[Any, dict[str, Any]]],
    read_plain: Callable[[str, str], dict[str, Any]],
    current: dict[str, Any],
) -> tuple[T, str, dict[str, Any]]:
    """Apply change to the file's head; returns (change's result, new text, its plain data).

    `current` is the file's validated plain content (from the parse cache when it is fresh),
    `parse` the round-trip parse (for the head, given an empty history), `read_plain` the
    validated C read that checks what is written: the head and the new events (the old
    history's text is kept byte for byte, and was read as `current`).
    """
    from ruamel.yaml.comments import CommentedSeq

    from mlstart.core.yamlio import dump_roundtrip
    from mlstart.lifecycle.plain import to_plain

    head, tail = parts
    plain = current
    doc, _ = parse(head + "history: []\n", name)
    doc["history"] = CommentedSeq()
    result = change(doc, plain)
    events = doc["history"]
    expected = {**to_plain(doc), "history": [*plain["history"], *to_plain(events)]}
    doc["history"] = CommentedSeq()
    new_head = dump_roundtrip(doc)
    added = dump_roundtrip({"history": events}).split("\n", 1)[1] if events else ""
    if not new_head.endswith("history: []\n"):
        raise NotSplittable("the history is no longer the last block")
    new_head = new_head[: -len("history: []\n")] + "history:\n"
    checked = read_plain(new_head + (added or "  []\n"), name)
    if {**checked, "history": [*plain["history"], *checked["history"]]} != expected:
        raise NotSplittable("the new text would not read back as written")
    new_text = new_head + tail + added
    return result, new_text, expected
