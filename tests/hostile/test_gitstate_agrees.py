"""Git state read from `.git` agrees with git: includes, GIT_DIR, worktrees, a subfolder,
packed refs, a detached HEAD, an unborn branch, submodules."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mlstart.lifecycle import gitstate


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "a.txt").write_text("a\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one")
    return root


def agrees(root: Path, where: Path | None = None) -> dict[str, object]:
    state = gitstate.state(str(where or root))
    head = subprocess.run(
        ["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    assert state["head"] == (head or None)
    branch = subprocess.run(
        ["git", "symbolic-ref", "-q", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    ).stdout.strip()
    assert state["branch"] == (branch or None)
    remotes = sorted(git(root, "remote").split())
    assert sorted(state["remotes"]) == remotes  # type: ignore[arg-type]
    return state


def test_plain(repo: Path) -> None:
    agrees(repo)


def test_packed_refs(repo: Path) -> None:
    git(repo, "pack-refs", "--all")
    agrees(repo)


def test_detached_head(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach")
    agrees(repo)


def test_unborn_branch(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    assert agrees(root)["head"] is None


def test_include_path_remote(repo: Path, tmp_path: Path) -> None:
    extra = tmp_path / "extra.gitconfig"
    extra.write_text('[remote "origin"]\n\turl = git@example.com:a/b.git\n')
    git(repo, "config", "include.path", str(extra))
    assert agrees(repo)["remotes"] == ["origin"]


def test_a_worktree(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", "-b", "side", str(other))
    agrees(other)


def test_a_lifecycle_in_a_subfolder(repo: Path) -> None:
    sub = repo / "projects" / "churn"
    sub.mkdir(parents=True)
    agrees(repo, sub)


def test_git_dir_in_the_environment(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = tmp_path / "elsewhere.git"
    (repo / ".git").rename(moved)
    monkeypatch.setenv("GIT_DIR", str(moved))
    monkeypatch.setenv("GIT_WORK_TREE", str(repo))
    state = gitstate.state(str(repo))
    assert state["repo"] and state["head"] == git(repo, "rev-parse", "HEAD")


def test_a_submodule(repo: Path, tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    git(inner, "init", "-q", "-b", "main")
    (inner / "b.txt").write_text("b\n")
    git(inner, "add", "-A")
    git(inner, "commit", "-q", "-m", "inner")
    git(repo, "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(inner), "sub")
    agrees(repo / "sub")


def test_a_symbolic_ref_loop_is_no_head(repo: Path) -> None:
    (repo / ".git/HEAD").write_text("ref: refs/heads/x\n")
    (repo / ".git/refs/heads/x").write_text("ref: refs/heads/y\n")
    (repo / ".git/refs/heads/y").write_text("ref: refs/heads/x\n")
    assert gitstate.state(str(repo))["head"] is None
