"""Lifecycle use cases: done, skip, reopen, advance (phase or stage), back, log and check.

Each one finds the project from a folder inside it, changes lifecycle.yaml through the store's
single writer (lock, round trip, atomic replace), and records an event with time and author.
They return plain data for the CLI to print; they never print.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mlstart.core.errors import GateBlockedError, MlstartError, TaskError
from mlstart.lifecycle import gitstate, model, store
from mlstart.lifecycle.evidence import Evidence
from mlstart.workflow.status import build_report

PROGRESS_KEYS = ("at", "by", "note", "reason")


def event(kind: str, author: str, **fields: Any) -> Any:
    """A history event node (ruamel is imported only by commands that write)."""
    from mlstart.lifecycle.document import event as make_event

    return make_event(kind, author, **fields)


def now() -> str:
    """The current local time for task progress fields."""
    from mlstart.lifecycle.document import now as current

    return current()


def _root(start: str | Path) -> str:
    return store.find_root_str(os.fspath(start))


def _locate(doc: Any, plain: dict[str, Any], query: str) -> tuple[str, Any]:
    """(phase, round-trip task node) for a typed task id; TaskError when it names no one task."""
    found = model.find_task(plain, query)
    if isinstance(found, list):
        if not found:
            raise TaskError(f"no task matches '{query}'", "`mlstart status --all` lists the ids")
        listed = ", ".join(found[:8]) + (" ..." if len(found) > 8 else "")
        raise TaskError(f"'{query}' matches several tasks: {listed}", "type more of the id")
    phase, task = found
    for node in doc["phases"][phase]:
        if node["id"] == task["id"]:
            return phase, node
    raise TaskError(f"task '{task['id']}' vanished while it was being changed")


def _set_progress(node: Any, **values: Any) -> None:
    """Replace a task's progress fields: status first, then what is given (others removed)."""
    for key in PROGRESS_KEYS:
        if key in node and key not in values:
            del node[key]
    for key, value in values.items():
        if value is not None:
            node[key] = value


