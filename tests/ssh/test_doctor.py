"""`mlstart doctor`: the checklist, its JSON, exit codes, and the identity step (--fix)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlstart.core.errors import GitError
from mlstart.gitssh import doctor, remote, sshconfig, sshkeys
from tests.helpers import git
from tests.ssh.conftest import GitHub, run_cli


def statuses(output: str) -> dict[str, str]:
    return {item["id"]: item["status"] for item in json.loads(output)["items"]}


def test_fresh_machine_fails_with_fixes(isolated_env: Path, tmp_path: Path) -> None:
    result = run_cli("doctor", "--json", cwd=tmp_path)
    assert result.exit_code == 4
    data = json.loads(result.stdout)
    assert data["ok"] is False
    found = {item["id"]: item for item in data["items"]}
    assert found["git"]["status"] == "ok"
    assert found["identity"]["status"] == "ok"  # the test config sets one
    assert (found["ssh-key"]["status"], found["ssh-key"]["fix"]) == ("fail", "mlstart ssh")
    assert found["known-hosts"]["status"] == "fail"
    assert found["ssh-login"]["status"] == "skip"  # no network without --online
    assert found["repository"]["status"] == "skip"
    assert all(item["fix"] for item in data["items"] if item["status"] == "fail")


def test_text_output_is_one_line_per_item(isolated_env: Path, tmp_path: Path) -> None:
    result = run_cli("doctor", cwd=tmp_path)
    assert result.exit_code == 4
    assert "[FAIL] SSH key" in result.stdout and "fix: mlstart ssh" in result.stdout
    assert "checks failed" in result.stderr


def test_everything_holds_after_ssh_and_publish(
    github: GitHub, isolated_env: Path, project: Path
) -> None:
    assert run_cli("ssh", "--no-passphrase", "--no-test").exit_code == 0
    key = isolated_env / ".ssh" / "id_ed25519"
    github.server.authorize(sshkeys.public_path(key))
    github.use_key(key)
    _, url = github.new_repo()
    assert run_cli("publish", "--remote", url, cwd=project).exit_code == 0
    result = run_cli("doctor", "--online", "--json", cwd=project)
    assert result.exit_code == 0, result.output
    found = statuses(result.stdout)
    assert found["ssh-login"] == "ok" and found["pushed"] == "ok" and found["origin"] == "ok"
    assert {s for k, s in found.items() if k != "user"} == {"ok"}
    (project / "more.txt").write_text("x\n")
    git(project, "add", "more.txt")
    git(project, "commit", "-q", "-m", "more")
    unpushed = run_cli("doctor", "--json", cwd=project)
    assert unpushed.exit_code == 4 and statuses(unpushed.stdout)["pushed"] == "fail"


def test_https_origin_and_no_commit(isolated_env: Path, project: Path, tmp_path: Path) -> None:
    git(project, "remote", "add", "origin", "https://github.com/ada/churn.git")
    data = json.loads(run_cli("doctor", "--json", cwd=project).stdout)
    origin = next(i for i in data["items"] if i["id"] == "origin")
    assert origin["status"] == "fail"
    assert origin["fix"].startswith("git remote set-url origin git@github.com:ada/churn.git")
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q", "-b", "main")
    assert statuses(run_cli("doctor", "--json", cwd=empty).stdout)["first-commit"] == "fail"


def test_online_login_failure_is_classified(github: GitHub, tmp_path: Path) -> None:
    github.use_key(github.server.new_key(f"stranger-{tmp_path.name}"))
    data = json.loads(run_cli("doctor", "--online", "--json", cwd=tmp_path).stdout)
    login = next(i for i in data["items"] if i["id"] == "ssh-login")
    assert (login["status"], login["detail"]) == ("fail", "auth_denied")


# -- the identity step ---------------------------------------------------------------------------


def test_fix_sets_identity_with_noreply_and_default_branch(
    no_identity: Path, tmp_path: Path
) -> None:
    (no_identity / ".gitconfig").write_text("")
    result = run_cli(
        "doctor", "--fix", "--name", "Ada Lovelace", "--github-user", "ada", "--github-id", "42",
        cwd=tmp_path,
    )  # fmt: skip
    assert "user.email (global): (unset) -> 42+ada@users.noreply.github.com" in result.stderr
    assert "init.defaultBranch (global): (unset) -> main" in result.stderr
    assert git(tmp_path, "config", "--global", "user.email") == "42+ada@users.noreply.github.com"
    assert git(tmp_path, "config", "--global", "init.defaultBranch") == "main"


def test_fix_without_terminal_needs_the_values(no_identity: Path, tmp_path: Path) -> None:
    result = run_cli("doctor", "--fix", cwd=tmp_path)
    assert result.exit_code == 3 and "--name and --email" in result.stderr


def test_fix_never_silently_replaces(isolated_env: Path, tmp_path: Path) -> None:
    before = git(tmp_path, "config", "--global", "user.email")
    refused = run_cli("doctor", "--fix", "--email", "new@example.org", cwd=tmp_path)
    assert refused.exit_code == 3 and "--yes" in refused.stderr
    assert f"user.email (global): {before} -> new@example.org" in refused.stderr
    assert git(tmp_path, "config", "--global", "user.email") == before
    run_cli("doctor", "--fix", "--email", "new@example.org", "--yes", cwd=tmp_path)
    assert git(tmp_path, "config", "--global", "user.email") == "new@example.org"


def test_without_git_everything_says_install_git(
    isolated_env: Path, project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty_path = tmp_path / "no-tools"
    empty_path.mkdir()
    monkeypatch.setenv("PATH", str(empty_path))
    report = doctor.run(project)
    assert [(i.id, i.status) for i in report.items if i.id != "user"] == [("git", "fail")]
    with pytest.raises(GitError, match="Git is not installed"):
        remote.publish(project, "git@github.com:a/b.git", push=True, interactive=False)


def test_a_key_with_its_own_name_is_found_through_the_config_block(
    isolated_env: Path, tmp_path: Path
) -> None:
    key = isolated_env / ".ssh" / "id_ed25519_github"
    result = run_cli("ssh", "--no-passphrase", "--no-test", "--key", str(key))
    assert result.exit_code == 0, result.output
    assert sshconfig.find_key() == key
    data = json.loads(run_cli("doctor", "--json", cwd=tmp_path).stdout)
    found = next(item for item in data["items"] if item["id"] == "ssh-key")
    assert found["status"] == "ok" and str(key) in found["detail"]
