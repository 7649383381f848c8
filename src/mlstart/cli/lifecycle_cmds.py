"""The lifecycle commands: check, done, skip, reopen, advance, back and log."""

from __future__ import annotations

import json
from typing import Any

import click

from mlstart.core.errors import CheckFailedError
from mlstart.lifecycle.model import PHASES
from mlstart.workflow import tracking

project_option = click.option(
    "--project",
    "-C",
    "project",
    default=".",
    show_default=True,
    type=click.Path(exists=True, file_okay=False),
    help="A folder inside the project.",
)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.command()
@click.option("--run", is_flag=True, help="Also run the checks that run commands (tests, ...).")
@click.option("--all", "show_all", is_flag=True, help="List the checks that hold, too.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON (for CI).")
@project_option
def check(run: bool, show_all: bool, as_json: bool, project: str) -> None:
    """Re-evaluate every task's evidence; show what is missing and what fixes it.

    Exits with code 4 when the current phase's required tasks do not hold yet. Commands written
    in lifecycle.yaml (such as the project's tests) run only with --run.

    \b
    Examples:
      mlstart check
      mlstart check --run --json > check.json
    """
    report = tracking.check(project, run=run)
    if as_json:
        _echo_json({"version": 1, **report})
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
@project_option
def done(task: str, note: str | None, project: str) -> None:
    """Mark TASK done by hand (an id, or an unambiguous start of one).

    \b
    Example:
      mlstart done data.labels --note "gold set of 200, kappa 0.81"
    """
    result = tracking.mark_done(project, task, note)
    click.echo(f"{result['id']}: done")
    for missing in result["check_missing"]:
        click.echo(f"  note: its check still says: {missing}", err=True)


@click.command()
@click.argument("task")
@click.option("--reason", "-r", required=True, help="Why the task does not apply or can wait.")
@project_option
def skip(task: str, reason: str, project: str) -> None:
    """Skip TASK, with the reason (a skipped task no longer blocks its gate).

    \b
    Example:
      mlstart skip deployment.load --reason "internal tool, 5 users"
    """
    result = tracking.skip(project, task, reason)
    click.echo(f"{result['id']}: skipped")


@click.command()
@click.argument("task")
@click.option("--note", "-m", help="Why it is open again.")
@project_option
def reopen(task: str, note: str | None, project: str) -> None:
    """Put TASK back to todo.

    \b
    Example:
      mlstart reopen data.splits --note "leak found between train and test"
    """
    result = tracking.reopen(project, task, note)
    click.echo(f"{result['id']}: todo")


@click.command()
@click.option("--stage", is_flag=True, help="Climb the stage ladder instead of the phases.")
@click.option("--force", is_flag=True, help="Move although the gate does not hold.")
@click.option("--reason", "-r", help="Why (required with --force; recorded).")
@project_option
def advance(stage: bool, force: bool, reason: str | None, project: str) -> None:
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
    if stage:
        result = tracking.promote(project, force=force, reason=reason)
        click.echo(f"stage: {result['from']} -> {result['to']}" + _forced(result))
        return
    result = tracking.advance(project, force=force, reason=reason)
    click.echo(f"phase: {result['from']} -> {result['to']}" + _forced(result))
    if result["files"]:
        click.echo(f"brought the {result['to']} part of the template (its own commit)")


def _forced(result: dict[str, Any]) -> str:
    return " (override recorded)" if result.get("forced") else ""


@click.command()
@click.argument("phase", type=click.Choice(PHASES))
@click.option("--reason", "-r", required=True, help="What sends the project back.")
@project_option
def back(phase: str, reason: str, project: str) -> None:
    """Go back to an earlier PHASE, recording why (ML work loops back; that is normal).

    \b
    Example:
      mlstart back data --reason "labels too noisy: agreement 0.52"
    """
    result = tracking.back(project, phase, reason)
    click.echo(f"phase: {result['from']} -> {result['to']}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@project_option
def log(as_json: bool, project: str) -> None:
    """Print the project's lifecycle history: every event with date, author and note.

    \b
    Example:
      mlstart log
    """
    events = tracking.history(project)
    if as_json:
        _echo_json(events)
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
