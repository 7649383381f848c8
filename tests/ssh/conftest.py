"""Fixtures for the SSH and publish tests: the session-wide fake GitHub (a real sshd on loopback,
see fakegithub.py) and per-test helpers that route mlstart to it through GIT_SSH_COMMAND.

Everything else about isolation (temp HOME, GIT_CONFIG_GLOBAL, no agent, the guard on the real
~/.ssh) comes from tests/conftest.py.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mlstart.cli.app import main
from tests.helpers import git
from tests.ssh import fakegithub
from tests.ssh.fakegithub import FakeGitHub

_startup: list[float] = []
_names = itertools.count()


@pytest.fixture(scope="session")
def fake_github() -> Iterator[FakeGitHub]:
    """One real sshd for the whole session; each test makes its own repositories."""
    try:
        server = fakegithub.start()
    except fakegithub.Unavailable as exc:
        if os.environ.get("MLSTART_REQUIRE_SSHD") == "1":  # set by .ci/run: CI proves these
            pytest.fail(f"fake GitHub unavailable: {exc}")
        pytest.skip(str(exc))
    _startup.append(server.startup_seconds)
    try:
        yield server
    finally:
        server.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _startup:
        terminalreporter.write_line(f"fake GitHub sshd start-up: {_startup[0] * 1000:.0f} ms")


@dataclass
class GitHub:
    """One test's view of the fake: the server, and the ssh command mlstart is routed with."""

    server: FakeGitHub
    monkeypatch: pytest.MonkeyPatch

    def use_key(self, key: Path | None = None, *options: str) -> str:
        """Route git and mlstart's ssh through the fake with this key (GIT_SSH_COMMAND)."""
        command = self.server.git_ssh_command(key, *options)
        self.monkeypatch.setenv("GIT_SSH_COMMAND", command)
        return command

    def new_repo(self, *, with_readme: bool = False) -> tuple[str, str]:
        """A fresh repository on the fake; returns (name, git@github.com:student/NAME.git)."""
        name = f"project-{next(_names)}"
        self.server.create_repo(fakegithub.LOGIN, name, with_readme=with_readme)
        return name, self.server.url(fakegithub.LOGIN, name)

    def head(self, name: str) -> str | None:
        return self.server.remote_head(fakegithub.LOGIN, name)


@pytest.fixture
def github(fake_github: FakeGitHub, isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> GitHub:
    """The fake GitHub, with GIT_SSH_COMMAND set to its registered test key."""
    helper = GitHub(fake_github, monkeypatch)
    helper.use_key()
    return helper


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository on main with one commit (what `mlstart new` leaves behind)."""
    root = tmp_path / "project"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("# project\n")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "Initial commit")
    return root


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None) -> Result:
    """Invoke mlstart in-process (no terminal: stdin is not a TTY)."""
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
    finally:
        os.chdir(old)


def clone_head(url: str, dest: Path) -> str:
    """Clone over SSH (GIT_SSH_COMMAND from the environment) and return the clone's HEAD."""
    subprocess.run(["git", "clone", "-q", url, str(dest)], check=True, capture_output=True)
    return git(dest, "rev-parse", "HEAD")
