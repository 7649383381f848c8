"""The report use case: one project's status plus its story, as plain data (no printing).

Adds to the status report (mlstart.workflow.status) what a stakeholder asks: the timeline of
phases from the history (entered, left, loop-backs), the stage ladder with each stage's metric
against the target and the minimum useful value, the overrides, the find-out tasks, and the
verdict with its reasons (from the charter). Reads files only; runs nothing.
"""

from __future__ import annotations

import json
import os
from typing import Any

from mlstart.lifecycle import model
from mlstart.lifecycle.evidence import Evidence
from mlstart.lifecycle.store import find_root_str, load
from mlstart.workflow.status import build_report

METRICS = "reports/metrics"
CHARTER = "docs/charter.md"
MAX_READ = 1_000_000


def read_report(path: str) -> dict[str, Any]:
    """The report of the project that contains path."""
    root = find_root_str(path)
    data = load(os.path.join(root, model.FILE_NAME))
    return project_report(root, data, Evidence(root, data))


def project_report(root: str, data: dict[str, Any], evidence: Evidence) -> dict[str, Any]:
    """Status, timeline, ladder, overrides, find-out tasks and verdict reasons of a project."""
    status = build_report(root, data, evidence)
    history = [e for e in data.get("history") or [] if isinstance(e, dict)]
    find_out = [
        {k: t.get(k) for k in ("id", "title", "status", "fix")}
        for p in status["phases"]
        for t in p["tasks"]
        if ".find-out-" in t["id"]
    ]
    return {
        **status,
        "targets": data.get("targets") or {},
        "feasibility": (data.get("plan") or {}).get("feasibility"),
        "timeline": timeline(history, data["phase"]),
        "loop_backs": [_event(e) for e in history if e.get("event") == "back"],
        "overrides": [_event(e) for e in history if e.get("forced")],
        "skipped": _skipped(status),
        "ladder": ladder(root, data),
        "find_out": find_out,
        "verdict_reasons": verdict_reasons(root)
        or list((data.get("plan") or {}).get("reasons") or []),
    }


def _event(event: dict[str, Any]) -> dict[str, Any]:
    keys = ("at", "event", "by", "from", "to", "reason", "blockers")
    return {k: event[k] for k in keys if event.get(k) is not None}


def _skipped(status: dict[str, Any]) -> list[dict[str, Any]]:
    """Required tasks skipped, or marked done against their failing check (overridden)."""
    return [
        {"id": t["id"], "title": t["title"], "reason": t.get("reason") or t.get("note"),
         "how": "overridden" if t["by"] == "override" else "skipped"}
        for p in status["phases"]
        for t in p["tasks"]
        if t["required"] and (t["status"] == "skipped" or t["by"] == "override")
    ]  # fmt: skip


def timeline(history: list[dict[str, Any]], current: str) -> list[dict[str, Any]]:
    """Stays in phases, oldest first: {phase, entered, left} (left is None for the current one)."""
    stays: list[dict[str, Any]] = []
    for event in history:
        kind, at = event.get("event"), event.get("at")
        if not at:
            continue
        if kind == "created":
            stays = [{"phase": model.PHASES[0], "entered": str(at), "left": None}]
        elif kind in ("advanced", "back") and event.get("to") in model.PHASES:
            if stays and stays[-1]["left"] is None:
                stays[-1]["left"] = str(at)
            stay = {"phase": event["to"], "entered": str(at), "left": None, "via": kind}
            if kind == "back" and event.get("reason"):
                stay["reason"] = str(event["reason"])
            stays.append(stay)
    if not stays or stays[-1]["phase"] != current:
        stays.append({"phase": current, "entered": None, "left": None})
    return stays


def ladder(root: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each stage with its measured metric (reports/metrics/STAGE.json) or None."""
    stage = data["stage"]
    rows = []
    for name in model.STAGES:
        value, metric = read_metric(os.path.join(root, *METRICS.split("/"), f"{name}.json"))
        rows.append({"stage": name, "value": value, "metric": metric, "current": name == stage})
    return rows


def read_metric(path: str) -> tuple[float | None, str | None]:
    """(value, metric name) of a metrics file; (None, None) when absent or unusable."""
    try:
        if os.path.getsize(path) > MAX_READ:
            return None, None
        with open(path, encoding="utf-8") as handle:
            body = json.load(handle)
    except (OSError, ValueError):
        return None, None
    if not isinstance(body, dict) or not model.is_number(body.get("value")):
        return None, None
    return float(body["value"]), str(body.get("metric") or "") or None


def verdict_reasons(root: str) -> list[str]:
    """The bullet points under the charter's verdict (what `mlstart new` wrote, maybe edited).

    The heading is '### Verdict: ...' (older charters: '## Approach decision').
    """
    try:
        with open(os.path.join(root, *CHARTER.split("/")), encoding="utf-8") as handle:
            lines = handle.read(MAX_READ).splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    reasons: list[str] = []
    inside = False
    for line in lines:
        if line.startswith("#"):
            if inside:
                break
            title = line.lstrip("#").strip().lower()
            inside = title.startswith(("approach decision", "verdict"))
        elif inside and line.startswith("- "):
            reasons.append(line[2:].strip())
    return reasons
