"""Progress is earned: each rule through the CLI (files the tool wrote, the sample data,
overrides, the stage ladder, going back, what check shows)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from mlstart.core.errors import ExitCode
from tests.helpers import git
from tests.lifecycle.conftest import commit_all, metrics, put
from tests.lifecycle.test_cli import run

CHARTER = """# Charter

## Background

The problem: TODO(mlstart): the problem in a sentence.

## Users and decision

Planners act on each prediction (from the interview).

```markdown
## Not a heading: inside a fenced block
```

## Plan

TODO(mlstart): milestones.
"""
SAMPLE = "id,x,target\n1,0.5,yes\n2,0.1,no\n"


def rendered(root: Path) -> None:
    """Commit the 'template's rendering' and point the template branch at it."""
    put(root, "docs/charter.md", CHARTER)
    put(root, "src/churn/baseline.py", "def predict(rows):\n    return ['no' for _ in rows]\n")
    put(root, "data/sample/sample.csv", SAMPLE)
    put(root, ".github/workflows/ci.yml", "on: push\n")
    commit_all(root, "Rendering")
    git(root, "update-ref", "refs/heads/mlstart/template", "HEAD")


def task(root: Path, task_id: str, *flags: str) -> dict[str, object]:
    report = json.loads(run("check", "--json", "--all", *flags, "-C", str(root))[1])
    return next(t for p in report["phases"] for t in p["tasks"] if t["id"] == task_id)


def missing(root: Path, check: str) -> str:
    report = json.loads(run("check", "--json", "--all", "-C", str(root))[1])
    results = [r for p in report["phases"] for t in p["tasks"] for r in t["checks"]]
    return str(next(r for r in results if r["check"] == check)["missing"])


def test_a_section_as_rendered_or_saying_unknown_does_not_count(project: Path) -> None:
    rendered(project)
    assert "as mlstart wrote it" in missing(project, "filled docs/charter.md#Users")
    text = CHARTER.replace("(from the interview).", "(from the interview). Unknown, tbd.")
    put(project, "docs/charter.md", text)
    assert "says only 'unknown'" in missing(project, "filled docs/charter.md#Users")
    dunno = text.replace("TODO(mlstart): the problem in a sentence.", "I don't know.")
    put(project, "docs/charter.md", dunno)
    assert "says only 'unknown'" in missing(project, "filled docs/charter.md#Background")
    own = text.replace("Unknown, tbd.", "Two planners per store, every Monday morning.")
    put(project, "docs/charter.md", own.replace("TODO(mlstart): the problem", "Stock-outs"))
    assert task(project, "planning.charter")["status"] == "done"


def test_headings_in_fenced_code_are_not_sections(project: Path) -> None:
    rendered(project)
    put(project, "docs/charter.md", CHARTER.replace("(from the interview)", "weekly"))
    assert missing(project, "filled docs/charter.md#Users") == ""  # the fence stays inside Users
    put(project, "docs/notes.md", "# Notes\n\n```\n# Risks\n```\n")
    with_fence = {"filled": "docs/notes.md#Risks"}
    from mlstart.lifecycle.evidence import Evidence
    from mlstart.lifecycle.store import load

    result = Evidence(str(project), load(project / "lifecycle.yaml")).check(with_fence)
    assert "no section 'Risks'" in result["missing"]


def test_a_generated_file_needs_a_change(project: Path) -> None:
    rendered(project)
    assert "as mlstart generated it" in missing(project, "path src/churn/baseline.py")
    assert "as mlstart generated it" in missing(project, "path .github/workflows/ci.yml")
    assert "as mlstart generated it" in missing(project, "path data/sample")
    put(project, ".github/workflows/ci.yml", "on: [push, pull_request]\n")
    assert task(project, "deployment.ci")["status"] == "done"
    put(project, "src/churn/baseline.py", "def predict(rows):\n    return ['yes'] * len(rows)\n")
    assert task(project, "planning.baseline")["status"] == "done"


def test_results_on_the_sample_data_satisfy_nothing(project: Path) -> None:
    rendered(project)
    sample = hashlib.sha256(SAMPLE.encode()).hexdigest()
    for stage, value in (("heuristic", 0.6), ("simple", 0.9)):
        metrics(project, stage, value, data_hash=sample, commit="abc")
    put(project, "data/splits.json", json.dumps({"source_sha256": sample}))
    for task_id in ("training.heuristic", "training.simple", "training.useful", "data.splits"):
        entry = task(project, task_id)
        assert entry["status"] == "todo", task_id
        assert any(
            "measured on the sample data; run it on your data" in m for m in entry["missing"]
        )
    _code, out, _ = run("status", "--all", str(project))
    assert "measured on the sample data; run it on your data" in out
    ours = "ef" * 32
    for stage, value in (("heuristic", 0.6), ("simple", 0.9)):
        metrics(project, stage, value, data_hash=ours, commit="abc")
    assert task(project, "training.heuristic")["status"] == "done"
    assert task(project, "training.useful")["status"] == "done"


