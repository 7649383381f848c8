"""What a cookiecutter hook did: every change seen, each file read once where its times allow."""

from __future__ import annotations

import os
from pathlib import Path

from mlstart.render import hook_effects
from mlstart.render.hook_effects import Snapshot, compare, snapshot


def project(root: Path) -> Path:
    for name, text in {"a.txt": "one", "sub/b.txt": "two", "sub/c.txt": "three"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref")
    return root


def test_added_changed_and_removed_files_outside_git(tmp_path: Path) -> None:
    root, scratch = project(tmp_path / "p"), tmp_path
    before = snapshot(root, scratch)
    assert set(before.files) == {"a.txt", "sub/b.txt", "sub/c.txt"}
    (root / "a.txt").write_text("ONE")  # same size, same name
    (root / "sub" / "b.txt").unlink()
    (root / "new.txt").write_text("new")
    (root / ".git" / "HEAD").write_text("other")
    effects: dict[str, set[str]] = {"added": set(), "changed": set(), "removed": set()}
    compare(before, snapshot(root, scratch, before), effects)
    assert effects == {"added": {"new.txt"}, "changed": {"a.txt"}, "removed": {"sub/b.txt"}}


def test_a_file_changed_in_the_snapshots_tick_is_read_again(tmp_path: Path) -> None:
    root = project(tmp_path / "p")
    now = snapshot(root, tmp_path)
    seen = now.files["a.txt"][0]
    # What a same-size rewrite in the same clock tick would leave: the stat as it was. The file
    # changed no earlier than the snapshot began, so its hash is not trusted but read again.
    racy = Snapshot({"a.txt": (seen, 0)}, began=seen[3])
    assert snapshot(root, tmp_path, racy).files["a.txt"][1] == hash(b"one")
    # Changed in an earlier tick than the snapshot began: the stat is enough, nothing is read.
    settled = Snapshot({"a.txt": (seen, 0)}, began=seen[3] + 1)
    assert snapshot(root, tmp_path, settled).files["a.txt"][1] == 0


def test_the_clock_is_the_file_systems_and_leaves_nothing(tmp_path: Path) -> None:
    stamp = hook_effects._clock(tmp_path)
    (tmp_path / "later").write_text("x")
    assert os.stat(tmp_path / "later").st_ctime_ns >= stamp
    assert [p.name for p in tmp_path.iterdir()] == ["later"]
