"""Round-trip YAML nodes as plain, JSON-ready values, with a limit on how many there may be."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: `mlstart status` reads this module
    from typing import Any

MAX_NODES = 2_000_000  # as core.safeio.MAX_VALUES: a huge document fails cleanly


def to_plain(node: Any) -> Any:
    """Round-trip YAML nodes as plain JSON-ready values; dates become ISO text."""
    count = [0]
    return _plain(node, count, set())


def _plain(node: Any, count: list[int], seen: set[int]) -> Any:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise ValueError(f"more than {MAX_NODES:,} values (after aliases); too large to read")
    if isinstance(node, dict):
        return _plain_children(
            node, count, seen, lambda n: {str(k): _plain(v, count, seen) for k, v in n.items()}
        )
    if isinstance(node, list | tuple):
        return _plain_children(node, count, seen, lambda n: [_plain(v, count, seen) for v in n])
    return _scalar(node)


def _plain_children(node: Any, count: list[int], seen: set[int], convert: Any) -> Any:
    if id(node) in seen:
        raise ValueError("the file refers to itself through an alias (&anchor ... *anchor)")
    seen.add(id(node))
    try:
        return convert(node)
    finally:
        seen.discard(id(node))


def _scalar(node: Any) -> Any:
    if node is None or isinstance(node, bool | str):
        return node if node is None or isinstance(node, bool) else str(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node) if node == node and node not in (float("inf"), float("-inf")) else None
    isoformat = getattr(node, "isoformat", None)
    if callable(isoformat):  # dates and timestamps written without quotes
        return str(isoformat())
    raise ValueError(f"unsupported value {node!r}")
