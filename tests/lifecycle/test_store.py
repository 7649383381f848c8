"""lifecycle.yaml on disk: creation, finding, loading with clear errors, round-trip writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlstart.core.errors import LifecycleFileError, NotAProjectError
from mlstart.lifecycle import model, store
from mlstart.workflow import tracking
from tests.lifecycle.conftest import MakeProject, answers_for


def test_write_new_makes_the_file_the_new_issue_asks_for(project: Path) -> None:
    data = store.load(project / "lifecycle.yaml")
    assert data["schema_version"] == model.SCHEMA_VERSION
    assert data["phase"] == "planning"
    assert data["stage"] == "heuristic"
    assert list(data["phases"]) == list(model.PHASES)
    assert all(data["phases"][p] for p in model.PHASES)
    assert data["history"][0]["event"] == "created"
    assert data["history"][0]["by"] == "Ada Tester"


def test_write_new_refuses_an_existing_file(project: Path) -> None:
    before = (project / "lifecycle.yaml").read_text()
    with pytest.raises(LifecycleFileError, match="exists already"):
        store.write_new(project, *answers_for(), "Ada")
    assert (project / "lifecycle.yaml").read_text() == before


def test_find_root_walks_up_from_a_subfolder(project: Path) -> None:
    sub = project / "src" / "deep"
    sub.mkdir(parents=True)
    assert store.find_root(sub) == project
    assert store.find_root(project / "lifecycle.yaml") == project


def test_find_root_outside_a_project(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError) as caught:
        store.find_root(tmp_path)
    assert caught.value.hint and "mlstart new" in caught.value.hint


def _break(project: Path, old: str, new: str) -> Path:
    path = project / "lifecycle.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_unknown_key_is_reported_with_file_line_and_key(project: Path) -> None:
    path = _break(project, "      status: todo\n", "      statuss: todo\n")
    with pytest.raises(LifecycleFileError) as caught:
        store.load(path)
    message = caught.value.message
    assert f"{path}:{_line_of(path, 'statuss')}:" in message
    assert "phases.planning[0].statuss" in message
    assert "unknown key" in message


def test_unknown_value_is_reported_with_its_line(project: Path) -> None:
    path = _break(project, "phase: planning", "phase: plannning")
    with pytest.raises(LifecycleFileError) as caught:
        store.load(path)
    assert f"{path}:{_line_of(path, 'plannning')}: phase:" in caught.value.message


def test_invalid_yaml_is_reported_with_its_line(project: Path) -> None:
    path = _break(project, "stage: heuristic", "stage: [heuristic")
    with pytest.raises(LifecycleFileError, match=r"lifecycle.yaml:\d+: not valid YAML"):
        store.load(path)


def test_newer_schema_is_refused_with_an_upgrade_hint(project: Path) -> None:
    path = _break(project, "schema_version: 1", "schema_version: 99")
    with pytest.raises(LifecycleFileError) as caught:
        store.load(path)
    assert "newer" in caught.value.message
    assert caught.value.hint and "upgrade mlstart" in caught.value.hint


def test_an_invalid_file_is_never_overwritten(project: Path) -> None:
    path = _break(project, "phase: planning", "phase: nowhere")
    before = path.read_bytes()
    with pytest.raises(LifecycleFileError):
        tracking.mark_done(project, "planning.find-out-data-size")
    assert path.read_bytes() == before


def test_writes_keep_comments_order_and_untouched_formatting(project: Path) -> None:
    path = project / "lifecycle.yaml"
    text = path.read_text()
    text = text.replace("phase: planning", "# we agreed on this in week 1\nphase: planning  # !")
    text = text.replace("targets:\n", "targets:   # from the interview\n")
    text += "# my own trailing note\n"
    path.write_text(text)
    tracking.mark_done(project, "planning.find-out-data-size", note="written")
    after = path.read_text()
    assert "# we agreed on this in week 1\nphase: planning  # !" in after
    assert "targets:   # from the interview" in after
    assert "# my own trailing note" in after
    changed = [line for line in after.splitlines() if line not in text.splitlines()]
    assert all(
        "find-out" in c or "at:" in c or "by:" in c or "note:" in c or "status:" in c
        for c in changed
    ), changed


def test_round_trip_of_a_fresh_file_is_stable(project: Path) -> None:
    path = project / "lifecycle.yaml"
    before = path.read_text()
    store.edit(project, lambda doc, plain: None)
    assert path.read_text() == before


def test_older_schema_is_migrated_on_write(project: Path) -> None:
    path = _break(project, "schema_version: 1", "schema_version: 0")
    _break(project, "stage: heuristic", "stage: {current: simple, released: heuristic}")
    assert store.load(path)["stage"] == "simple"  # read: migrated in memory
    tracking.mark_done(project, "planning.find-out-data-size")
    data = store.load(path)
    assert data["schema_version"] == model.SCHEMA_VERSION
    assert "stage: simple" in path.read_text()


def test_cache_is_used_and_a_hand_edit_invalidates_it(project: Path) -> None:
    path = project / "lifecycle.yaml"
    store.load(path)
    cache = project / ".git" / "mlstart" / "lifecycle.cache"
    assert cache.exists()
    text = path.read_text().replace("stage: heuristic", "stage: simple")
    path.write_text(text)
    os.utime(path, ns=(1, 1))  # even an edit that sets an old time is seen (size/inode/mtime)
    assert store.load(path)["stage"] == "simple"


def test_a_write_refreshes_the_cache(project: Path) -> None:
    tracking.mark_done(project, "planning.find-out-data-size")
    cache = project / ".git" / "mlstart" / "lifecycle.cache"
    assert b"planning.find-out-data-size" in cache.read_bytes()
    charter = next(
        t
        for t in store.load(project / "lifecycle.yaml")["phases"]["planning"]
        if t["id"] == "planning.find-out-data-size"
    )
    assert charter["status"] == "done"


def test_a_hand_edit_after_a_write_reads_as_a_whole_parse(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries carried over from before mlstart's write, then a hand edit: only what changed is
    parsed again, and the result is what a whole parse of the file gives."""
    from mlstart.core import fastyaml

    path = project / "lifecycle.yaml"
    store.load(path)  # the entries of the first reading
    tracking.mark_done(project, "planning.find-out-data-size", note="first")
    text = path.read_text().replace("status: todo", "status: skipped\n      reason: later", 1)
    path.write_text(text.replace("note: first", "note: edited by hand"))
    expected = store.parse_plain(path.read_text(), str(path))
    parsed: list[str] = []
    real = fastyaml.load_counted
    monkeypatch.setattr(
        fastyaml, "load_counted", lambda t, *a, **k: parsed.append(t) or real(t, *a, **k)
    )
    assert store.load(path) == expected
    assert 0 < len(parsed) <= 6, parsed  # the changed task and events, not the whole file
    assert store.load(path, history=True)["history"][-1]["note"] == "edited by hand"


