"""Lifecycle use cases: done, skip, reopen, advance (phase or stage), back, log and check.

Each one finds the project from a folder inside it, changes lifecycle.yaml through the store's
single writer (lock, round trip, atomic replace), and records an event with time and author.
They return plain data for the CLI to print; they never print.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mlstart.core.errors import EvidenceMissingError, GateBlockedError, MlstartError
from mlstart.core.progress import Progress
from mlstart.lifecycle import gitstate, model, store
from mlstart.lifecycle.evidence import Evidence
from mlstart.workflow.records import (
    _history,
    _locate,
    _root,
    _set_progress,
    event,
    now,
    require_reason,
)
from mlstart.workflow.status import build_report

# --- tasks --------------------------------------------------------------------------------------


def mark_done(
    start: str | Path,
    query: str,
    note: str | None = None,
    *,
    force: bool = False,
    reason: str | None = None,
) -> dict[str, Any]:
    """Mark a task done by hand; refused while its check fails, unless forced with a reason.

    A task without a check is marked as asked. A task whose check does not hold raises
    EvidenceMissingError with what is missing and the fix; `force` with a reason marks it done
    as an override, recorded as such in the task and the history.
    """
    require_reason(force, reason)
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        phase, node = _locate(doc, plain, query)
        verdict, results = Evidence(root, plain, deep=True).task(plain_task(plain, node["id"]))
        failing = [r for r in results if r["state"] != "ok"]
        if verdict not in (None, "ok") and not force:
            raise _refused(node["id"], failing)
        forced = verdict not in (None, "ok")
        _set_progress(
            node, status="done", at=now(), by=who, note=note,
            reason=reason if forced else None, forced=True if forced else None,
        )  # fmt: skip
        _history(doc).append(
            event("done", who, task=node["id"], note=note,
                  forced=True if forced else None, reason=reason if forced else None)
        )  # fmt: skip
        missing = [r["missing"] for r in failing]
        return {"id": node["id"], "phase": phase, "status": "done", "forced": forced,
                "check_missing": missing}  # fmt: skip

    return store.edit(root, change)


def _refused(task_id: str, failing: list[dict[str, Any]]) -> EvidenceMissingError:
    lines = [f"{task_id} is not done: its evidence does not hold"]
    for result in failing:
        lines.append(f"  {result['check']}")
        lines.append(f"      missing: {result['missing']}")
        if result.get("fix"):
            lines.append(f"      fix: {result['fix']}")
    return EvidenceMissingError(
        "\n".join(lines),
        f"do what is missing (the task then counts by itself), or "
        f"`mlstart done {task_id} --force --reason '...'` records an override",
    )


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
    require_reason(force, reason)
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


def bring_phase_files(root: str, phase: str) -> list[str]:
    """Bring the phase's part of the template (mlstart.workflow.phases); the files it brought
    (none: the template has no part for that phase, or it was brought before)."""
    from mlstart.workflow import phases

    brought = phases.bring_phase_files(Path(root), phase)
    return list(brought.files) if brought is not None else []


def back(
    start: str | Path, phase: str | None, reason: str, *, stage: str | None = None
) -> dict[str, Any]:
    """Return to an earlier phase (and/or stage); see mlstart.workflow.loopback."""
    from mlstart.workflow import loopback

    return loopback.back(start, phase, reason, stage=stage)


def promote(
    start: str | Path, *, to: str | None = None, force: bool = False, reason: str | None = None
) -> dict[str, Any]:
    """Move on the stage ladder (up one, or down with a reason); see mlstart.workflow.stages."""
    from mlstart.workflow import stages

    return stages.move(start, to=to, force=force, reason=reason)


# --- reading ------------------------------------------------------------------------------------


def history(start: str | Path) -> list[dict[str, Any]]:
    """Every recorded event, oldest first."""
    root = _root(start)
    data = store.load(os.path.join(root, model.FILE_NAME))
    return list(data.get("history") or [])


def check(
    start: str | Path,
    *,
    run: bool = False,
    progress: Progress | None = None,
    all_phases: bool = True,
) -> dict[str, Any]:
    """Re-evaluate every task's evidence (deep checks too; commands only with run=True).

    The results of deep checks are recorded for the current commit so `status` can show them.
    With run=True, each command is reported to `progress` as it runs, and the report names the
    interpreter the commands ran with (`python`). Without `all_phases`, only the current
    phase's commands run (a later phase's tests are not there yet).
    """
    root = _root(start)
    data = store.load(os.path.join(root, model.FILE_NAME))
    current = (
        None if all_phases else frozenset(t["id"] for t in model.tasks_of(data, data["phase"]))
    )
    evidence = Evidence(root, data, deep=True, run=run, progress=progress, run_tasks=current)
    report = build_report(root, data, evidence)
    if run:
        report["python"] = {
            "path": str(evidence.python.python) if evidence.python.python else None,
            "source": evidence.python.source,
        }
    evidence.record()
    return report
