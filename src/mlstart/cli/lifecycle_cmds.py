"""The lifecycle commands: check, done, skip, reopen, advance, back and log."""

from __future__ import annotations

from typing import Any

import click

from mlstart.cli.options import emit_json, here, json_option, project_option, usage_error
from mlstart.core.errors import CheckFailedError
from mlstart.lifecycle.model import PHASES
from mlstart.workflow import tracking


def _changed(as_json: bool, result: dict[str, Any], text: str) -> None:
    """Print what a command changed: its line of text, or the result as JSON."""
    if as_json:
        emit_json(result)
    else:
        click.echo(text)


@click.command()
@click.option("--run", is_flag=True, help="Also run the checks that run commands (tests, ...).")
@click.option("--all", "show_all", is_flag=True, help="List the checks that hold, too.")
@json_option
@project_option
def check(run: bool, show_all: bool, as_json: bool) -> None:
    """Re-evaluate every task's evidence; show what is missing and what fixes it.

    Exits with code 4 when the current phase's required tasks do not hold yet. Commands written
    in lifecycle.yaml (such as the project's tests) run only with --run.

    \b
    Examples:
      mlstart check
      mlstart check --run --json > check.json
    """
    report = tracking.check(here(), run=run)
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
    for phase in report["phases"]:
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
    head = (
        f"{report['project']}: {counts['ok']} checks hold, {counts['fail']} do not, "
        f"{counts['unknown']} not run"
    )
    return "\n".join([head, "", *lines]).rstrip()


def _result_lines(result: dict[str, Any]) -> list[str]:
    mark = {"ok": "ok  ", "fail": "FAIL", "unknown": "--  "}[result["state"]]
    lines = [f"  {mark} {result['check']}"]
    if result["state"] != "ok":
        lines.append(f"       missing: {result['missing']}")
        lines.append(f"       fix: {result['fix']}")
    return lines


@click.command()
@click.argument("task")
@click.option("--note", "-m", help="What was done, or where the evidence is.")
@json_option
@project_option
def done(task: str, note: str | None, as_json: bool) -> None:
    """Mark TASK done by hand (an id, or an unambiguous start of one).

    \b
    Example:
      mlstart done data.labels --note "gold set of 200, kappa 0.81"
    """
    result = tracking.mark_done(here(), task, note)
    _changed(as_json, result, f"{result['id']}: done")
    for missing in result["check_missing"]:
        click.echo(f"  note: its check still says: {missing}", err=True)


@click.command()
@click.argument("task")
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
@click.argument("task")
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
@click.option("--stage", is_flag=True, help="Climb the stage ladder instead of the phases.")
@click.option("--force", is_flag=True, help="Move although the gate does not hold.")
@click.option("--reason", "-r", help="Why (required with --force; recorded).")
@json_option
@project_option
def advance(stage: bool, force: bool, reason: str | None, as_json: bool) -> None:
    """Move to the next phase when the gate holds (or the next stage, with --stage).

    The gate holds when the current phase's required tasks are done or skipped with a reason;
    otherwise the blockers are listed (exit code 5). A stage is promoted when the next stage's
    metrics file beats the current one's by the minimum gain.

    \b
    Examples:
      mlstart advance
      mlstart advance --force --reason "course deadline; charter approved by the TA"
      mlstart advance --stage
    """
    if force and not (reason or "").strip():
        raise usage_error("--force needs --reason 'why' (the override is recorded)")
    if stage:
        result = tracking.promote(here(), force=force, reason=reason)
        text = f"stage: {result['from']} -> {result['to']}" + _forced(result)
        _changed(as_json, {"kind": "stage", **result}, text)
        return
    result = tracking.advance(here(), force=force, reason=reason)
    text = f"phase: {result['from']} -> {result['to']}" + _forced(result)
    _changed(as_json, {"kind": "phase", **result}, text)
    if result["files"] and not as_json:
        click.echo(f"brought the {result['to']} part of the template (its own commit)")


def _forced(result: dict[str, Any]) -> str:
    return " (override recorded)" if result.get("forced") else ""


@click.command()
@click.argument("phase", type=click.Choice(PHASES))
@click.option("--reason", "-r", required=True, help="What sends the project back.")
@json_option
@project_option
def back(phase: str, reason: str, as_json: bool) -> None:
    """Go back to an earlier PHASE, recording why (ML work loops back; that is normal).

    \b
    Example:
      mlstart back data --reason "labels too noisy: agreement 0.52"
    """
    if not reason.strip():
        raise usage_error("--reason must say what sends the project back (it is recorded)")
    result = tracking.back(here(), phase, reason)
    _changed(as_json, {"kind": "phase", **result}, f"phase: {result['from']} -> {result['to']}")


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
        what += " (forced)"
    for key in ("added", "removed"):
        if entry.get(key):
            what += f" {key}: {', '.join(map(str, entry[key]))}"
    text = entry.get("reason") or entry.get("note")
    tail = f"  {text}" if text else ""
    return f"{when:<16}  {entry.get('by', '?')}  {what}{tail}"
