"""`mlstart new`: options → NewRequest → create_project → a summary of what was made."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

import click

from mlstart.cli.completion import set_values as complete_set
from mlstart.cli.options import emit_json, here, json_option, start_dir, usage_error
from mlstart.cli.progress import TerminalProgress
from mlstart.core.errors import MlstartError
from mlstart.interview.answers import load_answers_file, parse_set_options
from mlstart.interview.plan import VERDICT_WORDS
from mlstart.workflow.new import NewRequest, NewResult, create_project, require_answers_source


@click.command()
@click.argument("dest", type=click.Path(path_type=Path), default=None, required=False)
@click.option("--defaults", is_flag=True, help="Take the default of every question; ask nothing.")
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Pre-answer questions from a YAML or JSON file (keys: `mlstart help interview`).",
)
@click.option(
    "--set",
    "set_values",
    multiple=True,
    metavar="KEY=VALUE",
    shell_complete=complete_set,
    help="Pre-answer one question; repeatable; wins over --answers. "
    "template.VAR=VALUE answers the --template's variable VAR.",
)
@click.option(
    "--full", is_flag=True, help="Ask every question that applies, not only the essentials."
)
@click.option(
    "--all-phases", is_flag=True, help="Render every phase's files now, not only planning."
)
@click.option(
    "--template",
    "template",
    metavar="SRC",
    help="Render this Copier or cookiecutter template (folder or Git URL) instead of mlstart's.",
)
@click.option(
    "--vcs-ref",
    metavar="REF",
    help="With a Git --template: use this tag, branch or commit (recorded for updates).",
)
@click.option("--trust", is_flag=True, help="Allow a Copier template's tasks (commands) to run.")
@click.option("--no-git", is_flag=True, help="Do not create a Git repository.")
@click.option("--no-hooks", is_flag=True, help="Do not install mlstart's Git hooks.")
@click.option("--remote", metavar="URL", help="Set origin to this SSH URL after the first commit.")
@click.option("--push", is_flag=True, help="With --remote: push main and track it.")
@click.option(
    "--install/--no-install",
    default=None,
    help="Create .venv and install the project with its dev tools (uv if on PATH, else pip). "
    "Default: asked on a terminal (yes with --defaults), no without one.",
)
@json_option
def new(**options: Any) -> None:
    """Interview, plan and create a phased ML project in DEST, with its first commit.

    DEST defaults to the project name. Without a terminal, pass --defaults or --answers.

    \b
    Examples:
      mlstart new churn-model
      mlstart new demo --defaults
      mlstart new demo --defaults --no-install
      mlstart new demo --answers answers.yml --set task_type=regression
      mlstart new demo --template gh:drivendataorg/cookiecutter-data-science
      mlstart new demo --template gh:org/tpl --vcs-ref v2.1 --set template.docs=none
    """
    from mlstart.core import terminal

    on_terminal = terminal.has_terminal()
    request = _request(options, on_terminal=on_terminal)
    # on a terminal someone can be asked, even with --defaults: for what has no default (who
    # you are, for Git's commits)
    prompter = _prompter() if on_terminal else None
    _create_and_report(request, prompter, as_json=bool(options["as_json"]))


def _request(options: dict[str, Any], *, on_terminal: bool) -> NewRequest:
    """The NewRequest from the command line; usage errors (exit 2) before anything happens."""
    if options["push"] and not options["remote"]:
        raise usage_error("--push needs --remote URL (the repository to push to)")
    dest = here(options["dest"]) if options["dest"] is not None else None
    answers_file = here(options["answers_file"]) if options["answers_file"] else None
    given = _given(answers_file, options["set_values"])  # a malformed --set: exit 2 first
    defaults = bool(options["defaults"])
    interactive = on_terminal and not defaults
    install = options["install"]
    if install is None and not interactive:
        install = on_terminal  # --defaults on a terminal takes the question's default: yes
    require_answers_source(
        interactive=interactive, defaults=defaults, answers_file=answers_file is not None
    )
    return NewRequest(
        dest=dest,
        given=given,
        defaults={"project_name": Path(os.path.abspath(dest)).name} if dest else {},
        full=options["full"],
        all_phases=options["all_phases"],
        use_git=not options["no_git"],
        hooks=not options["no_hooks"],
        remote=options["remote"],
        push=options["push"],
        template=_template_source(options["template"]),
        trust=options["trust"],
        vcs_ref=options["vcs_ref"],
        interactive=interactive,
        base=start_dir(),
        install=install,
        interview=not defaults,
    )


def _create_and_report(request: NewRequest, prompter: Any, *, as_json: bool) -> None:
    """Create the project, print what was made, then raise what failed after it was made."""
    result = create_project(request, prompter, TerminalProgress(quiet=as_json))
    if as_json:
        emit_json(_as_data(result))
    else:
        _print_summary(result, replay=request.interactive)
    if result.install is not None and not result.install.ok:
        raise MlstartError(
            f"the project's environment was not installed: {result.install.error}",
            hint=f"The project is made; retry with: {result.install.command}",
        )
    if result.publish_error is not None:
        error = result.publish_error
        error.hint = (
            f"{error.hint or ''}\nThe project is made; retry with `mlstart publish`.".strip()
        )
        raise error


def _given(answers_file: Path | None, set_values: tuple[str, ...]) -> dict[str, Any]:
    """--answers, then --set on top."""
    given: dict[str, Any] = load_answers_file(answers_file) if answers_file else {}
    given.update(parse_set_options(set_values))
    return given


def _print_kept_hooks(kept: list[str]) -> None:
    from mlstart.githooks.install import chain_line

    for name in kept:
        click.secho(
            f"  kept the template's {name} hook; mlstart's checks are not in it", fg="yellow"
        )
        click.echo(f"  to run them too, add this line to it:\n    {chain_line(name)}")


def _template_source(template: str | None) -> str | None:
    """A --template folder read relative to -C DIR (a URL as given)."""
    from mlstart.workflow.fetch import is_git_url

    if template is None or is_git_url(template):
        return template
    return str(here(template))


def _prompter() -> Any:
    from mlstart.interview.prompts import QuestionaryPrompter  # questionary loads only when asking

    return QuestionaryPrompter()


def _as_data(result: NewResult) -> dict[str, Any]:
    return {
        "path": str(result.dest),
        "commit": result.commit,
        "files": result.files,
        "hooks": result.hooks,
        "template_messages": result.messages,
        "template_version": result.version,
        "publish": _publish_data(result.publish),
        "install": result.install.as_dict() if result.install is not None else None,
        "answers": result.answers,
        "plan": result.derived,
        "warnings": result.warnings,
    }


def _publish_data(publish: Any) -> dict[str, Any] | None:
    if publish is None:
        return None
    keys = ("url", "previous_url", "pushed", "branch", "head", "upstream")
    return {key: getattr(publish, key) for key in keys}


def _print_plan(derived: dict[str, Any]) -> None:
    """Should we use ML: the verdict and why, the archetype, the three drivers."""
    name = derived["verdict"]
    click.echo(f"\nShould we use ML? {name}: {VERDICT_WORDS[name]}")
    for reason in derived["verdict_reasons"]:
        click.echo(f"  - {reason}")
    for note in derived.get("verdict_notes", []):
        click.echo(f"  + {note}")
    click.echo(f"Archetype: {derived['archetype']}")
    if derived.get("archetype_advice"):
        click.echo(f"  ! {derived['archetype_advice']}")
    click.echo(f"Feasibility: {derived['feasibility']} cost")
    for name, driver in derived["drivers"].items():
        click.echo(f"  {name:<10} {driver['level']:<6} {driver['reason']}")
    click.echo(f"Target stage: {derived['target_stage']}")


def _print_summary(result: NewResult, *, replay: bool) -> None:
    answers, derived = result.answers, result.derived
    for message in result.messages:
        click.secho("\nThe template says:", bold=True)
        click.echo("\n".join(f"  {line}" for line in message.splitlines()))
    click.secho(f"\nCreated {answers['project_name']} in {result.dest}", fg="green", bold=True)
    if result.commit:
        made = f"  {len(result.files)} files committed, first commit {result.commit[:8]} on main"
    else:
        made = f"  {len(result.files)} files"
    if result.version:
        made += f" (template version {result.version})"
    click.echo(made)
    if result.publish is not None:
        pub = result.publish
        pushed = (
            f", pushed {pub.branch} ({pub.head[:8]}) tracking {pub.upstream}" if pub.pushed else ""
        )
        click.echo(f"  origin: {pub.url}{pushed}")
    for setting in result.git_settings:
        click.echo(f"  git config: {setting}")
    _print_kept_hooks(result.kept_hooks)
    _print_plan(derived)
    if derived["find_out"]:
        count = len(derived["find_out"])
        click.echo(f"Open questions: {count} 'find out' task{'s' * (count > 1)} in planning.")
    click.echo("\nNext:")
    for step in next_steps(result):
        click.echo(f"  {step}")
    if replay and result.template is None:
        answers_path = shlex.quote(str(result.dest / ".copier-answers.yml"))
        click.echo(f"\nRepeat without questions: mlstart new OTHER_DIR --answers {answers_path}")
    for warning in result.warnings:
        click.secho(f"\nWarning: {warning}", fg="yellow", err=True)


def next_steps(result: NewResult) -> list[str]:
    """The steps to print after `new`, each runnable as printed, in order, from here."""
    from mlstart.workflow.environment import VENV, retry_command

    steps = [f"cd {shlex.quote(_shown(result.dest))}"]
    if result.install is None or not result.install.ok:
        tool = result.install.tool if result.install is not None else "pip"
        install = retry_command(result.dest, tool).split(" && ", 1)[1]
        steps.append(f"{install}   # the project's environment")
    steps.append("mlstart status")
    if result.template is None:
        package = result.answers["package_name"]
        steps.append(f"{VENV}/bin/python -m {package} baseline   # measure the heuristic baseline")
        steps.append("mlstart check --run   # the project's own tests, with its .venv")
    steps.append("fill in docs/charter.md (places marked TODO(mlstart))")
    return steps


def _shown(dest: Path) -> str:
    """The destination as the user would type it: relative to here when it is below or beside."""
    relative = os.path.relpath(dest)
    return relative if not relative.startswith(os.pardir * 2) else str(dest)
