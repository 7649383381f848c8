"""Reading YAML with libyaml's C parser (through PyYAML) into the values ruamel.yaml would give.

ruamel's round-trip parser is pure Python: a lifecycle file with 500 tasks and 2,000 history
events takes about a second to read. libyaml composes the same file in a few tens of
milliseconds; this module builds plain values from its nodes with YAML 1.2's rules, as ruamel
reads them (`yes` is text, `017` is 17, `1e3` is a float). Whatever falls outside a well-tested
subset (tags, aliases, merge keys, directives, duplicate keys, numbers in other bases, times of
day, keys that are not text, anything libyaml refuses) raises NotFast, and the caller reads the
text with ruamel instead, which gives the same values or the error with its line.
"""

from __future__ import annotations

import re

from mlstart.core.safeio import MAX_DEPTH, MAX_VALUES, UnsafeFileError

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time (the first status after an edit)
    from typing import Any

_PLAIN = "!mlstart-plain"  # the tag given to every untagged plain scalar, resolved below
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "True", "TRUE"))
_FALSE = frozenset(("false", "False", "FALSE"))
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Plain text that YAML 1.2 (or ruamel) may read as something else: left to ruamel.
_DOUBTFUL = re.compile(
    r"[-+]?[0-9_.][0-9a-zA-Z_.:+-]*"  # numbers in any base or form, and what ruamel mistakes
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?"  # dates and times of day
    r"|[-+]|<<|="
)
# Tags, and %YAML directives, anywhere in the text: left to ruamel (it knows them all).
_TAG_OR_DIRECTIVE = re.compile(r"(?:^|[\s\[\{,:-])!|(?:^|\n)%")


class NotFast(Exception):
    """The text uses YAML this module leaves to ruamel (or libyaml is not installed)."""


def available() -> bool:
    """Whether PyYAML with libyaml's C parser is installed."""
    try:
        import yaml
    except ImportError:
        return False
    return bool(getattr(yaml, "__with_libyaml__", False))


def load(text: str, what: str = "YAML text", *, json_ready: bool = False) -> Any:
    """Plain values (dict, list, str, int, float, bool, None, date) of one YAML document.

    With json_ready, values as mlstart.lifecycle.plain.to_plain makes them: dates as ISO text,
    infinite numbers as None.

    Raises NotFast when ruamel must read it instead; UnsafeFileError past mlstart's limits
    (MAX_DEPTH levels, MAX_VALUES values), with the messages of safeio.check_structure.
    """
    return load_counted(text, what, json_ready=json_ready)[0]


def load_counted(
    text: str, what: str = "YAML text", *, json_ready: bool = False, depth: int = 1
) -> tuple[Any, int]:
    """(load's value, the number of values counted against MAX_VALUES) of a document whose
    top collection sits `depth` levels deep in a larger one (mlstart.core.yamlchunks)."""
    if ("!" in text or "%" in text) and _TAG_OR_DIRECTIVE.search(text):
        raise NotFast("tags or directives")
    node = _compose(text, what)
    if node is None:
        raise NotFast("empty document")
    builder = _Builder(what, json_ready)
    return builder.value(node, depth), builder.count


def plain_text(text: str) -> bool:
    """Whether a plain (unquoted) scalar reads as this very text, e.g. a key such as `phases`."""
    try:
        value = _scalar(text) if text else None
    except NotFast:
        return False
    return value.__class__ is str and value == text


def _compose(text: str, what: str) -> Any:
    try:
        import yaml
    except ImportError:
        raise NotFast("PyYAML is not installed") from None
    loader_class = getattr(yaml, "CBaseLoader", None)
    if loader_class is None:
        raise NotFast("PyYAML without libyaml")

    class Loader(loader_class):  # type: ignore[misc,valid-type]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _STR
            return _SEQ if kind is yaml.SequenceNode else _MAP

    loader = Loader(text)
    try:
        return loader.get_single_node()
    except Exception as exc:  # libyaml's errors: ruamel reports them with their line
        if "maximum nesting depth" in str(exc):  # libyaml stops at 1,000 levels; no reader
            raise UnsafeFileError(
                f"{what}: nested deeper than {MAX_DEPTH} levels; not read"
            ) from None
        raise NotFast(str(exc)) from None
    finally:
        loader.dispose()


class _Builder:
    """Plain values from composed nodes, counting values and depth as safeio does."""

    def __init__(self, what: str, json_ready: bool):
        self.what = what
        self.json_ready = json_ready
        self.count = 0
        self.seen: set[int] = set()

    def value(self, node: Any, depth: int) -> Any:
        tag = node.tag
        if tag == _PLAIN:
            return self.scalar(node.value)
        if tag == _STR:
            if node.id != "scalar":
                raise NotFast("a collection tagged as text")
            return node.value
        if tag not in (_MAP, _SEQ) or node.id == "scalar":
            raise NotFast(f"tag {tag}")
        if depth > MAX_DEPTH:
            raise UnsafeFileError(f"{self.what}: nested deeper than {MAX_DEPTH} levels; not read")
        if id(node) in self.seen:
            raise NotFast("an alias")
        self.seen.add(id(node))
        self.count += len(node.value) * (1 if tag == _SEQ else 2)
        if self.count > MAX_VALUES:
            raise UnsafeFileError(
                f"{self.what}: more than {MAX_VALUES:,} values; too large to read",
                hint="`mlstart help lifecycle` (limits) lists the size limits",
            )
        if tag == _SEQ:
            return self.sequence(node.value, depth + 1)
        return self.mapping(node.value, depth + 1)

    def sequence(self, items: list[Any], depth: int) -> list[Any]:
        result: list[Any] = []
        append = result.append
        for item in items:
            # The common case inline: untagged plain text that cannot be anything but text.
            if item.tag == _PLAIN and item.value[:1] not in _SPECIAL_START:
                append(item.value)
            else:
                append(self.value(item, depth))
        return result

    def mapping(self, pairs: list[tuple[Any, Any]], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in pairs:
            if key_node.tag == _PLAIN and key_node.value[:1] not in _SPECIAL_START:
                key = key_node.value
            else:
                key = self.value(key_node, depth)
                if key.__class__ is not str:
                    raise NotFast("a key that is not text")
            if key in result:
                raise NotFast("a duplicate key")
            if value_node.tag == _PLAIN and value_node.value[:1] not in _SPECIAL_START:
                result[key] = value_node.value
            else:
                result[key] = self.value(value_node, depth)
        return result

    def scalar(self, text: str) -> Any:
        value = _scalar(text)
        if self.json_ready and value.__class__ not in _JSON_SCALARS:
            if isinstance(value, float):  # inf and nan: no JSON value
                return None
            return value.isoformat()  # a date
        if self.json_ready and value.__class__ is float and value in _NOT_FINITE:
            return None
        return value


_SPECIAL_START = frozenset("tTfFnN~0123456789+-.<=") | {""}
_JSON_SCALARS = frozenset((str, int, bool, type(None), float))
_NOT_FINITE = (float("inf"), float("-inf"))


def _scalar(text: str) -> Any:
    """A plain scalar as YAML 1.2's core schema reads it (ruamel's reading)."""
    if text in _NULLS:
        return None
    first = text[0]
    if first in _TRUE_FALSE_START:
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return text
    if first not in _NUMBER_START:
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _DATE.fullmatch(text):
        import datetime

        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise NotFast("not a date") from None
    if _DOUBTFUL.fullmatch(text):
        raise NotFast(f"the plain value {text!r}")
    return text


_TRUE_FALSE_START = frozenset("tTfF")
_NUMBER_START = frozenset("0123456789+-.<=")
