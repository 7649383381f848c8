"""Faults: a full or read-only disk, names too long, link loops in .git, signals, leftovers.

Each gives one clear error with a documented exit code and leaves the files as they were.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlstart.cli.app import main
from tests.helpers import mlstart_exe
from tests.hostile.conftest import Sandbox, assert_safe, digest

SKIP = ("skip", "planning.approach", "--reason", "not now")


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EDQUOT])
def test_a_failed_write_is_one_clear_error_and_changes_nothing(
    box: Sandbox, code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mlstart.core.files as files

    def refuse(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files.os, "fsync", refuse)
    before = digest(box.project)
    result = CliRunner().invoke(main, [*SKIP[:1], *SKIP[1:], "-C", str(box.project)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "nothing was half-written" in result.output
    assert digest(box.project) == before
    assert not [p for p in box.project.iterdir() if p.name.startswith(".mlstart-")]


def test_a_name_longer_than_the_file_system_allows(box: Sandbox) -> None:
    outside = digest(box.outside)
    result = box.run("new", str(box.root / ("x" * 300)), "--defaults", "--set", "project_name=ok")
    assert_safe(box, result, outside_before=outside, refused=True)
    assert "longer than the file system allows" in result.stderr


@pytest.mark.parametrize(
    "command", [("status",), ("check",), ("log",), SKIP, ("doctor",), ("update", "--dry-run")]
)
def test_a_symbolic_ref_loop_in_git(box: Sandbox, command: tuple[str, ...]) -> None:
    (box.project / ".git/HEAD").write_text("ref: refs/heads/loop\n")
    (box.project / ".git/refs/heads/loop").write_text("ref: refs/heads/loop2\n")
    (box.project / ".git/refs/heads/loop2").write_text("ref: refs/heads/loop\n")
    outside = digest(box.outside)
    result = box.run(*command)
    assert_safe(box, result, outside_before=outside)


@pytest.mark.parametrize("command", [("status",), ("check",), SKIP, ("update", "--dry-run")])
def test_an_fsmonitor_command_in_git_config_never_runs(
    box: Sandbox, command: tuple[str, ...]
) -> None:
    box.git("config", "core.fsmonitor", f"touch {box.marker}; false")
    outside = digest(box.outside)
    assert_safe(box, box.run(*command), outside_before=outside)


def test_leftovers_of_a_killed_run_are_removed_by_the_next_command(box: Sandbox) -> None:
    stale = box.project / ".mlstart-lifecycle.yaml.p999999.abcd.tmp"
    stale.write_text("half")
    mine_alive = box.project / f".mlstart-lifecycle.yaml.p{os.getpid()}.abcd.tmp"
    mine_alive.write_text("in use")
    result = box.run(*SKIP)
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert mine_alive.exists()  # a live process's temporary is never touched


def test_sigterm_is_handled_like_ctrl_c(box: Sandbox) -> None:
    """Signalled as soon as it starts, `new` ends as interrupted or done, never half-made."""
    dest = box.root / "made"
    process = subprocess.Popen(
        [*mlstart_exe(), "new", str(dest), "--defaults", "--no-hooks"],
        cwd=box.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert "Traceback" not in err
    assert process.returncode in (0, 130, -signal.SIGTERM)
    if process.returncode != 0:
        assert not dest.exists()
    assert not [p for p in box.root.iterdir() if p.name.startswith(".mlstart-")]


def test_a_killed_new_leaves_nothing_once_the_next_new_runs(box: Sandbox) -> None:
    stage = box.root / ".mlstart-new-made.p999999.x1y2"
    (stage / "made").mkdir(parents=True)
    result = box.run("new", str(box.root / "other"), "--defaults", "--no-hooks", cwd=box.root)
    assert result.returncode == 0, result.stderr
    assert not stage.exists()


def test_no_lock_folder_is_left_in_the_shared_temporary_folder(
    box: Sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setenv("TMPDIR", str(shared))
    result = box.run("new", str(box.root / "nogit"), "--defaults", "--no-git", cwd=box.root)
    assert result.returncode == 0, result.stderr
    assert list(shared.iterdir()) == []
    state = Path(os.environ["XDG_STATE_HOME"]) / "mlstart"
    assert state.stat().st_mode & 0o777 == 0o700


HOOKS = (
    "pre-commit",
    "commit-msg",
    "post-commit",
    "pre-merge-commit",
    "post-merge",
    "post-checkout",
)


@pytest.mark.parametrize("where", ["hooksPath", ".git/hooks"])
def test_hooks_a_repository_carries_never_run_in_mlstarts_own_git_steps(
    box: Sandbox, where: str
) -> None:
    """An archived repository may carry hooks, or a core.hooksPath into its own tree: mlstart's
    template commits, merges and checkouts (advance, update) run none of them."""
    folder = box.project / ("tools/hooks" if where == "hooksPath" else ".git/hooks")
    folder.mkdir(parents=True, exist_ok=True)
    for name in HOOKS:
        hook = folder / name
        hook.write_text(f"#!/bin/sh\ntouch {box.marker}\n")
        hook.chmod(0o755)
    if where == "hooksPath":
        box.git("config", "core.hooksPath", "tools/hooks")
    result = box.run("advance", "--force", "--reason", "test the hooks")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    box.run("update")
    assert not box.marker.exists()
