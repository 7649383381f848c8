"""The facts the plan's rules read, computed once from the answers (pure, no I/O).

Each fact is a plain value with a name a reader of the decision table understands: `who_acts`
is "known", "nobody" or "unknown"; `labels` is "in hand", "workable" or "missing"; and so on.
The rules in `mlstart.interview.plan` test these facts, never the raw answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mlstart.interview.questions import NEEDS_LABELS, UNKNOWN, means_nobody, means_unknown

LARGE = ("100k_10m", "gt_10m")
LABELLERS = ("self", "annotators", "domain_experts", "weak_supervision")
LONG_LABEL_DELAY_DAYS = 7


@dataclass(frozen=True)
class Facts:
    """What the answers say, in the words of the decision table."""

    kind: str  # course | poc | product
    problem_known: bool
    who_acts: str  # known | nobody | unknown
    kpi_known: bool
    value: str  # yes | unclear | no
    rule: str  # enough | baseline | no | unknown
    data: str  # labelled | partial | unlabelled | none | unknown
    source_known: bool
    labels: str  # in hand | workable | missing
    data_change: str
    deadline_short: bool
    readiness: str  # yes | partly | no | unknown
    ethics: str  # no | yes | unknown
    regulated: bool
    personal_data: bool
    review: str  # review | autonomous | unknown
    automated_today: bool
    flywheel: str  # yes | no | unknown
    label_delay_days: int
    solved_before: str
    human_can_do: str
    task_type: str
    failure_rate: float  # percent
    nines: float  # required success rate in nines: 99 % -> 2, 99.99 % -> 4; inf for 0 %

    @property
    def autonomous(self) -> bool:
        return self.review == "autonomous"


def _known_text(value: Any) -> bool:
    return bool(str(value or "").strip()) and not means_unknown(value)


def _who_acts(value: Any) -> str:
    if means_nobody(value):
        return "nobody"
    return "known" if _known_text(value) else "unknown"


def _labels(answers: Mapping[str, Any]) -> str:
    """Labels in hand, a workable way to get them, or missing."""
    data = answers.get("data_availability")
    if data == "labelled":
        return "in hand"
    if data not in NEEDS_LABELS or data in ("none", UNKNOWN):
        return "missing"
    at_scale = data == "partial" and answers.get("data_size") in LARGE
    if at_scale or answers.get("labelling") in LABELLERS or answers.get("flywheel") == "yes":
        return "workable"
    return "missing"


def nines(failure_rate_percent: float) -> float:
    """The required success rate in nines: 10 % failure -> 1, 1 % -> 2, 0.01 % -> 4."""
    if failure_rate_percent <= 0:
        return math.inf
    return round(-math.log10(failure_rate_percent / 100), 2)


def facts_of(answers: Mapping[str, Any]) -> Facts:
    """The facts of these answers (missing answers read as their question's default)."""
    raw_rate = answers.get("failure_rate", 5.0)
    rate = float(raw_rate) if isinstance(raw_rate, int | float) else 5.0
    delay = answers.get("label_delay_days", 0)
    return Facts(
        kind=str(answers.get("project_kind", "course")),
        problem_known=_known_text(answers.get("problem")),
        who_acts=_who_acts(answers.get("decision_maker")),
        kpi_known=_known_text(answers.get("business_objective")),
        value=str(answers.get("business_value", "unclear")),
        rule=str(answers.get("heuristic", "baseline")),
        data=str(answers.get("data_availability", "labelled")),
        source_known=_known_text(answers.get("data_source")),
        labels=_labels(answers),
        data_change=str(answers.get("data_change", "slow")),
        deadline_short=answers.get("deadline") == "lt_1_month",
        readiness=str(answers.get("readiness", "partly")),
        ethics=str(answers.get("ethics", "no")),
        regulated=answers.get("regulation") == "regulated",
        personal_data=answers.get("privacy") in ("personal", "sensitive"),
        review=str(answers.get("human_in_loop", "review")),
        automated_today=bool(answers.get("automated_today", False)),
        flywheel=str(answers.get("flywheel", "no")),
        label_delay_days=delay if isinstance(delay, int) else 0,
        solved_before=str(answers.get("solved_before", UNKNOWN)),
        human_can_do=str(answers.get("human_can_do", "yes")),
        task_type=str(answers.get("task_type", "classification")),
        failure_rate=rate,
        nines=nines(rate),
    )
