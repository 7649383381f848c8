"""The hostile-repository corpus: a sandbox with a project, the world outside it, and the checks.

Each case builds its hostile input on the fly (files, links, FIFOs, git objects) in a copy of a
project made once per session, runs the real `mlstart` in a subprocess with a timeout, and
asserts: no code ran (the marker a hook or task would create is absent), nothing outside the
sandbox's project was written, no secret from outside reached the output, no hang (timeout),
no traceback, an exit code from docs/exit-codes.md, and (for refusals) the project unchanged.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import AUTHOR, mlstart_exe

SECRET = "OUTSIDE-SECRET-7f3a9c"
TIMEOUT_S = 90
DOCUMENTED = {0, 1, 2, 3, 4, 5, 6, 7, 130}


def digest(root: Path, *, skip_git: bool = True) -> dict[str, str]:
    """Every entry under root: file contents, link targets, kinds (not following links)."""
    found: dict[str, str] = {}
    if not root.exists() and not root.is_symlink():
        return found
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if skip_git and (relative == ".git" or relative.startswith(".git/")):
            continue
        if path.is_symlink():
            found[relative] = "link:" + os.readlink(path)
        elif path.is_fifo():
            found[relative] = "fifo"
        elif path.is_file():
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[relative] = "dir"
    return found


@dataclass
class Sandbox:
    """A project (a copy of a fresh mlstart project) and the outside world beside it."""

    root: Path
    project: Path
    outside: Path

    @property
    def marker(self) -> Path:
        return self.outside / "PWNED"

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                [*mlstart_exe(), *args],
                cwd=cwd or self.project,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"mlstart {' '.join(args)} hung (no answer in {TIMEOUT_S} s)")

    def git(self, *args: str, cwd: Path | None = None) -> str:
        result = subprocess.run(
            ["git", *args], cwd=cwd or self.project, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    def commit_all(self, message: str = "hostile change") -> None:
        self.git("add", "-A")
        self.git("-c", "core.hooksPath=/dev/null", "commit", "-q", "--no-verify", "-m", message)


def assert_safe(
    box: Sandbox,
    result: subprocess.CompletedProcess[str],
    *,
    outside_before: dict[str, str],
    project_before: dict[str, str] | None = None,
    refused: bool = False,
) -> None:
    """The promises every case checks (see the module docstring)."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode in DOCUMENTED, (result.returncode, output)
    assert not box.marker.exists(), "code from the repository ran"
    assert SECRET not in output, "a secret from outside the project reached the output"
    assert digest(box.outside) == outside_before, "something outside the project changed"
    if refused:
        assert result.returncode != 0, output
        assert output.strip(), "a refusal must say why"
    if project_before is not None:
        assert digest(box.project) == project_before, "the project's files changed"


def _session_env(home: Path) -> dict[str, str]:
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        f"[user]\n\tname = {AUTHOR[0]}\n\temail = {AUTHOR[1]}\n[init]\n\tdefaultBranch = main\n"
    )
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
    }


@pytest.fixture(scope="session")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One bundled project for the whole corpus (each case works on a copy)."""
    where = tmp_path_factory.mktemp("hostile-base")
    home = where / "home"
    home.mkdir()
    subprocess.run(
        [*mlstart_exe(), "new", str(where / "proj"), "--defaults", "--no-hooks"],
        env=_session_env(home),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return where / "proj"


@pytest.fixture
def box(tmp_path: Path, base_project: Path) -> Iterator[Sandbox]:
    """A fresh copy of the project, and an outside folder holding a secret and a victim file."""
    sandbox = Sandbox(tmp_path, tmp_path / "proj", tmp_path / "outside")
    shutil.copytree(base_project, sandbox.project, symlinks=True)
    sandbox.outside.mkdir()
    (sandbox.outside / "secret.yaml").write_text(f"token: {SECRET}\n")
    (sandbox.outside / "victim.txt").write_text(f"{SECRET}\n")
    yield sandbox
