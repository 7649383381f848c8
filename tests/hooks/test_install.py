"""Installing the shims, and the shims end to end with real `git commit`."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mlstart.githooks.install import MARKER, hooks_dir, install_hooks, shim_text, shims_dir
from tests.helpers import REPO_ROOT, git, mlstart_exe


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


def test_shims_are_posix_sh_and_marked() -> None:
    shims = [p for p in shims_dir().iterdir() if "." not in p.name]
    assert [p.name for p in shims] == ["pre-commit"]
    for shim in shims:
        text = shim.read_text()
        assert text.startswith("#!/bin/sh\n") and MARKER in text
        assert "mlstart hook pre-commit" in text
        assert os.access(shim, os.X_OK)
        if shutil.which("sh"):
            assert subprocess.run(["sh", "-n", str(shim)], check=False).returncode == 0


def test_install_copies_executable_shims(repo: Path) -> None:
    written = install_hooks(repo)
    assert written == [repo / ".git" / "hooks" / "pre-commit"]
    assert os.access(written[0], os.X_OK)
    assert install_hooks(repo) == written  # ours: refreshed


def test_install_never_overwrites_a_foreign_hook(repo: Path) -> None:
    mine = repo / ".git" / "hooks" / "pre-commit"
    mine.write_text("#!/bin/sh\necho my own hook\n")
    assert install_hooks(repo) == []
    assert mine.read_text() == "#!/bin/sh\necho my own hook\n"


def test_install_honours_core_hooks_path(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", ".githooks")
    assert hooks_dir(repo) == repo / ".githooks"
    assert install_hooks(repo) == [repo / ".githooks" / "pre-commit"]


def _commit(repo: Path, path_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path_env}
    return subprocess.run(
        ["git", "commit", "-q", "-m", "try"], cwd=repo, capture_output=True, text=True, env=env
    )


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell hooks")
def test_shim_refuses_through_mlstart(repo: Path) -> None:
    install_hooks(repo)
    (repo / ".env").write_text("SECRET=1\n")
    git(repo, "add", "-f", ".env")
    exe = Path(mlstart_exe()[0])
    if exe.name != "mlstart":
        pytest.skip("the mlstart console script is not installed")
    result = _commit(repo, f"{exe.parent}{os.pathsep}{os.environ['PATH']}")
    assert result.returncode != 0
    assert ".env" in result.stderr and "commit refused" in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell hooks")
def test_shim_finds_the_mlstart_that_installed_it_with_another_env_active(repo: Path) -> None:
    """The project's own environment active, mlstart nowhere on PATH: the recorded one runs."""
    install_hooks(repo)
    text = (hooks_dir(repo) / "pre-commit").read_text()
    assert f"MLSTART_PYTHON={shlex.quote(sys.executable)}" in text
    (repo / ".env").write_text("SECRET=1\n")
    git(repo, "add", "-f", ".env")
    bare = Path(shutil.which("git") or "/usr/bin/git").parent
    result = _commit(repo, f"{bare}{os.pathsep}/bin")
    assert result.returncode != 0, result.stderr
    assert ".env" in result.stderr and "commit refused" in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="POSIX shell hooks")
def test_shim_without_mlstart_says_how_to_install_it_and_lets_commits_through(repo: Path) -> None:
    install_hooks(repo)
    hook = hooks_dir(repo) / "pre-commit"
    gone = {"MLSTART_EXE": "/nowhere/mlstart", "MLSTART_PYTHON": "/nowhere/python"}
    gone["MLSTART_SOURCE"] = str(REPO_ROOT)
    hook.write_text(shim_text(shims_dir() / "pre-commit", gone))
    (repo / ".env").write_text("SECRET=1\n")
    git(repo, "add", "-f", ".env")
    bare = Path(shutil.which("git") or "/usr/bin/git").parent
    result = _commit(repo, f"{bare}{os.pathsep}/bin")
    assert result.returncode == 0, result.stderr
    assert "not installed" in result.stderr and "pipx install mlstart" in result.stderr
    assert f"pip install -e '{REPO_ROOT}'" in result.stderr
