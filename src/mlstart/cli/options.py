"""The conventions every command shares: `--json` output, `-C DIR`, colour, usage errors.

A command that reports or changes state takes `@json_option` and prints with `emit_json`, which
stamps the object with `schema_version` (shapes documented in docs/json.md). A command that acts
on a project takes `@project_option` (`-C DIR`, as `git -C`) and resolves its paths with `here`,
so a PATH argument is read relative to DIR, the way git reads it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from mlstart.core.jsontext import for_output

SCHEMA_VERSION = 1
_CWD_KEY = "mlstart.cwd"

F = TypeVar("F", bound=Callable[..., Any])


def color_setting(environ: Mapping[str, str] | None = None) -> bool | None:
    """Colour as the conventions say: NO_COLOR off, FORCE_COLOR on, else only on a terminal.

    None leaves the decision to Click, which colours only when the stream is a terminal.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force not in ("0", "false"):
        return True
    return None


def emit_json(data: Mapping[str, Any]) -> None:
    """Print one JSON object, `schema_version` first (docs/json.md describes each shape)."""
    payload = {"schema_version": SCHEMA_VERSION, **data}
    click.echo(for_output(payload, terminal=sys.stdout.isatty(), default=str))


def json_option(function: F) -> F:
    """`--json`: the result as one JSON object on stdout (parameter `as_json`)."""
    return click.option(
        "--json", "as_json", is_flag=True, help="Print the result as JSON (`mlstart help json`)."
    )(function)


def _remember_dir(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[_CWD_KEY] = os.path.abspath(os.path.join(ctx.meta.get(_CWD_KEY, "."), value))


def project_option(function: F) -> F:
    """`-C DIR`: act as if mlstart was started in DIR (as `git -C`); PATH arguments follow it."""
    return click.option(
        "-C",
        "--project",
        "project_dir",
        metavar="DIR",
        type=click.Path(exists=True, file_okay=False),
        expose_value=False,
        is_eager=True,
        callback=_remember_dir,
        help="Run as if mlstart was started in DIR (a folder inside the project).",
    )(function)


def start_dir() -> Path | None:
    """The folder given with `-C DIR` (the last one wins), or None: the current folder."""
    ctx = click.get_current_context(silent=True)
    base = ctx.meta.get(_CWD_KEY) if ctx is not None else None
    return Path(base) if base else None


def here(path: str | os.PathLike[str] = ".") -> Path:
    """PATH read relative to `-C DIR`; without -C (or for an absolute PATH) it stays as given."""
    candidate = Path(path)
    base = start_dir()
    if base is None or candidate.is_absolute():
        return candidate
    return base if str(path) in ("", ".") else base / candidate


def usage_error(message: str) -> click.UsageError:
    """A usage error (exit code 2), for combinations of options that do not make sense."""
    return click.UsageError(message)
