"""The task catalogue: which tasks each phase gets, built from the interview's answers.

Drawn from the reference lifecycle (planning PLN, data DAT, training TRN, deployment DEP). The
answers shape the list: missing labels add labelling tasks, real-time serving adds latency and
load tasks with the budget, batch adds a scoring job, privacy or regulation adds review and
sign-off tasks, a human in the loop adds a feedback loop, every "don't know" adds a "find out"
task, and a course project gets a lighter list than a product. Pure: no I/O.

The paths the checks look at are the generated project's layout (docs/lifecycle.md lists them);
documents carry `TODO(mlstart)` markers where they are not filled in yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlstart.core.limits import LARGE_FILE_MB
from mlstart.interview.plan import FIND_OUT, VERDICTS, find_out
from mlstart.interview.questions import NEEDS_LABELS, UNKNOWN, package_name_for

Task = dict[str, Any]

CHARTER = "docs/charter.md"
METRICS_DIR = "reports/metrics"
MODEL = "models/model.json"
FIND_OUT_KEYS = tuple(key for key, _what in FIND_OUT)


class Context:
    """The facts about a project that decide its task list, read once from the answers."""

    def __init__(self, answers: Mapping[str, Any], derived: Mapping[str, Any]):
        self.answers = answers
        self.kind = str(answers.get("project_kind", "course"))
        self.pkg = str(
            answers.get("package_name")
            or package_name_for(str(answers.get("project_name", "ml-project")))
        )
        self.metric = str(answers.get("metric", "metric"))
        self.direction = str(derived.get("metric_direction", "higher"))
        self.min_gain = answers.get("min_gain", 0.01)
        self.labels = answers.get("data_availability") in NEEDS_LABELS
        self.deployment = str(answers.get("deployment", "batch"))
        self.latency = answers.get("latency_ms")
        self.privacy = answers.get("privacy") in ("personal", "sensitive")
        self.regulated = answers.get("regulation") == "regulated"
        self.harm = answers.get("ethics") == "yes"
        self.human = str(answers.get("human_in_loop", "review"))
        self.flywheel = answers.get("flywheel") == "yes"
        self.automated = bool(answers.get("automated_today", False))
        self.verdict = str(derived.get("verdict", "ml-candidate"))
        self.feasibility = str(derived.get("feasibility", "medium"))
        self.target_stage = str(derived.get("target_stage", "simple"))

    @property
    def product(self) -> bool:
        return self.kind == "product"

    @property
    def course(self) -> bool:
        return self.kind == "course"

    @property
    def flagged(self) -> bool:
        """Privacy, regulation or possible harm was flagged: reviews become required."""
        return self.privacy or self.regulated or self.harm

    @property
    def heuristic_first(self) -> bool:
        return self.verdict != "ml-candidate"


def task(
    task_id: str,
    title: str,
    check: Any = None,
    fix: str | None = None,
    *,
    required: bool = True,
) -> Task:
    """One task as it is written to lifecycle.yaml (status todo)."""
    entry: Task = {"id": task_id, "title": title, "required": required}
    if check is not None:
        entry["check"] = check
    if fix:
        entry["fix"] = fix
    entry["status"] = "todo"
    return entry


def _snapshot(c: Context) -> dict[str, str]:
    """Where a versioned snapshot shows: DVC's lock file when the project chose DVC."""
    return {"path": "dvc.lock" if c.answers.get("dvc") else "data/manifest.json"}


def filled(path: str, section: str | None = None) -> dict[str, str]:
    """A check: the document (or one of its sections) has no TODO(mlstart) marker left."""
    return {"filled": f"{path}#{section}" if section else path}


