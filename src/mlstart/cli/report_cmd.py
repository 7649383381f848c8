"""`mlstart report [PATH]`: one project's status and story, for people who do not use a terminal."""

from __future__ import annotations

from pathlib import Path

import click

from mlstart.cli.options import emit_json, here, json_option, project_option
from mlstart.core.files import atomic_write
from mlstart.views.html import report_page
from mlstart.views.report import render_json, render_markdown, render_text
from mlstart.workflow.report import read_report


@click.command()
@click.argument("path", default=".", type=click.Path(file_okay=True, dir_okay=True))
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a self-contained HTML page (charts, no script, no network) to FILE.",
)
@click.option(
    "--md", "as_md", is_flag=True, help="Print Markdown (for a README or a pull request)."
)
@json_option
@project_option
def report(path: str, html_file: Path | None, as_md: bool, as_json: bool) -> None:
    """Report where a project stands and how it got there.

    Phase and stage, the timeline of phases from the history (entered, left, loop-backs),
    progress per phase, the stage ladder (each stage's metric against the target and the
    minimum useful value), what blocks the next gate, find-out tasks, overrides, and the
    verdict with its reasons. Reads the repository only; runs nothing. PATH is read
    relative to -C DIR.

    \b
    Examples:
      mlstart report
      mlstart report --html report.html
      mlstart report --md >> README.md
    """
    data = read_report(str(here(path)))
    if html_file is not None:
        atomic_write(html_file, report_page(data))
        click.echo(f"Wrote {html_file}", err=True)
    if as_json:
        emit_json(render_json(data))
    elif as_md:
        click.echo(render_markdown(data), nl=False)
    elif html_file is None:
        click.echo(render_text(data))
