"""Shell completion: the scripts for bash, zsh and fish, and the values mlstart completes."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT, mlstart_exe
from tests.lifecycle.conftest import commit_all, make_project  # noqa: F401 (a fixture)


def complete(words: str, cwd: Path) -> list[str]:
    """What bash would be offered for the last word of `words` (Click's bash protocol)."""
    parts = words.split(" ")
    env = {
        **os.environ,
        "_MLSTART_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    done = subprocess.run(mlstart_exe(), cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if "," in line]


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:  # noqa: F811
    root = make_project()
    commit_all(root, "Start")
    return root


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script_and_the_readme_says_how(shell: str, tmp_path: Path) -> None:
    env = {**os.environ, "_MLSTART_COMPLETE": f"{shell}_source"}
    done = subprocess.run(mlstart_exe(), cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "_mlstart_completion" in done.stdout
    assert f"_MLSTART_COMPLETE={shell}_source mlstart" in (REPO_ROOT / "README.md").read_text()


def test_commands_options_and_phases(tmp_path: Path) -> None:
    commands = complete("mlstart ", tmp_path)
    assert {"new", "status", "check", "advance", "help"} <= set(commands)
    assert "hook" not in commands
    assert "--install" in complete("mlstart new x --ins", tmp_path)
    assert complete("mlstart back ", tmp_path) == ["planning", "data", "training", "deployment"]


def test_task_ids_of_the_current_project_and_of_dash_c(project: Path, tmp_path: Path) -> None:
    ids = complete("mlstart done planning.", project)
    assert "planning.charter" in ids and all(i.startswith("planning.") for i in ids)
    assert "planning.charter" in complete(f"mlstart -C {project} skip planning.ch", tmp_path)
    assert complete("mlstart done planning.", tmp_path) == []  # not in a project: nothing


def test_set_keys_then_their_choices(tmp_path: Path) -> None:
    assert "task_type=" in complete("mlstart new x --set task_t", tmp_path)
    assert "task_type=regression" in complete("mlstart new x --set task_type=", tmp_path)
    assert "json" in complete("mlstart help j", tmp_path)
