"""Whether lifecycle.yaml's content is valid: the schema, checked key by key with its path."""

from __future__ import annotations

import re

from mlstart.lifecycle.model import (
    ARCHETYPES,
    CHECK_KINDS,
    DIRECTIONS,
    DRIVERS,
    EVENT_KEYS,
    EVENTS,
    FEASIBILITY,
    GIT_CHECKS,
    KINDS,
    PATH_KEYS,
    PHASES,
    PLAN_KEYS,
    PROJECT_KEYS,
    REQUIRED_TOP,
    STAGES,
    STATUSES,
    TARGET_KEYS,
    TASK_KEYS,
    TOP_KEYS,
    VERDICTS,
    is_number,
)

TASK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$")

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: `mlstart status` reads this module
    from typing import Any

    Problem = tuple[tuple[Any, ...], str]  # (key path, message)


class Invalid(ValueError):
    """Data that breaks the lifecycle schema; `problems` holds (key path, message) pairs."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0][1] if problems else "invalid")
        self.problems = problems


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
    _choice(node, "archetype", ARCHETYPES, ("plan",), out)
    drivers = node.get("drivers")
    if drivers is not None and not isinstance(drivers, dict):
        problem = "'drivers' must be a mapping (data, accuracy, difficulty)"
        out.append((("plan", "drivers"), problem))
    elif drivers:
        _keys(drivers, DRIVERS, ("plan", "drivers"), out)
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
