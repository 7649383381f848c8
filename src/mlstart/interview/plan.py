"""The plan derived from the answers: verdict on using ML, feasibility, stages, open questions.

Transparent rules, shown with their reasons (reference: ml-lifecycle a.10). Pure functions.
`template/copier.yml` mirrors `verdict` and `feasibility` in Jinja for plain `copier copy`;
`tests/test_plan.py` checks the mirror gives the same result for every combination it renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

UNKNOWN = "unknown"
NOBODY = frozenset({"nobody", "no one", "noone", "none", "n/a"})

# key -> (what is unknown, how it is recognised). Each becomes a "Find out: ..." planning task.
_FIND_OUT: tuple[tuple[str, str], ...] = (
    ("problem", "what the problem is and who has it"),
    ("decision_maker", "who acts on the predictions, and how"),
    ("business_objective", "which business goal (KPI) the project serves"),
    ("heuristic", "whether a simple rule could do the job"),
    ("data_availability", "what data exists and whether it is labelled"),
    ("labelling", "who will label the data"),
    ("data_size", "how much data there is"),
    ("data_change", "how fast the data changes"),
    ("human_in_loop", "whether a person reviews predictions"),
    ("latency_ms", "the latency budget"),
    ("deadline", "the deadline"),
    ("budget", "the budget"),
    ("privacy", "whether the data describes people"),
    ("regulation", "whether the domain is regulated"),
    ("deployment", "how predictions will be served"),
)
_EMPTY_MEANS_UNKNOWN = frozenset({"problem", "decision_maker", "business_objective"})


def find_out(answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, what to find out) for every answer that is 'unknown', undecided or left empty."""
    gaps = []
    for key, what in _FIND_OUT:
        if key not in answers:
            continue
        value = answers[key]
        empty = key in _EMPTY_MEANS_UNKNOWN and not str(value).strip()
        if value == UNKNOWN or value == "undecided" or empty:
            gaps.append((key, what))
    return gaps


def verdict(answers: Mapping[str, Any]) -> tuple[str, list[str]]:
    """'not-yet', 'heuristic-first' or 'ml-candidate', with the reasons that decided it."""
    who = str(answers.get("decision_maker", "")).strip().lower()
    if who in NOBODY:
        return "not-yet", ["no one acts on the predictions: a model would create no value yet"]
    heuristic = answers.get("heuristic")
    if heuristic == "enough":
        return "heuristic-first", ["a simple rule may do the job: ship it, measure it, log data"]
    if heuristic == "baseline":
        reasons = []
        if answers.get("data_availability") in ("partial", "unlabelled", "none"):
            reasons.append("labelled data is missing: a rule can run while labels are gathered")
        if answers.get("deadline") == "lt_1_month":
            reasons.append("the deadline is under a month: a rule ships first")
        if reasons:
            return "heuristic-first", reasons
    reasons = ["no rule is known to be enough: measure a heuristic baseline, then a simple model"]
    return "ml-candidate", reasons


def feasibility(answers: Mapping[str, Any]) -> tuple[str, dict[str, int]]:
    """Cost level (low / medium / high) from the data, accuracy and difficulty drivers (1-3)."""
    scores = {
        "data": _data_cost(answers),
        "accuracy": _accuracy_cost(float(answers.get("failure_rate", 5.0))),
        "difficulty": _difficulty_cost(answers),
    }
    total = sum(scores.values())
    level = "low" if total <= 4 else "medium" if total <= 6 else "high"
    return level, scores


def _data_cost(answers: Mapping[str, Any]) -> int:
    availability = answers.get("data_availability")
    if availability == "none" or answers.get("privacy") == "sensitive":
        return 3
    if answers.get("data_change") == "fast":
        return 3
    if availability == "labelled" and answers.get("privacy") in ("none", None):
        return 1
    return 2


def _accuracy_cost(failure_rate_percent: float) -> int:
    if failure_rate_percent >= 5:
        return 1
    return 2 if failure_rate_percent >= 1 else 3


def _difficulty_cost(answers: Mapping[str, Any]) -> int:
    if answers.get("task_type") == "generation":
        return 3
    return 1 if answers.get("heuristic") in ("enough", "baseline") else 2


def target_stage(verdict_name: str) -> str:
    """The stage the plan aims for first: a heuristic release, or the first simple model."""
    return "simple" if verdict_name == "ml-candidate" else "heuristic"


def derive(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Everything derived, as plain values for the template and the lifecycle file."""
    name, reasons = verdict(answers)
    level, scores = feasibility(answers)
    metric = str(answers.get("metric", ""))
    return {
        "verdict": name,
        "verdict_reasons": reasons,
        "feasibility": level,
        "feasibility_scores": scores,
        "target_stage": target_stage(name),
        "metric_direction": "lower" if metric in ("rmse", "mae", "mape") else "higher",
        "find_out": [what for _key, what in find_out(answers)],
    }
