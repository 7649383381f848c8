"""YAML reading and writing, and atomic file writes.

ruamel.yaml in round-trip mode keeps comments, key order and formatting of what mlstart did not
change, so a hand-edited lifecycle.yaml stays the user's file. Imported only when YAML is needed.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
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


def _parse(typ: str, text: str) -> Any:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml(typ).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlSyntaxError(f"{exc.problem or exc.context} (line {line})", line) from None
    except YAMLError as exc:
        raise YamlSyntaxError(str(exc)) from None


def load_plain(text: str) -> Any:
    """Parse YAML into plain Python values (safe: no arbitrary objects)."""
    return _parse("safe", text)


def load_roundtrip(text: str) -> Any:
    """Parse YAML keeping comments, order and line numbers (for files mlstart edits)."""
    return _parse("rt", text)


def dump_roundtrip(data: Any) -> str:
    """Serialise data loaded with load_roundtrip (or plain data) back to YAML text."""
    stream = io.StringIO()
    _yaml("rt").dump(data, stream)
    return stream.getvalue()


def atomic_write(path: Path, text: str) -> None:
    """Write text to path through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never half of one; a crash leaves the old file.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
