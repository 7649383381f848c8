"""YAML reading and writing (atomic file writes live in mlstart.core.files).

ruamel.yaml in round-trip mode keeps comments, key order and formatting of what mlstart did not
change, so a hand-edited lifecycle.yaml stays the user's file. Imported only when YAML is needed.
"""

from __future__ import annotations

import io
from typing import Any


class YamlSyntaxError(ValueError):
    """Text that is not valid YAML; `line` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def _yaml(typ: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ=typ, pure=typ == "rt")
    if typ == "rt":
        yaml.preserve_quotes = True
        yaml.width = 4096  # never fold long lines the user wrote
        yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _parse(typ: str, text: str, what: str) -> Any:
    """Parse within the limits of mlstart.core.safeio (nesting depth, values after aliases)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from mlstart.core.safeio import MAX_DEPTH, UnsafeFileError, check_structure

    try:
        data = _yaml(typ).load(text)
    except RecursionError:
        raise UnsafeFileError(f"{what}: nested deeper than {MAX_DEPTH} levels; not read") from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlSyntaxError(f"{exc.problem or exc.context} (line {line})", line) from None
    except YAMLError as exc:
        raise YamlSyntaxError(str(exc)) from None
    check_structure(data, what)
    return data


def load_plain(text: str, what: str = "YAML text") -> Any:
    """Parse YAML into plain Python values (safe: no arbitrary objects), within the limits."""
    return _parse("safe", text, what)


def load_text(text: str, what: str = "YAML text") -> Any:
    """Parse YAML keeping every scalar as the text written (`0o17` stays "0o17", `yes` "yes").

    For answers files: the question, not YAML's guess, decides a value's type, so an answer
    replays exactly as it was typed. `~` and `null` alone mean no value (None).
    """
    return _nulls(_parse("base", text, what))


def _nulls(value: Any) -> Any:
    if isinstance(value, str):
        return None if value in ("~", "null", "Null", "NULL") else value
    if isinstance(value, dict):
        return {k: _nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_nulls(v) for v in value]
    return value


def load_roundtrip(text: str, what: str = "YAML text") -> Any:
    """Parse YAML keeping comments, order and line numbers (for files mlstart edits)."""
    return _parse("rt", text, what)


def dump_roundtrip(data: Any) -> str:
    """Serialise data loaded with load_roundtrip (or plain data) back to YAML text."""
    stream = io.StringIO()
    _yaml("rt").dump(data, stream)
    return stream.getvalue()
