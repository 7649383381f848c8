"""`mlstart new` in a real pseudo-terminal (pexpect): the happy path and Ctrl-C."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import git, mlstart_exe

pexpect = pytest.importorskip("pexpect")
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(sys.platform == "win32", reason="no pty")]


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    exe, *rest = mlstart_exe()
    return pexpect.spawn(
        exe, [*rest, *args], cwd=str(cwd), encoding="utf-8", timeout=60, dimensions=(40, 120)
    )


def test_answering_every_question_on_a_terminal(tmp_path: Path) -> None:
    child = spawn("new", "demo", "--no-install", cwd=tmp_path)
    child.expect_exact("Project name")
    child.sendline("")
    for _ in range(60):  # Enter takes each default; stop once the summary appears
        index = child.expect([r"\?", "Created demo"])
        if index == 1:
            break
        child.send("\r")
    child.expect_exact("Repeat without questions")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert git(tmp_path / "demo", "rev-list", "--count", "HEAD") == "1"
    assert (tmp_path / "demo/docs/charter.md").is_file()


def test_ctrl_c_on_a_terminal_leaves_nothing(tmp_path: Path) -> None:
    child = spawn("new", "demo", cwd=tmp_path)
    child.expect_exact("Project name")
    child.send("\r")
    child.expect_exact("description")
    child.sendcontrol("c")
    child.expect_exact("Interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


def test_the_install_question_is_asked_on_a_terminal(tmp_path: Path) -> None:
    first = subprocess.run(
        [*mlstart_exe(), "new", "first", "--defaults"], cwd=tmp_path, capture_output=True
    )
    assert first.returncode == 0 and not (tmp_path / "first" / ".venv").exists()  # no terminal
    answers = tmp_path / "first" / ".copier-answers.yml"
    child = spawn("new", "demo", "--answers", str(answers), cwd=tmp_path)
    child.expect_exact("Create the project's environment")
    child.expect_exact("(Y/n)")  # yes by default
    child.sendline("n")
    child.expect_exact("python3 -m venv .venv")  # not installed: the next steps say how
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not (tmp_path / "demo" / ".venv").exists()
