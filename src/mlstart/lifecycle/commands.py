"""Running a check's command (`cmd:` in lifecycle.yaml) with the project's Python.

Only `mlstart check --run` gets here. The command runs in the project folder with the project's
environment first on PATH (mlstart.core.pyenv), and a failure says which interpreter ran it.
"""

from __future__ import annotations

import shlex
import subprocess

from mlstart.core.pyenv import ProjectPython

RUN_TIMEOUT_S = 900
INSTALL = ".venv/bin/python -m pip install -e '.[dev]'"


def run_check_command(root: str, command: str, python: ProjectPython) -> tuple[str, str, str]:
    """(state, missing, fix) of one command: ok when it exits 0."""
    used = f"with python {python.describe()}"
    try:
        result = subprocess.run(
            shlex.split(command),
            cwd=root,
            env=python.environ(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            check=False,
        )
    except (OSError, ValueError) as exc:
        return "fail", f"`{command}` could not start {used}: {exc}", f"make `{command}` runnable"
    except subprocess.TimeoutExpired:
        return "fail", f"`{command}` ran longer than {RUN_TIMEOUT_S} s", f"run `{command}`"
    if result.returncode == 0:
        return "ok", "", ""
    output = (result.stdout + result.stderr).strip().splitlines()
    last = f": {output[-1][:200]}" if output else ""
    missing = f"`{command}` failed (exit {result.returncode}) {used}{last}"
    return "fail", missing, _fix(command, python, output)


def _fix(command: str, python: ProjectPython, output: list[str]) -> str:
    if any("No module named" in line for line in output[-5:]):
        if python.source == ".venv":
            return f"install the project and its dev tools: {INSTALL}"
        return (
            "create the project's environment: python3 -m venv .venv && "
            f"{INSTALL} (mlstart then uses .venv)"
        )
    return f"run `{command}`"
