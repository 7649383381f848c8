"""The lifecycle's rules on plain data: phases, stages, statuses, validation, task lookup, gates.

Works on dicts and lists as a YAML or JSON load gives them, so `mlstart status` can apply it to a
JSON cache. Pure: no I/O. Imports no typing at run time (status start-up time; see
benchmarks/bench_status.py); the annotations are for mypy only.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]
    Task = dict[str, Any]
    Problem = tuple[tuple[Any, ...], str]

SCHEMA_VERSION = 1
FILE_NAME = "lifecycle.yaml"
PHASES = ("planning", "data", "training", "deployment")
STAGES = ("heuristic", "simple", "ml", "complex")
STATUSES = ("todo", "done", "skipped")
KINDS = ("course", "poc", "product")
DIRECTIONS = ("higher", "lower")
VERDICTS = ("not-yet", "heuristic-first", "ml-candidate")
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
PLAN_KEYS = ("verdict", "feasibility", "target_stage")
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

TASK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$")


class Invalid(ValueError):
    """Data that breaks the lifecycle schema; `problems` holds (key path, message) pairs."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0][1] if problems else "invalid")
        self.problems = problems


# --- validation ---------------------------------------------------------------------------------


def _paths(node: Any, out: list[Problem]) -> None:
    """`paths:`: relative folder names the checks follow (lifecycle.layout)."""
    if node is None:
        return
    if not isinstance(node, dict):
        out.append((("paths",), "paths must be a mapping (package, tests, data, ...)"))
        return
    _keys(node, PATH_KEYS, ("paths",), out)
    for key, value in node.items():
        bad = not isinstance(value, str) or not value.strip("/") or value.startswith("/")
        if bad or (isinstance(value, str) and ".." in value.split("/")):
            out.append((("paths", key), "a folder inside the project, e.g. src/mypkg"))


