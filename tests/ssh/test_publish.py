"""`remote.publish` against the fake GitHub: the happy path and each failure class."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlstart.core.errors import GitError, NotInteractiveError
from mlstart.gitssh import remote
from tests.helpers import git
from tests.ssh.conftest import GitHub, clone_head


def _publish(root: Path, url: str | None, **kwargs: object) -> remote.PublishResult:
    return remote.publish(root, url, push=True, interactive=False, **kwargs)  # type: ignore[arg-type]


def test_publish_pushes_main_with_upstream(github: GitHub, project: Path, tmp_path: Path) -> None:
    name, url = github.new_repo()
    result = _publish(project, url)
    head = git(project, "rev-parse", "HEAD")
    assert (result.url, result.head, result.upstream, result.pushed) == (
        url,
        head,
        "origin/main",
        True,
    )
    assert github.head(name) == head
    assert git(project, "rev-parse", "--abbrev-ref", "main@{upstream}") == "origin/main"
    assert clone_head(url, tmp_path / "clone") == head


def test_https_url_is_stored_as_ssh(github: GitHub, project: Path) -> None:
    name, _ = github.new_repo()
    result = _publish(project, f"https://github.com/student/{name}")
    assert result.url == f"git@github.com:student/{name}.git"
    assert git(project, "remote", "get-url", "origin") == result.url


@pytest.mark.parametrize(
    ("case", "kind"),
    [
        ("unregistered_key", "key_refused"),
        ("changed_host_key", "hostkey_changed"),
        ("unknown_host", "hostkey_unknown"),
        ("missing_repo", "repo_missing"),
        ("non_empty_remote", "remote_not_empty"),
    ],
)
def test_failures_are_classified(
    github: GitHub, project: Path, tmp_path: Path, case: str, kind: str
) -> None:
    name, url = github.new_repo(with_readme=case == "non_empty_remote")
    before = github.head(name)
    local = git(project, "rev-parse", "HEAD")
    if case == "unregistered_key":
        github.use_key(github.server.new_key(f"unregistered-{tmp_path.name}"))
    elif case in {"changed_host_key", "unknown_host"}:
        known = tmp_path / "known_hosts"
        impostor = github.server.new_key(f"impostor-{tmp_path.name}")
        blob = " ".join(Path(f"{impostor}.pub").read_text().split()[:2])
        known.write_text(f"github.com {blob}\n" if case == "changed_host_key" else "")
        github.use_key(None, "-o", f"UserKnownHostsFile={known}")
    elif case == "missing_repo":
        url = url.replace(name, f"{name}-typo")
    with pytest.raises(remote.PublishError) as caught:
        _publish(project, url)
    assert caught.value.kind == kind
    assert caught.value.hint
    assert github.head(name) == before  # nothing forced, nothing changed
    assert git(project, "rev-parse", "HEAD") == local  # local history untouched
    assert git(project, "rev-list", "--count", "HEAD") == "1"


def test_push_before_first_commit(github: GitHub, tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _, url = github.new_repo()
    with pytest.raises(remote.PublishError) as caught:
        _publish(root, url)
    assert caught.value.kind == "no_commits"
    assert "first commit" in (caught.value.hint or "")


def test_not_a_repository_is_refused_without_git_init(github: GitHub, tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not a Git repository"):
        _publish(tmp_path, "git@github.com:student/x.git")
    assert not (tmp_path / ".git").exists()


def test_existing_origin_needs_confirmation(github: GitHub, project: Path) -> None:
    name, url = github.new_repo()
    git(project, "remote", "add", "origin", "git@github.com:someone/else.git")
    with pytest.raises(NotInteractiveError, match="someone/else"):
        _publish(project, url)
    assert git(project, "remote", "get-url", "origin") == "git@github.com:someone/else.git"
    result = _publish(project, url, replace_origin=True)
    assert (result.previous_url, result.origin_changed) == ("git@github.com:someone/else.git", True)
    assert github.head(name) == result.head
