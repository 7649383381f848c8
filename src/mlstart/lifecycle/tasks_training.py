"""The training phase's tasks, and the checks of the stage ladder."""

from __future__ import annotations

from mlstart.lifecycle.taskkit import METRICS_DIR, Context, Task, filled, task

# --- training -----------------------------------------------------------------------------------


def _training_first(c: Context) -> list[Task]:
    """The tasks that open the training phase, in order; `training` adds the rest."""
    heuristic = f"{METRICS_DIR}/heuristic.json"
    ml = not c.heuristic_first
    return [
        task(
            "training.heuristic",
            f"Heuristic baseline measured: {c.metric} in {heuristic}",
            {"metric": heuristic},
            "run the evaluation of the baseline; it writes the metrics file",
        ),
        task(
            "training.tracking",
            "Runs tracked: every metrics file records its commit and data hash",
            [{"metric": heuristic, "fields": ["commit", "data_hash"]}]
            + ([{"path": "mlruns"}] if c.answers.get("mlflow") else []),
            required=False,
        ),
        task(
            "training.simple",
            f"Simple model trained end to end: {c.metric} in {METRICS_DIR}/simple.json",
            {"metric": f"{METRICS_DIR}/simple.json"},
            required=ml,
        ),
        task(
            "training.reproducible",
            "Reproducible: the same data and seed give the same metric",
            [
                {"metric": heuristic, "fields": ["data_hash"]},  # measured on the team's data
                {"cmd": "python -m pytest -q tests/test_reproducibility.py"},
            ],
        ),
    ]


def training(c: Context) -> list[Task]:
    """Training and debugging (reference b.5, TRN-01..11) and the stage ladder's checks."""
    released = f"{METRICS_DIR}/{c.target_stage}.json"
    ml = not c.heuristic_first
    tasks = [
        *_training_first(c),
        task(
            "training.errors",
            "Error analysis: the worst cases and slices written up",
            filled("docs/model/model_report.md", "Error analysis"),
            required=False,
        ),
        task(
            "training.promotion",
            f"Promotion check: the next stage beats the current one by {c.min_gain} {c.metric}",
            {"promotion": METRICS_DIR},
            "improve the candidate, or stay on the simpler stage (that is a result too)",
            required=ml,
        ),
        task(
            "training.useful",
            f"The model to release ({c.target_stage}) reaches the minimum useful {c.metric}",
            {"metric": released, "useful": True},
        ),
        task(
            "training.tests",
            "The project's tests pass (training smoke test, model regression test)",
            [{"changed": "tests"}, {"cmd": "python -m pytest -q"}],  # the team's tests too
            required=not c.course,
        ),
        task(
            "training.model-card",
            "Model card: intended use, data, metrics by slice, limits",
            filled("docs/model/model_card.md"),
            required=c.product or c.flagged,
        ),
    ]
    if c.product or c.flagged:
        tasks.append(
            task(
                "training.slices",
                "Per-slice evaluation: no group left behind",
                {"path": "reports/eval/slices.json"},
                required=c.flagged,
            )
        )
    return tasks
