"""The plan's rules over a table of contrasting projects: verdict, archetype and key reasons.

Each row is a project a student or a team might bring in week one. The expected verdict,
archetype and the words its reasons must contain are written out by hand, independently of
the rules' table in mlstart.interview.plan.
"""

from __future__ import annotations

from typing import Any

import pytest

from mlstart.core.errors import InvalidAnswersError
from mlstart.interview.answers import resolve
from mlstart.interview.drivers import ARCHETYPES
from mlstart.interview.plan import VERDICTS, derive, find_out

# A framed project: problem, decision-maker, KPI and value known (each row overrides).
FRAMED: dict[str, Any] = {
    "problem": "Support agents triage 2,000 tickets a day by hand",
    "decision_maker": "the support lead routes tickets",
    "business_objective": "time to first answer",
    "business_value": "yes",
    "solved_before": "published",
}

# id, answers (over FRAMED), verdict, archetype, words the reasons (verdict's and notes) contain
CASES: list[tuple[str, dict[str, Any], str, str, list[str]]] = [
    (
        "course-no-data-i-dont-know",
        {
            "project_kind": "course",
            "problem": "I don't know",
            "decision_maker": "?",
            "business_objective": "tbd",
            "business_value": "unclear",
            "data_availability": "none",
            "heuristic": "unknown",
        },
        "not-yet",
        "human-in-the-loop",
        [
            "who acts",
            "problem is not stated",
            "no business goal",
            "unclear whether the gain",
            "no data and no known way",
        ],
    ),
    ("nobody-acts", {"decision_maker": "Nobody"}, "not-yet", "human-in-the-loop", ["no one acts"]),
    (
        "value-unclear",
        {"business_value": "unclear"},
        "not-yet",
        "human-in-the-loop",
        ["unclear whether the gain pays"],
    ),
    (
        "data-unknown",
        {"data_availability": "unknown"},
        "not-yet",
        "human-in-the-loop",
        ["not known what data exists"],
    ),
    (
        "ethics-unknown",
        {"ethics": "unknown"},
        "not-yet",
        "human-in-the-loop",
        ["screen the ethics"],
    ),
    (
        "autonomous-clinical-alert-four-nines",
        {
            "project_kind": "product",
            "problem": "Sepsis is caught late on wards",
            "decision_maker": "the alert pages the ward automatically",
            "human_in_loop": "autonomous",
            "failure_rate": 0.01,
            "regulation": "regulated",
            "privacy": "sensitive",
            "ethics": "yes",
        },
        "not-yet",
        "autonomous",
        ["harm people and nobody reviews", "regulated domain", "describes people"],
    ),
    ("value-no", {"business_value": "no"}, "not-warranted", "human-in-the-loop", ["would not pay"]),
    (
        "rule-solvable-stable",
        {"heuristic": "enough", "data_change": "static", "task_type": "regression"},
        "not-warranted",
        "human-in-the-loop",
        ["a rule does the job", "revisit ML when the rule grows complex"],
    ),
    (
        "rule-solvable-but-adversarial",
        {"heuristic": "enough", "data_change": "fast", "input_kind": "text"},
        "heuristic-first",
        "human-in-the-loop",
        ["rules go stale"],
    ),
    (
        "no-data-yet-but-logging",
        {"data_availability": "none", "data_source": "click logs from next sprint"},
        "heuristic-first",
        "human-in-the-loop",
        ["no data yet", "start logging"],
    ),
    (
        "partial-labels-small-nobody-labels",
        {"data_availability": "partial", "data_size": "1k_100k", "labelling": "unknown"},
        "heuristic-first",
        "human-in-the-loop",
        ["labels are missing"],
    ),
    (
        "deadline-under-a-month",
        {"deadline": "lt_1_month"},
        "heuristic-first",
        "human-in-the-loop",
        ["deadline is under a month"],
    ),
    (
        "product-team-not-ready",
        {"project_kind": "product", "readiness": "no"},
        "heuristic-first",
        "human-in-the-loop",
        ["cannot deploy and run a model"],
    ),
    (
        "rule-unknown",
        {"heuristic": "unknown"},
        "heuristic-first",
        "human-in-the-loop",
        ["build and measure one"],
    ),
    (
        "fraud-ten-million-partly-labelled",
        {
            "project_kind": "product",
            "data_availability": "partial",
            "data_size": "gt_10m",
            "labelling": "unknown",
            "automated_today": True,
            "human_in_loop": "autonomous",
            "failure_rate": 1.0,
            "data_change": "slow",
            "heuristic": "baseline",
            "readiness": "yes",
        },
        "ml-candidate",
        "software-2.0",
        ["partly labelled with a workable way", "must beat it"],
    ),
    (
        "labelled-product-no-rule",
        {"project_kind": "product", "heuristic": "no", "readiness": "yes"},
        "ml-candidate",
        "human-in-the-loop",
        ["no rule is enough", "labelled"],
    ),
    (
        "unlabelled-with-annotators",
        {"data_availability": "unlabelled", "labelling": "annotators"},
        "ml-candidate",
        "human-in-the-loop",
        ["workable way to label"],
    ),
    (
        "partial-labels-from-the-flywheel",
        {
            "data_availability": "partial",
            "data_size": "lt_1k",
            "flywheel": "yes",
            "label_delay_days": 30,
        },
        "ml-candidate",
        "human-in-the-loop",
        ["data flywheel", "after 30 days"],
    ),
    (
        "ranking-weighted-rating-baseline",
        {
            "task_type": "ranking",
            "baseline_kind": "weighted_rating",
            "automated_today": True,
            "deployment": "realtime",
        },
        "ml-candidate",
        "software-2.0",
        ["must beat it on the same data"],
    ),
    (
        "forecasting-demand",
        {"task_type": "forecasting", "data_change": "slow", "human_in_loop": "review"},
        "ml-candidate",
        "human-in-the-loop",
        ["no rule is enough"],
    ),
    (
        "generation-drafts",
        {"task_type": "generation", "input_kind": "text", "solved_before": "api"},
        "ml-candidate",
        "human-in-the-loop",
        ["hard to evaluate", "off-the-shelf model or API"],
    ),
    (
        "autonomous-sorting-needs-more-nines-than-backed",
        {"human_in_loop": "autonomous", "failure_rate": 0.1},
        "ml-candidate",
        "autonomous",
        ["no rule is enough"],
    ),
    (
        "autonomous-low-stakes",
        {"human_in_loop": "autonomous", "failure_rate": 10.0},
        "ml-candidate",
        "autonomous",
        [],
    ),
    (
        "course-team-not-ready",
        {"project_kind": "course", "readiness": "no"},
        "ml-candidate",
        "human-in-the-loop",
        ["acceptable for a course"],
    ),
    (
        "harm-with-review",
        {"ethics": "yes", "human_in_loop": "review"},
        "ml-candidate",
        "human-in-the-loop",
        ["per-slice evaluation and a model card"],
    ),
    (
        "people-cannot-do-it",
        {"human_can_do": "no"},
        "ml-candidate",
        "human-in-the-loop",
        ["research risk"],
    ),
]


