"""`mlstart class ROSTER`: the instructor's view of every repository of a class."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from mlstart.cli.options import emit_json, json_option
from mlstart.core.errors import CheckFailedError
from mlstart.core.files import atomic_write
from mlstart.gitssh.mirror import Limits
from mlstart.lifecycle.model import PHASES
from mlstart.views import classroom as view
from mlstart.views.html import class_page
from mlstart.workflow import classroom
from mlstart.workflow.roster import read_roster


@click.command(name="class")
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the clones are kept between runs [default: $XDG_CACHE_HOME/mlstart/class].",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=classroom.DEFAULT_JOBS,
    show_default=True,
    help="Repositories fetched at once.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1),
    default=120,
    show_default=True,
    help="Seconds allowed per git command on one repository.",
)
@click.option(
    "--max-size",
    type=click.FloatRange(1),
    default=200,
    show_default=True,
    help="Megabytes allowed per repository on disk.",
)
@click.option(
    "--at",
    "at",
    metavar="DATE",
    help="Evaluate each repository as of its last commit before DATE (ISO 8601).",
)
@click.option(
    "--sort",
    type=click.Choice(view.SORTS),
    default="name",
    show_default=True,
    help="Order of the rows.",
)
@click.option(
    "--stale",
    type=click.FloatRange(0),
    metavar="DAYS",
    help="Count students in the same phase for more than DAYS days.",
)
@click.option(
    "--require",
    type=click.Choice(PHASES),
    metavar="PHASE",
    help="Exit 4 when anyone has not reached PHASE (for grading in CI).",
)
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print one CSV line per student.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a self-contained HTML page to FILE.",
)
def class_(
    roster: Path,
    cache: Path | None,
    jobs: int,
    timeout: float,
    max_size: float,
    at: str | None,
    sort: str,
    stale: float | None,
    require: str | None,
    as_json: bool,
    as_csv: bool,
    html_file: Path | None,
) -> None:
    """Show where every student of a class stands: first-week checklist and lifecycle.

    ROSTER is a CSV file with a header line and the columns name, repo (a Git URL or a path)
    and optionally email and group. Bad rows are reported with their line and skipped.

    Repositories are cloned on the first run and fetched on later ones into the cache, several
    at once. Nothing from a student's repository runs: bare clones with hooks, LFS filters and
    submodules off, files read as data, checks that run commands left unknown.

    \b
    Exit codes: 0, or 4 with --require when someone has not reached the phase.
    Examples:
      mlstart class roster.csv
      mlstart class roster.csv --sort phase --stale 14 --html class.html
      mlstart class roster.csv --at 2026-10-01T23:59 --require data --csv > grades.csv
    """
    when = classroom.parse_date(at) if at else None
    data = read_roster(roster)
    click.echo("".join(f"Warning: {problem}\n" for problem in data.problems), err=True, nl=False)
    options = classroom.Options(
        cache=cache or classroom.default_cache(),
        jobs=jobs,
        at=when,
        limits=Limits(timeout_s=timeout, max_mb=max_size),
    )
    rows = view.sort_rows(_run(data, options), sort)
    now = when or datetime.now(UTC)
    summary = classroom.summary(rows, now=now, stale_days=stale)
    _output(rows, summary, data.problems, as_json=as_json, as_csv=as_csv)
    if html_file is not None:
        title = f"Class {roster.stem}" + (f" as of {at}" if at else "")
        atomic_write(html_file, class_page(rows, summary, data.problems, title=title))
        click.echo(f"Wrote {html_file}", err=True)
    if require:
        _grade(rows, require)


def _grade(rows: list[dict[str, Any]], phase: str) -> None:
    """Exit 4 (CheckFailedError) naming who has not reached the phase."""
    behind = classroom.not_reached(rows, phase)
    if behind:
        more = f" and {len(behind) - 10} more" if len(behind) > 10 else ""
        raise CheckFailedError(f"{len(behind)} not in {phase} yet: {', '.join(behind[:10])}{more}")


def _run(data: Any, options: classroom.Options) -> list[dict[str, Any]]:
    """Evaluate the class with a progress bar on a terminal's standard error."""
    if not sys.stderr.isatty() or not data.students:
        return classroom.evaluate_class(data, options)
    lock = threading.Lock()
    with click.progressbar(
        length=len(data.students), label="Fetching", file=sys.stderr, show_pos=True
    ) as progress:

        def step(_row: dict[str, Any]) -> None:
            with lock:
                progress.update(1)

        return classroom.evaluate_class(data, options, step)


def _output(
    rows: list[dict[str, Any]],
    summary: dict[str, Any],
    problems: list[str],
    *,
    as_json: bool,
    as_csv: bool,
) -> None:
    if as_json:
        emit_json(view.render_json(rows, summary, problems))
    elif as_csv:
        click.echo(view.render_csv(rows), nl=False)
    else:
        click.echo(view.render_table(rows, summary, problems))
