"""`ssh -T` against the fake GitHub: success is read from the greeting (exit code 1)."""

from __future__ import annotations

from pathlib import Path

from mlstart.gitssh import sshlogin
from tests.ssh.conftest import GitHub


def test_login_succeeds_with_exit_code_one(github: GitHub) -> None:
    check = sshlogin.login_test(interactive=False)
    assert check.ok, check.output
    assert (check.kind, check.login, check.returncode) == ("ok", "student", 1)


def test_unregistered_key_is_auth_denied(github: GitHub) -> None:
    github.use_key(github.server.new_key("unregistered"))
    check = sshlogin.login_test(interactive=False)
    assert (check.ok, check.kind, check.returncode) == (False, "auth_denied", 255)


def test_changed_host_key(github: GitHub, tmp_path: Path) -> None:
    impostor = github.server.new_key("impostor-host")
    known = tmp_path / "known_hosts"
    blob = " ".join(Path(f"{impostor}.pub").read_text().split()[:2])
    known.write_text(f"github.com {blob}\n")
    # command-line -o beats the -F file, so this known_hosts is the one ssh checks
    github.use_key(None, "-o", f"UserKnownHostsFile={known}")
    check = sshlogin.login_test(interactive=False)
    assert check.kind == "hostkey_changed"
