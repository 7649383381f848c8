"""Consent before a template's code runs: the sources a user confirmed on this machine.

A template is code when it runs commands (Copier tasks, migrations, extensions) or is a
cookiecutter template (its hooks run, and its Jinja is not sandboxed). A template source that
comes from a repository (the record `.mlstart/template.yml` of a clone) is a stranger's choice
until the user confirms it here. `require` is the one gate: it returns when the user consented
(`--trust`, a remembered confirmation, or a yes to `ask`), else raises UntrustedSourceError.

Confirmations are remembered per user in `$XDG_CONFIG_HOME/mlstart/trusted-sources.json`
(a 0700 folder), never in a repository. Two levels: "render" (the user chose this source here;
it may be fetched and rendered) and "code" (its code may run). A source inside the repository
being worked on is never remembered: its content changes with every pull.

    trust.require(source, code=True, why="...", trust=flag, ask=confirm)   # raises or returns
    trust.confirmed(source, code=False)                                     # bool
    trust.remember(source, code=True)
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from mlstart.core.errors import MlstartError

STORE = "trusted-sources.json"
LEVELS = ("render", "code")
MAX_SOURCES = 1000
Ask = Callable[[str], bool]  # a yes/no question on the terminal; True means yes
TRUST_HINT = (
    "read the template first; if you trust it, run the command again with --trust "
    "(it is then remembered for this user; see docs/templates-and-updates.md)"
)


class UntrustedSourceError(MlstartError):
    """A template's code (or a stranger's template source) was refused without consent."""


def _store_path() -> Path:
    from mlstart.core.private import config_dir

    return config_dir() / STORE


def _load() -> dict[str, str]:
    from mlstart.core.safeio import UnsafeFileError, load_json, read_text

    path = _store_path()
    if not path.exists():
        return {}
    try:
        data = load_json(read_text(str(path), what=str(path)), str(path))
    except UnsafeFileError:
        return {}  # an unreadable store confirms nothing; it is rewritten on the next consent
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, dict):
        return {}
    return {str(k): v for k, v in sources.items() if v in LEVELS}


def confirmed(source: str, *, code: bool) -> bool:
    """Whether the user confirmed source on this machine (for running its code, with `code`)."""
    level = _load().get(source)
    return level == "code" if code else level in LEVELS


def remember(source: str, *, code: bool) -> None:
    """Record the user's confirmation of source (a "code" confirmation is never lowered)."""
    from mlstart.core.files import atomic_write

    sources = _load()
    if sources.get(source) == "code" and not code:
        return
    sources[source] = "code" if code else "render"
    if len(sources) > MAX_SOURCES:
        sources = dict(list(sources.items())[-MAX_SOURCES:])
    text = json.dumps({"version": 1, "sources": sources}, indent=2, ensure_ascii=False)
    atomic_write(_store_path(), text + "\n", mode=0o600, keep_mode=False)


def require(
    source: str,
    *,
    code: bool,
    why: str,
    trust: bool,
    ask: Ask | None,
    keep: bool = True,
) -> None:
    """Return when the user consents to `source` (to run its code, with `code`); raise otherwise.

    `why` says what would happen ("the template runs tasks (commands on your machine)").
    `keep=False` for a source that must be confirmed every time (a folder inside the
    repository). `--trust` and a yes are remembered (with `keep`).
    """
    if keep and not trust and confirmed(source, code=code):
        return
    if trust or (ask is not None and ask(f"{why}. Source: {source}. Continue?")):
        if keep:
            remember(source, code=code)
        return
    raise UntrustedSourceError(
        f"{why}, and this source was not confirmed on this machine: {source}; nothing was run",
        hint=TRUST_HINT,
    )


def is_inside(source: str, root: str | os.PathLike[str]) -> bool:
    """Whether a folder source lies inside root (a repository's own files: a stranger's code)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(real_root, os.path.expanduser(source)))
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)
