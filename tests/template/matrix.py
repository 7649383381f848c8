"""The answers that shape the generated tree, as one table, and the helpers that render it.

task type × deployment mode is crossed in full (every pair is valid); data availability and
project kind are cycled along the rows, and so are the fields that change file contents only
(input kind, baseline, metric, data change), so every value appears and the count stays small.
Shared by the template tests and benchmarks/bench_render.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mlstart.interview.plan import TEMPLATE_KEYS, derive
from mlstart.interview.questions import BASELINES_BY_TASK, METRICS_BY_TASK, QUESTIONS, TASK_TYPES

TEMPLATE = Path(__file__).resolve().parents[2] / "template"
DEPLOYMENTS = ("batch", "realtime", "edge", "undecided")
AVAILABILITY = ("labelled", "partial", "unlabelled", "none", "unknown")
KINDS = ("course", "poc", "product")
INPUTS = ("tabular", "text", "time_series", "image", "other")
CHANGES = ("static", "slow", "fast", "unknown")
PRIVACY = ("none", "personal", "sensitive", "unknown")
PHASES = ("planning", "data", "training", "deployment", "all")


def complete(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Every question answered: the override where given, else the question's default.

    Questions whose `when` does not hold are left out (as mlstart leaves them out)."""
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        if not question.applies(answers):
            continue
        answers[question.key] = overrides.get(question.key, question.default_for(answers))
    return answers


def hidden(answers: Mapping[str, Any], phase: str) -> dict[str, Any]:
    """The hidden values mlstart passes to the template (from src/mlstart/plan.py)."""
    plan = derive(answers)
    return {**{key: plan[key] for key in TEMPLATE_KEYS}, "phase": phase}


def rows() -> list[dict[str, Any]]:
    """The matrix: one answer set per row (24 rows)."""
    table = []
    cycle = itertools.count()
    for task, deployment in itertools.product(TASK_TYPES, DEPLOYMENTS):
        i = next(cycle)
        metrics = METRICS_BY_TASK[task]
        baselines = BASELINES_BY_TASK[task]
        overrides: dict[str, Any] = {
            "project_name": f"{task}-{deployment}",
            "task_type": task,
            "deployment": deployment,
            "data_availability": AVAILABILITY[i % len(AVAILABILITY)],
            "project_kind": KINDS[i % len(KINDS)],
            "input_kind": "time_series" if task == "forecasting" else INPUTS[i % len(INPUTS)],
            "metric": metrics[i % len(metrics)],
            "baseline_kind": baselines[(i // 4) % len(baselines)],
            "data_change": CHANGES[i % len(CHANGES)],
            "privacy": PRIVACY[(i // 3) % len(PRIVACY)],
            "license": ("MIT", "Apache-2.0", "BSD-3-Clause", "Proprietary")[i % 4],
            "heuristic": ("enough", "baseline", "no", "unknown")[(i // 2) % 4],
        }
        if deployment in ("realtime", "edge"):
            overrides["latency_ms"] = "unknown" if i % 5 == 0 else 500
        table.append(complete(overrides))
    return table


def row_id(answers: Mapping[str, Any]) -> str:
    """A short test id for a row."""
    return "-".join(
        str(answers[k])
        for k in ("task_type", "deployment", "data_availability", "project_kind", "input_kind")
    )


def render(dest: Path, answers: Mapping[str, Any], phase: str = "planning") -> Path:
    """Render the template the way `mlstart new` does (answers plus hidden values as data)."""
    import copier

    copier.run_copy(
        str(TEMPLATE),
        str(dest),
        data={**answers, **hidden(answers, phase)},
        defaults=True,
        unsafe=False,
        quiet=True,
    )
    return dest
