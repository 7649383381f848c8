"""`mlstart init`: adopt an existing repository or folder; one commit of mlstart's files only."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import git
from tests.templates.conftest import commit_all, run, tree_digest, write

ADDED = {".mlstart/template.yml", "docs/charter.md", "lifecycle.yaml"}


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A repository made without mlstart: README, tests, docs, metrics, a pushed remote."""
    repo = write(
        tmp_path / "existing",
        {
            "README.md": "# Existing\r\nWindows line endings stay.\r\n",
            ".gitignore": "docs/\n*.log\n",  # even an ignore rule must not keep mlstart out
            "tests/test_data_contract.py": "def test_ok():\n    assert True\n",
            "docs/notes.md": "notes\n",
            "reports/metrics/heuristic.json": json.dumps(
                {"metric": "f1", "value": 0.61, "direction": "higher"}
            ),
            "src/model.py": "print('hi')\n",
        },
    )
    (repo / "run.sh").write_text("#!/bin/sh\necho run\n")
    os.chmod(repo / "run.sh", 0o755)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "--all", "--force")
    git(repo, "commit", "-q", "-m", "existing work")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "-q", "-u", "origin", "main")
    (repo / "debug.log").write_text("untracked, ignored\n")
    (repo / "scratch.txt").write_text("untracked\n")
    return repo


def checks(project: Path) -> dict[str, str]:
    """'task id: check' -> state, from `mlstart check --json --all`."""
    result = run("check", "--json", "--all", "-C", str(project))
    data: dict[str, Any] = json.loads(result.stdout)
    return {
        f"{task['id']}: {check['check']}": check["state"]
        for phase in data["phases"]
        for task in phase["tasks"]
        for check in task.get("checks", [])
    }


def test_init_adds_three_files_in_one_commit_and_changes_nothing_else(existing: Path) -> None:
    before = tree_digest(existing)
    modes = {p: os.stat(existing / p).st_mode for p in before}
    head = git(existing, "rev-parse", "HEAD")
    (existing / "src/model.py").write_text("print('work in progress')\n")  # unstaged change
    (existing / "staged.txt").write_text("staged\n")
    git(existing, "add", "staged.txt")
    before = tree_digest(existing)

    result = run("init", str(existing), "--defaults", "--set", "problem=Churn is invisible")

    assert result.exit_code == 0, result.output
    after = tree_digest(existing)
    assert set(after) - set(before) == ADDED
    assert {p: after[p] for p in before} == before  # byte for byte
    assert all(os.stat(existing / p).st_mode == mode for p, mode in modes.items())
    assert git(existing, "rev-parse", "HEAD~1") == head
    committed = git(existing, "show", "--name-only", "--format=", "HEAD").splitlines()
    assert set(committed) == ADDED
    status = git(existing, "status", "--porcelain").splitlines()
    assert "A  staged.txt" in status  # still staged, not committed
    assert git(existing, "diff", "--name-only") == "src/model.py"  # still unstaged
    assert git(existing, "rev-parse", "mlstart/template") == git(existing, "rev-parse", "HEAD")
    assert (existing / ".git/hooks/pre-commit").is_file()
    assert "Churn is invisible" in (existing / "docs/charter.md").read_text()


def test_evidence_sees_what_the_repository_has(existing: Path) -> None:
    assert run("init", str(existing), "--defaults").exit_code == 0
    states = checks(existing)
    assert states["planning.repo: git commits"] == "ok"
    assert states["planning.repo: git remote"] == "ok"
    assert any("heuristic.json" in key and state == "ok" for key, state in states.items())
    assert any("tests/test_data_contract.py" in key and s == "ok" for key, s in states.items())


def test_a_second_init_is_refused_and_points_to_status(existing: Path) -> None:
    assert run("init", str(existing), "--defaults").exit_code == 0
    head = git(existing, "rev-parse", "HEAD")
    result = run("init", str(existing), "--defaults")
    assert result.exit_code == 1
    assert "already" in result.output and "mlstart status" in result.output
    assert git(existing, "rev-parse", "HEAD") == head


def test_init_in_a_subfolder_adopts_the_repository(existing: Path) -> None:
    result = run("init", "--defaults", cwd=existing / "src")
    assert result.exit_code == 0, result.output
    assert (existing / "lifecycle.yaml").is_file() and not (
        existing / "src/lifecycle.yaml"
    ).exists()


def test_a_plain_folder_becomes_a_repository_with_only_mlstarts_files(tmp_path: Path) -> None:
    folder = write(tmp_path / "plain", {"analysis.py": "x = 1\n", "data.csv": "a,b\n1,2\n"})
    before = tree_digest(folder)
    result = run("init", str(folder), "--defaults")
    assert result.exit_code == 0, result.output
    assert {p: tree_digest(folder)[p] for p in before} == before
    assert set(git(folder, "ls-files").splitlines()) == ADDED
    assert git(folder, "branch", "--show-current") == "main"
    assert "?? analysis.py" in git(folder, "status", "--porcelain").splitlines()


def test_a_file_in_the_way_is_refused_before_any_question(existing: Path) -> None:
    write(existing, {"docs/charter.md": "our charter\n"})
    commit_all(existing, "charter")
    before = tree_digest(existing)
    result = run("init", str(existing), "--defaults")
    assert result.exit_code == 1 and "docs/charter.md" in result.output
    assert tree_digest(existing) == before


def test_a_failing_commit_leaves_the_repository_as_it_was(existing: Path) -> None:
    before = tree_digest(existing)
    head = git(existing, "rev-parse", "HEAD")
    status = git(existing, "status", "--porcelain")
    (existing / ".git/hooks").mkdir(exist_ok=True)
    lock = existing / ".git/index.lock"  # another git command holds the index
    lock.write_text("")
    result = run("init", str(existing), "--defaults")
    lock.unlink()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert tree_digest(existing) == before
    assert git(existing, "rev-parse", "HEAD") == head
    assert git(existing, "status", "--porcelain") == status
    assert git(existing, "branch", "--list", "mlstart/template") == ""


def test_update_after_init_rerenders_the_charter(existing: Path) -> None:
    assert run("init", str(existing), "--defaults").exit_code == 0
    result = run("update", str(existing), "--set", "problem=Late deliveries")
    assert result.exit_code == 0, result.output
    assert "Late deliveries" in (existing / "docs/charter.md").read_text()
    assert (existing / "README.md").read_bytes() == b"# Existing\r\nWindows line endings stay.\r\n"
    assert git(existing, "status", "--porcelain").splitlines() == ["?? scratch.txt"]