def build(answers: Mapping[str, Any], derived: Mapping[str, Any]) -> dict[str, list[Task]]:
    """The tasks of every phase, in order, for these answers and this plan."""
    c = Context(answers, derived)
    return {
        "planning": planning(c),
        "data": data(c),
        "training": training(c),
        "deployment": deployment(c),
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


# --- planning -----------------------------------------------------------------------------------


def planning(c: Context) -> list[Task]:
    """Planning and scoping (reference b.3, PLN-01..11), plus one task per "don't know"."""
    tasks = [
        task(
            "planning.repo",
            "Repository set up: committed, remote set, pushed",
            [{"git": "commits"}, {"git": "remote"}, {"git": "pushed"}],
            "`mlstart publish` sets the remote and pushes (`mlstart doctor` checks the set-up)",
        ),
        task(
            "planning.charter",
            "Charter written: problem, users and the decision predictions feed",
            [filled(CHARTER, "Background"), filled(CHARTER, "Users")],
        ),
        task(
            "planning.metrics",
            f"Success metrics defined: the KPI, {c.metric} ({c.direction} is better), "
            f"target and minimum gain {c.min_gain}",
            [filled("docs/metrics.md"), {"config": "targets.metric"}],
        ),
        task(
            "planning.baseline",
            "Baseline decided: a heuristic to beat, runnable from day one",
            {"path": f"src/{c.pkg}/baseline.py"},
            f"write the heuristic in src/{c.pkg}/baseline.py",
        ),
        task(
            "planning.approach",
            f"Decision recorded: ML, heuristic first, or stop (the plan says {c.verdict})",
            filled("docs/decisions/0001-approach.md"),
        ),
        task(
            "planning.feasibility",
            f"Feasibility assessed: data, accuracy and difficulty (plan: {c.feasibility} cost)",
            filled(CHARTER, "Feasibility"),
            required=c.product,
        ),
        task(
            "planning.constraints",
            "Constraints recorded: deadline, budget, latency, privacy",
            filled(CHARTER, "Constraints"),
            required=c.product,
        ),
        task(
            "planning.ethics",
            "Ethics and privacy screen: each risk with an owner and a mitigation",
            filled("docs/risks.md"),
            required=c.flagged or c.product,
        ),
    ]
    tasks += _planning_conditional(c)
    tasks.append(
        task(
            "planning.plan",
            f"Plan: milestones per phase, first target stage {c.target_stage}, a fallback",
            filled(CHARTER, "Plan"),
            required=False,
        )
    )
    tasks += _find_outs(c)
    return tasks


def _planning_conditional(c: Context) -> list[Task]:
    tasks = []
    if c.flagged:
        flags = (("privacy", c.privacy), ("regulation", c.regulated), ("ethics", c.harm))
        what = ", ".join(w for w, on in flags if on)
        tasks.append(
            task(
                "planning.review",
                f"Review of {what} done and signed off",
                fix="get the review, then "
                "`mlstart done planning.review --note 'signed off by ...'`",
            )
        )
    if c.automated:
        tasks.append(
            task(
                "planning.incumbent",
                "What runs today is described and will be measured as the baseline to beat",
                filled(CHARTER, "Baseline"),
                required=False,
            )
        )
    if c.feasibility == "high":
        tasks.append(
            task(
                "planning.derisk",
                "De-risk first: literature, a quick labelled benchmark, a rule-based version",
                required=False,
            )
        )
    if not c.course:
        tasks.append(
            task(
                "planning.approval",
                "Stakeholders agree on the charter and the success criteria",
                fix="record who agreed: `mlstart done planning.approval --note 'approved by ...'`",
                required=c.product,
            )
        )
    return tasks


def _find_outs(c: Context) -> list[Task]:
    return [
        task(
            f"planning.find-out-{key.replace('_', '-')}",
            f"Find out {what}",
            fix=f"find it out, then `mlstart done planning.find-out-{key.replace('_', '-')} "
            "--note '...'`",
        )
        for key, what in find_out(c.answers)
    ]


# --- data ---------------------------------------------------------------------------------------


def data(c: Context) -> list[Task]:
    """Data collection, labelling, understanding and preparation (reference b.4, DAT-01..10)."""
    report = "docs/data/data_report.md"
    split = "time-ordered " if c.answers.get("data_change") == "fast" else ""
    tasks = [
        task(
            "data.sources",
            "Sources inventoried with owners; access granted",
            filled(report, "Sources"),
            required=False,
        ),
        task(
            "data.snapshot",
            f"Raw snapshot versioned (hashes in data/manifest.json); no data over "
            f"{LARGE_FILE_MB:g} MB in Git",
            [_snapshot(c), {"no_large_files": LARGE_FILE_MB}],
            "hash the raw files into data/manifest.json; keep data in DVC or Git LFS",
        ),
        task(
            "data.sample",
            "Small committed sample for tests and CI",
            {"path": "data/sample"},
            required=False,
        ),
        task(
            "data.report",
            "Data report: quality, target, variables, representativeness",
            filled(report),
            required=c.product,
        ),
        task(
            "data.schema",
            "Schema and expectation tests pass on the snapshot and the sample",
            [
                {"path": "tests/test_data_contract.py"},
                {"changed": "configs/schema.json"},  # the schema describes the team's data
                {"cmd": "python -m pytest -q tests/test_data_contract.py"},
            ],
        ),
    ]
    tasks += _labels(c)
    tasks.append(
        task(
            "data.splits",
            f"Splits frozen ({split}train/validation/test), disjoint, no leakage",
            {"path": "data/splits.json"},
            "write the split rule and ids to data/splits.json and test they are disjoint",
        )
    )
    tasks += _data_conditional(c)
    return tasks


def _labels(c: Context) -> list[Task]:
    if not c.labels:
        return []
    who = str(c.answers.get("labelling", UNKNOWN)).replace("_", " ")
    return [
        task(
            "data.labelling-guide",
            f"Labelling guide written (labellers: {who})",
            filled("docs/data/labeling_guide.md"),
        ),
        task(
            "data.labels",
            "Labels: gold set labelled twice, agreement measured, label set versioned",
            {"path": "reports/labels/agreement.json", "fields": ["data_hash"]},
            "label a gold set twice and write the agreement to reports/labels/agreement.json",
        ),
    ]


def _data_conditional(c: Context) -> list[Task]:
    tasks = []
    if c.privacy:
        checks: list[Any] = [{"no_large_files": LARGE_FILE_MB}]
        title = "Personal data flagged, minimised or pseudonymised; access listed; none in Git"
        if c.product:  # a product documents consent in its datasheet; one task covers both
            checks.append(filled("docs/data/datasheet.md"))
            title += "; datasheet written"
        tasks.append(task("data.privacy", title, checks))
    if c.human == "review" or c.flywheel:
        who = "usage (the data flywheel)" if c.flywheel else "reviewers' corrections"
        tasks.append(
            task(
                "data.feedback",
                f"Feedback loop: labels from {who} are logged and join the training data",
                filled("docs/data/data_report.md", "Feedback"),
                required=False,
            )
        )
    tasks.append(
        task(
            "data.pipeline",
            "One command rebuilds the processed data from the snapshot",
            {"cmd": "make data"},
            required=False,
        )
    )
    tasks.append(
        task(
            "data.checkpoint",
            "Data checkpoint decided: proceed, collect more, reframe or stop",
            filled("docs/decisions/0002-data-checkpoint.md"),
        )
    )
    if c.product and not c.privacy:
        tasks.append(
            task(
                "data.datasheet",
                "Datasheet: motivation, composition, collection, consent",
                filled("docs/data/datasheet.md"),
                required=False,
            )
        )
    return tasks


# --- training -----------------------------------------------------------------------------------


def training(c: Context) -> list[Task]:
    """Training and debugging (reference b.5, TRN-01..11) and the stage ladder's checks."""
    heuristic = f"{METRICS_DIR}/heuristic.json"
    released = f"{METRICS_DIR}/{c.target_stage}.json"
    ml = not c.heuristic_first
    tasks = [
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
