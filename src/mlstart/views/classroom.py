"""Rendering a class (rows from mlstart.workflow.classroom) as a table, CSV or JSON (no I/O).

The JSON keys are documented in docs/class-and-report.md and docs/json.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from mlstart.views.common import PHASES, phase_index, short_date

SORTS = ("name", "group", "phase", "progress", "activity", "state", "done")
MARK = {True: "ok", False: "--", None: " ."}
CSV_COLUMNS = (
    "name",
    "group",
    "email",
    "repo",
    "state",
    "error",
    "done",
    "reachable",
    "commits",
    "first_commit",
    "authored",
    "pushed",
    "lifecycle",
    "charter",
    "phase",
    "stage",
    "required_done",
    "required_total",
    "blockers",
    "verdict",
    "last_activity",
    "loop_backs",
    "overrides",
    "phase_since",
    "head",
)


def sort_rows(rows: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    """Rows in the order asked for; the name breaks ties."""
    keys: dict[str, Callable[[dict[str, Any]], tuple[Any, ...]]] = {
        "name": lambda r: (0,),
        "group": lambda r: (r.get("group") or "",),
        "phase": lambda r: (phase_index(r),),
        "progress": lambda r: (-progress(r)[0],),
        "activity": lambda r: (r.get("last_activity") or "",),
        "state": lambda r: (r["state"],),
        "done": lambda r: (not r["done"],),
    }
    key = keys[by]
    return sorted(rows, key=lambda r: (*key(r), r["name"].lower()))


def progress(row: dict[str, Any]) -> tuple[int, int]:
    """(required tasks done or skipped, required tasks) over every phase."""
    life = row.get("lifecycle") or {}
    counts = (life.get("required") or {}).values()
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def render_json(
    rows: list[dict[str, Any]], summary: dict[str, Any], problems: list[str]
) -> dict[str, Any]:
    """Rows, summary and the roster's skipped lines, for `--json`."""
    return {
        "summary": summary,
        "roster_problems": problems,
        "students": rows,
    }


def render_csv(rows: list[dict[str, Any]]) -> str:
    """One line per student, flat columns (a spreadsheet's view)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        flat = flat_row(row)
        writer.writerow(["" if flat[c] is None else flat[c] for c in CSV_COLUMNS])
    return out.getvalue()


def flat_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row as flat values: checklist items and lifecycle columns side by side."""
    life = row.get("lifecycle") or {}
    flat: dict[str, Any] = {k: row.get(k) for k in ("name", "group", "email", "repo", "state")}
    flat["error"] = row.get("error") or life.get("error")
    flat["done"] = row["done"]
    flat.update({item["id"]: item["ok"] for item in row["checklist"]})
    flat["first_commit"] = row.get("first_commit")
    flat["authored"] = row.get("authored")
    flat["commits"] = row.get("commits")
    done, total = progress(row)
    flat.update({"required_done": done, "required_total": total})
    for key in ("phase", "stage", "verdict", "loop_backs", "overrides", "phase_since"):
        flat[key] = life.get(key)
    flat["blockers"] = " ".join(life.get("blockers") or [])
    flat["last_activity"] = row.get("last_activity")
    flat["head"] = row.get("head")
    return flat


def render_table(rows: list[dict[str, Any]], summary: dict[str, Any], problems: list[str]) -> str:
    """A fixed-width table, one line per student, then the summary line."""
    header = ("name", "group", "week-1", "phase", "stage", "required", "blocks", "last", "note")
    # required: the current phase's required tasks done; blocks: tasks holding its gate shut
    lines = [_cells(header)]
    for row in rows:
        lines.append(_cells(_table_cells(row)))
    lines += ["", summary_line(summary)]
    lines += [f"skipped: {p}" for p in problems]
    return "\n".join(lines)


def _table_cells(row: dict[str, Any]) -> tuple[str, ...]:
    life = row.get("lifecycle") or {}
    done, total = (life.get("required") or {}).get(life.get("phase"), (0, 0))
    checklist = "".join(
        "x" if item["ok"] else "." if item["ok"] is None else "-" for item in row["checklist"]
    )
    note = row.get("error") or life.get("error") or ""
    if not note and life.get("overrides"):
        note = f"{life['overrides']} override(s)"
    blockers = life.get("blockers") or []
    return (
        row["name"],
        row.get("group") or "",
        ("DONE " if row["done"] else "     ") + checklist,
        life.get("phase") or "-",
        life.get("stage") or "-",
        f"{done}/{total}" if total else "-",
        str(len(blockers)) if life.get("phase") else "-",
        short_date(row.get("last_activity")),
        note.splitlines()[0][:60] if note else "",
    )


WIDTHS = (16, 8, 12, 10, 9, 8, 6, 10, 0)


def _cells(cells: tuple[str, ...]) -> str:
    parts = []
    for cell, width in zip(cells, WIDTHS, strict=True):
        text = cell if width == 0 or len(cell) <= width else cell[: width - 1] + "~"
        parts.append(text.ljust(width) if width else text)
    return " ".join(parts).rstrip()


def summary_line(summary: dict[str, Any]) -> str:
    """'12/30 did the first-week assignment; planning 20, data 6, ...; 3 stale (> 14 days)'."""
    phases = ", ".join(f"{p} {summary['phases'][p]}" for p in PHASES)
    parts = [f"{summary['done']}/{summary['students']} did the first-week assignment", phases]
    if summary["no_lifecycle"]:
        parts.append(f"{summary['no_lifecycle']} without a valid lifecycle file")
    if summary["unreadable"]:
        parts.append(f"{summary['unreadable']} not readable")
    if summary.get("stale_days") is not None:
        parts.append(f"{len(summary['stale'])} stale (> {summary['stale_days']:g} days in a phase)")
    return "; ".join(parts)
