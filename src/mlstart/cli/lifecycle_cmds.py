"""The lifecycle commands: check, done, skip, reopen, advance, back and log."""

from __future__ import annotations

from typing import Any

import click

from mlstart.cli.completion import task_ids
from mlstart.cli.options import emit_json, here, json_option, project_option, usage_error
from mlstart.core.errors import CheckFailedError
from mlstart.lifecycle.model import PHASES, STAGES
from mlstart.workflow import tracking


def _changed(as_json: bool, result: dict[str, Any], text: str) -> None:
    """Print what a command changed: its line of text, or the result as JSON."""
    if as_json:
        emit_json(result)
    else:
        click.echo(text)


@click.command()
@click.option("--run", is_flag=True, help="Also run the checks that run commands (tests, ...).")
@click.option("--all", "show_all", is_flag=True, help="Every phase, and the checks that hold too.")
@json_option
@project_option
def check(run: bool, show_all: bool, as_json: bool) -> None:
    """Re-evaluate the evidence of the current phase's tasks; show what is missing and the fix.

    --all shows every phase. Exits with code 4 when the current phase's required tasks do not
    hold yet. Commands written in lifecycle.yaml (such as the project's tests) run only with
    --run, with the project's Python: its .venv, else the active virtual environment, else
    lifecycle.yaml's `python:`.

    \b
    Examples:
      mlstart check
      mlstart check --run --json > check.json
    """
    from mlstart.cli.progress import TerminalProgress

    progress = TerminalProgress(lines=True) if run else None
    report = tracking.check(here(), run=run, progress=progress, all_phases=show_all)
    if as_json:
        emit_json(report)
    else:
        click.echo(_check_text(report, show_all))
    gate = report["gate"]
    if not gate["open"]:
        raise CheckFailedError(
            f"{len(gate['blockers'])} required task(s) of {gate['from']} are not met",
            "`mlstart status` shows the next steps",
        )


def _check_text(report: dict[str, Any], show_all: bool) -> str:
    lines = []
    counts = {"ok": 0, "fail": 0, "unknown": 0}
    shown_phases = [p for p in report["phases"] if show_all or p["current"]]
    for phase in shown_phases:
        for task in phase["tasks"]:
            for result in task["checks"]:
                counts[result["state"]] += 1
            shown = [r for r in task["checks"] if show_all or r["state"] != "ok"]
            if not shown or (task["status"] != "todo" and not show_all):
                continue
            lines.append(f"{task['id']}  {task['title']}")
            if task.get("why"):
                lines.append(f"  why: {task['why']}")
            for result in shown:
                lines += _result_lines(result)
    where = "every phase" if show_all else f"phase {report['phase']} (--all: every phase)"
    head = (
        f"{report['project']}, {where}: {counts['ok']} checks hold, {counts['fail']} do not, "
        f"{counts['unknown']} not run"
    )
    if report.get("python"):
        used = report["python"]
        head += f"\ncommands ran with {used['path'] or 'no python found'} (from {used['source']})"
    return "\n".join([head, "", *lines]).rstrip()


def _result_lines(result: dict[str, Any]) -> list[str]:
    mark = {"ok": "ok  ", "fail": "FAIL", "unknown": "--  "}[result["state"]]
    lines = [f"  {mark} {result['check']}"]
    if result["state"] != "ok":
        lines.append(f"       missing: {result['missing']}")
        lines.append(f"       fix: {result['fix']}")
    return lines


@click.command()
@click.argument("task", shell_complete=task_ids)
@click.option("--note", "-m", help="What was done, or where the evidence is.")
@click.option("--force", is_flag=True, help="Mark it done although its check fails.")
@click.option("--reason", "-r", help="Why (required with --force; recorded as an override).")
@json_option
@project_option
def done(task: str, note: str | None, force: bool, reason: str | None, as_json: bool) -> None:
    """Mark TASK done by hand (an id, or an unambiguous start of one).

    A task whose check fails is refused with what is missing and its fix (exit code 7);
    --force --reason marks it done anyway, recorded as an override that status and log show.

    \b
    Examples:
      mlstart done planning.approval --note "approved by the TA on 3 March"
      mlstart done data.labels --force --reason "labels come from the client; no gold set"
    """
    if force and not (reason or "").strip():
        raise usage_error("--force needs --reason 'why' (the override is recorded)")
    result = tracking.mark_done(here(), task, note, force=force, reason=reason)
    _changed(as_json, result, f"{result['id']}: done" + _forced(result))
    for missing in result["check_missing"]:
        click.echo(f"  its check still says: {missing}", err=True)


@click.command()
@click.argument("task", shell_complete=task_ids)
@click.option("--reason", "-r", required=True, help="Why the task does not apply or can wait.")
@json_option
@project_option
def skip(task: str, reason: str, as_json: bool) -> None:
    """Skip TASK, with the reason (a skipped task no longer blocks its gate).

    \b
    Example:
      mlstart skip deployment.load --reason "internal tool, 5 users"
    """
    if not reason.strip():
        raise usage_error("--reason must say why (it is recorded)")
    result = tracking.skip(here(), task, reason)
    _changed(as_json, result, f"{result['id']}: skipped")


