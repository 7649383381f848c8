"""Rendering one project's report (mlstart.workflow.report) as text, Markdown or JSON (no I/O).

The text starts with the status view (mlstart.views.status) and adds the story; Markdown is for a
README or a pull request; the HTML page is mlstart.views.html.report_page.
"""

from __future__ import annotations

from typing import Any

from mlstart.views.common import bar, short_date
from mlstart.views.status import render_text as status_text


def render_json(report: dict[str, Any]) -> dict[str, Any]:
    """The report for `--json` (emit_json puts schema_version first)."""
    return dict(report)


def render_text(report: dict[str, Any]) -> str:
    """Status, then timeline, ladder, overrides, find-out tasks and the verdict's reasons."""
    lines = [status_text(report), "", "Timeline:"]
    lines += [f"  {line}" for line in _stays(report)]
    lines += ["", f"Stage ladder ({_metric(report)}):"]
    lines += [f"  {line}" for line in _ladder(report)]
    lines += _section("Overrides:", _overrides(report))
    lines += _section("Find out:", [f"{t['id']}  {t['title']}" for t in _open_find_outs(report)])
    lines += _section(f"Verdict: {report.get('verdict') or 'none'}", report["verdict_reasons"])
    return "\n".join(lines).rstrip()


def _section(head: str, items: list[str]) -> list[str]:
    return ["", head, *(f"  {item}" for item in items or ["none"])]


def _stays(report: dict[str, Any]) -> list[str]:
    lines = []
    for stay in report["timeline"]:
        left = f"left {short_date(stay['left'])}" if stay["left"] else "current"
        via = " (loop-back)" if stay.get("via") == "back" else ""
        via += f": {stay['reason']}" if stay.get("reason") else ""
        lines.append(f"{stay['phase']:<11} entered {short_date(stay['entered'])}, {left}{via}")
    return lines


def _metric(report: dict[str, Any]) -> str:
    targets = report.get("targets") or {}
    parts = [str(targets.get("metric") or "metric")]
    for name, key in (("target", "target"), ("min useful", "min_useful")):
        if targets.get(key) is not None:
            parts.append(f"{name} {targets[key]:g}")
    return ", ".join(parts)


def _ladder(report: dict[str, Any]) -> list[str]:
    targets = report.get("targets") or {}
    goal = targets.get("target")
    lines = []
    for step in report["ladder"]:
        value = step["value"]
        here = "  <- current" if step["current"] else ""
        if value is None:
            lines.append(f"{step['stage']:<10} not measured{here}")
            continue
        scale = bar(min(value, goal), goal, 20) if isinstance(goal, int | float) and goal else ""
        lines.append(f"{step['stage']:<10} {value:<8g} {scale}{here}".rstrip())
    return lines


def _overrides(report: dict[str, Any]) -> list[str]:
    lines = [
        f"{short_date(o.get('at'))} {o.get('event')} {o.get('from')} -> {o.get('to')} "
        f"by {o.get('by')}: {o.get('reason')}"
        for o in report["overrides"]
    ]
    lines += [f"{s['how']} {s['id']}: {s['reason']}" for s in report["skipped"]]
    return lines


def _open_find_outs(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in report["find_out"] if t["status"] == "todo"]


def render_markdown(report: dict[str, Any]) -> str:
    """The report as GitHub-flavoured Markdown: tables and lists, no HTML."""
    out = [
        f"## {report['project']}: {report['phase']} phase, {report['stage']} stage",
        "",
        f"Verdict: **{report.get('verdict') or 'none'}**",
        *(f"- {reason}" for reason in report["verdict_reasons"]),
        "",
        "| phase | done | overridden | skipped | total | |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for phase in report["phases"]:
        here = "current" if phase["current"] else ""
        out.append(
            f"| {phase['id']} | {phase['done']} | {phase.get('overridden', 0)} "
            f"| {phase['skipped']} | {phase['total']} | {here} |"
        )
    out += ["", "**Timeline**", ""] + [f"1. {line}" for line in _stays(report)]
    out += [
        "",
        f"**Stage ladder** ({_metric(report)})",
        "",
        "| stage | value | |",
        "|---|---:|---|",
    ]
    for step in report["ladder"]:
        value = "-" if step["value"] is None else f"{step['value']:g}"
        out.append(f"| {step['stage']} | {value} | {'current' if step['current'] else ''} |")
    blockers = report["gate"]["blockers"]
    out += ["", f"**Blocks the gate to {report['gate']['to'] or '-'}**", ""]
    out += [f"- `{b['id']}` {b['title']}" for b in blockers] or ["- nothing"]
    out += ["", "**Find out**", ""]
    out += [f"- `{t['id']}` {t['title']}" for t in _open_find_outs(report)] or ["- nothing"]
    out += ["", "**Overrides**", ""] + ([f"- {line}" for line in _overrides(report)] or ["- none"])
    return "\n".join(out) + "\n"
