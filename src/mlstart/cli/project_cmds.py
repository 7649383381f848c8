"""`mlstart init` and `mlstart update`: adopt an existing repository; merge template updates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mlstart.cli.completion import set_values as complete_set
from mlstart.cli.options import emit_json, here, json_option, project_option
from mlstart.interview.answers import load_answers_file, parse_set_options

STATUS_WORDS = {"A": "added", "M": "changed", "D": "removed"}


def _given(answers_file: Path | None, set_values: tuple[str, ...]) -> dict[str, Any]:
    given: dict[str, Any] = load_answers_file(here(answers_file)) if answers_file else {}
    given.update(parse_set_options(set_values))
    return given


ANSWERS_OPTION = click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Answers from a YAML or JSON file (keys: `mlstart help interview`).",
)
SET_OPTION = click.option(
    "--set",
    "set_values",
    multiple=True,
    metavar="KEY=VALUE",
    shell_complete=complete_set,
    help="One answer; repeatable; wins over --answers. "
    "template.VAR=VALUE answers the template's variable VAR.",
)


@click.command()
@click.argument(
    "path", type=click.Path(path_type=Path, file_okay=False), default=".", required=False
)
@click.option("--defaults", is_flag=True, help="Take the default of every question; ask nothing.")
@ANSWERS_OPTION
@SET_OPTION
@click.option("--full", is_flag=True, help="Ask every question, not only the essentials.")
@click.option("--no-hooks", is_flag=True, help="Do not install mlstart's Git hooks.")
@click.option(
    "--trust",
    is_flag=True,
    help="Consent to the code of the template the repository came from (tasks, hooks).",
)
@click.option(
    "--no-template",
    is_flag=True,
    help="Ignore .copier-answers.yml / .cruft.json: adopt the repository without its template.",
)
@json_option
@project_option
def init(
    path: Path,
    defaults: bool,
    answers_file: Path | None,
    set_values: tuple[str, ...],
    full: bool,
    no_hooks: bool,
    trust: bool,
    no_template: bool,
    as_json: bool,
) -> None:
    """Add the lifecycle to an existing repository (or folder) in PATH, default here.

    Runs the framing interview, then adds lifecycle.yaml, docs/charter.md and
    .mlstart/template.yml and commits those three files alone: every other file stays as it
    was. A folder that is not a repository becomes one. A repository made by `copier copy`
    (.copier-answers.yml) or cruft (.cruft.json) keeps its template: `mlstart update` then
    brings that template's changes.

    \b
    Examples:
      mlstart init
      mlstart init ../churn --defaults --set problem="Customers leave unnoticed"
    """
    from mlstart.core import terminal
    from mlstart.workflow.init import InitRequest, init_project
    from mlstart.workflow.new import require_answers_source

    given = _given(answers_file, set_values)
    interactive = terminal.has_terminal() and not defaults
    require_answers_source(
        interactive=interactive, defaults=defaults, answers_file=answers_file is not None
    )
    request = InitRequest(
        here(path), given, full=full, hooks=not no_hooks, trust=trust, adopt=not no_template
    )
    result = init_project(request, _prompter() if interactive else None)
    _show_init(result, as_json=as_json)


def _show_init(result: Any, *, as_json: bool) -> None:
    if as_json:
        data = {
            "path": str(result.root),
            "commit": result.commit,
            "files": result.files,
            "hooks": result.hooks,
            "kept_hooks": result.kept_hooks,
            "template": result.template,
            "answers": result.answers,
            "plan": result.derived,
        }
        emit_json(data)
        return
    click.secho(f"mlstart now tracks {result.root}", fg="green", bold=True)
    made = "a new repository, " if result.created_repository else ""
    click.echo(f"  {made}commit {result.commit[:8]} adds: {', '.join(result.files)}")
    click.echo("  No other file was changed.")
    if result.template:
        click.echo(f"  template: {result.template}; `mlstart update` brings its changes")
    _print_kept_hooks(result.kept_hooks)
    click.echo("\nNext:\n  mlstart status\n  fill in docs/charter.md (places marked TODO(mlstart))")


def _print_kept_hooks(kept: list[str]) -> None:
    from mlstart.githooks.install import chain_line

    for name in kept:
        click.secho(
            f"  kept your existing {name} hook; mlstart's checks are not in it", fg="yellow"
        )
        click.echo(f"  to run them too, add this line to it:\n    {chain_line(name)}")


def _confirmer(as_json: bool) -> Any:
    """A yes/no question on the terminal for consent (core.trust), or None without one."""
    from mlstart.core import terminal

    if as_json or not terminal.has_terminal():
        return None

    def confirm(question: str) -> bool:
        return bool(click.confirm(question, default=False, err=True))

    return confirm


def _prompter() -> Any:
    from mlstart.interview.prompts import QuestionaryPrompter

    return QuestionaryPrompter()


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--dry-run", is_flag=True, help="Show what would change and what would conflict.")
@ANSWERS_OPTION
@SET_OPTION
@click.option(
    "--template",
    "source",
    metavar="SRC",
    help="Render from this template source (folder or Git URL) from now on.",
)
@click.option(
    "--vcs-ref",
    metavar="REF",
    help="Use this tag, branch or commit of the template from now on.",
)
@click.option(
    "--trust",
    is_flag=True,
    help="Consent to the recorded template source and its code (Copier tasks and migrations, "
    "cookiecutter hooks); remembered for this user.",
)
@click.option(
    "--run-hooks", is_flag=True, help="Run a cookiecutter template's hooks again while rendering."
)
@json_option
@project_option
def update(
    path: Path,
    dry_run: bool,
    answers_file: Path | None,
    set_values: tuple[str, ...],
    source: str | None,
    vcs_ref: str | None,
    trust: bool,
    run_hooks: bool,
    as_json: bool,
) -> None:
    """Bring the project in PATH (default here) to the current template, keeping your edits.

    The template is rendered again with the saved answers on the mlstart/template branch and
    merged into your branch: Git's three-way merge keeps your changes. Conflicts are ordinary
    Git conflicts; they are listed and the exit code is 6. lifecycle.yaml keeps its progress
    and history and gains the tasks a newer catalogue adds. Needs a clean working tree.

    \b
    Examples:
      mlstart update --dry-run
      mlstart update --set deployment=realtime
      mlstart update --vcs-ref v2.0 --set template.docs=none
    """
    from mlstart.cli.progress import TerminalProgress
    from mlstart.core.progress import step
    from mlstart.workflow.fetch import is_git_url
    from mlstart.workflow.update import TemplateConflictError, UpdateOptions
    from mlstart.workflow.update import update as run_update

    given = _given(answers_file, set_values)
    if source is not None and not is_git_url(source):
        source = str(here(source))  # a folder is read relative to -C DIR, like PATH
    options = UpdateOptions(dry_run, trust, source, vcs_ref, run_hooks)
    ask = _confirmer(as_json)
    what = "Rendering the template again and merging" if not dry_run else "Rendering the template"
    try:
        # a consent question may come: then a still line, not a spinner
        with step(TerminalProgress(quiet=as_json), what, may_prompt=ask is not None):
            result = run_update(here(path), given, ask=ask, options=options)
    except TemplateConflictError as conflict:
        if as_json:
            emit_json({"conflicts": conflict.files, "merge_in_progress": True})
        raise
    if as_json:
        emit_json(_as_data(result))
        return
    _print_update(result)


def _as_data(result: Any) -> dict[str, Any]:
    return {
        "path": str(result.root),
        "dry_run": result.dry_run,
        "changes": [{"status": STATUS_WORDS.get(s, s), "path": p} for s, p in result.changes],
        "conflicts": result.conflicts,
        "tasks": result.tasks,
        "commit": result.commit,
        "notes": result.notes,
        "migrations": result.migrations,
        "template_messages": result.messages,
        "template_version": {"from": result.version[0], "to": result.version[1]},
    }


def _print_template_words(result: Any) -> None:
    """Answers that took a new default, and the template's own messages."""
    for note in result.notes:
        click.secho(f"note: {note}", fg="yellow")
    for message in result.messages:
        click.secho("The template says:", bold=True)
        click.echo("\n".join(f"  {line}" for line in message.splitlines()))


def _print_update(result: Any) -> None:
    _print_template_words(result)
    if not result.changes and not any(result.tasks.values()) and not result.migrations:
        click.echo("Already up to date with the template.")
        return
    old, new = result.version
    if new and old != new:
        click.echo(f"Template version: {old or 'unknown'} -> {new}")
    would = "would " if result.dry_run else ""
    title = "What an update would bring" if result.dry_run else "Updated from the template"
    click.secho(f"{title} ({result.source}):", bold=True)
    for status, path in result.changes:
        click.echo(f"  {STATUS_WORDS.get(status, status):<8} {path}")
    for command in result.migrations:
        click.echo(f"  migration {'to run' if result.dry_run else 'ran'}: {command}")
    for key in ("added", "updated", "removed"):
        if result.tasks.get(key):
            click.echo(f"  lifecycle tasks {would}be {key}: {', '.join(result.tasks[key])}")
    if result.dry_run:
        if result.conflicts:
            click.secho("Would conflict with your changes:", fg="yellow")
            for path in result.conflicts:
                click.echo(f"  {path}")
        click.echo("Nothing was changed (--dry-run).")
    elif result.commit:
        click.echo(f"Committed {result.commit[:8]}; your edits were kept by Git's merge.")
