"""Unit tests of the plan rules: verdict, feasibility and the 'find out' list."""

from __future__ import annotations

from mlstart.interview.answers import resolve
from mlstart.interview.plan import derive, feasibility, find_out, verdict


def test_nobody_acting_on_predictions_means_not_yet() -> None:
    name, reasons = verdict(resolve({"decision_maker": "Nobody"}))
    assert name == "not-yet" and "no one acts" in reasons[0]


def test_a_sufficient_rule_means_heuristic_first() -> None:
    assert verdict(resolve({"heuristic": "enough"}))[0] == "heuristic-first"


def test_missing_labels_or_a_short_deadline_put_the_heuristic_first() -> None:
    name, reasons = verdict(resolve({"data_availability": "unlabelled", "deadline": "lt_1_month"}))
    assert name == "heuristic-first" and len(reasons) == 2


def test_otherwise_ml_is_a_candidate_with_simple_as_target() -> None:
    plan = derive(resolve({"heuristic": "no"}))
    assert (plan["verdict"], plan["target_stage"]) == ("ml-candidate", "simple")


def test_feasibility_levels() -> None:
    assert feasibility(resolve({}))[0] == "low"
    costly = resolve(
        {"data_availability": "none", "failure_rate": "0.1", "task_type": "generation"}
    )
    assert feasibility(costly) == ("high", {"data": 3, "accuracy": 3, "difficulty": 3})


def test_unknown_and_empty_answers_become_find_out_items() -> None:
    answers = resolve({"regulation": "unknown", "deployment": "realtime", "latency_ms": "unknown"})
    keys = [key for key, _ in find_out(answers)]
    assert keys == ["problem", "decision_maker", "business_objective", "latency_ms", "regulation"]
    filled = resolve({"problem": "p", "decision_maker": "ops", "business_objective": "kpi"})
    assert find_out(filled) == []


def test_direction_follows_the_metric() -> None:
    assert derive(resolve({"task_type": "regression"}))["metric_direction"] == "lower"
    assert derive(resolve({}))["metric_direction"] == "higher"
