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

    pure = typ in ("rt", "safe-pure", "base-pure")
    yaml = YAML(typ=typ.removesuffix("-pure"), pure=pure)
    if typ == "safe":
        yaml.Resolver = _fast_resolver()
    if typ == "rt":
        yaml.preserve_quotes = True
        yaml.width = 4096  # never fold long lines the user wrote
        yaml.indent(mapping=2, sequence=4, offset=2)
        yaml.representer.add_representer(str, _represent_text)
    return yaml


def _maybe_deep(text: str) -> bool:
    """Whether text may nest deeper than the limit (flow brackets, compact `- - -`, indents).

    Counted at C speed (regular expressions); brackets inside quotes count too, so the answer
    errs on the safe side (the slower pure-Python parser, never a refusal).
    """
    import re

    from mlstart.core.safeio import MAX_DEPTH

    depth = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    half, double = MAX_DEPTH // 2, 2 * MAX_DEPTH
    compact = re.search(rf"^(?:[ \t]*[-?:][ \t]+){{{half}}}", text, re.M)
    return compact is not None or re.search(rf"^ {{{double}}}", text, re.M) is not None


def _fast_resolver() -> Any:
    """ruamel's resolver with the YAML version fixed at 1.2 (mlstart's files never set one).

    Looking the version up costs an exception per scalar with the C parser: two thirds of the
    time to read a lifecycle file with 100,000 history events (measured: 45 s, then 7 s).
    """
    from ruamel.yaml.resolver import VersionedResolver

    class Resolver(VersionedResolver):
        @property
        def processing_version(self) -> Any:
            return (1, 2)

        @property
        def versioned_resolver(self) -> Any:
            cached = self.__dict__.get("_mlstart_resolvers")
            if cached is None:
                cached = super().versioned_resolver
                self.__dict__["_mlstart_resolvers"] = cached
            return cached

    return Resolver


# Plain text starting with one of these, or holding ': ' or ' #', is written double-quoted:
# every YAML reader (ruamel, libyaml, PyYAML) then reads back exactly the text written.
_INDICATORS = frozenset("?:-&*!|>%@`#'\"{}[],")


def _represent_text(representer: Any, data: str) -> Any:
    risky = data[:1] in _INDICATORS or ": " in data or " #" in data or data != data.strip()
    if risky or "\t" in data:
        return representer.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return representer.represent_str(data)


def _parse(typ: str, text: str, what: str) -> Any:
    """Parse within the limits of mlstart.core.safeio (nesting depth, values after aliases)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from mlstart.core.safeio import MAX_DEPTH, UnsafeFileError, check_structure

    if typ == "safe" and _maybe_deep(text):
        typ = "safe-pure"  # the C parser recurses in C (a crash); Python's raises, cleanly
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
    """Parse YAML into plain Python values (safe: no arbitrary objects), within the limits.

    libyaml's C parser reads it when the text keeps to what mlstart.core.fastyaml knows (every
    file mlstart writes does), ruamel's safe loader otherwise: the values are the same.
    """
    from mlstart.core import fastyaml

    try:
        return fastyaml.load(text, what)
    except fastyaml.NotFast:
        return _parse("safe", text, what)


def load_text(text: str, what: str = "YAML text") -> Any:
    """Parse YAML keeping every scalar as the text written (`0o17` stays "0o17", `yes` "yes").

    For answers files: the question, not YAML's guess, decides a value's type, so an answer
    replays exactly as it was typed. An unquoted `~`, `null` or empty value means no value
    (None); a quoted one is that text. Within the limits of mlstart.core.safeio.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from mlstart.core.safeio import MAX_DEPTH, UnsafeFileError, check_structure

    try:
        node = _yaml("base-pure" if _maybe_deep(text) else "base").compose(text)
        data = _from_node(node, [0], 0, what)
    except RecursionError:
        raise UnsafeFileError(f"{what}: nested deeper than {MAX_DEPTH} levels; not read") from None
    except (MarkedYAMLError, YAMLError) as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None
    check_structure(data, what)
    return data


def _from_node(node: Any, count: list[int], depth: int, what: str) -> Any:
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    from mlstart.core.safeio import MAX_DEPTH, MAX_VALUES, UnsafeFileError

    count[0] += 1
    if count[0] > MAX_VALUES or depth > MAX_DEPTH:
        raise UnsafeFileError(f"{what}: too many values or nested too deeply; not read")
    if node is None:
        return None
    if isinstance(node, MappingNode):
        return {
            str(_from_node(k, count, depth + 1, what)): _from_node(v, count, depth + 1, what)
            for k, v in node.value
        }
    if isinstance(node, SequenceNode):
        return [_from_node(v, count, depth + 1, what) for v in node.value]
    plain = node.style is None
    return None if plain and node.value in ("", "~", "null", "Null", "NULL") else node.value


def load_roundtrip(text: str, what: str = "YAML text") -> Any:
    """Parse YAML keeping comments, order and line numbers (for files mlstart edits)."""
    return _parse("rt", text, what)


def dump_roundtrip(data: Any) -> str:
    """Serialise data loaded with load_roundtrip (or plain data) back to YAML text."""
    stream = io.StringIO()
    _yaml("rt").dump(data, stream)
    return stream.getvalue()
