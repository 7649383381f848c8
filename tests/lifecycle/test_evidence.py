"""Evidence: each check kind, the fix it proposes, and that nothing runs unless asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mlstart.lifecycle import store
from mlstart.lifecycle.evidence import Evidence
from mlstart.workflow.status import read_status
from tests.helpers import git
from tests.lifecycle.conftest import commit_all, metrics, put


def ev(root: Path, **kwargs: Any) -> Evidence:
    return Evidence(str(root), store.load(root / "lifecycle.yaml"), **kwargs)


def state(root: Path, check: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    return ev(root, **kwargs).check(check)


def test_path_exists(project: Path) -> None:
    assert state(project, {"path": "docs/x.md"})["state"] == "fail"
    put(project, "docs/x.md", "hi")
    assert state(project, {"path": "docs/x.md"})["state"] == "ok"


def test_filled_looks_for_markers_in_the_document_or_its_section(project: Path) -> None:
    put(
        project,
        "docs/charter.md",
        "# Charter\n\n## Background\n\nDone.\n\n## Plan\n\nTODO(mlstart): milestones\n"
        "### Detail\n\nTODO(mlstart) more\n\n## Users\n\nok\n",
    )
    result = state(project, {"filled": "docs/charter.md"})
    assert result["state"] == "fail"
    assert "2 TODO(mlstart) markers" in result["missing"] and "line 9" in result["missing"]
    assert "docs/charter.md" in result["fix"]
    assert state(project, {"filled": "docs/charter.md#Background"})["state"] == "ok"
    assert state(project, {"filled": "docs/charter.md#plan"})["state"] == "fail"
    assert state(project, {"filled": "docs/charter.md#Users"})["state"] == "ok"
    missing = state(project, {"filled": "docs/charter.md#Risks"})
    assert "no section 'Risks'" in missing["missing"]


def test_git_commits_remote_and_pushed(project: Path, tmp_path: Path) -> None:
    assert state(project, {"git": "commits"})["state"] == "ok"
    remote = state(project, {"git": "remote"})
    assert remote["state"] == "fail" and "mlstart publish" in remote["fix"]
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(project, "remote", "add", "origin", str(bare))
    assert state(project, {"git": "remote"})["state"] == "ok"
    assert "main was never pushed" in state(project, {"git": "pushed"})["missing"]
    git(project, "push", "-q", "-u", "origin", "main")
    assert state(project, {"git": "pushed"})["state"] == "ok"
    put(project, "new.txt", "x")
    commit_all(project)
    later = state(project, {"git": "pushed"})  # pushed once: later commits are a note only
    assert later["state"] == "ok" and "not pushed" in later["note"]
    git(project, "pack-refs", "--all")  # refs only in packed-refs are read too
    git(project, "push", "-q")
    assert state(project, {"git": "pushed"})["state"] == "ok"


def test_no_commit_and_no_repository(make_project: Any) -> None:
    fresh = make_project("fresh")
    assert state(fresh, {"git": "commits"})["missing"] == "no commit yet"
    plain = make_project("plain", git_init=False)
    assert state(plain, {"git": "commits"})["missing"] == "not a Git repository"


def test_large_files_in_git_are_found_by_check_only_on_every_path(project: Path) -> None:
    put(project, "data/raw.csv", "a,b\n" * 400_000)  # 1.5 MB
    put(project, "big.txt", "x" * 3_000_000)  # not a data file: the one limit applies all the same
    put(project, "small.txt", "x" * 500_000)
    commit_all(project)
    check = {"no_large_files": 1}
    assert state(project, check)["state"] == "unknown"  # status never runs git ls-tree
    result = state(project, check, deep=True)
    assert result["state"] == "fail"
    assert "data/raw.csv (1.5 MB)" in result["missing"] and "big.txt (2.9 MB)" in result["missing"]
    assert "small.txt" not in result["missing"] and "over 1 MB" in result["missing"]
    assert "LFS" in result["fix"]
    assert state(project, {"no_large_files": 5}, deep=True)["state"] == "ok"


def test_the_hook_and_the_catalogue_use_the_one_limit() -> None:
    from mlstart.core.limits import LARGE_FILE_MB
    from mlstart.githooks import handlers
    from mlstart.lifecycle import tasks_data

    assert handlers.DEFAULT_LIMIT_MB == LARGE_FILE_MB
    assert tasks_data.LARGE_FILE_MB == LARGE_FILE_MB


def test_metric_file_has_the_primary_metric(project: Path) -> None:
    check = {"metric": "reports/metrics/heuristic.json"}
    assert "does not exist" in state(project, check)["missing"]
    put(project, "reports/metrics/heuristic.json", "{not json")
    assert "not valid JSON" in state(project, check)["missing"]
    metrics(project, "heuristic", 0.7, metric="accuracy")
    assert "not the primary f1" in state(project, check)["missing"]
    metrics(project, "heuristic", 0.7)
    assert state(project, check)["state"] == "ok"
    fields = {**check, "fields": ["commit", "data_hash"]}
    assert "lacks commit, data_hash" in state(project, fields)["missing"]
    useful = {**check, "useful": True}
    assert state(project, useful)["state"] == "ok"  # min_useful 0.6
    metrics(project, "heuristic", 0.5)
    assert "short of 0.6" in state(project, useful)["missing"]


def test_a_degenerate_result_is_not_useful(project: Path) -> None:
    """The generated evaluation flags a constant predictor that reaches the useful level."""
    useful = {"metric": "reports/metrics/heuristic.json", "useful": True}
    reason = "a constant predictor reaches f1 0.9 (useful: 0.6)"
    metrics(project, "heuristic", 0.9, degenerate=True, degenerate_reason=reason)
    result = state(project, useful)
    assert result["state"] == "fail" and "degenerate" in result["missing"]
    assert state(project, {"metric": "reports/metrics/heuristic.json"})["state"] == "ok"


def test_beats_by_the_minimum_gain_in_the_direction(project: Path) -> None:
    check = {"beats": "reports/metrics/simple.json", "over": "reports/metrics/heuristic.json"}
    metrics(project, "heuristic", 0.70, data_hash="e")
    metrics(project, "simple", 0.705, data_hash="e")
    result = state(project, check)
    assert result["state"] == "fail" and "0.01 is needed" in result["missing"]
    metrics(project, "simple", 0.71, data_hash="e")
    assert state(project, check)["state"] == "ok"
    metrics(project, "simple", 0.80, data_hash="a")
    metrics(project, "heuristic", 0.70, data_hash="b")
    assert "not measured on the same data" in state(project, check)["missing"]
    metrics(project, "simple", 0.80)  # no data hash: the same data cannot be shown
    assert "not measured on the same data" in state(project, check)["missing"]


def test_lower_is_better_metrics(make_project: Any) -> None:
    root = make_project(task_type="regression", metric="rmse", min_gain=0.5)
    metrics(root, "heuristic", 10.0, metric="rmse", data_hash="e")
    metrics(root, "simple", 9.6, metric="rmse", data_hash="e")
    assert state(root, {"promotion": "reports/metrics"})["state"] == "fail"
    metrics(root, "simple", 9.5, metric="rmse", data_hash="e")
    assert state(root, {"promotion": "reports/metrics"})["state"] == "ok"


def test_config_key_is_set(project: Path) -> None:
    assert state(project, {"config": "targets.metric"})["state"] == "ok"
    assert state(project, {"config": "targets.nothing"})["state"] == "fail"
    put(project, "configs/train.json", json.dumps({"model": {"seed": 1}}))
    assert state(project, {"config": "model.seed", "file": "configs/train.json"})["state"] == "ok"
    put(project, "pyproject.toml", "[tool.x]\nseed = 3\n")
    assert state(project, {"config": "tool.x.seed", "file": "pyproject.toml"})["state"] == "ok"
    put(project, "configs/train.yaml", "model:\n  seed: 1\n")
    yaml_check = {"config": "model.seed", "file": "configs/train.yaml"}
    assert state(project, yaml_check)["state"] == "unknown"
    assert state(project, yaml_check, deep=True)["state"] == "ok"


def test_commands_run_only_when_asked(project: Path) -> None:
    marker = project / "ran"
    check = {"cmd": f"touch {marker}"}
    assert state(project, check)["state"] == "unknown"
    assert state(project, check, deep=True)["state"] == "unknown"
    assert not marker.exists()
    assert state(project, check, deep=True, run=True)["state"] == "ok"
    assert marker.exists()
    failing = state(project, {"cmd": "git no-such-command"}, deep=True, run=True)
    assert failing["state"] == "fail" and "exit" in failing["missing"]


def test_a_cloned_lifecycle_file_never_runs_code_on_status(project: Path) -> None:
    marker = project / "pwned"
    path = project / "lifecycle.yaml"
    path.write_text(
        path.read_text().replace(
            "check: {path: src/churn/baseline.py}", f"check: {{cmd: touch {marker}}}"
        )
    )
    read_status(str(project))
    from mlstart.workflow import tracking

    tracking.check(project)
    assert not marker.exists()


def test_check_records_deep_results_for_status(project: Path) -> None:
    marker = project / "ran"
    path = project / "lifecycle.yaml"
    path.write_text(
        path.read_text().replace(
            "check: {path: src/churn/baseline.py}", f"check: {{cmd: touch {marker}}}"
        )
    )
    from mlstart.workflow import tracking

    tracking.check(project, run=True)
    baseline = next(
        t for t in read_status(str(project))["phases"][0]["tasks"] if t["id"] == "planning.baseline"
    )
    assert baseline["status"] == "done" and baseline["by"] == "check"
    put(project, "x.txt", "x")
    commit_all(project)  # a new commit: the recorded result no longer applies
    baseline = next(
        t for t in read_status(str(project))["phases"][0]["tasks"] if t["id"] == "planning.baseline"
    )
    assert baseline["status"] == "todo"


def test_paths_outside_the_project_are_refused(project: Path) -> None:
    import pytest

    from mlstart.core.errors import LifecycleFileError

    path = project / "lifecycle.yaml"
    path.write_text(
        path.read_text().replace(
            "check: {path: src/churn/baseline.py}", "check: {path: ../../etc/passwd}"
        )
    )
    with pytest.raises(LifecycleFileError, match="inside the project"):
        store.load(path)


def test_check_run_runs_the_current_phase_commands_and_all_with_all(project: Path) -> None:
    """A later phase's tests are not there yet: `check --run` runs the current phase's only."""
    now, later = project / "planning-ran", project / "training-ran"
    path = project / "lifecycle.yaml"
    text = path.read_text()
    text = text.replace(
        "check: {path: src/churn/baseline.py}", f"check: {{cmd: touch {now}}}"
    ).replace("check: {metric: reports/metrics/simple.json}", f"check: {{cmd: touch {later}}}")
    path.write_text(text)
    from mlstart.workflow import tracking

    report = tracking.check(project, run=True, all_phases=False)
    assert now.exists() and not later.exists()
    simple = next(t for p in report["phases"] for t in p["tasks"] if t["id"] == "training.simple")
    assert simple["checks"][0]["missing"] == "not run: a task of another phase"
    tracking.check(project, run=True, all_phases=True)
    assert later.exists()


def test_one_lstat_lookup_agrees_with_the_link_and_existence_tests(tmp_path: Path) -> None:
    """Evidence._lookup (one lstat) answers what _abs and an existence test answer."""
    import os

    from mlstart.lifecycle.evidence import Evidence

    root = tmp_path / "p"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "a.md").write_text("x")
    (tmp_path / "secret.md").write_text("s")
    os.symlink("a.md", root / "docs" / "inside.md")
    os.symlink(tmp_path / "secret.md", root / "docs" / "outside.md")
    os.symlink("gone.md", root / "docs" / "dangling.md")
    os.symlink(tmp_path, root / "up")
    evidence = Evidence(str(root), {"phase": "planning", "phases": {}})
    for path in [
        "docs/a.md", "docs/missing.md", "docs/inside.md", "docs/outside.md", "docs/dangling.md",
        "docs", "nowhere/x.md", "up/secret.md", "../secret.md", "docs/..", "", "a\x00b",
        "docs\\a.md",
    ]:  # fmt: skip
        real = evidence._abs(path)
        expected = (real, real is not None and os.path.exists(real))
        assert evidence._lookup(path) == expected, path
