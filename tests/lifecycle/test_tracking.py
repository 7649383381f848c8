"""Use cases: marking tasks, the gate, overrides, going back, the stage ladder, the history."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from mlstart.core.errors import GateBlockedError, MlstartError, TaskError
from mlstart.lifecycle import model, store
from mlstart.workflow import tracking
from mlstart.workflow.status import read_status
from tests.lifecycle.conftest import metrics, put


def data(root: Path) -> dict[str, Any]:
    return store.load(root / "lifecycle.yaml")


def task(root: Path, task_id: str) -> dict[str, Any]:
    return next(t for _p, t in model.all_tasks(data(root)) if t["id"] == task_id)


def finish_planning(root: Path) -> None:
    for phase_task in data(root)["phases"]["planning"]:
        if phase_task["required"]:
            tracking.mark_done(root, phase_task["id"], force=True, reason="test")


def test_done_records_time_author_and_note(project: Path) -> None:
    task_id = "planning.find-out-data-size"  # a task without a check: marked as asked
    result = tracking.mark_done(project, task_id, note="first draft")
    assert result["id"] == task_id and result["forced"] is False
    charter = task(project, task_id)
    assert charter["status"] == "done" and charter["note"] == "first draft"
    assert charter["by"] == "Ada Tester" and charter["at"][:2] == "20"
    last = data(project)["history"][-1]
    assert last["event"] == "done" and last["task"] == task_id
    assert last["by"] == "Ada Tester" and last["note"] == "first draft"


def test_prefix_matching_and_ambiguity(project: Path) -> None:
    def done(query: str) -> str:
        return str(tracking.mark_done(project, query, force=True, reason="r")["id"])

    assert done("charter") == "planning.charter"
    assert done("data.snap") == "data.snapshot"
    assert done("heur") == "training.heuristic"
    with pytest.raises(TaskError, match="several"):
        done("data.s")
    with pytest.raises(TaskError, match="no task"):
        done("nothing")


def test_skip_needs_a_reason_and_reopen_clears_progress(project: Path) -> None:
    with pytest.raises(MlstartError):
        tracking.skip(project, "planning.plan", " ")
    tracking.skip(project, "planning.plan", "not for a course")
    assert task(project, "planning.plan")["reason"] == "not for a course"
    tracking.reopen(project, "planning.plan", note="we need it after all")
    reopened = task(project, "planning.plan")
    assert reopened["status"] == "todo" and "reason" not in reopened
    assert data(project)["history"][-1]["event"] == "reopened"


def test_a_passing_check_counts_as_done_without_marking(project: Path) -> None:
    put(project, "src/churn/baseline.py", "")
    entry = next(
        t for t in read_status(str(project))["phases"][0]["tasks"] if t["id"] == "planning.baseline"
    )
    assert entry["status"] == "done" and entry["by"] == "check"
    assert task(project, "planning.baseline")["status"] == "todo"


def test_advance_is_blocked_and_lists_the_blockers(project: Path) -> None:
    with pytest.raises(GateBlockedError) as caught:
        tracking.advance(project)
    assert "planning.charter" in caught.value.message
    assert "fix:" in caught.value.message
    assert data(project)["phase"] == "planning"


def test_advance_when_the_gate_holds(project: Path) -> None:
    finish_planning(project)
    result = tracking.advance(project)
    assert (result["from"], result["to"], result["forced"]) == ("planning", "data", False)
    assert isinstance(result["files"], list)  # the template files the phase brought
    assert data(project)["phase"] == "data"
    assert data(project)["history"][-1]["event"] == "advanced"


def test_a_required_task_skipped_with_a_reason_opens_the_gate(project: Path) -> None:
    finish_planning(project)
    tracking.reopen(project, "planning.charter")
    tracking.skip(project, "planning.charter", "the instructor wrote it")
    assert tracking.advance(project)["to"] == "data"


def test_a_hand_edited_skip_without_reason_still_blocks(project: Path) -> None:
    finish_planning(project)
    path = project / "lifecycle.yaml"
    text = path.read_text()
    start = text.index("id: planning.charter")
    end = text.index("status: done", start)
    rest = re.sub(r"\n *reason: test", "", text[end + len("status: done") :], count=1)
    path.write_text(text[:end] + "status: skipped" + rest)
    gate = read_status(str(project))["gate"]
    assert [b["id"] for b in gate["blockers"]] == ["planning.charter"]


def test_force_needs_a_reason_and_records_the_override(project: Path) -> None:
    with pytest.raises(MlstartError, match="reason"):
        tracking.advance(project, force=True)
    result = tracking.advance(project, force=True, reason="deadline")
    assert result["forced"] is True and "planning.charter" in result["blockers"]
    last = data(project)["history"][-1]
    assert last["forced"] is True and last["reason"] == "deadline"
    assert "planning.charter" in last["blockers"]


def test_back_records_a_return(project: Path) -> None:
    tracking.advance(project, force=True, reason="go")
    with pytest.raises(MlstartError):
        tracking.back(project, "training", "forward is not back")
    tracking.back(project, "planning", "labels too costly: reframing")
    assert data(project)["phase"] == "planning"
    last = data(project)["history"][-1]
    assert (last["event"], last["from"], last["to"]) == ("back", "data", "planning")
    assert last["reason"] == "labels too costly: reframing"


def test_last_phase_cannot_advance(project: Path) -> None:
    for _ in range(3):
        tracking.advance(project, force=True, reason="r")
    with pytest.raises(MlstartError, match="last phase"):
        tracking.advance(project, force=True, reason="r")


def test_stage_promotion_needs_the_minimum_gain(project: Path) -> None:
    data_hash = "ab" * 32
    metrics(project, "heuristic", 0.70, data_hash=data_hash)
    metrics(project, "simple", 0.705, data_hash=data_hash)
    with pytest.raises(MlstartError, match="from the training phase on"):
        tracking.promote(project)
    for _ in range(2):
        tracking.advance(project, force=True, reason="to training")
    with pytest.raises(GateBlockedError, match=r"0\.01 is needed"):
        tracking.promote(project)
    assert data(project)["stage"] == "heuristic"
    metrics(project, "simple", 0.72, data_hash=data_hash)
    assert tracking.promote(project)["to"] == "simple"
    assert data(project)["stage"] == "simple"
    assert data(project)["history"][-1]["event"] == "promoted"
    promotion = read_status(str(project))["promotion"]
    assert (promotion["from"], promotion["to"]) == ("simple", "ml")


def test_history_lists_every_event(project: Path) -> None:
    tracking.mark_done(project, "planning.find-out-data-size", note="n")
    tracking.skip(project, "planning.plan", "r")
    events = tracking.history(project)
    assert [e["event"] for e in events] == ["created", "done", "skipped"]
    assert all(e["at"] and e["by"] for e in events)


def test_status_report_next_and_gate(project: Path) -> None:
    report = read_status(str(project / "lifecycle.yaml"))
    assert report["phase"] == "planning" and report["stage"] == "heuristic"
    assert len(report["next"]) == 3
    assert all(n["fix"] for n in report["next"])
    assert report["gate"]["to"] == "data" and report["gate"]["open"] is False
