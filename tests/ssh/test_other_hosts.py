"""Hints name the host actually used; doctor --online tests origin's host; a locked key in batch
mode is reported as that; `publish --create` through gh, or the exact steps without it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from mlstart.gitssh import doctor, remote, sshlogin
from mlstart.workflow import publishing
from tests.helpers import git
from tests.ssh.conftest import GitHub, run_cli

SCHOOL = "ssh://git@git.school.example:2222/ada/churn.git"


def test_targets_from_remote_urls() -> None:
    assert sshlogin.target_of(SCHOOL) == sshlogin.Target("git", "git.school.example", 2222)
    assert sshlogin.target_of("gitea@lab.example:ada/churn.git") == sshlogin.Target(
        "gitea", "lab.example", 22
    )
    assert sshlogin.target_of("https://github.com/ada/churn") is None


@pytest.mark.parametrize(
    ("output", "kind"),
    [
        ("git@git.school.example: Permission denied (publickey).", "key_refused"),
        ("ERROR: Repository not found.", "repo_missing"),
        ("Host key verification failed.", "hostkey_unknown"),
        ("ssh: connect to host git.school.example port 2222: Connection refused", "network"),
    ],
)
def test_push_hints_name_the_remote_host(output: str, kind: str) -> None:
    error = remote.classify_push_failure(output, SCHOOL)
    assert error.kind == kind
    assert "git.school.example" in (error.hint or "") and "github.com" not in (error.hint or "")


def test_remote_not_empty_hint_leads_somewhere_that_works() -> None:
    error = remote.classify_push_failure("! [rejected] main -> main (fetch first)")
    assert "git pull --rebase -X theirs origin main" in (error.hint or "")
    assert "EMPTY" in (error.hint or "")


def test_doctor_online_tests_the_host_of_origin(isolated_env: Path, tmp_path: Path) -> None:
    repo = tmp_path / "p"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", "ssh://git@127.0.0.1:9/ada/churn.git")  # discard port
    assert doctor.login_target(repo) == sshlogin.Target("git", "127.0.0.1", 9)
    item = doctor.check_login(True, repo)
    assert item.title == "SSH login to 127.0.0.1:9"
    assert item.status == "fail" and "127.0.0.1:9" in (item.fix or "")
    assert doctor.login_target(tmp_path) == sshlogin.GITHUB  # no origin: GitHub


def test_a_locked_key_without_terminal_is_not_called_refused(
    github: GitHub, tmp_path: Path
) -> None:
    key = tmp_path / "locked"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", str(key)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    github.use_key(key)
    check = sshlogin.login_test(interactive=False)
    assert check.kind == "passphrase_needed", check.output
    assert f"ssh-add {key}" in check.hint and "did not accept" not in check.hint


@pytest.fixture
def fake_gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.log"
    script = bin_dir / "gh"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        'case "$1 $2" in\n'
        '  "auth status") exit "${FAKE_GH_AUTH_RC:-0}" ;;\n'
        '  "repo create") echo "✓ Created repository student/$3 on GitHub"; '
        'echo "  https://github.com/student/$3"; exit 0 ;;\n'
        "esac\nexit 1\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def test_create_with_gh_makes_a_private_empty_repository(fake_gh: Path, tmp_path: Path) -> None:
    root = tmp_path / "churn-model"
    root.mkdir()
    url = publishing.create_repository(root, None, private=True)
    assert url == "git@github.com:student/churn-model.git"
    assert "repo create churn-model --private" in fake_gh.read_text()
    assert "--add-readme" not in fake_gh.read_text()


def test_create_without_gh_gives_the_exact_steps(
    isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no gh here
    if subprocess.run(["sh", "-c", "command -v gh"], capture_output=True).returncode == 0:
        pytest.skip("gh is installed system-wide")
    root = tmp_path / "churn-model"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    result = run_cli("publish", "--create", "-C", str(root))
    assert result.exit_code == 1
    assert "gh) is not installed" in result.stderr
    for needed in ("https://github.com/new", "churn-model", "Private", "EMPTY", "--remote"):
        assert needed in result.stderr, needed


def test_a_locked_key_on_a_push_without_terminal_is_reported_as_such(
    github: GitHub, project: Path, tmp_path: Path
) -> None:
    key = tmp_path / "locked"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", str(key)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    github.use_key(key)
    _, url = github.new_repo()
    with pytest.raises(remote.PublishError) as caught:
        remote.publish(project, url, push=True, interactive=False)
    assert caught.value.kind == "passphrase_needed"
    assert f"ssh-add {key}" in (caught.value.hint or "")
