"""The task catalogue: phases, ids, and how the answers shape the list."""

from __future__ import annotations

import re
from typing import Any

import pytest

from mlstart.lifecycle import catalogue, model, schema
from tests.lifecycle.conftest import answers_for

# Answers that leave nothing to find out (the defaults leave the framing open).
KNOWN = {
    "problem": "p",
    "decision_maker": "d",
    "business_objective": "b",
    "business_value": "yes",
    "solved_before": "published",
    "data_size": "1k_100k",
}


def ids(**given: Any) -> dict[str, list[str]]:
    answers, derived = answers_for(**given)
    built = catalogue.build(answers, derived)
    return {phase: [t["id"] for t in tasks] for phase, tasks in built.items()}


def titles(**given: Any) -> str:
    answers, derived = answers_for(**given)
    return "\n".join(t["title"] for ts in catalogue.build(answers, derived).values() for t in ts)


def test_four_phases_with_eight_to_twelve_tasks_for_a_product() -> None:
    built = ids(
        project_kind="product",
        problem="p",
        decision_maker="ops team",
        business_objective="less churn",
    )
    assert list(built) == list(model.PHASES)
    for phase, tasks in built.items():
        assert 8 <= len(tasks) <= 12, (phase, tasks)


def test_ids_are_readable_slugs_prefixed_by_their_phase() -> None:
    for phase, tasks in ids(project_kind="product").items():
        for task_id in tasks:
            assert task_id.startswith(f"{phase}.")
            assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", task_id)
            assert schema.TASK_ID.match(task_id)


def test_reference_tasks_are_there() -> None:
    built = ids(project_kind="product", data_availability="partial")
    for task_id in (
        "planning.charter",
        "planning.metrics",
        "planning.baseline",
        "planning.feasibility",
        "planning.constraints",
        "planning.ethics",
        "planning.repo",
        "data.sources",
        "data.snapshot",
        "data.report",
        "data.schema",
        "data.labels",
        "data.splits",
        "training.heuristic",
        "training.tracking",
        "training.simple",
        "training.reproducible",
        "training.errors",
        "training.promotion",
        "training.model-card",
        "deployment.package",
        "deployment.ci",
        "deployment.monitoring",
        "deployment.rollback",
        "deployment.runbook",
    ):
        assert any(task_id in tasks for tasks in built.values()), task_id


def test_labelled_data_has_no_labelling_tasks_and_missing_labels_do() -> None:
    assert "data.labels" not in ids(data_availability="labelled")["data"]
    for availability in ("partial", "unlabelled", "none"):
        data = ids(data_availability=availability)["data"]
        assert {"data.labels", "data.labelling-guide"} <= set(data)


def test_realtime_gets_latency_and_load_tasks_with_the_budget() -> None:
    built = ids(deployment="realtime", latency_ms=150)["deployment"]
    assert {"deployment.serving", "deployment.latency", "deployment.load"} <= set(built)
    assert "under 150 ms" in titles(deployment="realtime", latency_ms=150)
    assert "deployment.batch" not in built


def test_batch_gets_a_scoring_job_and_no_latency_test() -> None:
    built = ids(deployment="batch")["deployment"]
    assert "deployment.batch" in built
    assert "deployment.latency" not in built


@pytest.mark.parametrize("given", [{"privacy": "personal"}, {"regulation": "regulated"}])
def test_privacy_or_regulation_adds_required_review(given: dict[str, str]) -> None:
    answers, derived = answers_for(**given)
    planning = {t["id"]: t for t in catalogue.build(answers, derived)["planning"]}
    assert planning["planning.review"]["required"] is True
    assert planning["planning.ethics"]["required"] is True
    plain = {t["id"] for t in catalogue.build(*answers_for())["planning"]}
    assert "planning.review" not in plain


def test_regulation_adds_a_release_signoff() -> None:
    assert "deployment.signoff" in ids(regulation="regulated")["deployment"]


def test_human_in_the_loop_adds_a_feedback_loop() -> None:
    assert "data.feedback" in ids(human_in_loop="review")["data"]
    assert "data.feedback" not in ids(human_in_loop="autonomous")["data"]


def test_each_unknown_answer_adds_a_find_out_task_in_planning() -> None:
    built = ids(problem="", data_size="unknown", deadline="unknown", privacy="unknown")
    find_outs = [i for i in built["planning"] if "find-out" in i]
    assert {
        "planning.find-out-problem",
        "planning.find-out-data-size",
        "planning.find-out-deadline",
        "planning.find-out-privacy",
    } <= set(find_outs)
    known = ids(**KNOWN)
    assert not [i for i in known["planning"] if "find-out" in i]


def test_a_course_gets_a_lighter_list_than_a_product() -> None:
    course = ids(project_kind="course")
    product = ids(project_kind="product")
    assert sum(map(len, course.values())) < sum(map(len, product.values()))
    answers, derived = answers_for(project_kind="course")
    required = sum(t["required"] for ts in catalogue.build(answers, derived).values() for t in ts)
    answers, derived = answers_for(project_kind="product")
    required_p = sum(t["required"] for ts in catalogue.build(answers, derived).values() for t in ts)
    assert required < required_p


def test_targets_carry_metric_direction_gain_and_latency() -> None:
    answers, derived = answers_for(
        metric="rmse", task_type="regression", min_gain=0.5, deployment="realtime", latency_ms=80
    )
    targets = catalogue.targets(answers, derived)
    assert targets["metric"] == "rmse"
    assert targets["direction"] == "lower"
    assert targets["min_gain"] == 0.5
    assert targets["latency_ms"] == 80


def test_every_built_task_validates_and_all_ids_covers_them() -> None:
    known = catalogue.all_ids()
    for given in (
        {},
        {"project_kind": "product", "deployment": "realtime"},
        {"deployment": "edge", "privacy": "sensitive", "problem": ""},
    ):
        answers, derived = answers_for(**given)
        for tasks in catalogue.build(answers, derived).values():
            for task in tasks:
                assert task["id"] in known
                problems: list[Any] = []
                schema._task(task, ("t",), set(), problems)
                assert problems == []


def test_every_task_says_why_it_exists_and_its_mlops_component() -> None:
    from mlstart.lifecycle import practices

    for task_id in catalogue.all_ids():
        assert practices.why(task_id), task_id
        assert practices.component(task_id) in practices.COMPONENTS, task_id
    assert set(practices.WHY) - {"planning.find-out"} <= catalogue.all_ids()
    assert {c for c, _ in practices.WHY.values()} == set(practices.COMPONENTS)
    assert practices.why("my.own-task") is None


def _check_of(task_id: str, **given: Any) -> Any:
    answers, derived = answers_for(**given)
    tasks = [t for ts in catalogue.build(answers, derived).values() for t in ts]
    return next(t["check"] for t in tasks if t["id"] == task_id)


def test_mlflow_runs_and_dvc_are_accepted_as_evidence_when_chosen() -> None:
    assert {"path": "mlruns"} in _check_of("training.tracking", mlflow=True)
    assert {"path": "mlruns"} not in _check_of("training.tracking")
    assert {"path": "dvc.lock"} in _check_of("data.snapshot", dvc=True)
    assert {"path": "data/manifest.json"} in _check_of("data.snapshot")
