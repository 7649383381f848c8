"""The project's Python: which interpreter mlstart runs a project's commands with, and why.

The order is fixed and said on failure: the project's own `.venv`, else the active virtual
environment (`VIRTUAL_ENV`), else the `python:` setting of lifecycle.yaml, else whatever
`python` is first on PATH. Commands run with that environment's `bin` folder first on PATH,
as `source .venv/bin/activate` would, so `python`, `pytest` and `make` agree.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

BIN = "Scripts" if sys.platform == "win32" else "bin"
EXE = "python.exe" if sys.platform == "win32" else "python"
VENV = ".venv"


@dataclass(frozen=True)
class ProjectPython:
    """An interpreter chosen for a project, and where the choice came from."""

    python: Path | None  # None: no interpreter found at all
    source: str  # ".venv", "VIRTUAL_ENV", "lifecycle.yaml", "PATH"

    @property
    def env_dir(self) -> Path | None:
        """The virtual environment's folder (None for a plain interpreter on PATH)."""
        if self.python is None or self.source == "PATH":
            return None
        parent = self.python.parent
        return parent.parent if parent.name == BIN else None

    def describe(self) -> str:
        """One phrase for messages: 'python /p/.venv/bin/python (the project's .venv)'."""
        why = {
            ".venv": "the project's .venv",
            "VIRTUAL_ENV": "the active virtual environment",
            "lifecycle.yaml": "the python setting in lifecycle.yaml",
            "PATH": "the first python on PATH; no .venv in the project",
        }[self.source]
        return f"{self.python or 'no python found'} ({why})"

    def environ(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment to run a project command in: the interpreter's folder first on PATH."""
        env = dict(os.environ if base is None else base)
        if self.python is None or self.source == "PATH":
            return env
        env["PATH"] = f"{self.python.parent}{os.pathsep}{env.get('PATH', '')}"
        if self.env_dir is not None:
            env["VIRTUAL_ENV"] = str(self.env_dir)
        env.pop("PYTHONHOME", None)
        return env


def interpreter_in(env_dir: Path) -> Path:
    """The python of a virtual environment folder."""
    return env_dir / BIN / EXE


def find(
    root: str | os.PathLike[str],
    setting: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ProjectPython:
    """The interpreter for the project at root (see the module docstring for the order).

    `setting` is lifecycle.yaml's `python:` value: an interpreter or an environment folder,
    relative to the project.
    """
    env = os.environ if environ is None else environ
    own = interpreter_in(Path(root) / VENV)
    if _runs(own):
        return ProjectPython(own, ".venv")
    active = env.get("VIRTUAL_ENV")
    if active and _runs(interpreter_in(Path(active))):
        return ProjectPython(interpreter_in(Path(active)), "VIRTUAL_ENV")
    if setting:
        chosen = Path(root) / Path(setting).expanduser()
        candidate = interpreter_in(chosen) if chosen.is_dir() else chosen
        return ProjectPython(candidate, "lifecycle.yaml")
    found = shutil.which("python", path=env.get("PATH")) or shutil.which(
        "python3", path=env.get("PATH")
    )
    return ProjectPython(Path(found) if found else None, "PATH")


def _runs(python: Path) -> bool:
    return python.is_file() and os.access(python, os.X_OK)
