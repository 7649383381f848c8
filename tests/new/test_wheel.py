"""A wheel built from this repository, installed in a fresh venv, works without the source tree."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, git

pytestmark = pytest.mark.slow


def test_the_wheel_carries_the_template_and_hooks(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "-w",
            str(wheels),
            str(REPO_ROOT),
        ],
        check=True,
    )
    wheel = next(wheels.glob("mlstart-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)

    work = tmp_path / "elsewhere"  # far from the source tree, which the venv must not need
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run(
        [str(env_dir / "bin" / "mlstart"), "new", "demo", "--defaults"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    project = work / "demo"
    assert (project / "docs/charter.md").is_file() and (project / "lifecycle.yaml").is_file()
    assert (project / ".git/hooks/pre-commit").is_file()
    assert git(project, "status", "--porcelain") == ""
    answers = (project / ".copier-answers.yml").read_text()
    assert str(REPO_ROOT) not in answers  # rendered from the installed copy, not the checkout
    status = subprocess.run(
        [str(env_dir / "bin" / "mlstart"), "status"], cwd=project, capture_output=True, text=True
    )
    assert status.returncode == 0 and "planning" in status.stdout
    hook = (project / ".git/hooks/pre-commit").read_text()
    exe = shlex.quote(str(env_dir / "bin" / "mlstart"))
    assert f"MLSTART_EXE={exe}\n" in hook and "MLSTART_SOURCE=''" in hook  # no checkout
    shown = subprocess.run(
        [str(env_dir / "bin" / "mlstart"), "help", "json"], cwd=work, capture_output=True, text=True
    )
    assert shown.returncode == 0 and shown.stdout.startswith("# JSON output")  # docs ship
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.endswith("licenses/LICENSE") or n.endswith("/LICENSE") for n in names), names
