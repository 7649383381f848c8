"""lifecycle.yaml's text into validated data: the fast readers, and the round-trip parse whose
errors carry the line and the key.

Reading tries, in order: the entries reused from the last read (mlstart.core.yamlchunks), libyaml's
C parser on the whole text (mlstart.core.fastyaml), and ruamel's round-trip parser, which also
says where anything invalid is. Writing (mlstart.lifecycle.store) uses `parse` and the checks here.
"""

from __future__ import annotations

from mlstart.core.errors import LifecycleFileError
from mlstart.lifecycle import model
from mlstart.lifecycle.migrations import migrate
from mlstart.lifecycle.plain import to_plain

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mlstart.lifecycle import schema

UPGRADE_HINT = "upgrade mlstart (`pipx upgrade mlstart` or `pip install -U mlstart`)"
FIX_HINT = (
    "fix it by hand (format: `mlstart help lifecycle`); mlstart never overwrites an invalid file"
)


def parse_for_reading(text: str, name: str) -> dict[str, Any]:
    """The validated plain data of a file's text, read with the C parser when it can be.

    libyaml (mlstart.core.fastyaml) reads a long file about twenty times faster than the
    round-trip parse. A file refused as unsafe (too large, too deep) is refused; anything else
    refused is parsed again by `parse`, whose errors carry the line and the key.
    """
    return read_entries_of(text, name, None)[0]


def read_entries_of(
    text: str, name: str, previous: dict[Any, Any] | None
) -> tuple[dict[str, Any], dict[Any, Any] | None]:
    """parse_for_reading, reusing the entries read before when `previous` is given (a dict)."""
    from mlstart.core.errors import MlstartError

    try:
        return _parse_plain_entries(text, name, previous)
    except MlstartError as exc:  # the structure limits: no second parse of a hostile file
        raise LifecycleFileError(exc.message, exc.hint or FIX_HINT) from None
    except Exception:  # the round-trip parse says what is wrong, with the line
        return parse(text, name)[1], None


def parse_plain(text: str, name: str) -> dict[str, Any]:
    """Validated plain data from the safe loader; raises on anything `parse` would report."""
    return _parse_plain_entries(text, name, None)[0]


def _parse_plain_entries(
    text: str, name: str, previous: dict[Any, Any] | None
) -> tuple[dict[str, Any], dict[Any, Any] | None]:
    from mlstart.lifecycle import schema  # not on the cached path of `status`

    plain, entries = _plain_values(text, name, previous)
    version = plain.get("schema_version") if isinstance(plain, dict) else None
    if type(version) is int and version > model.SCHEMA_VERSION:
        raise ValueError("newer schema")
    if migrate(plain):
        entries = None  # what the entries read as is no longer what the data holds
    schema.validate(plain)
    return dict(plain), entries


def _plain_values(
    text: str, name: str, previous: dict[Any, Any] | None
) -> tuple[Any, dict[Any, Any] | None]:
    """Plain values of the text: its unchanged entries reused (mlstart.core.yamlchunks), else
    libyaml's C parser on the whole text, else the round-trip parser."""
    from mlstart.core import fastyaml

    if previous is not None:
        from mlstart.core import yamlchunks

        try:
            return yamlchunks.load(text, name, previous)
        except fastyaml.NotFast:
            pass
    try:  # libyaml's C parser, values already plain (the common case: no second walk)
        return fastyaml.load(text, name, json_ready=True), None
    except fastyaml.NotFast:
        import warnings

        from mlstart.core.yamlio import load_plain

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return to_plain(load_plain(text, name)), None


def parse(text: str, name: str) -> tuple[Any, dict[str, Any]]:
    """(round-trip document, validated plain data, migrated to the current schema) of a file."""
    import warnings

    from mlstart.core.safeio import UnsafeFileError
    from mlstart.core.yamlio import YamlSyntaxError, load_roundtrip
    from mlstart.lifecycle import schema  # not on the cached path of `status`

    try:
        with warnings.catch_warnings():  # ruamel warns on stderr about e.g. reused anchors
            warnings.simplefilter("ignore")
            doc = load_roundtrip(text, name)
    except UnsafeFileError as exc:  # nesting or size limits: the message says which
        raise LifecycleFileError(exc.message, FIX_HINT) from None
    except YamlSyntaxError as exc:
        raise LifecycleFileError(f"{name}:{exc.line}: not valid YAML: {exc}", FIX_HINT) from None
    except Exception as exc:  # the parser's own failures on hostile input: report, never trace
        raise LifecycleFileError(f"{name}: not valid YAML: {exc}", FIX_HINT) from None
    try:
        plain = to_plain(doc)
    except ValueError as exc:
        raise LifecycleFileError(f"{name}: {exc}", FIX_HINT) from None
    check_version(plain, doc, name)
    migrate(plain)
    try:
        schema.validate(plain)
    except schema.Invalid as exc:
        raise invalid(exc, doc, name) from None
    return doc, plain


def check_version(plain: Any, doc: Any, name: str) -> None:
    version = plain.get("schema_version") if isinstance(plain, dict) else None
    if type(version) is int and version > model.SCHEMA_VERSION:
        line = _line_of(doc, ("schema_version",))
        raise LifecycleFileError(
            f"{name}:{line}: schema_version {version} is newer than this mlstart understands "
            f"(up to {model.SCHEMA_VERSION})",
            UPGRADE_HINT,
        )


def invalid(exc: schema.Invalid, doc: Any, name: str) -> LifecycleFileError:
    lines = []
    for keys, message in exc.problems[:8]:
        where = _dotted(keys)
        lines.append(f"{name}:{_line_of(doc, keys)}: {where + ': ' if where else ''}{message}")
    more = len(exc.problems) - 8
    if more > 0:
        lines.append(f"... and {more} more")
    return LifecycleFileError("\n".join(lines), FIX_HINT)


def _dotted(keys: tuple[Any, ...]) -> str:
    text = ""
    for key in keys:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


def _line_of(doc: Any, keys: tuple[Any, ...]) -> int:
    """1-based line of a key path in a round-trip document (its nearest existing parent)."""
    line, node = 1, doc
    for key in keys:
        try:
            if isinstance(node, dict | list) and hasattr(node, "lc"):
                found = key in node if isinstance(node, dict) else 0 <= key < len(node)
                position = node.lc.key(key) if isinstance(node, dict) else node.lc.item(key)
                line = position[0] + 1 if found else line
                node = node[key]
            else:
                break
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line
