"""Why each catalogue task exists: the practice it serves and the MLOps component it belongs to.

One line per task id of `mlstart.lifecycle.catalogue`, shown by `mlstart status --why` and
`mlstart check`. Plain data with no imports, so the fast path of `status` can read it. The eight
MLOps components are the ones the course teaches; `docs/mlops.md` in a generated project maps
them to this project's files and tasks.
"""

from __future__ import annotations

COMPONENTS = (
    "data management",
    "version control",
    "automation",
    "experiment tracking",
    "CI/CD",
    "monitoring and retraining",
    "provisioning",
    "governance",
)
# The four requirements every ML system is judged by.
REQUIREMENTS = ("reliable", "scalable", "maintainable", "adaptable")

# task id -> (MLOps component, why: the practice in plain words)
WHY: dict[str, tuple[str, str]] = {
    "planning.repo": (
        "version control",
        "every change recorded and shared, so work can be reviewed, undone and reproduced",
    ),
    "planning.charter": (
        "governance",
        "a model nobody acts on creates no value: name the problem and who uses the predictions",
    ),
    "planning.metrics": (
        "governance",
        "success agreed before building: an ML metric only matters through the KPI it moves",
    ),
    "planning.baseline": (
        "experiment tracking",
        "launching without ML is fine: a rule is the first release and the bar a model must beat",
    ),
    "planning.approach": (
        "governance",
        "decide whether ML is worth its cost (value, ethics, readiness, complexity) before data",
    ),
    "planning.feasibility": (
        "governance",
        "cost grows with data needs, required accuracy (about 10x per extra nine) and difficulty",
    ),
    "planning.constraints": (
        "provisioning",
        "time, budget, latency and privacy bound what can be built and where it can run",
    ),
    "planning.ethics": (
        "governance",
        "bias, privacy and misuse are screened before any data is collected",
    ),
    "planning.review": (
        "governance",
        "personal data and regulated domains need a named review before work starts",
    ),
    "planning.incumbent": (
        "experiment tracking",
        "software 2.0: a model earns its place only by beating what already runs",
    ),
    "planning.derisk": (
        "governance",
        "a high-cost plan is de-risked first: prior work, a quick benchmark, a rule-based version",
    ),
    "planning.approval": (
        "governance",
        "success criteria agreed with every stakeholder, or the project fails on unclear goals",
    ),
    "planning.plan": (
        "governance",
        "milestones and a fallback per phase: ML progress is uneven, so plan for detours",
    ),
    "planning.find-out": (
        "governance",
        "a decision made on a guess is not a decision: find out, then decide",
    ),
    "data.sources": (
        "data management",
        "know where data comes from and who owns it before depending on it",
    ),
    "data.snapshot": (
        "version control",
        "data is versioned like code, so every model can be traced to the data it saw",
    ),
    "data.sample": (
        "CI/CD",
        "a small committed sample lets tests and CI run the whole pipeline without the real data",
    ),
    "data.report": (
        "data management",
        "understand the data (quality, target, representativeness) before modelling it",
    ),
    "data.schema": (
        "data management",
        "data tests catch silent failures: a changed column breaks a test, not the model",
    ),
    "data.labelling-guide": (
        "data management",
        "written labelling rules make labels consistent across people and over time",
    ),
    "data.labels": (
        "data management",
        "label quality bounds model quality: measure agreement on a gold set",
    ),
    "data.splits": (
        "data management",
        "frozen, disjoint splits keep the evaluation honest (no leakage between entities or time)",
    ),
    "data.privacy": (
        "governance",
        "personal data minimised and kept out of Git: privacy by default",
    ),
    "data.feedback": (
        "monitoring and retraining",
        "the data flywheel: reviewers' corrections become new labels for the next model",
    ),
    "data.pipeline": (
        "automation",
        "one command rebuilds the data: reproducible and ready to automate",
    ),
    "data.checkpoint": (
        "governance",
        "stop, collect more or go on: decided on the data report, not on hope",
    ),
    "data.datasheet": (
        "governance",
        "a datasheet records how the data was collected, with what consent, for what use",
    ),
    "training.heuristic": (
        "experiment tracking",
        "the heuristic's score is the bar: no model is worth its cost if it cannot beat it",
    ),
    "training.tracking": (
        "experiment tracking",
        "each result names its code commit and data, so any number can be reproduced",
    ),
    "training.simple": (
        "automation",
        "a simple model end to end proves the pipeline before any complex model is tried",
    ),
    "training.reproducible": (
        "version control",
        "same data and seed, same metric: results that cannot be reproduced cannot be trusted",
    ),
    "training.errors": (
        "experiment tracking",
        "error analysis shows where the model fails and what to fix next",
    ),
    "training.promotion": (
        "experiment tracking",
        "a more complex stage is kept only when it beats the simpler one by the minimum gain",
    ),
    "training.useful": (
        "governance",
        "the release reaches the lowest useful value agreed in planning, or it is not released",
    ),
    "training.tests": (
        "CI/CD",
        "tests of the training code and the model catch regressions before release",
    ),
    "training.model-card": (
        "governance",
        "a model card says what the model is for, how well it works, for whom, and its limits",
    ),
    "training.slices": (
        "governance",
        "an average can hide a group the model fails: evaluate per slice",
    ),
    "deployment.package": (
        "version control",
        "the released model carries its lineage (commit, data, metrics) to production",
    ),
    "deployment.release-plan": (
        "provisioning",
        "where it runs and how it is released, decided before release day",
    ),
    "deployment.serving": (
        "provisioning",
        "a served model answers health, predict and version: callers and operators rely on it",
    ),
    "deployment.latency": (
        "monitoring and retraining",
        "latency is part of the requirement: judge it by the slow tail (p95), not the mean",
    ),
    "deployment.load": (
        "provisioning",
        "scalable: the system holds at the expected traffic",
    ),
    "deployment.edge": (
        "provisioning",
        "on-device models must fit the size and latency budget of the device",
    ),
    "deployment.batch": (
        "automation",
        "a scheduled scoring job is the simplest reliable way to serve predictions",
    ),
    "deployment.path": (
        "provisioning",
        "predictions create value only once they reach the people or systems that act on them",
    ),
    "deployment.ci": (
        "CI/CD",
        "every push is linted and tested automatically: maintainable by more than one person",
    ),
    "deployment.monitoring": (
        "monitoring and retraining",
        "ML fails silently as data drifts: watch inputs, outputs and quality, and retrain on cue",
    ),
    "deployment.guardrail": (
        "monitoring and retraining",
        "an autonomous system needs a guardrail and a fallback for when the model is wrong",
    ),
    "deployment.review-queue": (
        "monitoring and retraining",
        "human in the loop: a person reviews predictions, and their corrections are logged",
    ),
    "deployment.rollback": (
        "CI/CD",
        "a bad model is undone in minutes: the previous one can be restored",
    ),
    "deployment.runbook": (
        "provisioning",
        "operators know how to deploy, roll back, retrain and answer each alert",
    ),
    "deployment.signoff": (
        "governance",
        "a regulated domain signs off each release",
    ),
    "deployment.report": (
        "governance",
        "the business impact is measured against the charter's KPI, not just the ML metric",
    ),
}


def why(task_id: str) -> str | None:
    """Why a catalogue task exists (its practice), or None for a task the user wrote."""
    key = "planning.find-out" if task_id.startswith("planning.find-out-") else task_id
    entry = WHY.get(key)
    return f"{entry[0]}: {entry[1]}" if entry else None


def component(task_id: str) -> str | None:
    """The MLOps component a catalogue task belongs to, or None."""
    key = "planning.find-out" if task_id.startswith("planning.find-out-") else task_id
    entry = WHY.get(key)
    return entry[0] if entry else None
