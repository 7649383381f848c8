"""Reading lifecycle files mlstart never writes back (a student's, in `mlstart class`), fast.

The same bounded read, structure limits, migrations and validation as lifecycle.store, with the
safe loader (ruamel's C extension when installed) instead of the round-trip parse.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mlstart.core.errors import LifecycleFileError, MlstartError
from mlstart.lifecycle import model, schema, store
from mlstart.lifecycle.plain import to_plain


def read_plain(path: str | Path) -> dict[str, Any]:
    """The validated content of a lifecycle file, parsed for reading only (no cache is written).

    For files mlstart only reads and never writes back (a student's file in `mlstart class`):
    the safe loader, ruamel's C extension when it is installed, is about twenty times faster
    than the round-trip parse. A file it refuses as unsafe (too large, too deep) is refused;
    anything else it refuses is parsed again by `parse`, whose errors carry line numbers.
    """
    name = os.fspath(path)
    text = store.read_text(name)
    try:
        return parse_plain(text, name)
    except MlstartError as exc:  # the structure limits: no second parse of a hostile file
        raise LifecycleFileError(exc.message, exc.hint or store.FIX_HINT) from None
    except Exception:  # the round-trip parse says what is wrong, with the line
        return store.parse(text, name)[1]


def parse_plain(text: str, name: str) -> dict[str, Any]:
    """Validated plain data from the safe loader; raises on anything parse() would report."""
    import warnings

    from mlstart.core.yamlio import load_plain

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loaded = load_plain(text, name)
    plain = to_plain(loaded)
    version = plain.get("schema_version") if isinstance(plain, dict) else None
    if type(version) is int and version > model.SCHEMA_VERSION:
        raise ValueError("newer schema")
    store.migrate(plain)
    schema.validate(plain)
    return dict(plain)
