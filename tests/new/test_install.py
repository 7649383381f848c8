"""`new --install`: the project's .venv with uv when it is there, else venv and pip; a failed
install keeps the project, says why in one line and prints the command that retries it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mlstart.workflow import environment
from tests.helpers import git, mlstart_exe


def test_uv_when_it_is_on_path_else_venv_and_pip(tmp_path: Path) -> None:
    tool, steps = environment.plan_steps(tmp_path, "/opt/bin/uv")
    assert tool == "uv" and steps[0][1][:2] == ["/opt/bin/uv", "venv"]
    assert steps[1][1][:3] == ["/opt/bin/uv", "pip", "install"] and "-e" in steps[1][1]
    tool, steps = environment.plan_steps(tmp_path, None)
    assert tool == "pip" and steps[0][1] == [sys.executable, "-m", "venv", ".venv"]
    assert steps[1][1][1:4] == ["-m", "pip", "install"] and steps[1][1][-1] == ".[dev]"
    assert environment.retry_command(tmp_path, "pip").endswith(
        "python3 -m venv .venv && .venv/bin/python -m pip install -e '.[dev]'"
    )


def offline_env(tmp_path: Path) -> dict[str, str]:
    """pip with no index at all: the install fails at once, as without a network."""
    empty = tmp_path / "no-index"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(empty)}
    env["PIP_CONFIG_FILE"] = os.devnull
    env.pop("VIRTUAL_ENV", None)
    return env


def test_a_failed_install_keeps_the_project_and_prints_the_retry(tmp_path: Path) -> None:
    done = subprocess.run(
        [*mlstart_exe(), "new", "demo", "--defaults", "--install"],
        cwd=tmp_path,
        env=offline_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stderr
    project = tmp_path / "demo"
    assert (project / "lifecycle.yaml").is_file() and git(project, "rev-list", "--count", "HEAD")
    error = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "environment was not installed" in error[0]
    assert "pip failed" in error[0]
    retry = f"cd {project} && python3 -m venv .venv && .venv/bin/python -m pip install -e '.[dev]'"
    assert f"retry with: {retry}" in done.stderr
    assert "python3 -m venv .venv && .venv/bin/python -m pip install -e '.[dev]'" in done.stdout


def test_the_install_result_is_in_the_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [*mlstart_exe(), "new", "demo", "--defaults", "--install", "--json"],
        cwd=tmp_path,
        env=offline_env(tmp_path),
        capture_output=True,
        text=True,
    )
    data = json.loads(done.stdout)
    assert data["schema_version"] == 1
    install = data["install"]
    assert (install["ok"], install["tool"]) == (False, "pip") and install["error"]
    assert install["command"].endswith(".venv/bin/python -m pip install -e '.[dev]'")


def test_uv_is_used_when_it_is_on_path(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "uv.log"
    uv = bin_dir / "uv"
    uv.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        f'if [ "$1" = venv ]; then "{sys.executable}" -m venv --without-pip "$4"; fi\n'
        "exit 0\n"
    )
    uv.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [*mlstart_exe(), "new", "demo", "--defaults", "--install", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["install"]["tool"] == "uv"
    calls = log.read_text().splitlines()
    assert calls[0] == "venv --quiet --allow-existing .venv"
    assert calls[1].startswith("pip install --quiet --python ") and calls[1].endswith("-e .[dev]")