def validate(data: Any) -> None:
    """Raise Invalid listing every problem of a parsed lifecycle file (keys, values, ids)."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise Invalid([((), "the file must be a mapping of keys (schema_version, phase, ...)")])
    _keys(data, TOP_KEYS, (), problems)
    for key in REQUIRED_TOP:
        if key not in data:
            problems.append(((), f"'{key}' is missing"))
    version = data.get("schema_version")
    if "schema_version" in data and (type(version) is not int or version < 0):
        problems.append((("schema_version",), "schema_version must be a whole number"))
    _choice(data, "phase", PHASES, (), problems)
    _choice(data, "stage", STAGES, (), problems)
    if "python" in data and not (isinstance(data["python"], str) and data["python"].strip()):
        problems.append((("python",), "python must be a path (an interpreter or a venv folder)"))
    _project(data.get("project"), problems)
    _plan(data.get("plan"), problems)
    _targets(data.get("targets"), problems)
    _phases(data.get("phases"), problems)
    _history(data.get("history"), problems)
    _paths(data.get("paths"), problems)
    if data.get("ml_test_score") is not None:
        from mlstart.lifecycle.score import manual_problems  # only for files that have marks

        problems += manual_problems(data["ml_test_score"])
    if problems:
        raise Invalid(problems)


def _keys(
    node: dict[Any, Any], allowed: tuple[str, ...], at: tuple[Any, ...], out: list[Problem]
) -> None:
    for key in node:
        if key not in allowed:
            out.append(((*at, key), f"unknown key '{key}' (expected one of: {', '.join(allowed)})"))


def _choice(
    node: dict[Any, Any],
    key: str,
    choices: tuple[str, ...],
    at: tuple[Any, ...],
    out: list[Problem],
) -> None:
    if key in node and node[key] not in choices:
        out.append(((*at, key), f"{key}: '{node[key]}' is not one of: {', '.join(choices)}"))


def _mapping(node: Any, key: str, out: list[Problem]) -> bool:
    if node is None:
        return False
    if not isinstance(node, dict):
        out.append(((key,), f"'{key}' must be a mapping"))
        return False
    return True


def _project(node: Any, out: list[Problem]) -> None:
    if not _mapping(node, "project", out):
        return
    _keys(node, PROJECT_KEYS, ("project",), out)
    _choice(node, "kind", KINDS, ("project",), out)
    for key in ("name", "package"):
        _text(node, key, ("project",), out)


def _plan(node: Any, out: list[Problem]) -> None:
    if not _mapping(node, "plan", out):
        return
    _keys(node, PLAN_KEYS, ("plan",), out)
    _choice(node, "verdict", VERDICTS, ("plan",), out)
    _choice(node, "feasibility", FEASIBILITY, ("plan",), out)
    _choice(node, "target_stage", STAGES, ("plan",), out)


def _targets(node: Any, out: list[Problem]) -> None:
    if not _mapping(node, "targets", out):
        return
    at = ("targets",)
    _keys(node, TARGET_KEYS, at, out)
    _text(node, "metric", at, out)
    _choice(node, "direction", DIRECTIONS, at, out)
    for key in ("target", "min_useful", "min_gain", "latency_ms"):
        value = node.get(key)
        if value is not None and not is_number(value):
            out.append(((*at, key), f"{key} must be a number (or left empty)"))
    gain = node.get("min_gain")
    if is_number(gain) and gain < 0:
        out.append(((*at, "min_gain"), "min_gain must not be negative"))


def _text(node: dict[Any, Any], key: str, at: tuple[Any, ...], out: list[Problem]) -> None:
    if key in node and not isinstance(node[key], str):
        out.append(((*at, key), f"{key} must be text"))


def is_number(value: Any) -> bool:
    """A real number, and not a boolean (YAML's `yes` must not count as 1)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _phases(node: Any, out: list[Problem]) -> None:
    if not _mapping(node, "phases", out):
        return
    _keys(node, PHASES, ("phases",), out)
    seen: set[str] = set()
    for phase, tasks in node.items():
        if tasks is None:
            continue
        if not isinstance(tasks, list):
            out.append((("phases", phase), f"phases.{phase} must be a list of tasks"))
            continue
        for index, task in enumerate(tasks):
            _task(task, ("phases", phase, index), seen, out)


def _task(task: Any, at: tuple[Any, ...], seen: set[str], out: list[Problem]) -> None:
    if not isinstance(task, dict):
        out.append((at, "a task must be a mapping with id, title and status"))
        return
    _keys(task, TASK_KEYS, at, out)
    task_id = task.get("id")
    if not isinstance(task_id, str) or not TASK_ID.match(task_id):
        out.append(((*at, "id"), f"task id {task_id!r}: use lower-case words and dots"))
    elif task_id in seen:
        out.append(((*at, "id"), f"task id '{task_id}' is used twice"))
    else:
        seen.add(task_id)
    if not isinstance(task.get("title"), str) or not task["title"].strip():
        out.append(((*at, "title"), "every task needs a title"))
    _choice(task, "status", STATUSES, at, out)
    if "required" in task and not isinstance(task["required"], bool):
        out.append(((*at, "required"), "required must be true or false"))
    for key in ("fix", "note", "reason", "at", "by"):
        _text(task, key, at, out)
    if "forced" in task and not isinstance(task["forced"], bool):
        out.append(((*at, "forced"), "forced must be true or false"))
    if "check" in task:
        checks = task["check"]
        items = checks if isinstance(checks, list) else [checks]
        for index, check in enumerate(items):
            where = (*at, "check", index) if isinstance(checks, list) else (*at, "check")
            _check(check, where, out)


def _check(check: Any, at: tuple[Any, ...], out: list[Problem]) -> None:
    if not isinstance(check, dict):
        out.append((at, f"a check is a mapping such as {{path: docs/charter.md}}; got {check!r}"))
        return
    kinds = [k for k in check if k in CHECK_KINDS]
    if len(kinds) != 1:
        names = ", ".join(CHECK_KINDS)
        out.append((at, f"a check needs exactly one kind of: {names}"))
        return
    kind = kinds[0]
    _keys(check, (kind, *CHECK_KINDS[kind]), at, out)
    problem = check_value_problem(kind, check)
    if problem:
        out.append(((*at, kind), problem))


def check_value_problem(kind: str, check: dict[str, Any]) -> str | None:
    """Why the value of a check is unusable, or None."""
    value = check[kind]
    if kind == "git":
        return None if value in GIT_CHECKS else f"git: expected one of {', '.join(GIT_CHECKS)}"
    if kind == "no_large_files":
        return None if is_number(value) and value > 0 else "no_large_files: a size in MB"
    if kind in ("cmd", "config"):
        return None if isinstance(value, str) and value.strip() else f"{kind}: expected text"
    paths = [value] + ([check["over"]] if kind == "beats" else [])
    if "file" in check:
        paths.append(check["file"])
    for path in paths:
        problem = path_problem(path)
        if problem:
            return problem
    if "fields" in check and not (
        isinstance(check["fields"], list) and all(isinstance(f, str) for f in check["fields"])
    ):
        return "fields: expected a list of key names"
    if "useful" in check and not isinstance(check["useful"], bool):
        return "useful: expected true or false"
    return None


def path_problem(path: Any) -> str | None:
    """Why a path in a check is unusable: checks only look inside the project."""
    if not isinstance(path, str) or not path.strip():
        return f"expected a path inside the project, got {path!r}"
    plain = path.split("#", 1)[0].replace("\\", "/")
    if plain.startswith("/") or re.match(r"^[A-Za-z]:", plain) or ".." in plain.split("/"):
        return f"'{path}': checks only look inside the project (a relative path, no '..')"
    return None


def _history(node: Any, out: list[Problem]) -> None:
    if node is None:
        return
    if not isinstance(node, list):
        out.append((("history",), "history must be a list of events"))
        return
    for index, event in enumerate(node):
        at = ("history", index)
        if not isinstance(event, dict):
            out.append((at, "an event must be a mapping with at, event and by"))
            continue
        _keys(event, EVENT_KEYS, at, out)
        _choice(event, "event", EVENTS, at, out)
        if "event" not in event:
            out.append((at, "an event needs an 'event' key"))


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