def _history(doc: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    if doc.get("history") is None:
        doc["history"] = CommentedSeq()
    return doc["history"]


# --- tasks --------------------------------------------------------------------------------------


def mark_done(start: str | Path, query: str, note: str | None = None) -> dict[str, Any]:
    """Mark a task done by hand. Returns the task id and what its check still misses, if any."""
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        phase, node = _locate(doc, plain, query)
        _set_progress(node, status="done", at=now(), by=who, note=note)
        _history(doc).append(event("done", who, task=node["id"], note=note))
        _verdict, results = Evidence(root, plain).task(plain_task(plain, node["id"]))
        missing = [r["missing"] for r in results if r["state"] == "fail"]
        return {"id": node["id"], "phase": phase, "status": "done", "check_missing": missing}

    return store.edit(root, change)


def plain_task(plain: dict[str, Any], task_id: str) -> dict[str, Any]:
    """The plain form of the task with this id (it exists)."""
    return next(t for _p, t in model.all_tasks(plain) if t["id"] == task_id)


def skip(start: str | Path, query: str, reason: str) -> dict[str, Any]:
    """Skip a task with a reason (a skipped required task no longer blocks its gate)."""
    if not reason.strip():
        raise MlstartError("a skip needs a reason", "mlstart skip TASK --reason 'why'")
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        phase, node = _locate(doc, plain, query)
        _set_progress(node, status="skipped", at=now(), by=who, reason=reason)
        _history(doc).append(event("skipped", who, task=node["id"], reason=reason))
        return {"id": node["id"], "phase": phase, "status": "skipped"}

    return store.edit(root, change)


def reopen(start: str | Path, query: str, note: str | None = None) -> dict[str, Any]:
    """Put a task back to todo (its check, if it has one, decides again)."""
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        phase, node = _locate(doc, plain, query)
        _set_progress(node, status="todo")
        _history(doc).append(event("reopened", who, task=node["id"], note=note))
        return {"id": node["id"], "phase": phase, "status": "todo"}

    return store.edit(root, change)


# --- phases -------------------------------------------------------------------------------------


def advance(start: str | Path, *, force: bool = False, reason: str | None = None) -> dict[str, Any]:
    """Move to the next phase when its gate holds; `force` with a reason records an override.

    After the move, the next phase's part of the template is brought in (when the template
    module of this version provides it). Raises GateBlockedError listing the blockers.
    """
    if force and not (reason or "").strip():
        raise MlstartError("--force needs --reason: overrides are recorded with their reason")
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        current = plain["phase"]
        following = model.next_phase(current)
        if following is None:
            raise MlstartError(f"{current} is the last phase", "there is no phase to advance to")
        report = build_report(root, plain, Evidence(root, plain, deep=True))
        blockers = report["gate"]["blockers"]
        if blockers and not force:
            raise _blocked(current, following, blockers)
        doc["phase"] = following
        ids = [b["id"] for b in blockers]
        _history(doc).append(
            event(
                "advanced",
                who,
                **{"from": current, "to": following},
                forced=force or None,
                reason=reason,
                blockers=ids,
            )
        )
        return {"from": current, "to": following, "forced": bool(blockers), "blockers": ids}

    result = store.edit(root, change)
    result["files"] = bring_phase_files(root, result["to"])
    return result


def _blocked(current: str, following: str, blockers: list[dict[str, Any]]) -> GateBlockedError:
    lines = [f"the gate {current} -> {following} does not hold; {len(blockers)} required:"]
    for task in blockers:
        lines.append(f"  {task['id']}: {task['title']}")
        lines += [f"      missing: {m}" for m in task["missing"][:2]]
        if task.get("fix"):
            lines.append(f"      fix: {task['fix']}")
    return GateBlockedError(
        "\n".join(lines),
        "finish them, `mlstart skip TASK --reason ...`, or `mlstart advance --force --reason ...`",
    )


def bring_phase_files(root: str, phase: str) -> bool:
    """Bring the phase's part of the template (mlstart.workflow.phases), if this version has it."""
    import importlib
    import importlib.util

    if importlib.util.find_spec("mlstart.workflow.phases") is None:
        return False
    phases = importlib.import_module("mlstart.workflow.phases")
    phases.bring_phase_files(Path(root), phase)
    return True


def back(start: str | Path, phase: str, reason: str) -> dict[str, Any]:
    """Return to an earlier phase, with the reason (ML work loops back; this is normal)."""
    if phase not in model.PHASES:
        raise MlstartError(f"'{phase}' is not a phase", f"one of: {', '.join(model.PHASES)}")
    if not reason.strip():
        raise MlstartError("going back needs a reason", "mlstart back PHASE --reason 'why'")
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        current = plain["phase"]
        if model.PHASES.index(phase) >= model.PHASES.index(current):
            raise MlstartError(
                f"{phase} is not before the current phase ({current})",
                "`mlstart advance` moves forward",
            )
        doc["phase"] = phase
        _history(doc).append(event("back", who, **{"from": current, "to": phase}, reason=reason))
        return {"from": current, "to": phase}

    return store.edit(root, change)


def promote(start: str | Path, *, force: bool = False, reason: str | None = None) -> dict[str, Any]:
    """Climb the stage ladder when the next stage's metrics beat the current's by the min gain."""
    if force and not (reason or "").strip():
        raise MlstartError("--force needs --reason: overrides are recorded with their reason")
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        report = build_report(root, plain, Evidence(root, plain))
        promotion = report["promotion"]
        if promotion["to"] is None:
            raise MlstartError(f"{plain['stage']} is the last stage")
        if not promotion["ready"] and not force:
            raise GateBlockedError(
                f"stage {promotion['from']} -> {promotion['to']} does not hold: "
                f"{promotion['missing']}",
                "improve the candidate, or stay on this stage (`--force --reason` overrides)",
            )
        doc["stage"] = promotion["to"]
        _history(doc).append(
            event(
                "promoted",
                who,
                **{"from": promotion["from"], "to": promotion["to"]},
                forced=(force and not promotion["ready"]) or None,
                reason=reason,
            )
        )
        return {"from": promotion["from"], "to": promotion["to"], "forced": not promotion["ready"]}

    return store.edit(root, change)


# --- reading ------------------------------------------------------------------------------------


def history(start: str | Path) -> list[dict[str, Any]]:
    """Every recorded event, oldest first."""
    root = _root(start)
    data = store.load(os.path.join(root, model.FILE_NAME))
    return list(data.get("history") or [])


def check(start: str | Path, *, run: bool = False) -> dict[str, Any]:
    """Re-evaluate every task's evidence (deep checks too; commands only with run=True).

    The results of deep checks are recorded for the current commit so `status` can show them.
    """
    root = _root(start)
    data = store.load(os.path.join(root, model.FILE_NAME))
    evidence = Evidence(root, data, deep=True, run=run)
    report = build_report(root, data, evidence)
    evidence.record()
    return report