def test_a_damaged_cache_is_a_miss(project: Path) -> None:
    path = project / "lifecycle.yaml"
    store.load(path)
    cache = project / ".git" / "mlstart" / "lifecycle.cache"
    for damage in (b"", cache.read_bytes()[:-7], cache.read_bytes().replace(b" 3 ", b" 9 ", 1)):
        cache.write_bytes(damage)
        path.write_text(path.read_text() + "\n")  # a change, so the entries are asked for
        assert store.load(path) == store.parse_plain(path.read_text(), str(path))


def test_a_project_without_git_works_without_a_cache(make_project: MakeProject) -> None:
    root = make_project(git_init=False)
    assert store.load(root / "lifecycle.yaml")["phase"] == "planning"
    tracking.mark_done(root, "planning.find-out-data-size")
    assert not (root / ".git").exists()


def test_refresh_tasks_keeps_progress_and_history(project: Path) -> None:
    tracking.mark_done(project, "planning.find-out-data-size", note="written")
    tracking.skip(project, "planning.plan", "later")
    path = project / "lifecycle.yaml"
    path.write_text(
        path.read_text().replace(
            "phases:\n  planning:\n",
            "phases:\n  planning:\n    - id: planning.mine\n      title: My own task\n"
            "      status: todo\n",
        )
    )
    report = store.refresh_tasks(
        project, *answers_for(deployment="realtime", data_availability="partial")
    )
    assert "deployment.latency" in report["added"]
    assert "data.labels" in report["added"]
    assert "deployment.batch" in report["removed"]
    data = store.load(path)
    tasks = {t["id"]: t for _p, t in model.all_tasks(data)}
    assert tasks["planning.find-out-data-size"]["status"] == "done"
    assert tasks["planning.find-out-data-size"]["note"] == "written"
    assert tasks["planning.plan"]["reason"] == "later"
    assert "planning.mine" in tasks
    assert "deployment.batch" not in tasks
    events = [e["event"] for e in data["history"]]
    assert events[:3] == ["created", "done", "skipped"]
    assert events[-1] == "refreshed"
    assert store.refresh_tasks(
        project, *answers_for(deployment="realtime", data_availability="partial")
    ) == {"added": [], "removed": [], "updated": []}