def test_repo_done_once_main_was_pushed_later_commits_are_a_note(
    project: Path, tmp_path: Path
) -> None:
    bare = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(bare))
    git(project, "remote", "add", "origin", str(bare))
    assert task(project, "planning.repo")["status"] == "todo"
    git(project, "push", "-q", "-u", "origin", "main")
    put(project, "later.txt", "x")
    commit_all(project)
    assert task(project, "planning.repo")["status"] == "done"
    _code, out, _ = run("status", str(project))
    assert "Notes:" in out and "not pushed to origin/main yet" in out


def test_done_is_refused_while_the_check_fails_and_an_override_is_recorded(
    project: Path,
) -> None:
    code, _out, err = run("done", "planning.charter", "-C", str(project))
    assert code == ExitCode.EVIDENCE_MISSING == 7
    assert "its evidence does not hold" in err and "missing:" in err and "fix:" in err
    assert "--force --reason" in err
    code, _out, err = run("done", "planning.charter", "--force", "-C", str(project))
    assert code == ExitCode.USAGE and "--reason" in err
    code, out, _ = run(
        "done", "planning.charter", "--force", "--reason", "TA approved a paper charter",
        "-C", str(project),
    )  # fmt: skip
    assert code == 0 and "override recorded" in out
    report = json.loads(run("status", "--json", str(project))[1])
    planning = report["phases"][0]
    assert planning["done"] == 0 and planning["overridden"] == 1
    assert [t["id"] for t in report["overridden"]] == ["planning.charter"]
    assert report["overridden"][0]["reason"] == "TA approved a paper charter"
    _code, out, _ = run("status", str(project))
    assert "0/12 done, 1 overridden" in out.replace("  ", " ") or "1 overridden" in out
    assert "Overridden (marked done although the check fails):" in out
    assert "planning.charter  reason: TA approved a paper charter" in out
    _code, out, _ = run("log", "-C", str(project))
    assert "done planning.charter (override)  TA approved a paper charter" in out
    code, out, _ = run("done", "find-out-data-size", "-C", str(project))  # no check: as before
    assert code == 0 and "override" not in out


def test_promotion_from_training_on_off_the_sample_and_demotion(project: Path) -> None:
    rendered(project)
    ours = "ef" * 32
    metrics(project, "heuristic", 0.60, data_hash=ours)
    metrics(project, "simple", 0.70, data_hash=ours)
    code, _out, err = run("advance", "--stage", "-C", str(project))
    assert code == ExitCode.ERROR and "from the training phase on" in err
    for _ in range(2):
        run("advance", "--force", "--reason", "to training", "-C", str(project))
    sample = hashlib.sha256(SAMPLE.encode()).hexdigest()
    metrics(project, "simple", 0.70, data_hash=sample)
    code, _out, err = run("advance", "--stage", "--force", "--reason", "x", "-C", str(project))
    assert code == ExitCode.GATE_BLOCKED and "sample data" in err
    metrics(project, "simple", 0.70, data_hash="aa" * 32)
    code, _out, err = run("advance", "--stage", "-C", str(project))
    assert code == ExitCode.GATE_BLOCKED and "same data" in err
    metrics(project, "simple", 0.70, data_hash=ours)
    code, out, _ = run("advance", "--stage", "-C", str(project))
    assert code == 0 and "stage: heuristic -> simple" in out
    promotion = task(project, "training.promotion")  # ml.json does not exist: the target counts
    assert promotion["status"] == "done" and promotion["missing"] == []
    code, _out, err = run("advance", "--stage", "heuristic", "-C", str(project))
    assert code == ExitCode.ERROR and "needs a reason" in err
    code, out, _ = run(
        "advance", "--stage", "heuristic", "--reason", "fails on new stores", "-C", str(project)
    )
    assert code == 0 and "stage: simple -> heuristic" in out
    _code, out, _ = run("log", "-C", str(project))
    assert "demoted simple -> heuristic  fails on new stores" in out


