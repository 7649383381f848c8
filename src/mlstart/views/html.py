"""Self-contained HTML pages: the class (`mlstart class --html`) and one project's report.

One file, no network: the style is inline, there is no script and no web font, the charts are
inline SVG (mlstart.views.svg). Valid HTML5 (the tests run the Nu validator and a headless
browser on these pages); readable with styles off.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

from mlstart import __version__
from mlstart.views import svg
from mlstart.views.classroom import progress, summary_line
from mlstart.views.common import PHASES, short_date

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1e272e;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #d2dae2;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f2f6}.ok{color:#147a3d}.fail{color:#b71c1c}.na{color:#808e9b}
.summary{font-weight:600}.muted{color:#57606f;font-size:.9rem}
figure{margin:1rem 0}figcaption{font-size:.85rem;color:#57606f}
svg.chart{max-width:100%;height:auto;font-size:12px;font-family:inherit}
svg .axis{stroke:#485460;stroke-width:1}svg .mark{stroke:#eb3b5a;stroke-dasharray:4 3}
svg .target{stroke:#1e272e;stroke-dasharray:6 4}svg .label{font-weight:600}
svg .small{font-size:10px}code{background:#f1f2f6;padding:0 .2rem}.wide{overflow-x:auto}
"""
MARKS = {True: ("ok", "yes"), False: ("fail", "no"), None: ("na", "n/a")}


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def page(title: str, body: list[str], now: datetime | None = None) -> str:
    """A whole HTML document around body."""
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M %Z")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="mlstart {_e(__version__)}">',
            f"<title>{_e(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{_e(title)}</h1>",
            f'<p class="muted">Made by mlstart {_e(__version__)} on {_e(stamp)}.</p>',
            *body,
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _figure(chart: str, caption: str) -> str:
    return f"<figure>{chart}<figcaption>{_e(caption)}</figcaption></figure>"


def _mark(value: bool | None, detail: str = "") -> str:
    cls, word = MARKS[value]
    title = f' title="{_e(detail)}"' if detail else ""
    return f'<td class="{cls}"{title}>{word}</td>'


# --- the class ----------------------------------------------------------------------------------


def class_page(
    rows: list[dict[str, Any]],
    summary: dict[str, Any],
    problems: list[str],
    *,
    title: str,
    now: datetime | None = None,
) -> str:
    """The class: summary, charts (students per phase, checklist), one table row per student."""
    per_phase = [(p, summary["phases"][p]) for p in PHASES]
    per_phase.append(("no lifecycle", summary["no_lifecycle"] + summary["unreadable"]))
    items = [(item["title"], item["id"]) for item in rows[0]["checklist"]] if rows else []
    checklist = [
        (
            label,
            sum(1 for r in rows for i in r["checklist"] if i["id"] == key and i["ok"]),
            len(rows),
        )
        for label, key in items
    ]
    body = [
        f'<p class="summary" id="summary">{_e(summary_line(summary))}</p>',
        '<section id="charts"><h2>Overview</h2>',
        _figure(
            svg.bar_chart("Students per phase", per_phase, "phase", "students"),
            "Students per lifecycle phase; 'no lifecycle' counts repositories without a "
            "readable lifecycle file.",
        ),
        _figure(
            svg.progress_chart("First-week checklist", checklist, "share of students"),
            "How many students meet each item of the first-week checklist.",
        ),
        "</section>",
        "<section><h2>Students</h2>",
        _class_table(rows),
        "</section>",
    ]
    if problems:
        body += ["<section><h2>Roster rows skipped</h2><ul>"]
        body += [f"<li>{_e(p)}</li>" for p in problems] + ["</ul></section>"]
    return page(title, body, now)


def _class_table(rows: list[dict[str, Any]]) -> str:
    head = [
        "name",
        "group",
        "done",
        *(i["title"] for i in (rows[0]["checklist"] if rows else [])),
        "phase",
        "stage",
        "required",
        "blocks the gate",
        "last activity",
        "note",
    ]
    lines = ['<div class="wide">', '<table id="students">', "<thead><tr>"]
    lines += [f'<th scope="col">{_e(h)}</th>' for h in head]
    lines += ["</tr></thead>", "<tbody>"]
    for row in rows:
        life = row.get("lifecycle") or {}
        done, total = progress(row)
        note = row.get("error") or life.get("error") or ""
        cells = [
            f'<th scope="row">{_e(row["name"])}</th>',
            f"<td>{_e(row.get('group'))}</td>",
            _mark(row["done"]),
        ]
        cells += [_mark(i["ok"], i["detail"]) for i in row["checklist"]]
        cells += [
            f"<td>{_e(life.get('phase') or '-')}</td>",
            f"<td>{_e(life.get('stage') or '-')}</td>",
            f"<td>{done}/{total}</td>" if total else "<td>-</td>",
            f"<td>{_e(', '.join(life.get('blockers') or []))}</td>",
            f"<td>{_e(short_date(row.get('last_activity')))}</td>",
            f"<td>{_e(note)}</td>",
        ]
        lines.append(f'<tr class="state-{_e(row["state"])}">{"".join(cells)}</tr>')
    lines += ["</tbody>", "</table>", "</div>"]
    return "\n".join(lines)


