"""The text of `--json`: indented on a terminal, as `json.dumps(indent=2)` would; else one line.

The standard library's C encoder does not indent; with `indent` it falls back to a generator
written in Python, a fifth of `mlstart status --json` on a project with 500 tasks. This writer
joins the same text directly (strings through the C escaper); tests compare it byte for byte
with json.dumps.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

try:  # the C escaper (ensure_ascii=False) alone: the json package would import re and enum
    from _json import encode_basestring as _ESCAPE
except ImportError:  # pragma: no cover - an interpreter without the C accelerator
    from json.encoder import py_encode_basestring as _ESCAPE
_CONSTANTS = {True: "true", False: "false"}


def for_output(data: Any, *, terminal: bool, default: Callable[[Any], Any] | None = None) -> str:
    """The text `--json` prints: indented on a terminal, where a person reads it; on one line
    when piped or redirected, where a program does (`jq .` indents it). On one line it is the
    C encoder's work: about a third of the time and two thirds of the bytes for a large
    project's status."""
    if terminal:
        return dumps(data, default=default)
    try:  # the C encoder alone: the json package would compile its decoder's patterns too
        from _json import make_encoder

        encode = make_encoder(
            None, default or _no_default, _ESCAPE, None, ": ", ", ", False, False, True
        )
        return "".join(encode(data, 0))
    except (ImportError, TypeError, ValueError):  # another interpreter, or a value JSON refuses
        import json

        return json.dumps(data, ensure_ascii=False, default=default)


def _no_default(value: Any) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(data: Any, *, default: Callable[[Any], Any] | None = None) -> str:
    """`json.dumps(data, indent=2, ensure_ascii=False)` for dicts with text keys, lists, tuples,
    text, numbers, booleans and None; anything else is handed to json.dumps itself (with
    `default` for what JSON has no type for)."""
    try:
        return _value(data, "\n")
    except _Other:
        import json

        return json.dumps(data, indent=2, ensure_ascii=False, default=default)


class _Other(Exception):
    """A value this writer leaves to json.dumps."""


def _value(value: Any, newline: str) -> str:
    kind = value.__class__
    if kind is str:
        return _ESCAPE(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        parts = []
        for key, item in value.items():
            if key.__class__ is not str:
                raise _Other
            # Text and the constants inline: most values are, and a call each is the cost.
            kind = item.__class__
            text = _ESCAPE(item) if kind is str else _SIMPLE.get(item) if kind in _KEYED else None
            parts.append(_ESCAPE(key) + ": " + (text or _value(item, inner)))
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + "  "
        return (
            "["
            + inner
            + ("," + inner).join(
                _ESCAPE(v) if v.__class__ is str else _value(v, inner) for v in value
            )
            + newline
            + "]"
        )
    if value is None:
        return "null"
    if kind is bool:
        return _CONSTANTS[value]
    if kind is int:
        return int.__repr__(value)
    if kind is float and value == value and value not in (float("inf"), float("-inf")):
        return float.__repr__(value)
    raise _Other


_KEYED = frozenset((bool, type(None)))  # values looked up whole in _SIMPLE
_SIMPLE = {True: "true", False: "false", None: "null"}
