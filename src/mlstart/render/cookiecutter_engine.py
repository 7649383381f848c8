"""Rendering cookiecutter templates: their variables, and a run with their own hooks.

The only module that imports cookiecutter. A run uses its own clone and replay folders (a
temporary folder), so it never prompts about a cached template, never touches
~/.cookiecutters, and the answers it took can be read back from its replay file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mlstart.core.errors import TemplateError
from mlstart.render.copier_engine import COOKIECUTTER_FILE, quiet_stdout


def cookiecutter_variables(folder: Path) -> dict[str, Any]:
    """The template's own variables (cookiecutter.json), without the private `_` ones."""
    path = folder / COOKIECUTTER_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(f"{path} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: expected a JSON object of variables")
    return {str(k): v for k, v in data.items() if not str(k).startswith("_")}


def render_cookiecutter(
    template: Path, dest: Path, context: Mapping[str, Any], *, interactive: bool = False
) -> dict[str, Any]:
    """Run cookiecutter (hooks included) and move the project it made to dest (absent).

    `context` pre-answers variables; without `interactive` the others take their defaults.
    Returns every public variable as the run resolved it, for re-rendering later.
    """
    work = Path(tempfile.mkdtemp(prefix=".mlstart-cookiecutter-", dir=dest.parent))
    try:
        made = _run(template, work, escape(dict(context)), interactive=interactive)
        os.rename(made, dest)
        return _replayed(work / "replay")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(template: Path, work: Path, context: dict[str, Any], *, interactive: bool) -> Path:
    from cookiecutter.config import get_user_config
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.main import cookiecutter

    config = get_user_config()
    config.update(cookiecutters_dir=str(work / "clones"), replay_dir=str(work / "replay"))
    try:
        with quiet_stdout(not interactive):
            made = cookiecutter(
                str(template),
                no_input=not interactive,
                extra_context=context,
                output_dir=str(work / "out"),
                default_config=config,
            )
    except CookiecutterException as exc:
        raise TemplateError(f"cookiecutter could not render the template: {_text(exc)}") from None
    except ValueError as exc:  # a value that is not one of a choice variable's options
        raise TemplateError(f"the template refused an answer: {exc}") from None
    return Path(made)


def _text(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _replayed(replay_dir: Path) -> dict[str, Any]:
    files = sorted(replay_dir.glob("*.json"))
    if not files:
        return {}
    data = json.loads(files[0].read_text(encoding="utf-8"))
    values = data.get("cookiecutter", {}) if isinstance(data, dict) else {}
    return {str(k): v for k, v in values.items() if not str(k).startswith("_")}


def escape(value: Any) -> Any:
    """Values that cookiecutter must take as typed: it renders defaults as Jinja, so `{{ x }}`
    in an answer would be evaluated; wrapped in a raw block it comes out unchanged."""
    if isinstance(value, str) and any(mark in value for mark in ("{{", "{%", "{#")):
        return "{% raw %}" + value + "{% endraw %}"
    if isinstance(value, dict):
        return {k: escape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape(v) for v in value]
    return value
