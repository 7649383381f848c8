"""`mlstart status`: where the project stands (Click form of the fast path in mlstart.cli.fast)."""

from __future__ import annotations

import sys

import click

from mlstart.cli.options import here, json_option, project_option
from mlstart.core.jsontext import for_output
from mlstart.views.status import render_json, render_text
from mlstart.workflow.status import read_status


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=True, dir_okay=True))
@json_option
@click.option("--all", "show_all", is_flag=True, help="List every task of every phase.")
@click.option("--why", "show_why", is_flag=True, help="Say why each task listed matters.")
@project_option
def status(path: str, as_json: bool, show_all: bool, show_why: bool) -> None:
    """Show the phase, stage, progress, next tasks and what blocks the next phase.

    Works from any folder inside the project (PATH is read relative to -C DIR). Reads only
    the repository: it runs no command of the project (checks that run code wait for
    `mlstart check --run`).

    \b
    Examples:
      mlstart status
      mlstart status --all
      mlstart status --why
      mlstart status path/to/project --json | jq .gate
    """
    report = read_status(str(here(path)))
    if as_json:
        click.echo(for_output(render_json(report), terminal=sys.stdout.isatty()))
    else:
        click.echo(render_text(report, show_all=show_all, show_why=show_why))
