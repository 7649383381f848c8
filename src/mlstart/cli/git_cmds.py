"""The `doctor`, `ssh` and `publish` commands: parse the options, call doctor / identity /
sshops / remote, print. Questions (questionary) are asked only when stdin is a terminal;
without one, anything that would need an answer fails with the flag that gives it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from mlstart.core.errors import CheckFailedError, MlstartError, NotInteractiveError, SshError
from mlstart.gitssh import doctor as checks
from mlstart.gitssh import hosts, identity, knownhosts, remote, sshconfig, sshkeys, sshlogin

_MARKS = {"ok": "[ok]  ", "fail": "[FAIL]", "warn": "[warn]", "skip": "[skip]"}
_COLOURS = {"ok": "green", "fail": "red", "warn": "yellow", "skip": None}


def _interactive() -> bool:
    return sys.stdin.isatty()


def _confirm(question: str, *, default: bool = False) -> bool:
    import questionary  # loaded only when there is someone to ask

    return bool(questionary.confirm(question, default=default).unsafe_ask())


def _ask(question: str, *, default: str = "", instruction: str | None = None) -> str:
    import questionary

    answer = questionary.text(question, default=default, instruction=instruction).unsafe_ask()
    return str(answer or "").strip()


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


def _ask_identity(
    current: identity.Identity, name: str | None, email: str | None
) -> tuple[str | None, str | None]:
    """Ask for the values that are missing (terminal only), suggesting the no-reply email."""
    if not name and not current.name.value:
        name = _ask("Your name, as it should appear on commits:")
    if not email and not current.email.value:
        login = _ask(
            "Your GitHub username (for the private no-reply address; empty to type an email):"
        )
        if login:
            user_id = _ask(
                "Your GitHub account ID (optional, a number):",
                instruction=f"see {identity.EMAIL_SETTINGS_URL} or api.github.com/users/{login}",
            )
            email = identity.noreply_email(login, user_id or None)
        email = _ask("Commit email:", default=email or "")
    return name, email


def _identity_step(
    name: str | None, email: str | None, login: str | None, user_id: str | None, *, yes: bool
) -> None:
    """Set user.name / user.email / init.defaultBranch: show old -> new, then write."""
    current = identity.read_identity()
    if login and not email:
        email = identity.noreply_email(login, user_id)
        click.echo(f"GitHub's no-reply address for {login}: {email}", err=True)
    if _interactive():
        name, email = _ask_identity(current, name, email)
    elif not (name or current.name.value) or not (email or current.email.value):
        raise NotInteractiveError(
            "setting the Git identity needs a name and an email",
            hint="pass --name and --email (or --github-user LOGIN [--github-id ID] for GitHub's "
            f"no-reply address, {identity.NOREPLY_DOMAIN})",
        )
    changes = identity.plan_identity(current, name, email)
    if not changes:
        click.echo("Git identity: nothing to change.", err=True)
        return
    for change in changes:
        click.echo(f"  {change.describe()}", err=True)
    replacing = bool(identity.replacements(changes))
    if not yes:
        if not _interactive() and replacing:
            raise NotInteractiveError(
                "this would replace a value that is already set",
                hint="pass --yes to replace it (old -> new is shown above)",
            )
        if _interactive() and not _confirm("Write these settings?", default=not replacing):
            raise MlstartError("left the Git settings as they were")
    identity.apply_changes(changes, replace=True)
    click.echo("Git settings written.", err=True)


@click.command()
@click.option("--online", is_flag=True, help="Also test the SSH login to github.com (network).")
@click.option("--json", "as_json", is_flag=True, help="Print the checklist as JSON.")
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
def doctor(
    online: bool,
    as_json: bool,
    fix: bool,
    name: str | None,
    email: str | None,
    login: str | None,
    user_id: str | None,
    yes: bool,
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
    if fix:
        _identity_step(name, email, login, user_id, yes=yes)
    report = checks.run(Path.cwd(), online=online)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
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


def _comment() -> str:
    email = identity.read_value("user.email").value
    return email or "mlstart key"


def _key(path: Path | None, no_passphrase: bool) -> Path:
    """Reuse the key found (or named), or create one; never overwrites anything."""
    key = path.expanduser() if path else sshconfig.find_key()
    if key is not None and key.is_file() and sshkeys.public_path(key).is_file():
        click.echo(f"Reusing your key {key}")
        return key
    if key is not None and key.is_file():
        raise SshError(
            f"{key} has no public half ({sshkeys.public_path(key).name})",
            hint=f"recreate it: ssh-keygen -y -f {key} > {sshkeys.public_path(key)}",
        )
    key = key or sshkeys.ssh_dir() / "id_ed25519"
    click.echo(f"Creating an ed25519 key at {key}")
    if not no_passphrase:
        click.echo("ssh-keygen will ask for a passphrase (it protects the key if stolen).")
    sshkeys.create_key(key, _comment(), passphrase=not no_passphrase, interactive=_interactive())
    return key


def _setup_files(key: Path) -> list[str]:
    """Permissions, config block, known_hosts; returns problems to report at the end."""
    for change in sshkeys.tighten_permissions(sshkeys.ssh_dir(), key):
        state = "tightened" if change.owned else "NOT yours, left alone"
        click.echo(f"Permissions {state}: {change.describe()}")
    config = sshconfig.write_config_block(key)
    messages = {
        "added": f"Added mlstart's block for {hosts.HOST} to {config.path}",
        "updated": f"Updated mlstart's block in {config.path}",
        "unchanged": f"{config.path} already has mlstart's block",
        "user-block": f"{config.path} has your own `Host {hosts.HOST}` block; left as it is "
        f"(make sure it names IdentityFile {key})",
    }
    click.echo(messages[config.action])
    if config.backup:
        click.echo(f"  backup: {config.backup}")
    seeded = knownhosts.seed_known_hosts()
    if seeded.added:
        click.echo(
            f"Added GitHub's published host keys ({', '.join(seeded.added)}) to {seeded.path}"
        )
    else:
        click.echo(f"{seeded.path} already has GitHub's published host keys")
    return [knownhosts.foreign_hint(seeded.foreign, seeded.path)] if seeded.foreign else []


def _show_public_key(key: Path) -> None:
    pub = sshkeys.public_path(key)
    click.echo(f"\nYour PUBLIC key ({pub}, {sshkeys.key_fingerprint(pub)}):\n")
    click.echo(pub.read_text(encoding="utf-8").strip())
    click.echo(f"\nPaste it at {hosts.SETTINGS_URL} (Key type: Authentication Key).")


def _offer_gh(key: Path, upload: bool | None) -> None:
    state = hosts.gh_state()
    if state.state == "missing":
        return
    if state.state == "logged_out":
        click.echo(
            "gh is installed but not logged in: `gh auth login`, then mlstart ssh --gh-upload"
        )
        return
    if upload is None:
        upload = _interactive() and _confirm("Upload the public key with `gh ssh-key add`?")
    if upload:
        result = hosts.gh_add_key(sshkeys.public_path(key))
        if result.state == "added":
            click.echo(f"Uploaded with gh. {result.message}".strip())
        else:
            click.secho(f"gh could not add the key: {result.message}", fg="yellow", err=True)


def _login(test: bool | None) -> None:
    if test is None:
        test = _interactive() and _confirm("Test the login now (after the key is on GitHub)?")
    if not test:
        click.echo(f"Test it later with: ssh -T {hosts.LOGIN_TARGET}  (or mlstart doctor --online)")
        return
    result = sshlogin.login_test(interactive=_interactive())
    if not result.ok:
        raise SshError(f"SSH login to {hosts.HOST} failed ({result.kind})", hint=result.hint)
    click.secho(f"Logged in to {hosts.HOST} as {result.login}.", fg="green")


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
def ssh(key: Path | None, no_passphrase: bool, gh_upload: bool | None, test: bool | None) -> None:
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
    _warn_root()
    path = _key(key, no_passphrase)
    problems = _setup_files(path)
    _show_public_key(path)
    _offer_gh(path, gh_upload)
    if problems:
        raise SshError("known_hosts needs your attention", hint=problems[0])
    _login(test)


# ---------------------------------------------------------------------------------------------
# publish
# ---------------------------------------------------------------------------------------------


def _confirm_origin(old: str, new: str) -> bool:
    click.echo(f"origin is now {old}")
    return _confirm(f"Change origin to {new}?")


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
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def publish(url: str | None, replace_origin: bool, as_json: bool) -> None:
    """Set origin to the SSH URL and push main with upstream tracking.

    Needs at least one commit. Asks before changing an existing origin (showing the old one).
    Never force-pushes. Failures are classified (key refused, repository missing, remote not
    empty, host key unknown or changed) with what to do.

    \b
    Examples:
      mlstart publish --remote git@github.com:ada/churn-model.git
      mlstart publish                     # origin is set already
    """
    _warn_root()
    result = remote.publish(
        Path.cwd(),
        url,
        push=True,
        interactive=_interactive(),
        replace_origin=replace_origin,
        confirm=_confirm_origin,
    )
    if as_json:
        click.echo(json.dumps(_as_data(result), indent=2))
    else:
        _print_publish(result)
