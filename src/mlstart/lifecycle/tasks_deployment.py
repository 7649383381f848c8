"""The deployment phase's tasks: serving or batch scoring, monitoring, operations."""

from __future__ import annotations

from mlstart.lifecycle.taskkit import MODEL, Context, Task, filled, task

# --- deployment ---------------------------------------------------------------------------------


def deployment(c: Context) -> list[Task]:
    """Deployment and monitoring (reference b.6, DEP-01..12), shaped by how predictions run."""
    tasks = [
        task(
            "deployment.package",
            "Model packaged with its lineage (commit, data hash, metrics) in models/model.json",
            {"path": "models/model.json"},
            required=not c.course,
        ),
        task(
            "deployment.release-plan",
            "Deployment plan: where it runs, how it is released",
            filled("docs/deploy/deployment_plan.md"),
            required=False,
        ),
    ]
    tasks += _serving(c)
    tasks += [
        task(
            "deployment.ci",
            "CI runs lint and tests on every push",
            {"path": ".github/workflows/ci.yml"},
        ),
        task(
            "deployment.monitoring",
            "Monitoring and retraining plan: drift, staleness, triggers",
            filled("docs/deploy/monitoring_plan.md"),
        ),
    ]
    tasks += _operations(c)
    tasks.append(
        task(
            "deployment.report",
            "Business impact measured against the charter; final report written",
            filled("docs/exit_report.md"),
        )
    )
    return tasks


def _serving(c: Context) -> list[Task]:
    budget = f"{c.latency} ms" if isinstance(c.latency, int) else "the budget"
    if c.deployment == "realtime":
        return [
            task(
                "deployment.serving",
                "Serving API answers health, predict and version",
                [
                    {"path": f"src/{c.pkg}/serving/app.py"},
                    {"path": MODEL},  # a model trained on the team's data
                    {"cmd": "python -m pytest -q tests/test_serving.py"},
                ],
            ),
            task(
                "deployment.latency",
                f"Latency test: p95 per prediction under {budget}",
                {"cmd": "python -m pytest -q tests/test_latency.py"},
            ),
            task(
                "deployment.load",
                "Load test at the expected throughput",
                required=c.product,
            ),
        ]
    if c.deployment == "edge":
        return [
            task(
                "deployment.edge",
                f"Edge export within the size budget; on-device latency under {budget}",
                [
                    {"path": f"src/{c.pkg}/edge/export.py"},
                    {"path": MODEL},  # a model trained on the team's data
                    {"cmd": "python -m pytest -q tests/test_export.py"},
                ],
            )
        ]
    if c.deployment == "batch":
        return [
            task(
                "deployment.batch",
                "Batch scoring job runs on the sample and writes its predictions",
                [
                    {"path": f"src/{c.pkg}/batch/score.py"},
                    {"path": MODEL},  # a model trained on the team's data
                    {"cmd": "python -m pytest -q tests/test_score.py"},
                ],
            )
        ]
    return [task("deployment.path", "Serving path chosen and built (batch, real-time or edge)")]


def _operations(c: Context) -> list[Task]:
    tasks = []
    if c.human == "autonomous":
        tasks.append(
            task(
                "deployment.guardrail",
                "Guardrail and fallback for autonomous decisions, exercised in a test",
            )
        )
    elif c.human == "review":
        tasks.append(
            task(
                "deployment.review-queue",
                "Review queue and fallback path exercised; reviewers' feedback logged",
                required=c.product,
            )
        )
    tasks.append(
        task(
            "deployment.rollback",
            "Rollback rehearsed: the previous model can be restored",
            required=c.product,
        )
    )
    if not c.course:
        tasks.append(
            task(
                "deployment.runbook",
                "Runbook: deploy, roll back, retrain, answer each alert; named owners",
                filled("docs/deploy/runbook.md"),
                required=c.product,
            )
        )
    if c.regulated:
        tasks.append(task("deployment.signoff", "Release signed off for the regulated domain"))
    return tasks
