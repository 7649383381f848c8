"""In a real pseudo-terminal (pexpect): ssh-keygen asks for the passphrase itself, the agent
check with a real ssh-agent, and the questions `ssh` and `publish` ask on a terminal."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlstart.gitssh import sshkeys
from tests.helpers import git, mlstart_exe
from tests.ssh.conftest import GitHub, run_cli

pexpect = pytest.importorskip("pexpect")
PASSPHRASE = "correct horse battery"


def spawn(*args: str, cwd: Path | None = None) -> pexpect.spawn:
    exe, *rest = mlstart_exe()
    return pexpect.spawn(
        exe, [*rest, *args], cwd=str(cwd or Path.cwd()), env=dict(os.environ),
        encoding="utf-8", timeout=30, dimensions=(40, 200),
    )  # fmt: skip


def finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def agent_item(cwd: Path) -> dict[str, str]:
    items = json.loads(run_cli("doctor", "--json", cwd=cwd).stdout)["items"]
    return next(item for item in items if item["id"] == "agent")


@pytest.fixture
def agent(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Our own ssh-agent on a private socket, stopped by its handle afterwards."""
    if shutil.which("ssh-agent") is None:
        pytest.skip("ssh-agent not installed")
    folder = Path(tempfile.mkdtemp(prefix="agent-"))  # short path: sockets are limited to ~100
    sock = folder / "sock"
    proc = subprocess.Popen(["ssh-agent", "-D", "-a", str(sock)], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not sock.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        monkeypatch.setenv("SSH_AUTH_SOCK", str(sock))
        yield sock
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        shutil.rmtree(folder, ignore_errors=True)


def test_passphrase_is_asked_by_ssh_keygen_then_agent(
    isolated_env: Path, tmp_path: Path, agent: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = spawn("ssh", "--no-test", "--no-gh-upload")
    child.logfile_read = seen = io.StringIO()
    child.expect("Enter passphrase")
    child.sendline(PASSPHRASE)
    child.expect("Enter same passphrase again")
    child.sendline(PASSPHRASE)
    child.expect("Paste it at")
    status, rest = finish(child)
    assert status == 0, rest
    key = isolated_env / ".ssh" / "id_ed25519"
    assert sshkeys.key_is_encrypted(key)
    assert "Your PUBLIC key" in seen.getvalue()
    assert PASSPHRASE not in seen.getvalue()  # typed on the terminal, never echoed or printed

    monkeypatch.delenv("SSH_AUTH_SOCK")
    no_agent = agent_item(tmp_path)
    assert (no_agent["status"], no_agent["detail"]) == ("fail", "no agent running")
    monkeypatch.setenv("SSH_AUTH_SOCK", str(agent))
    assert agent_item(tmp_path)["fix"] == f"ssh-add {key}"

    add = pexpect.spawn("ssh-add", [str(key)], env=dict(os.environ), encoding="utf-8", timeout=30)
    add.expect("Enter passphrase")
    add.sendline(PASSPHRASE)
    add.expect("Identity added")
    finish(add)
    assert agent_item(tmp_path)["status"] == "ok"


def test_terminal_questions_for_login_and_origin(
    github: GitHub, isolated_env: Path, project: Path
) -> None:
    assert run_cli("ssh", "--no-passphrase", "--no-test").exit_code == 0
    key = isolated_env / ".ssh" / "id_ed25519"
    github.server.authorize(sshkeys.public_path(key))
    github.use_key(key)
    child = spawn("ssh", "--no-gh-upload")
    child.expect("Test the login now")
    child.send("y")
    child.expect("Logged in to github.com as student")
    assert finish(child)[0] == 0

    name, url = github.new_repo()
    git(project, "remote", "add", "origin", "git@github.com:student/old.git")
    child = spawn("publish", "--remote", url, cwd=project)
    child.expect("origin is now git@github.com:student/old.git")
    child.expect("Change origin to")
    child.send("y")
    child.expect("Pushed main")
    assert finish(child)[0] == 0
    assert github.head(name) == git(project, "rev-parse", "HEAD")


def test_identity_step_on_a_terminal_suggests_the_noreply_address(
    no_identity: Path, tmp_path: Path
) -> None:
    (no_identity / ".gitconfig").write_text("")
    child = spawn("doctor", "--fix", cwd=tmp_path)
    child.expect("Your name")
    child.sendline("Ada Lovelace")
    child.expect("GitHub username")
    child.sendline("ada")
    child.expect("account ID")
    child.sendline("42")
    child.expect("Commit email")
    child.sendline("")  # accept the suggested no-reply address
    child.expect(r"user.email \(global\): \(unset\) -> 42\+ada@users.noreply.github.com")
    child.expect("Write these settings")
    child.send("y")
    child.expect("Git settings written")
    finish(child)
    assert git(tmp_path, "config", "--global", "user.email") == "42+ada@users.noreply.github.com"
    assert git(tmp_path, "config", "--global", "user.name") == "Ada Lovelace"
    assert git(tmp_path, "config", "--global", "init.defaultBranch") == "main"