def test_back_reopens_later_tasks_resets_the_stage_and_logs_a_decision(project: Path) -> None:
    for _ in range(2):
        run("advance", "--force", "--reason", "to training", "-C", str(project))
    run("done", "data.splits", "--force", "--reason", "splits by hand", "-C", str(project))
    run("done", "training.heuristic", "--force", "--reason", "measured", "-C", str(project))
    ours = "ef" * 32
    metrics(project, "heuristic", 0.60, data_hash=ours)
    metrics(project, "simple", 0.70, data_hash=ours)
    assert run("advance", "--stage", "-C", str(project))[0] == 0
    code, out, _ = run(
        "back", "data", "--reason", "labels too noisy: kappa 0.52", "-C", str(project)
    )
    assert code == 0 and "phase: training -> data" in out
    assert "reopened: training.heuristic" in out and "data.splits" not in out
    assert "stage: simple -> heuristic" in out
    decision = project / "docs" / "decisions" / "0001-back-to-data.md"
    assert f"decision log: docs/decisions/{decision.name}" in out
    text = decision.read_text()
    assert "labels too noisy: kappa 0.52" in text and "training.heuristic" in text
    report = json.loads(run("status", "--json", str(project))[1])
    assert report["stage"] == "heuristic" and report["loop_back"]["reason"].startswith("labels")
    heuristic = next(t for t in report["phases"][2]["tasks"] if t["id"] == "training.heuristic")
    assert heuristic["by"] == "check"  # its check decides again
    _code, out, _ = run("status", str(project))
    assert "Looped back from training to data" in out and "labels too noisy" in out
    code, out, _ = run("back", "planning", "--reason", "reframe", "-C", str(project))
    assert "0002-back-to-planning.md" in out
    code, _out, err = run("back", "--stage", "ml", "--reason", "x", "-C", str(project))
    assert code == ExitCode.ERROR and "above the current stage" in err
    code, _out, err = run("back", "--stage", "heuristic", "--reason", "x", "-C", str(project))
    assert code == ExitCode.ERROR and "already" in err


def test_check_shows_the_current_phase_unless_all(project: Path) -> None:
    _code, out, _ = run("check", "-C", str(project))
    assert "phase planning (--all: every phase)" in out
    assert "data.snapshot" not in out and "deployment.ci" not in out
    _code, out, _ = run("check", "--all", "-C", str(project))
    assert "every phase" in out and "deployment.ci" in out


def test_label_agreement_must_name_its_label_set(make_project: Any) -> None:
    root = make_project(data_availability="none")
    commit_all(root, "Start")
    rendered(root)
    put(root, "reports/labels/agreement.json", json.dumps({"kappa": 0.8}))
    labels = task(root, "data.labels")
    assert labels["status"] == "todo" and "records no data_hash" in labels["missing"][0]
    sample = hashlib.sha256(SAMPLE.encode()).hexdigest()
    put(root, "reports/labels/agreement.json", json.dumps({"kappa": 0.8, "data_hash": sample}))
    assert "measured on the sample data" in task(root, "data.labels")["missing"][0]
    put(root, "reports/labels/agreement.json", json.dumps({"kappa": 0.8, "data_hash": "9" * 64}))
    assert task(root, "data.labels")["status"] == "done"


def test_a_hand_mark_the_evidence_no_longer_backs_is_not_progress(project: Path) -> None:
    put(project, "src/churn/baseline.py", "RULE = 'always no'\n")
    code, out, _ = run("done", "planning.baseline", "--note", "majority rule", "-C", str(project))
    assert code == 0 and "override" not in out
    (project / "src/churn/baseline.py").unlink()
    report = json.loads(run("status", "--json", str(project))[1])
    assert report["phases"][0]["done"] == 0 and report["phases"][0]["overridden"] == 1
    assert report["overridden"][0]["missing"] == ["src/churn/baseline.py does not exist"]


def test_back_reopens_skipped_tasks_with_a_check_too(project: Path) -> None:
    for _ in range(2):
        run("advance", "--force", "--reason", "to training", "-C", str(project))
    run("skip", "training.errors", "--reason", "no time", "-C", str(project))
    code, out, _ = run("back", "data", "--reason", "new data", "-C", str(project))
    assert code == 0 and "reopened: training.errors" in out


def test_an_adopted_repository_keeps_its_own_files_as_the_teams(tmp_path: Path) -> None:
    repo = tmp_path / "existing"
    put(repo, "src/churn/baseline.py", "RULE = 'no'\n")
    put(repo, "data/sample/rows.csv", SAMPLE)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "existing work")
    code, _out, err = run("init", str(repo), "--defaults", "--set", "project_name=churn")
    assert code == 0, err
    assert task(repo, "planning.baseline")["status"] == "done"  # not "as mlstart generated it"
    sample = hashlib.sha256(SAMPLE.encode()).hexdigest()
    metrics(repo, "heuristic", 0.7, data_hash=sample)  # their own sample is their data
    assert task(repo, "training.heuristic")["status"] == "done"
    charter = repo / "docs/charter.md"  # the charter is mlstart's: deleting a marker is not work
    lines = charter.read_text().splitlines()
    charter.write_text("\n".join(line for line in lines if "TODO(mlstart)" not in line) + "\n")
    assert "as mlstart wrote it" in missing(repo, "filled docs/charter.md#Users")
