"""The score command: the ML Test Score of a project, and manual marks."""

from __future__ import annotations

from typing import Any

import click

from mlstart.cli.options import emit_json, here, json_option, project_option
from mlstart.workflow import scoring


@click.command()
@click.option(
    "--set",
    "marks",
    multiple=True,
    metavar="ID=done|open",
    help="Record a test done by hand (half a point), or remove the record. Repeatable.",
)
@click.option("--note", default=None, help="What was done and where it is written (with --set).")
@click.option("--run", is_flag=True, help="Run the project's tests and pipeline first.")
@json_option
@project_option
def score(marks: tuple[str, ...], note: str | None, run: bool, as_json: bool) -> None:
    """The ML Test Score (Breck et al., 2017): 28 tests in four sections, from the repository.

    A test earns 1 when its evidence is in the repository and CI runs it, 0.5 when it is done
    but not automated or recorded by hand with --set, else 0. Each section sums its seven
    tests; the final score is the weakest section's. Nothing from the project runs unless
    --run is given. The score counts the tests a project has, not whether they pass:
    `mlstart check` shows that.

    \b
    Examples:
      mlstart score
      mlstart score --set M2=done --note "A/B test, docs/deploy/ab_2026_03.md"
      mlstart score --run --json > score.json
    """
    project = here()
    if marks:
        scoring.mark(project, scoring.parse_marks(marks), note)
    report = scoring.project_score(project, run=run)
    if as_json:
        emit_json(report)
    else:
        click.echo(_text(report))


def _text(report: dict[str, Any]) -> str:
    lines = [f"{report['project']}: ML Test Score {report['score']:g}: {report['reading']}.", ""]
    for ran in report["ran"]:
        lines.append(f"  ran {ran['command']}: {'ok' if ran['ok'] else 'FAILED'}")
    for name, section in report["sections"].items():
        lines.append(
            f"  {name:<15} {section['points']:>4g} / 7   ({section['automated']} automated)"
        )
    lines.append("")
    for test in report["tests"]:
        mark = {1.0: "1  ", 0.5: "0.5", 0.0: "0  "}[test["points"]]
        lines.append(f"  {test['id']:<5} {mark}  {test['state']:<14} {test['title']}")
        if test["state"] != "automated" and test["missing"]:
            lines.append(f"{'':25}missing: {', '.join(test['missing'])}")
    lines += ["", f"Weakest section: {report['weakest']}. Next:"]
    lines += [f"  {step['id']}: {step['todo']}" for step in report["next"]]
    lines.append("Record a test done by hand: mlstart score --set ID=done --note '...'")
    return "\n".join(lines)
