"""What every phase's task list is made with: the answers as a Context, `task`, `filled`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlstart.interview.plan import FIND_OUT
from mlstart.interview.questions import NEEDS_LABELS, package_name_for

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


def snapshot_check(c: Context) -> dict[str, str]:
    """Where a versioned snapshot shows: DVC's lock file when the project chose DVC."""
    return {"path": "dvc.lock" if c.answers.get("dvc") else "data/manifest.json"}


def filled(path: str, section: str | None = None) -> dict[str, str]:
    """A check: the document (or one of its sections) has no TODO(mlstart) marker left."""
    return {"filled": f"{path}#{section}" if section else path}
