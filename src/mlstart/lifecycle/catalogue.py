"""The task catalogue: which tasks each phase gets, built from the interview's answers.

Drawn from the reference lifecycle (planning PLN, data DAT, training TRN, deployment DEP). The
answers shape the list: missing labels add labelling tasks, real-time serving adds latency and
load tasks with the budget, batch adds a scoring job, privacy or regulation adds review and
sign-off tasks, a human in the loop adds a feedback loop, every "don't know" adds a "find out"
task, and a course project gets a lighter list than a product. Pure: no I/O.

The paths the checks look at are the generated project's layout (docs/lifecycle.md lists them);
documents carry `TODO(mlstart)` markers where they are not filled in yet. Each phase's list is
in its own module (`tasks_planning`, `tasks_data`, `tasks_training`, `tasks_deployment`), made
with the helpers of `taskkit`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlstart.interview.plan import VERDICTS
from mlstart.lifecycle import tasks_data, tasks_deployment, tasks_planning, tasks_training
from mlstart.lifecycle.taskkit import FIND_OUT_KEYS, Task
from mlstart.lifecycle.taskkit import Context as Context  # the answers, as the phases read them


def build(answers: Mapping[str, Any], derived: Mapping[str, Any]) -> dict[str, list[Task]]:
    """The tasks of every phase, in order, for these answers and this plan."""
    c = Context(answers, derived)
    return {
        "planning": tasks_planning.planning(c),
        "data": tasks_data.data(c),
        "training": tasks_training.training(c),
        "deployment": tasks_deployment.deployment(c),
    }


def targets(answers: Mapping[str, Any], derived: Mapping[str, Any]) -> dict[str, Any]:
    """What the checks compare against: primary metric, direction, target, min gain, latency."""
    latency = answers.get("latency_ms")  # an int, or "unknown" (then a find-out task asks)
    latency = latency if isinstance(latency, int) and not isinstance(latency, bool) else None
    return {
        "metric": str(answers.get("metric", "")),
        "direction": str(derived.get("metric_direction", "higher")),
        "target": _number(answers.get("metric_target")),
        "min_useful": _number(answers.get("metric_min_useful")),
        "min_gain": _number(answers.get("min_gain", 0.01)) or 0.0,
        "latency_ms": latency,
    }


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def all_ids() -> frozenset[str]:
    """Every id the catalogue can make, for any answers: tells its tasks from the user's own."""
    ids: set[str] = set()
    variants: list[dict[str, Any]] = []
    for kind in ("course", "poc", "product"):
        for deployment in ("batch", "realtime", "edge", "undecided"):
            for human in ("review", "autonomous"):
                for privacy in ("personal", "none"):  # some tasks exist only without a flag
                    variants.append(
                        {
                            "project_kind": kind,
                            "deployment": deployment,
                            "human_in_loop": human,
                            "data_availability": "none",
                            "privacy": privacy,
                            "regulation": "regulated",
                            "ethics": "yes",
                            "flywheel": "yes",
                            "automated_today": True,
                        }
                    )
    for answers in variants:
        for verdict in VERDICTS:
            built = build(answers, {"verdict": verdict, "feasibility": "high"})
            ids.update(t["id"] for tasks in built.values() for t in tasks)
    ids.update(f"planning.find-out-{key.replace('_', '-')}" for key in FIND_OUT_KEYS)
    return frozenset(ids)
