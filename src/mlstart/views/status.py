"""Rendering of a lifecycle status report as text or JSON-ready data (no I/O).

The report comes from mlstart.workflow.status.build_report. Text is plain ASCII so it prints on
any terminal and in CI logs; the JSON keys are documented in docs/json.md.
"""

from __future__ import annotations

from mlstart.lifecycle.earned import SAMPLE_MISSING
from mlstart.views.common import bar

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Report = dict[str, Any]

BAR_WIDTH = 20
MARKS = {"done": "x", "skipped": "-", "todo": " ", "override": "!"}
JSON_VERSION = 1


def render_json(report: Report) -> dict[str, Any]:
    """The report as data for `--json`: the same facts as the text (docs/json.md)."""
    return {"schema_version": JSON_VERSION, **report}


def render_text(report: Report, *, show_all: bool = False, show_why: bool = False) -> str:
    """The report as text: header, a bar per phase, the next tasks, the gate (and all tasks).

    With show_why, each task listed is followed by why it exists (the practice it serves).
    """
    lines = [_header(report), *_verdict(report, show_why), *_loop_back(report), ""]
    lines += [_bar_line(phase) for phase in report["phases"]]
    lines += _overridden(report)
    if show_all:
        lines += _all_tasks(report, show_why)
    lines += _next(report, show_why)
    lines += _gate(report, show_why)
    lines += _promotion(report)
    lines += _notes(report)
    return "\n".join(lines).rstrip()


def _header(report: Report) -> str:
    kind = f" ({report['kind']})" if report.get("kind") else ""
    target = report.get("target_stage")
    aim = f" (first target: {target})" if target and target != report["stage"] else ""
    return f"{report['project']}{kind}: phase {report['phase']}, stage {report['stage']}{aim}"


def _verdict(report: Report, show_why: bool) -> list[str]:
    """The plan's verdict and archetype; its reasons with show_why (else the first one)."""
    if not report.get("verdict"):
        return []
    archetype = f", archetype {report['archetype']}" if report.get("archetype") else ""
    line = f"Should we use ML? {report['verdict']}{archetype}"
    reasons = report.get("verdict_reasons") or []
    if not reasons:
        return [line]
    if show_why:
        return [line, *(f"  - {reason}" for reason in reasons)]
    more = f" (+{len(reasons) - 1} more: --why)" if len(reasons) > 1 else ""
    return [f"{line}: {reasons[0]}{more}"]


def _bar_line(phase: dict[str, Any]) -> str:
    earned = phase["done"]  # overridden and skipped tasks are not progress; shown apart
    total = phase["total"]
    extra = "".join(f", {phase[key]} {key}" for key in ("overridden", "skipped") if phase.get(key))
    here = "  <- current" if phase["current"] else ""
    shown = bar(earned, total, BAR_WIDTH)
    return f"  {phase['id']:<11}[{shown}] {earned:>3}/{total} done{extra}{here}"


def _loop_back(report: Report) -> list[str]:
    loop = report.get("loop_back")
    if not loop:
        return []
    when = str(loop.get("at", ""))[:10]
    times = f" ({loop['count']} loop-backs)" if loop.get("count", 1) > 1 else ""
    head = f"Looped back from {loop.get('from')} to {loop.get('to')} on {when}{times}"
    return [f"{head}: {loop.get('reason', '')}"]


def _overridden(report: Report) -> list[str]:
    tasks = report.get("overridden") or []
    if not tasks:
        return []
    lines = ["", "Overridden (marked done although the check fails):"]
    for task in tasks:
        lines.append(f"  {task['id']}  reason: {task['reason']}")
        lines += [f"      missing: {m}" for m in task["missing"][:1]]
    return lines


def _notes(report: Report) -> list[str]:
    notes = report.get("notes") or []
    return ["", "Notes:", *(f"  {n}" for n in notes)] if notes else []


def _all_tasks(report: Report, show_why: bool) -> list[str]:
    lines = []
    for phase in report["phases"]:
        lines += ["", f"{phase['id']}:"]
        for task in phase["tasks"]:
            need = "*" if task["required"] else " "
            auto = " (by its check)" if task["status"] == "done" and task["by"] == "check" else ""
            mark = MARKS["override" if task["by"] == "override" else task["status"]]
            lines.append(f"  [{mark}]{need} {task['id']}  {task['title']}{auto}")
            if show_why and task.get("why"):
                lines.append(f"        why: {task['why']}")
            lines += [f"        {m}" for m in task["missing"] if m.endswith(SAMPLE_MISSING)][:1]
            extra = task.get("reason") or task.get("note")
            if extra:
                lines.append(f"        {'reason' if task.get('reason') else 'note'}: {extra}")
    lines.append("  (* required for the gate; x done, ! overridden, - skipped)")
    return lines


def _next(report: Report, show_why: bool) -> list[str]:
    if not report["next"]:
        return ["", "Next: nothing left to do in this or later phases."]
    lines = ["", "Next:"]
    for task in report["next"]:
        lines += _task_with_fix(task, show_why)
    return lines


def _task_with_fix(task: dict[str, Any], show_why: bool) -> list[str]:
    lines = [f"  {task['id']}  {task['title']}"]
    if show_why and task.get("why"):
        lines.append(f"      why: {task['why']}")
    for missing in task["missing"][:3]:
        lines.append(f"      missing: {missing}")
    if task.get("status") == "skipped":
        lines.append("      missing: skipped without a reason")
        lines.append(f"      fix: mlstart skip {task['id']} --reason '...'")
    elif task.get("fix"):
        lines.append(f"      fix: {task['fix']}")
    elif not task["missing"]:
        lines.append(f"      fix: do it, then `mlstart done {task['id']} --note '...'`")
    return lines


def _gate(report: Report, show_why: bool) -> list[str]:
    gate = report["gate"]
    if gate["to"] is None:
        return ["", f"Gate: {gate['from']} is the last phase."]
    head = f"Gate {gate['from']} -> {gate['to']}:"
    if gate["open"]:
        return ["", f"{head} open; `mlstart advance` moves to {gate['to']}."]
    count = len(gate["blockers"])
    lines = ["", f"{head} blocked by {count} required task{'s' if count > 1 else ''}"]
    shown = {t["id"] for t in report["next"]}
    for task in gate["blockers"]:
        if task["id"] in shown:
            lines.append(f"  {task['id']}  (see above)")
        else:
            lines += _task_with_fix(task, show_why)
    lines.append(
        "  (done, or `mlstart skip ID --reason ...`; `advance --force --reason` overrides)"
    )
    return lines


def _promotion(report: Report) -> list[str]:
    promotion = report.get("promotion") or {}
    if not promotion.get("to"):
        return []
    step = f"Stage {promotion['from']} -> {promotion['to']}:"
    if promotion["ready"]:
        return ["", f"{step} ready; `mlstart advance --stage` promotes."]
    return ["", f"{step} not yet ({promotion['missing']})"]
