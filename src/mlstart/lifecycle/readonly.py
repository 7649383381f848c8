"""Reading lifecycle files mlstart never writes back (a student's, in `mlstart class`), fast.

The same bounded read, structure limits, migrations and validation as lifecycle.store, through
the C parser (mlstart.core.fastyaml) instead of the round-trip parse: `store.load` reads a
hand-edited file the same way, so this module only names that read for files that are not
the project's own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mlstart.lifecycle import store
from mlstart.lifecycle.parsing import parse_for_reading, parse_plain

__all__ = ["parse_plain", "read_plain"]


def read_plain(path: str | Path) -> dict[str, Any]:
    """The validated content of a lifecycle file, parsed for reading only (no cache is written).

    A file refused as unsafe (too large, too deep) is refused; anything else refused is parsed
    again by the round-trip parse, whose errors carry line numbers.
    """
    name = os.fspath(path)
    return parse_for_reading(store.read_text(name), name)