def plan_for(overrides: dict[str, Any]) -> dict[str, Any]:
    return derive(resolve({**FRAMED, **overrides}))


@pytest.mark.parametrize(
    ("answers", "expected", "archetype", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_verdict_archetype_and_reasons(
    answers: dict[str, Any], expected: str, archetype: str, words: list[str]
) -> None:
    plan = plan_for(answers)
    assert (plan["verdict"], plan["archetype"]) == (expected, archetype), plan["verdict_reasons"]
    said = " | ".join(plan["verdict_reasons"] + plan["verdict_notes"])
    for word in words:
        assert word in said, (word, said)


def test_the_table_covers_every_verdict_and_archetype() -> None:
    assert len(CASES) >= 20
    assert {case[2] for case in CASES} == set(VERDICTS)
    assert {case[3] for case in CASES} == set(ARCHETYPES)


@pytest.mark.parametrize("case", [c for c in CASES if c[2] == "not-yet"], ids=lambda c: c[0])
def test_not_yet_always_leaves_something_to_find_out(
    case: tuple[str, dict[str, Any], str, str, list[str]],
) -> None:
    assert find_out(resolve({**FRAMED, **case[1]}))


def test_not_warranted_plans_no_ml_stage_and_ml_candidate_aims_at_simple() -> None:
    assert plan_for({"heuristic": "enough", "data_change": "static"})["target_stage"] == (
        "heuristic"
    )
    assert plan_for({"heuristic": "no"})["target_stage"] == "simple"


def test_nines_are_counted_and_priced() -> None:
    one = plan_for({"failure_rate": 1.0})["drivers"]["accuracy"]
    four = plan_for({"failure_rate": 0.01})["drivers"]["accuracy"]
    assert (one["nines"], one["cost_multiplier"], one["level"]) == (2.0, 10.0, "medium")
    assert (four["nines"], four["cost_multiplier"], four["level"]) == (4.0, 1000.0, "high")
    assert "about 1000x the cost" in four["reason"] and "99.99 %" in four["reason"]
    zero = plan_for({"failure_rate": 0.0})["drivers"]["accuracy"]
    assert zero["nines"] is None and "no model can promise" in zero["reason"]


def test_autonomous_beyond_what_the_answers_back_is_advised_to_start_with_a_person() -> None:
    advice = plan_for({"human_in_loop": "autonomous", "failure_rate": 0.01})["archetype_advice"]
    assert advice.startswith("start human in the loop") and "4 nines" in advice
    assert not plan_for({"human_in_loop": "autonomous", "failure_rate": 10.0})["archetype_advice"]
    backed = {
        "human_in_loop": "autonomous",
        "failure_rate": 1.0,
        "data_size": "gt_10m",
    }
    assert not plan_for(backed)["archetype_advice"]  # 2 nines, backed by data at scale


def test_the_three_drivers_have_level_and_reason() -> None:
    drivers = plan_for({})["drivers"]
    assert list(drivers) == ["data", "accuracy", "difficulty"]
    assert all(d["level"] in ("low", "medium", "high") and d["reason"] for d in drivers.values())
    hard = plan_for({"task_type": "generation", "data_availability": "none", "failure_rate": 0.1})
    assert hard["feasibility"] == "high"


def test_unknown_words_in_free_text_become_find_out_tasks() -> None:
    for word in ("I don't know", "unknown", "TBD", "?", "idk", "not sure."):
        answers = resolve({**FRAMED, "problem": word, "entity": word})
        assert answers["problem"] == "unknown" and answers["entity"] == "unknown"
        keys = [key for key, _ in find_out(answers)]
        assert "problem" in keys and "entity" in keys
    assert find_out(resolve(FRAMED)) == []


def test_the_four_requirements_are_stated_for_the_project() -> None:
    needs = plan_for({"deployment": "realtime", "data_change": "fast", "failure_rate": 1.0})
    req = needs["requirements"]
    assert list(req) == ["reliable", "scalable", "maintainable", "adaptable"]
    assert "1.0 %" in req["reliable"] and "latency" in req["scalable"]
    assert "drift" in req["adaptable"]


def test_what_runs_today_is_the_baseline_to_beat() -> None:
    answers = resolve({**FRAMED, "automated_today": "yes"})
    assert answers["baseline_kind"] == "rule"
    ranking = resolve({"task_type": "ranking", "automated_today": True})
    assert ranking["baseline_kind"] == "rule"
    chosen = resolve(
        {"task_type": "ranking", "automated_today": True, "baseline_kind": "weighted_rating"}
    )
    assert chosen["baseline_kind"] == "weighted_rating"
    with pytest.raises(InvalidAnswersError, match="not one of"):
        resolve({"baseline_kind": "rule"})  # nothing runs today: no rule to beat
