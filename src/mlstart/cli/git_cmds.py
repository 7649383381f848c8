"""The `doctor`, `ssh` and `publish` commands: parse the options, call one use case, print.

Questions are asked (through the interview's Prompter) only when stdin is a terminal; without
one, anything that would need an answer fails with the flag that gives it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from mlstart.cli.options import emit_json, json_option, project_option, start_dir
from mlstart.cli.progress import TerminalProgress
from mlstart.core.errors import CheckFailedError
from mlstart.gitssh import doctor as checks
from mlstart.gitssh import remote, sshkeys
from mlstart.interview.prompter import Prompter
from mlstart.workflow.identity_setup import IdentityRequest, set_identity
from mlstart.workflow.ssh_setup import SshRequest, set_up_ssh

_MARKS = {"ok": "[ok]  ", "fail": "[FAIL]", "warn": "[warn]", "skip": "[skip]"}
_COLOURS = {"ok": "green", "fail": "red", "warn": "yellow", "skip": None}


def _prompter() -> Prompter | None:
    """The terminal prompter when stdin is a terminal (questionary loads only then), else None."""
    if not sys.stdin.isatty():
        return None
    from mlstart.interview.prompts import QuestionaryPrompter

    return QuestionaryPrompter()


def _say_out(message: str, tone: str = "info") -> None:
    """Progress of the ssh set-up on stdout; a warning in yellow on stderr."""
    if tone == "warn":
        click.secho(message, fg="yellow", err=True)
    else:
        click.secho(message, fg="green" if tone == "ok" else None)


def _say_err(message: str, tone: str = "info") -> None:
    """Lines of the identity step, on stderr (stdout stays the report, e.g. --json)."""
    click.secho(message, fg="yellow" if tone == "warn" else None, err=True)


def _warn_root() -> None:
    warning = sshkeys.root_warning()
    if warning:
        click.secho(f"Warning: {warning}", fg="yellow", err=True)


# ---------------------------------------------------------------------------------------------
# doctor
# ---------------------------------------------------------------------------------------------


def _print_report(report: checks.Report) -> None:
    width = max(len(item.title) for item in report.items)
    for item in report.items:
        mark = click.style(_MARKS[item.status], fg=_COLOURS[item.status])
        click.echo(f"{mark} {item.title:<{width}}  {item.detail}")
        if item.fix and item.status in {"fail", "warn"}:
            click.echo(f"       {'':<{width}}  fix: {item.fix}")


@click.command()
@click.option("--online", is_flag=True, help="Also test the SSH login to origin's host (network).")
@json_option
@click.option(
    "--fix",
    is_flag=True,
    help="First run the identity step: set user.name, user.email (suggesting GitHub's "
    "no-reply address) and init.defaultBranch=main; shows old -> new before writing.",
)
@click.option("--name", help="With --fix: your name for commits.")
@click.option("--email", help="With --fix: your commit email.")
@click.option(
    "--github-user",
    "login",
    metavar="LOGIN",
    help="With --fix: your GitHub username (no-reply email).",
)
@click.option("--github-id", "user_id", metavar="ID", help="With --fix: your numeric GitHub ID.")
@click.option("--yes", is_flag=True, help="With --fix: replace values that are set already.")
@click.option(
    "--global/--local",
    "everywhere",
    default=None,
    help="With --fix: name and email for all your repositories (default) or for this "
    "repository only (asked on a terminal inside a repository).",
)
@project_option
def doctor(
    online: bool,
    as_json: bool,
    fix: bool,
    name: str | None,
    email: str | None,
    login: str | None,
    user_id: str | None,
    yes: bool,
    everywhere: bool | None,
) -> None:
    """Check the Git, SSH and GitHub set-up, one line per item, with a fix for each failure.

    Checks: Git and its version, identity (and where it is set), an SSH key, key and ~/.ssh
    permissions, the agent, GitHub's host keys in known_hosts, the SSH login (with --online),
    and inside a project: repository, first commit, origin over SSH, branch pushed.
    Exit 0 when every checked item holds, 4 otherwise.

    \b
    Examples:
      mlstart doctor
      mlstart doctor --online --json
      mlstart doctor --fix --name "Ada Lovelace" --github-user ada --github-id 12345
    """
    where = start_dir() or Path.cwd()
    if fix:
        local = None if everywhere is None else not everywhere
        request = IdentityRequest(name, email, login, user_id, yes=yes, local=local, cwd=where)
        set_identity(request, _prompter(), _say_err)
    progress = TerminalProgress(quiet=as_json or not online)
    report = checks.run(where, online=online, progress=progress)
    if as_json:
        emit_json(report.as_dict())
    else:
        _print_report(report)
    if not report.ok:
        failed = len(report.failed)
        raise CheckFailedError(
            f"{failed} of {len(report.items)} checks failed",
            hint="work through the fixes from the top, then run mlstart doctor again",
        )


# ---------------------------------------------------------------------------------------------
# ssh
# ---------------------------------------------------------------------------------------------


@click.command()
@click.option(
    "--key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Key to use, or to create if absent (default: an existing ~/.ssh/id_ed25519, id_ecdsa "
    "or id_rsa, else a new ~/.ssh/id_ed25519).",
)
@click.option(
    "--no-passphrase",
    is_flag=True,
    help="Create the key without a passphrase (scripts, CI). Otherwise ssh-keygen asks for one "
    "on the terminal.",
)
@click.option(
    "--gh-upload/--no-gh-upload",
    default=None,
    help="Upload the public key with `gh ssh-key add` (asked on a terminal when gh is logged in).",
)
@click.option(
    "--test/--no-test",
    "test",
    default=None,
    help="Test the login with `ssh -T git@github.com` (asked on a terminal).",
)
@json_option
def ssh(
    key: Path | None,
    no_passphrase: bool,
    gh_upload: bool | None,
    test: bool | None,
    as_json: bool,
) -> None:
    """Set up SSH for GitHub: key, permissions, ~/.ssh/config, known_hosts, then a login test.

    Reuses an existing key or creates an ed25519 one (ssh-keygen asks for the passphrase
    itself); tightens permissions (folder 700, private key 600, public 644); adds a marked
    block to ~/.ssh/config (backed up first); adds GitHub's published host keys to known_hosts;
    shows the public key and where to paste it. Never overwrites a key or deletes an entry.

    \b
    Examples:
      mlstart ssh
      mlstart ssh --no-passphrase --no-test      # in a script
      mlstart ssh --key ~/.ssh/id_ed25519_github --gh-upload --test
    """
    request = SshRequest(key, no_passphrase, gh_upload, test)
    say = _say_err if as_json else _say_out  # with --json, stdout is the JSON alone
    result = set_up_ssh(request, _prompter(), say, TerminalProgress(quiet=as_json))
    if as_json:
        emit_json(result.as_dict())


# ---------------------------------------------------------------------------------------------
# publish
# ---------------------------------------------------------------------------------------------


def _confirm_origin(old: str, new: str) -> bool:
    click.echo(f"origin is now {old}")
    prompter = _prompter()
    return prompter is not None and prompter.confirm(f"Change origin to {new}?")


def _print_publish(result: remote.PublishResult) -> None:
    if result.previous_url is None:
        click.echo(f"origin set to {result.url}")
    elif result.origin_changed:
        click.echo(f"origin changed: {result.previous_url} -> {result.url}")
    else:
        click.echo(f"origin: {result.url}")
    if result.pushed:
        click.secho(
            f"Pushed {result.branch} ({result.head[:8]}); it tracks {result.upstream}.", fg="green"
        )


def _as_data(result: remote.PublishResult) -> dict[str, Any]:
    data = dict(result.__dict__)
    data["root"] = str(result.root)
    return data


@click.command()
@click.option(
    "--remote",
    "url",
    metavar="URL",
    help="The repository, e.g. git@github.com:OWNER/REPO.git (an HTTPS URL is converted to "
    "SSH). Default: the current origin.",
)
@click.option("--replace-origin", is_flag=True, help="Change an existing origin without asking.")
@click.option(
    "--create",
    is_flag=True,
    help="First create the repository on GitHub with the GitHub CLI (gh repo create; empty). "
    "Its name: OWNER/REPO from --remote, else this folder's name.",
)
@click.option(
    "--public", is_flag=True, help="With --create: a public repository (default: private)."
)
@json_option
@project_option
def publish(
    url: str | None, replace_origin: bool, create: bool, public: bool, as_json: bool
) -> None:
    """Set origin to the SSH URL and push main with upstream tracking.

    Needs at least one commit. Asks before changing an existing origin (showing the old one).
    Never force-pushes. Failures are classified (key refused, repository missing, remote not
    empty, host key unknown or changed) with what to do, naming the remote's host. --create
    makes the repository first with `gh` (installed and logged in); without gh, the error
    says exactly how to create it by hand (empty: no README, licence or .gitignore).

    \b
    Examples:
      mlstart publish --create                 # private repository named after this folder
      mlstart publish --remote git@github.com:ada/churn-model.git
      mlstart publish                          # origin is set already
    """
    from mlstart.workflow.publishing import PublishRequest, publish_project

    _warn_root()
    request = PublishRequest(
        url,
        create=create,
        private=not public,
        replace_origin=replace_origin,
        interactive=sys.stdin.isatty(),
    )
    root = start_dir() or Path.cwd()
    progress = TerminalProgress(quiet=as_json)
    result, created = publish_project(root, request, _confirm_origin, progress)
    if as_json:
        emit_json({**_as_data(result), "created": created})
        return
    if created:
        click.echo(f"Created {result.url} on GitHub ({'public' if public else 'private'})")
    _print_publish(result)
