"""The lifecycle's rules on plain data: phases, stages, statuses, validation, task lookup, gates.

Works on dicts and lists as a YAML or JSON load gives them, so `mlstart status` can apply it to a
JSON cache. Pure: no I/O. Imports no typing at run time (status start-up time; see
benchmarks/bench_status.py); the annotations are for mypy only.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]
    Task = dict[str, Any]

SCHEMA_VERSION = 1

# The comment at the top of every lifecycle.yaml mlstart writes.
HEADER = """\
# Where this project stands: phase, stage, tasks and their history (mlstart).
# Edit by hand or with `mlstart done/skip/reopen/advance/back`; mlstart keeps your comments and
# key order. A task with a `check` counts as done when its check passes (`mlstart check`).
"""
FILE_NAME = "lifecycle.yaml"
PHASES = ("planning", "data", "training", "deployment")
STAGES = ("heuristic", "simple", "ml", "complex")
STATUSES = ("todo", "done", "skipped")
KINDS = ("course", "poc", "product")
DIRECTIONS = ("higher", "lower")
VERDICTS = ("not-yet", "not-warranted", "heuristic-first", "ml-candidate")
ARCHETYPES = ("software-2.0", "human-in-the-loop", "autonomous")
DRIVERS = ("data", "accuracy", "difficulty")
FEASIBILITY = ("low", "medium", "high")
_EVENTS = (
    "created done skipped reopened advanced back promoted refreshed migrated note demoted scored"
)
EVENTS: tuple[str, ...] = tuple(_EVENTS.split())
GIT_CHECKS = ("commits", "remote", "pushed")
MARKER = "TODO(mlstart)"

TOP_KEYS = (
    "schema_version",
    "project",
    "phase",
    "stage",
    "plan",
    "targets",
    "python",  # the interpreter or venv for `check --run` when the project has no .venv
    "phases",
    "history",
    "ml_test_score",
    "paths",  # where the project keeps code, tests, data... (lifecycle.layout)
)
PATH_KEYS = ("package", "tests", "data", "reports", "models", "configs")
REQUIRED_TOP = ("schema_version", "phase", "stage", "phases")
PROJECT_KEYS = ("name", "kind", "package")
PLAN_KEYS = (
    "verdict",
    "reasons",
    "notes",
    "archetype",
    "advice",
    "drivers",
    "feasibility",
    "target_stage",
)
TARGET_KEYS = ("metric", "direction", "target", "min_useful", "min_gain", "latency_ms")
# `forced`: an override, done although the check failed (with a reason)
_TASK_KEYS = "id title required status check fix why note reason at by forced"
TASK_KEYS: tuple[str, ...] = tuple(_TASK_KEYS.split())
EVENT_KEYS = (
    "at",
    "event",
    "by",
    "note",
    "reason",
    "task",
    "from",
    "to",
    "forced",
    "blockers",
    "added",
    "removed",
    "reopened",
)
# check kind -> the extra keys it accepts next to its own
CHECK_KINDS: dict[str, tuple[str, ...]] = {
    "path": ("fields",),  # fields: keys a .json result must record (e.g. data_hash)
    "changed": (),  # the file (or folder) differs from the template's rendering
    "filled": (),
    "git": (),
    "no_large_files": (),
    "metric": ("fields", "useful"),
    "beats": ("over",),
    "promotion": (),
    "config": ("file",),
    "cmd": (),
}
# Checks that `mlstart status` never evaluates itself: they cost a git call or run code.
DEEP_CHECKS = frozenset({"no_large_files", "cmd"})


def is_number(value: Any) -> bool:
    """A real number, and not a boolean (YAML's `yes` must not count as 1)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


# --- reading ------------------------------------------------------------------------------------


def tasks_of(data: Data, phase: str) -> list[Task]:
    """The tasks of one phase, in file order (an empty phase gives [])."""
    phases = data.get("phases") or {}
    return list(phases.get(phase) or [])


def all_tasks(data: Data) -> list[tuple[str, Task]]:
    """(phase, task) for every task, phases in lifecycle order."""
    return [(phase, task) for phase in PHASES for task in tasks_of(data, phase)]


def checks_of(task: Task) -> list[dict[str, Any]]:
    """The task's checks as a list (a single mapping in the file is one check)."""
    check = task.get("check")
    if check is None:
        return []
    return list(check) if isinstance(check, list) else [check]


def find_task(data: Data, query: str) -> tuple[str, Task] | list[str]:
    """The (phase, task) a typed id names; else the list of candidate ids (none or several).

    Tried in order, the first rule with exactly one match wins: the whole id, the id without
    its phase (`labels`), a start of the id (`data.lab`), a start of the id without its phase
    (`lab`). When no rule finds exactly one, the candidates of the first rule with any are given.
    """
    query = query.strip().lower()
    tasks = all_tasks(data)
    candidates: list[str] = []
    for rule in range(4):
        hits = [(p, t) for p, t in tasks if _matches(rule, t["id"], query)]
        if len(hits) == 1:
            return hits[0]
        candidates = candidates or [t["id"] for _p, t in hits]
    return candidates


def _matches(rule: int, task_id: str, query: str) -> bool:
    name = task_id if rule in (0, 2) else task_id.split(".", 1)[-1]
    return name == query if rule < 2 else name.startswith(query)


def next_phase(phase: str) -> str | None:
    """The phase after this one, or None after deployment."""
    index = PHASES.index(phase)
    return PHASES[index + 1] if index + 1 < len(PHASES) else None


def next_stage(stage: str) -> str | None:
    """The stage after this one on the ladder, or None after complex."""
    index = STAGES.index(stage)
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


# --- progress and gates -------------------------------------------------------------------------


def effective_status(task: Task, evidence: str | None) -> tuple[str, str]:
    """(status, how it was decided): a task marked by hand keeps its mark, else its check decides.

    `evidence` is 'ok', 'fail', 'unknown' or None (no check). Returns ('done', 'check') when a
    passing check completes a task nobody marked; ('done', 'override') for a mark the evidence
    does not back (forced, or its check fails now).
    """
    status = task.get("status", "todo")
    if status == "done" and (task.get("forced") or evidence == "fail"):
        return status, "override"
    if status in ("done", "skipped"):
        return status, "hand"
    if evidence == "ok":
        return "done", "check"
    return "todo", "check" if evidence else "hand"


def blocks_gate(task: Task, status: str) -> bool:
    """Whether a task holds the gate shut: required, and neither done nor skipped with a reason."""
    if not task.get("required", False):
        return False
    if status == "done":
        return False
    return not (status == "skipped" and str(task.get("reason", "")).strip())