# --- one project's report -----------------------------------------------------------------------


def report_page(report: dict[str, Any], now: datetime | None = None) -> str:
    """One project: where it stands, timeline, progress, ladder, blockers, overrides, verdict."""
    title = f"{report['project']}: {report['phase']} phase, {report['stage']} stage"
    body = [
        '<section id="standing"><h2>Where it stands</h2>',
        f"<p>Phase <strong>{_e(report['phase'])}</strong>, stage "
        f"<strong>{_e(report['stage'])}</strong>; verdict "
        f"<strong>{_e(report.get('verdict') or 'none')}</strong>.</p>",
        _verdict(report),
        "</section>",
        '<section id="timeline"><h2>Timeline</h2>',
        _figure(
            _timeline_chart(report, now),
            "When each phase was entered and left; dashed lines "
            "mark loop-backs to an earlier phase.",
        ),
        _timeline_list(report),
        "</section>",
        '<section id="progress"><h2>Progress per phase</h2>',
        _figure(
            svg.progress_chart(
                "Tasks done per phase",
                [(p["id"], p["done"], p["total"]) for p in report["phases"]],
                "share of tasks done",
            ),
            "Tasks done, out of all tasks, per phase; skipped and overridden tasks are not "
            "counted as progress.",
        ),
        "</section>",
        '<section id="ladder"><h2>Stage ladder</h2>',
        _figure(
            _ladder_chart(report),
            "Each stage's measured metric; dashed lines are the target "
            "and the minimum useful value.",
        ),
        "</section>",
        _task_list("blockers", "Blocks the next gate", report["gate"]["blockers"]),
        _task_list(
            "find-out", "Find out", [t for t in report["find_out"] if t["status"] == "todo"]
        ),
        _overrides(report),
    ]
    return page(title, body, now)


def _verdict(report: dict[str, Any]) -> str:
    reasons = report.get("verdict_reasons") or []
    if not reasons:
        return '<p class="muted">No reasons recorded in docs/charter.md.</p>'
    return "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in reasons) + "</ul>"


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _timeline_chart(report: dict[str, Any], now: datetime | None) -> str:
    end_all = now or datetime.now(UTC)
    spans = []
    for stay in report["timeline"]:
        start = _when(stay["entered"])
        if start is not None:
            spans.append((stay["phase"], start, _when(stay["left"]) or end_all))
    marks = [
        (t, f"{e.get('from')} to {e.get('to')}")
        for e in report["loop_backs"]
        if (t := _when(e.get("at"))) is not None
    ]
    return svg.timeline("Phases over time", spans, marks, PHASES)


def _timeline_list(report: dict[str, Any]) -> str:
    items = []
    for stay in report["timeline"]:
        left = f", left {short_date(stay['left'])}" if stay["left"] else " (current)"
        via = " after a loop-back" if stay.get("via") == "back" else ""
        via += f" ({stay['reason']})" if stay.get("reason") else ""
        items.append(
            f"<li>{_e(stay['phase'])}: entered {_e(short_date(stay['entered']))}"
            f"{_e(left)}{_e(via)}</li>"
        )
    return "<ol>" + "".join(items) + "</ol>"


def _ladder_chart(report: dict[str, Any]) -> str:
    targets = report.get("targets") or {}
    lines = [
        (name, float(targets[key]))
        for name, key in (("target", "target"), ("minimum useful", "min_useful"))
        if isinstance(targets.get(key), int | float)
    ]
    stages = [(s["stage"], s["value"]) for s in report["ladder"]]
    return svg.ladder("Stage ladder", stages, lines, str(targets.get("metric") or "metric"))


def _task_list(anchor: str, heading: str, tasks: list[dict[str, Any]]) -> str:
    if not tasks:
        return f'<section id="{anchor}"><h2>{_e(heading)}</h2><p>Nothing.</p></section>'
    items = []
    for task in tasks:
        missing = "; ".join(task.get("missing") or [])
        extra = f' <span class="muted">({_e(missing)})</span>' if missing else ""
        items.append(f"<li><code>{_e(task['id'])}</code> {_e(task['title'])}{extra}</li>")
    return f'<section id="{anchor}"><h2>{_e(heading)}</h2><ul>{"".join(items)}</ul></section>'


def _overrides(report: dict[str, Any]) -> str:
    items = [
        f"<li>{_e(short_date(o.get('at')))}: {_e(o.get('event'))} {_e(o.get('from'))} to "
        f"{_e(o.get('to'))} by {_e(o.get('by'))}, reason: {_e(o.get('reason'))}</li>"
        for o in report["overrides"]
    ]
    items += [
        f"<li>{_e(s['how'])} <code>{_e(s['id'])}</code>: {_e(s['reason'])}</li>"
        for s in report["skipped"]
    ]
    inner = f"<ul>{''.join(items)}</ul>" if items else "<p>None.</p>"
    return f'<section id="overrides"><h2>Overrides</h2>{inner}</section>'
