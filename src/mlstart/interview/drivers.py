"""The three feasibility drivers (data, accuracy, difficulty) and the product archetype.

Each driver has a level (low, medium, high: the cost it adds), a score (1 to 3) and the reason in
words. The accuracy driver counts nines: 90 % right is one nine, 99 % two, 99.99 % four, and
each extra nine costs roughly ten times more. Pure functions over `Facts`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from mlstart.interview.facts import LARGE, Facts

LEVELS = {1: "low", 2: "medium", 3: "high"}
ARCHETYPES = ("software-2.0", "human-in-the-loop", "autonomous")


def cost_multiplier(nines: float) -> float:
    """Rough cost relative to 90 % right (one nine): about ten times per extra nine."""
    if math.isinf(nines):
        return math.inf
    return round(10 ** max(nines - 1, 0.0), 1)


def nines_text(failure_rate: float, nines: float) -> str:
    """'99 % of the time (2 nines)' and the like."""
    return f"{100 - failure_rate:.6g} % of the time ({nines:g} nine{'s' * (nines != 1)})"


def _driver(score: int, reason: str, **extra: Any) -> dict[str, Any]:
    return {"level": LEVELS[score], "score": score, "reason": reason, **extra}


def data_driver(answers: Mapping[str, Any], f: Facts) -> dict[str, Any]:
    """Cost of getting data and labels: in hand and stable is cheap; none, or unlabellable, dear."""
    if f.data in ("none", "unknown") or (f.data != "labelled" and f.labels == "missing"):
        what = {"none": "no data yet", "unknown": "what data exists is unknown"}.get(
            f.data, "labels are missing and no way to make them is settled"
        )
        return _driver(3, what)
    if answers.get("privacy") == "sensitive" or f.data_change == "fast":
        why = "sensitive data" if answers.get("privacy") == "sensitive" else "fast-changing data"
        return _driver(3, f"{why}: strict handling, frequent retraining")
    if f.labels == "in hand" and not f.personal_data:
        return _driver(1, "labelled data in hand, no special constraints")
    if f.labels == "workable":
        scale = " at scale" if answers.get("data_size") in LARGE else ""
        return _driver(2, f"partly labelled{scale}: labels still to make, but a way exists")
    return _driver(2, "labelled data, with personal data to protect")


def accuracy_driver(f: Facts) -> dict[str, Any]:
    """Cost of the required accuracy, counted in nines (about 10x per extra nine)."""
    multiplier = cost_multiplier(f.nines)
    finite = not math.isinf(f.nines)
    extra = {
        "nines": f.nines if finite else None,
        "cost_multiplier": multiplier if finite else None,
    }
    if math.isinf(f.nines):
        reason = "no failure is acceptable: no model can promise that; a person must check each"
        return _driver(3, reason, **extra)
    score = 1 if f.nines < 1.5 else 2 if f.nines < 2.5 else 3
    reason = (
        f"must be right {nines_text(f.failure_rate, f.nines)}: about {multiplier:g}x the cost "
        "of 90 % right (each extra nine costs about ten times more)"
    )
    return _driver(score, reason, **extra)


def difficulty_driver(f: Facts) -> dict[str, Any]:
    """How hard the problem is: solved before and easy for people is cheap."""
    if f.task_type == "generation":
        return _driver(3, "open-ended output (generation): hard to build and to evaluate")
    if f.human_can_do == "no":
        return _driver(3, "people cannot do it reliably: research risk")
    if f.solved_before == "no" and f.human_can_do != "yes":
        return _driver(3, "not solved before, and only experts (if anyone) can do it")
    if f.solved_before in ("api", "published") and f.human_can_do == "yes":
        return _driver(1, "solved before and easy for a person")
    if f.solved_before == "unknown":
        return _driver(2, "prior work not checked yet")
    return _driver(2, "some prior work or expertise needed")


def drivers(answers: Mapping[str, Any], f: Facts) -> dict[str, dict[str, Any]]:
    """The three drivers, each with level, score and reason."""
    return {
        "data": data_driver(answers, f),
        "accuracy": accuracy_driver(f),
        "difficulty": difficulty_driver(f),
    }


def feasibility_level(levels: Mapping[str, Mapping[str, Any]]) -> str:
    """Low, medium or high cost overall from the three scores (3-4 low, 5-6 medium, 7-9 high)."""
    total = sum(int(d["score"]) for d in levels.values())
    return "low" if total <= 4 else "medium" if total <= 6 else "high"


def supported_nines(answers: Mapping[str, Any], f: Facts) -> int:
    """How many nines the answers can back: one, plus data at scale, plus a known, easy task."""
    support = 1
    if f.labels in ("in hand", "workable") and answers.get("data_size") in LARGE:
        support += 1
    if f.solved_before in ("api", "published") and f.human_can_do == "yes":
        support += 1
    return support


def archetype(answers: Mapping[str, Any], f: Facts) -> tuple[str, str]:
    """The archetype, and advice when an autonomous system needs more nines than it can back."""
    if f.automated_today:
        return "software-2.0", ""
    if not f.autonomous:
        return "human-in-the-loop", ""
    support = supported_nines(answers, f)
    if f.nines <= support:
        return "autonomous", ""
    need = "no failure at all" if math.isinf(f.nines) else f"{f.nines:g} nines"
    return "autonomous", (
        f"start human in the loop: {need} required, but the answers back about {support} "
        f"(data, prior work, how easy the task is for people); a person reviewing each "
        "prediction lowers what the model must reach, and the reviews become labels"
    )
