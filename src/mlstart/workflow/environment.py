"""The project's environment: create `.venv` in a new project and install it with its dev tools.

`uv` when it is on PATH (much faster), else `python -m venv` and pip. Index settings come from
the usual places (pip.conf, PIP_INDEX_URL, PIP_FIND_LINKS; uv.toml, UV_INDEX_URL). A failure is
a result, not an error: the project stands, and the result carries a one-line reason and the
command that tries again. No printing: steps are reported to a `Progress`.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.progress import SILENT, Progress
from mlstart.core.pyenv import VENV, interpreter_in

__all__ = ["VENV", "InstallResult", "install", "plan_steps", "retry_command"]

EXTRAS = ".[dev]"
INSTALL_TIMEOUT_S = 1800


@dataclass
class InstallResult:
    """What installing the project's environment did."""

    ok: bool
    tool: str  # "uv" or "pip"
    python: str  # the environment's interpreter
    command: str  # the shell command that does (or retries) it, run in the project folder
    error: str | None = None  # one line: why it failed

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "tool": self.tool,
            "python": self.python,
            "command": self.command,
            "error": self.error,
        }


def plan_steps(root: Path, uv: str | None = None) -> tuple[str, list[tuple[str, list[str]]]]:
    """(tool, [(what, argv)]) that create .venv in root and install the project into it."""
    python = str(interpreter_in(root / VENV))
    if uv:
        return "uv", [
            (f"Creating {VENV} (uv)", [uv, "venv", "--quiet", "--allow-existing", VENV]),
            (
                "Installing the project and its dev tools (uv)",
                [uv, "pip", "install", "--quiet", "--python", python, "-e", EXTRAS],
            ),
        ]
    return "pip", [
        (f"Creating {VENV} (python -m venv)", [sys.executable, "-m", "venv", VENV]),
        (
            "Installing the project and its dev tools (pip)",
            [
                python,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-e",
                EXTRAS,
            ],
        ),
    ]


def retry_command(root: Path, tool: str) -> str:
    """What to type to (re)do the install by hand, from any folder."""
    cd = f"cd {shlex.quote(str(root))} && "
    python = f"{VENV}/bin/python" if sys.platform != "win32" else rf"{VENV}\Scripts\python"
    if tool == "uv":
        return (
            f"{cd}uv venv --allow-existing {VENV} && uv pip install --python {python} -e '{EXTRAS}'"
        )
    return f"{cd}python3 -m venv {VENV} && {python} -m pip install -e '{EXTRAS}'"


def install(root: Path, progress: Progress = SILENT, *, uv: str | None = None) -> InstallResult:
    """Create root/.venv and install the project with its dev extra; never raises for a failure.

    `uv` is the uv executable to use; by default the one on PATH, if any.
    """
    uv = uv if uv is not None else shutil.which("uv")
    tool, steps = plan_steps(root, uv)
    if not any((root / name).is_file() for name in ("pyproject.toml", "setup.py")):
        steps = steps[:1]  # not a Python package (another template): the environment only
    result = InstallResult(
        ok=True,
        tool=tool,
        python=str(interpreter_in(root / VENV)),
        command=retry_command(root, tool),
    )
    for what, argv in steps:
        progress.begin(what)
        error = _run(root, argv)
        progress.end("ok" if error is None else "failed", ok=error is None)
        if error is not None:
            result.ok, result.error = False, error
            break
    return result


def _run(root: Path, argv: list[str]) -> str | None:
    """Run one step; None when it worked, else the one line that says why not."""
    name = argv[2] if len(argv) > 2 and argv[1] == "-m" else Path(argv[0]).name
    try:
        done = subprocess.run(
            argv,
            cwd=root,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=INSTALL_TIMEOUT_S,
            check=False,
        )
    except OSError as exc:
        return f"{name} could not start: {exc.strerror or exc}"
    except subprocess.TimeoutExpired:
        return f"{name} took longer than {INSTALL_TIMEOUT_S // 60} minutes"
    if done.returncode == 0:
        return None
    reason = _reason(done.stderr + done.stdout)
    return f"{name} failed (exit {done.returncode}): {reason}"


def _reason(output: str) -> str:
    """The most telling line of a failed install: the first error line, else the last line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    ranked = (
        [line for line in lines if line.startswith("ERROR:")]  # pip's own reason
        + [line for line in lines if "could not" in line.lower() or "no matching" in line.lower()]
        + [line for line in lines if line.lower().startswith(("error:", "× "))]
    )
    for line in ranked:
        return _network_hint(line, lines)[:300]
    return _network_hint(lines[-1], lines)[:300] if lines else "no output"


def _network_hint(line: str, lines: list[str]) -> str:
    text = " ".join(lines).lower()
    if any(w in text for w in ("connection", "network is unreachable", "name resolution")):
        return f"the package index could not be reached ({line})"
    return line
