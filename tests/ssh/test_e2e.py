"""End to end against the fake GitHub, with the production URL git@github.com:OWNER/REPO.git:
new -> ssh -> publish -> clone back, `new --remote --push`, and the publish CLI's failures.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from mlstart.gitssh import sshkeys
from tests.helpers import git, mlstart_exe
from tests.ssh.conftest import GitHub, clone_head, run_cli


def test_new_ssh_publish_clone(github: GitHub, isolated_env: Path, tmp_path: Path) -> None:
    created = run_cli("new", "churn", "--defaults", "--no-hooks", cwd=tmp_path)
    assert created.exit_code == 0, created.output
    project = tmp_path / "churn"

    assert run_cli("ssh", "--no-passphrase", "--no-test").exit_code == 0
    key = isolated_env / ".ssh" / "id_ed25519"
    github.server.authorize(sshkeys.public_path(key))  # pasted at github.com/settings/keys
    github.use_key(key)
    assert "Logged in" in run_cli("ssh", "--test").output

    name, url = github.new_repo()
    published = run_cli("publish", "--remote", url, cwd=project / "docs")  # from a subfolder
    assert published.exit_code == 0, published.output
    assert f"origin set to {url}" in published.output
    head = git(project, "rev-parse", "HEAD")
    assert github.head(name) == head
    assert git(project, "rev-parse", "--abbrev-ref", "main@{upstream}") == "origin/main"
    assert clone_head(url, tmp_path / "clone") == head


def test_new_with_remote_and_push(github: GitHub, tmp_path: Path) -> None:
    name, url = github.new_repo()
    created = run_cli(
        "new", "vision", "--defaults", "--no-hooks", "--remote", url, "--push", cwd=tmp_path
    )
    assert created.exit_code == 0, created.output
    project = tmp_path / "vision"
    head = git(project, "rev-parse", "HEAD")
    assert github.head(name) == head
    assert git(project, "rev-parse", "--abbrev-ref", "main@{upstream}") == "origin/main"
    assert clone_head(url, tmp_path / "clone") == head


def test_publish_json_and_second_run(github: GitHub, project: Path) -> None:
    _, url = github.new_repo()
    first = run_cli("publish", "--remote", url, "--json", cwd=project)
    data = json.loads(first.stdout)
    assert (data["url"], data["upstream"], data["previous_url"]) == (url, "origin/main", None)
    again = run_cli("publish", cwd=project)  # origin already set: nothing to ask, up to date
    assert again.exit_code == 0, again.output
    assert f"origin: {url}" in again.output


def test_publish_cli_failures(github: GitHub, project: Path, tmp_path: Path) -> None:
    name, url = github.new_repo(with_readme=True)
    before = github.head(name)
    result = run_cli("publish", "--remote", url, cwd=project)
    assert result.exit_code == 1
    assert "already has commits" in result.stderr and "never force-pushes" in result.stderr
    assert github.head(name) == before

    git(project, "remote", "set-url", "origin", "git@github.com:student/other.git")
    asked = run_cli("publish", "--remote", url, cwd=project)
    assert asked.exit_code == 3 and "--replace-origin" in asked.stderr
    assert "git@github.com:student/other.git" in asked.stderr  # the old one is shown

    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q", "-b", "main")
    first = run_cli("publish", "--remote", url, cwd=empty)
    assert first.exit_code == 1 and "no commit yet" in first.stderr


def test_non_interactive_push_never_waits_for_a_passphrase(
    github: GitHub, project: Path, tmp_path: Path
) -> None:
    """No BatchMode in the user's ssh config, a key ssh cannot use without asking:
    mlstart adds BatchMode itself, so the push fails at once instead of prompting."""
    config = tmp_path / "ssh_config"
    text = github.server.ssh_config.read_text().replace("  BatchMode yes\n", "")
    config.write_text(text)
    config.chmod(0o600)
    stranger = github.server.new_key(f"stranger-{tmp_path.name}")
    env = {**os.environ, "GIT_SSH_COMMAND": f"ssh -F {config} -i {stranger}"}
    _, url = github.new_repo()
    result = subprocess.run(
        [*mlstart_exe(), "publish", "--remote", url],
        cwd=project, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=120, start_new_session=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "refused your SSH key" in result.stderr


@pytest.mark.parametrize("command", ["doctor", "ssh", "publish"])
def test_help_has_an_example(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.output


@pytest.mark.parametrize("command", ["doctor", "ssh", "publish"])
def test_docs_page_shows_the_current_help(command: str) -> None:
    from click.testing import CliRunner

    from mlstart.cli.app import main
    from tests.helpers import REPO_ROOT

    help_text = CliRunner().invoke(
        main, [command, "--help"], prog_name="mlstart", terminal_width=100
    )
    page = (REPO_ROOT / "docs" / "ssh-and-publish.md").read_text()
    assert f"```text\n{help_text.output.rstrip()}\n```" in page


def test_new_keeps_the_project_when_the_push_fails(github: GitHub, tmp_path: Path) -> None:
    _, url = github.new_repo(with_readme=True)  # not empty: the push is refused
    created = run_cli(
        "new", "kept", "--defaults", "--no-hooks", "--remote", url, "--push", cwd=tmp_path
    )
    assert created.exit_code == 1
    assert "Created kept" in created.stdout  # the summary first: the project is made
    assert "already has commits" in created.stderr
    assert "retry with `mlstart publish`" in created.stderr
    assert git(tmp_path / "kept", "rev-list", "--count", "HEAD") == "1"
