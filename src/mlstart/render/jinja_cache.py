"""Compiling each Jinja text once: in memory during a Copier run, and on disk between runs.

Copier compiles the same texts many times per run, and every run compiles the bundled template
again (about a third of `mlstart new`'s rendering). The compiled code is kept in the user's
private cache folder ($XDG_CACHE_HOME/mlstart/jinja, 0700, refused when another user owns it),
one file per text, named by a hash of everything the code depends on (the text, its name, the
environment's settings, Jinja's and Python's versions; only with Jinja's, Copier's and the
Ansible filters' extensions, whose effect their names fix). The template's file name is not part
of it: it only names the code (for tracebacks), and Copier renders a Git template from a fresh
clone folder each time, so the code is given the file name of each use instead. A file is
written atomically (a concurrent run reads the old file, the new one, or none) and one that
cannot be read back as code is compiled again and replaced, so a corrupt cache costs time,
never a wrong rendering.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Compiled Jinja code by (environment settings, source, name): Copier compiles the same question
# defaults, validators and conditions hundreds of times per run (180 distinct texts, 830
# compilations for the bundled template); compiling each once halves a rendering's Jinja time.
_COMPILED: dict[tuple[Any, ...], Any] = {}


CACHE_FOLDER = "jinja"
MAGIC = b"mlstart-jinja-1\n"


@contextlib.contextmanager
def compile_once(disk: bool = True) -> Iterator[None]:
    """Memoise jinja2.Environment.compile while Copier runs (restored afterwards).

    With `disk`, compiled code is also read from and written to the user's cache folder.
    """
    from jinja2 import Environment

    original: Any = Environment.compile
    folder = _cache_folder() if disk else None

    def compile_once(
        env: Environment,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if raw or not isinstance(source, str):
            return original(env, source, name, filename, raw, defer_init)
        key = (_settings(env), source, name, defer_init)
        if key not in _COMPILED:
            on_disk = folder is not None and _known_extensions(env)
            path = folder / _digest(key) if on_disk and folder is not None else None
            code = _read(path) if path is not None else None
            if code is None:
                code = original(env, source, name, filename, raw, defer_init)
                if path is not None:
                    _write(path, code)
            _COMPILED[key] = code
        return _refiled(_COMPILED[key], "<template>" if filename is None else filename)

    Environment.compile = compile_once  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Environment.compile = original  # type: ignore[method-assign]


def _refiled(code: Any, filename: str) -> Any:
    """The code with `filename` as its file name (as Jinja's compile names it), nested code too."""
    if not isinstance(code, types.CodeType) or code.co_filename == filename:
        return code
    consts = tuple(_refiled(c, filename) for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def _settings(env: Any) -> tuple[Any, ...]:
    """Everything of an environment that changes the code a template compiles to."""
    names = (
        "block_start_string",
        "block_end_string",
        "variable_start_string",
        "variable_end_string",
        "comment_start_string",
        "comment_end_string",
        "line_statement_prefix",
        "line_comment_prefix",
        "trim_blocks",
        "lstrip_blocks",
        "newline_sequence",
        "keep_trailing_newline",
        "optimized",
        "is_async",
    )
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else _named(env.autoescape)
    filters = tuple(sorted(env.filters)), tuple(sorted(env.tests))
    return (
        _named(type(env)),
        _named(env.code_generator_class),
        _named(env.finalize) if env.finalize is not None else None,
        *(getattr(env, n) for n in names),
        autoescape,
        filters,
        tuple(sorted(env.extensions)),
    )


# Extensions whose effect on compiled code is fixed by their name; a template's own extensions
# (Copier's _jinja_extensions) may depend on anything, so their code is kept in memory only.
KNOWN_EXTENSIONS = ("jinja2.", "jinja2_ansible_filters.", "copier.")


def _known_extensions(env: Any) -> bool:
    return all(name.startswith(KNOWN_EXTENSIONS) for name in env.extensions)


def _named(thing: Any) -> str:
    """A name that is the same in every run (ids are not)."""
    return f"{getattr(thing, '__module__', '?')}.{getattr(thing, '__qualname__', repr(thing))}"


def _digest(key: tuple[Any, ...]) -> str:
    import jinja2

    versions = (jinja2.__version__, sys.version, sys.implementation.cache_tag)
    return hashlib.sha256(repr((versions, key)).encode("utf-8", "surrogatepass")).hexdigest()


def _cache_folder() -> Path | None:
    """The private cache folder, or None (no disk cache) when it cannot be had safely."""
    from mlstart.core.errors import MlstartError
    from mlstart.core.private import cache_dir, ensure_private

    try:
        return ensure_private(cache_dir() / CACHE_FOLDER)
    except (MlstartError, OSError, RuntimeError):  # RuntimeError: no home folder
        return None


def _read(path: Path) -> types.CodeType | None:
    """Compiled code from the cache; None for a missing, foreign or corrupt entry."""
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_uid != os.getuid():
                return None
            data = handle.read()
        if not data.startswith(MAGIC):
            return None
        code = marshal.loads(data[len(MAGIC) :])
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def _write(path: Path, code: Any) -> None:
    """Store compiled code atomically; a full disk or a read-only cache only costs time."""
    from mlstart.core.files import atomic_write

    if not isinstance(code, types.CodeType):
        return
    with contextlib.suppress(OSError, ValueError):
        atomic_write(path, MAGIC + marshal.dumps(code), mode=0o600, keep_mode=False, durable=False)
