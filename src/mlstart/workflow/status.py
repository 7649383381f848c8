"""The status use case: where a project stands, as a report of plain data (no printing).

`read_status` is on the fast path of `mlstart status` (see mlstart.cli.launch): it imports no Click,
YAML library, typing or dataclasses at run time, reads the lifecycle file through its JSON cache,
and evaluates only the cheap checks. `build_report` is shared with `mlstart check`, which passes
an Evidence that also runs the deep checks.
"""

from __future__ import annotations

import os

from mlstart.lifecycle import ladder, model, practices

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mlstart.lifecycle.evidence import Evidence

NEXT_COUNT = 3


def read_status(path: str) -> dict[str, Any]:
    """The status report of the project that contains path (a folder or a file in it)."""
    from mlstart.lifecycle.evidence import Evidence
    from mlstart.lifecycle.store import find_root_str, load

    root = find_root_str(path)
    data = load(os.path.join(root, model.FILE_NAME), history=False)
    return build_report(root, data, Evidence(root, data))


def build_report(root: str, data: dict[str, Any], evidence: Evidence) -> dict[str, Any]:
    """Phases with each task's status and evidence, the next tasks, the gate and the promotion."""
    phase = data["phase"]
    phases = [_phase_entry(name, data, evidence, name == phase) for name in model.PHASES]
    project = data.get("project") or {}
    plan = data.get("plan") or {}
    return {
        "project": project.get("name") or os.path.basename(root),
        "kind": project.get("kind"),
        "root": root,
        "phase": phase,
        "stage": data["stage"],
        "target_stage": plan.get("target_stage"),
        "verdict": plan.get("verdict"),
        "verdict_reasons": list(plan.get("reasons") or []),
        "archetype": plan.get("archetype"),
        "phases": phases,
        "next": _next_tasks(phases, phase),
        "gate": _gate(phases, phase),
        "promotion": _promotion(data, evidence),
        "overridden": [
            _brief(t) | _override(t) for p in phases for t in p["tasks"] if t["by"] == "override"
        ],
        "notes": [f"{t['id']}: {n}" for p in phases for t in p["tasks"] for n in _notes(t)],
        "loop_back": ladder.last_loop_back(data),
    }


def _override(task: dict[str, Any]) -> dict[str, Any]:
    return {"reason": task.get("reason", "")}


def _notes(task: dict[str, Any]) -> list[str]:
    return [r["note"] for r in task["checks"] if r.get("note")]


def _phase_entry(
    name: str, data: dict[str, Any], evidence: Evidence, current: bool
) -> dict[str, Any]:
    tasks = [_task_entry(task, evidence) for task in model.tasks_of(data, name)]
    return {
        "id": name,
        "current": current,
        "done": sum(1 for t in tasks if t["status"] == "done" and t["by"] != "override"),
        "overridden": sum(1 for t in tasks if t["by"] == "override"),
        "skipped": sum(1 for t in tasks if t["status"] == "skipped"),
        "total": len(tasks),
        "tasks": tasks,
    }


def _task_entry(task: dict[str, Any], evidence: Evidence) -> dict[str, Any]:
    verdict, results = evidence.task(task)
    status, decided_by = model.effective_status(task, verdict)
    open_results = [r for r in results if r["state"] != "ok"]
    entry: dict[str, Any] = {
        "id": task["id"],
        "title": task["title"],
        "status": status,
        "required": bool(task.get("required", False)),
        "by": decided_by,
        "blocks_gate": model.blocks_gate(task, status),
        "checks": results,
        "missing": [r["missing"] for r in open_results],
        "fix": open_results[0]["fix"] if open_results else task.get("fix"),
        "why": task.get("why") or practices.why(task["id"]),
    }
    for key in ("note", "reason"):
        if task.get(key):
            entry[key] = task[key]
    return entry


def _next_tasks(phases: list[dict[str, Any]], phase: str) -> list[dict[str, Any]]:
    """The next open tasks: the current phase's required ones first, then the rest, then later
    phases' when the current one is finished."""
    start = model.PHASES.index(phase)
    ordered: list[dict[str, Any]] = []
    for entry in phases[start:]:
        todo = [t for t in entry["tasks"] if t["status"] == "todo" or t["blocks_gate"]]
        ordered += [t for t in todo if t["required"]] + [t for t in todo if not t["required"]]
        if len(ordered) >= NEXT_COUNT:
            break
    return [_brief(t) for t in ordered[:NEXT_COUNT]]


def _brief(task: dict[str, Any]) -> dict[str, Any]:
    return {k: task[k] for k in ("id", "title", "status", "missing", "fix", "why")}


def _gate(phases: list[dict[str, Any]], phase: str) -> dict[str, Any]:
    current = phases[model.PHASES.index(phase)]
    blockers = [_brief(t) for t in current["tasks"] if t["blocks_gate"]]
    return {
        "from": phase,
        "to": model.next_phase(phase),
        "open": not blockers,
        "blockers": blockers,
    }


def open_find_outs(data: dict[str, Any]) -> list[str]:
    """The open "find out" tasks of a plan whose verdict is not-yet (they block promotion)."""
    if (data.get("plan") or {}).get("verdict") != "not-yet":
        return []
    return [
        task["id"]
        for task in model.tasks_of(data, "planning")
        if task["id"].startswith("planning.find-out-") and task.get("status", "todo") == "todo"
    ]


def _promotion(data: dict[str, Any], evidence: Evidence) -> dict[str, Any]:
    """Whether the next stage's metrics beat the current stage's by the minimum gain."""
    stage = data["stage"]
    following = model.next_stage(stage)
    if following is None:
        return {"from": stage, "to": None, "ready": False, "missing": "the last stage"}
    undecided = open_find_outs(data)
    if undecided:
        missing = f"the plan is not yet decided: find out first ({', '.join(undecided)})"
        return {"from": stage, "to": following, "ready": False, "missing": missing}
    problem = ladder.promotion_phase_problem(data)
    if problem:
        return {"from": stage, "to": following, "ready": False, "missing": problem}
    state, missing, _fix = evidence.stages(stage, following)
    return {"from": stage, "to": following, "ready": state == "ok", "missing": missing}
