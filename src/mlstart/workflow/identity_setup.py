"""The identity step of `mlstart doctor --fix`: set user.name, user.email and init.defaultBranch.

Shows old -> new before writing; asks through a Prompter on a terminal (None without one, and
then the values must come from the options). Nothing here prints: lines go through `say`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import MlstartError, NotInteractiveError
from mlstart.gitssh import identity
from mlstart.interview.prompter import Prompter
from mlstart.workflow.ssh_setup import Say


@dataclass(frozen=True)
class IdentityRequest:
    name: str | None = None
    email: str | None = None
    login: str | None = None  # GitHub username, for the no-reply address
    user_id: str | None = None  # GitHub numeric id, for the no-reply address
    yes: bool = False  # replace values that are set already
    local: bool | None = None  # True: this repository only; None: global, or asked in a repository
    cwd: Path | None = None  # where the repository is (default: the current folder)


def set_identity(request: IdentityRequest, prompter: Prompter | None, say: Say) -> None:
    """Work out the identity settings, show them old -> new, and write them."""
    current = identity.read_identity(request.cwd)
    name, email = request.name, request.email
    if request.login and not email:
        email = identity.noreply_email(request.login, request.user_id)
        say(f"GitHub's no-reply address for {request.login}: {email}")
    if prompter is not None:
        name, email = _ask_missing(prompter, current, name, email)
    elif not (name or current.name.value) or not (email or current.email.value):
        raise NotInteractiveError(
            "setting the Git identity needs a name and an email",
            hint="pass --name and --email (or --github-user LOGIN [--github-id ID] for GitHub's "
            f"no-reply address, {identity.NOREPLY_DOMAIN})",
        )
    changes = identity.plan_identity(current, name, email)
    changes = _scoped(changes, _this_repository_only(request, prompter, changes))
    if not changes:
        say("Git identity: nothing to change.")
        return
    for change in changes:
        say(f"  {change.describe()}")
    _confirm_replacing(bool(identity.replacements(changes)), request.yes, prompter)
    identity.apply_changes(changes, replace=True, cwd=request.cwd)
    say("Git settings written.")


def _this_repository_only(
    request: IdentityRequest, prompter: Prompter | None, changes: list[identity.Change]
) -> bool:
    """Per-repository instead of global: --local, or the answer on a terminal in a repository.

    Global is the default: the student's next repository needs the same name and email.
    """
    if request.local is not None:
        return request.local
    in_repository = identity.in_repository(request.cwd or Path.cwd())
    user_changes = [c for c in changes if c.key.startswith("user.") and c.scope == "global"]
    if prompter is None or not in_repository or not user_changes:
        return False
    return not prompter.confirm(
        "Set them for all your repositories (git config --global)? No: this repository only",
        default=True,
    )


def _scoped(changes: list[identity.Change], local: bool) -> list[identity.Change]:
    if not local:
        return changes
    return [
        identity.Change(c.key, c.old if c.scope == "local" else None, c.new, "local")
        if c.key.startswith("user.")
        else c
        for c in changes
    ]


def _confirm_replacing(replacing: bool, yes: bool, prompter: Prompter | None) -> None:
    if yes:
        return
    if prompter is None:
        if replacing:
            raise NotInteractiveError(
                "this would replace a value that is already set",
                hint="pass --yes to replace it (old -> new is shown above)",
            )
        return
    if not prompter.confirm("Write these settings?", default=not replacing):
        raise MlstartError("left the Git settings as they were")


def _ask_missing(
    prompter: Prompter, current: identity.Identity, name: str | None, email: str | None
) -> tuple[str | None, str | None]:
    """Ask for the values that are missing, suggesting the no-reply email."""
    if not name and not current.name.value:
        name = prompter.text("Your name, as it should appear on commits:")
    if not email and not current.email.value:
        login = prompter.text(
            "Your GitHub username (for the private no-reply address; empty to type an email):"
        )
        if login:
            user_id = prompter.text(
                "Your GitHub account ID (optional, a number):",
                instruction=f"see {identity.EMAIL_SETTINGS_URL} or api.github.com/users/{login}",
            )
            email = identity.noreply_email(login, user_id or None)
        email = prompter.text("Commit email:", default=email or "")
    return name, email
