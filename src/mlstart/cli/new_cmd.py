"""`mlstart new`: options → NewRequest → create_project → a summary of what was made."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

import click

from mlstart.cli.options import emit_json, here, json_option, start_dir, usage_error
from mlstart.interview.answers import load_answers_file, parse_set_options
from mlstart.workflow.new import NewRequest, NewResult, create_project, require_answers_source

VERDICT_WORDS = {
    "not-yet": "not yet: settle the open questions before building anything",
    "heuristic-first": "heuristic first: ship a simple rule, measure it, then consider ML",
    "ml-candidate": "ML candidate: measure the heuristic baseline, then a simple model",
}


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
@json_option
def new(**options: Any) -> None:
    """Interview, plan and create a phased ML project in DEST, with its first commit.

    DEST defaults to the project name. Without a terminal, pass --defaults or --answers.

    \b
    Examples:
      mlstart new churn-model
      mlstart new demo --defaults
      mlstart new demo --answers answers.yml --set task_type=regression
      mlstart new demo --template gh:drivendataorg/cookiecutter-data-science
      mlstart new demo --template gh:org/tpl --vcs-ref v2.1 --set template.docs=none
    """
    request = _request(**options)
    result = create_project(request, _prompter() if request.interactive else None)
    if options["as_json"]:
        emit_json(_as_data(result))
    else:
        _print_summary(result, replay=request.interactive)
    _raise_publish_error(result)


def _request(
    dest: Path | None,
    defaults: bool,
    answers_file: Path | None,
    set_values: tuple[str, ...],
    full: bool,
    all_phases: bool,
    template: str | None,
    vcs_ref: str | None,
    trust: bool,
    no_git: bool,
    no_hooks: bool,
    remote: str | None,
    push: bool,
    as_json: bool,
) -> NewRequest:
    """The use case's request from the options: usage errors first, answers merged."""
    from mlstart.core import terminal

    if push and not remote:
        raise usage_error("--push needs --remote URL (the repository to push to)")
    dest = here(dest) if dest is not None else None
    answers_file = here(answers_file) if answers_file is not None else None
    given: dict[str, Any] = load_answers_file(answers_file) if answers_file else {}
    given.update(parse_set_options(set_values))
    interactive = terminal.has_terminal() and not defaults
    require_answers_source(
        interactive=interactive, defaults=defaults, answers_file=answers_file is not None
    )
    name_default = {"project_name": Path(os.path.abspath(dest)).name} if dest is not None else {}
    return NewRequest(
        dest=dest, given=given, defaults=name_default, full=full, all_phases=all_phases,
        use_git=not no_git, hooks=not no_hooks, remote=remote, push=push, template=template,
        trust=trust, vcs_ref=vcs_ref, interactive=interactive, base=start_dir(),
    )  # fmt: skip


def _raise_publish_error(result: NewResult) -> None:
    """A failed push after the project was made: the project stays, the error says how to retry."""
    error = result.publish_error
    if error is not None:
        error.hint = (
            f"{error.hint or ''}\nThe project is made; retry with `mlstart publish`.".strip()
        )
        raise error


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
        "answers": result.answers,
        "plan": result.derived,
    }


def _publish_data(publish: Any) -> dict[str, Any] | None:
    if publish is None:
        return None
    keys = ("url", "previous_url", "pushed", "branch", "head", "upstream")
    return {key: getattr(publish, key) for key in keys}


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
    click.echo(f"\nVerdict: {VERDICT_WORDS[derived['verdict']]}")
    for reason in derived["verdict_reasons"]:
        click.echo(f"  - {reason}")
    click.echo(
        f"Feasibility: {derived['feasibility']} cost; target stage: {derived['target_stage']}"
    )
    if derived["find_out"]:
        count = len(derived["find_out"])
        click.echo(f"Open questions: {count} 'find out' task{'s' * (count > 1)} in planning.")
    click.echo("\nNext:")
    cd = shlex.quote(str(result.dest))
    steps = [f"cd {cd} && mlstart status", "fill in docs/charter.md (places marked TODO(mlstart))"]
    if result.template is None:
        steps.append(
            f"python -m {answers['package_name']} baseline   # measure the heuristic baseline"
        )
    for step in steps:
        click.echo(f"  {step}")
    if replay and result.template is None:
        answers_path = shlex.quote(str(result.dest / ".copier-answers.yml"))
        click.echo(f"\nRepeat without questions: mlstart new OTHER_DIR --answers {answers_path}")