@click.command()
@click.argument("task", shell_complete=task_ids)
@click.option("--note", "-m", help="Why it is open again.")
@json_option
@project_option
def reopen(task: str, note: str | None, as_json: bool) -> None:
    """Put TASK back to todo.

    \b
    Example:
      mlstart reopen data.splits --note "leak found between train and test"
    """
    result = tracking.reopen(here(), task, note)
    _changed(as_json, result, f"{result['id']}: todo")


@click.command()
@click.option(
    "--stage",
    "stage",
    is_flag=False,
    flag_value="next",
    default=None,
    type=click.Choice(["next", *STAGES]),
    help="Move on the stage ladder instead: the next stage, or a lower one (with --reason).",
)
@click.option("--force", is_flag=True, help="Move although the gate does not hold.")
@click.option("--reason", "-r", help="Why (required with --force; recorded).")
@json_option
@project_option
def advance(stage: str | None, force: bool, reason: str | None, as_json: bool) -> None:
    """Move to the next phase when the gate holds (or the next stage, with --stage).

    The gate holds when the current phase's required tasks are done or skipped with a reason;
    otherwise the blockers are listed (exit code 5). A stage is promoted from the training phase
    on, when the next stage's metrics beat the current one's by the minimum gain on the same data
    (never on the sample data); `--stage LOWER --reason` goes down the ladder.

    \b
    Examples:
      mlstart advance
      mlstart advance --force --reason "course deadline; charter approved by the TA"
      mlstart advance --stage
      mlstart advance --stage heuristic --reason "the model fails on the new region"
    """
    if force and not (reason or "").strip():
        raise usage_error("--force needs --reason 'why' (the override is recorded)")
    if stage:
        to = None if stage == "next" else stage
        result = tracking.promote(here(), to=to, force=force, reason=reason)
        text = f"stage: {result['from']} -> {result['to']}" + _forced(result)
        _changed(as_json, {"kind": "stage", **result}, text)
        return
    from mlstart.cli.progress import TerminalProgress
    from mlstart.core.progress import step

    with step(TerminalProgress(quiet=as_json), "Moving to the next phase (and its files)"):
        result = tracking.advance(here(), force=force, reason=reason)
    text = f"phase: {result['from']} -> {result['to']}" + _forced(result)
    _changed(as_json, {"kind": "phase", **result}, text)
    if as_json:
        return
    files = result["files"]
    if files:
        shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
        click.echo(f"brought {len(files)} template file(s) of the {result['to']} phase: {shown}")
    else:
        click.echo("only the lifecycle change: the template has no new files for this phase")


def _forced(result: dict[str, Any]) -> str:
    return " (override recorded)" if result.get("forced") else ""


@click.command()
@click.argument("phase", type=click.Choice(PHASES), required=False)
@click.option("--stage", type=click.Choice(STAGES), help="Go down to this stage (too).")
@click.option("--reason", "-r", required=True, help="What sends the project back.")
@json_option
@project_option
def back(phase: str | None, stage: str | None, reason: str, as_json: bool) -> None:
    """Go back to an earlier PHASE (or --stage), recording why (ML work loops back).

    The later phases' tasks that a check decides are reopened (their checks decide again), the
    stage returns to heuristic when going back before training, and an entry is added to the
    decision log in docs/decisions/.

    \b
    Examples:
      mlstart back data --reason "labels too noisy: agreement 0.52"
      mlstart back --stage heuristic --reason "the simple model fails on new stores"
    """
    if not reason.strip():
        raise usage_error("--reason must say what sends the project back (it is recorded)")
    if phase is None and stage is None:
        raise usage_error("say where to go back to: a PHASE, --stage STAGE, or both")
    result = tracking.back(here(), phase, reason, stage=stage)
    _changed(as_json, {"kind": "phase", **result}, _back_text(result))


def _back_text(result: dict[str, Any]) -> str:
    lines = []
    if result["from"] != result["to"]:
        lines.append(f"phase: {result['from']} -> {result['to']}")
    if result["reopened"]:
        lines.append(f"reopened: {', '.join(result['reopened'])}")
    if result.get("stage"):
        lines.append(f"stage: {result['stage']['from']} -> {result['stage']['to']}")
    if result.get("decision"):
        lines.append(f"decision log: {result['decision']}")
    return "\n".join(lines)


@click.command()
@json_option
@project_option
def log(as_json: bool) -> None:
    """Print the project's lifecycle history: every event with date, author and note.

    \b
    Example:
      mlstart log
    """
    events = tracking.history(here())
    if as_json:
        emit_json({"events": events})
        return
    for entry in events:
        click.echo(log_line(entry))


def log_line(entry: dict[str, Any]) -> str:
    """One event as a line: date and time, author, what happened, note or reason."""
    when = str(entry.get("at", ""))[:16].replace("T", " ")
    what = entry.get("event", "?")
    if entry.get("task"):
        what += f" {entry['task']}"
    if entry.get("from") or entry.get("to"):
        what += f" {entry.get('from', '?')} -> {entry.get('to', '?')}"
    if entry.get("forced"):
        what += " (override)" if entry.get("event") == "done" else " (forced)"
    for key in ("added", "removed"):
        if entry.get(key):
            what += f" {key}: {', '.join(map(str, entry[key]))}"
    text = entry.get("reason") or entry.get("note")
    tail = f"  {text}" if text else ""
    return f"{when:<16}  {entry.get('by', '?')}  {what}{tail}"
