"""The Git identity step: current user.name / user.email / init.defaultBranch and where each is
set, GitHub's no-reply email form, and a plan of changes (old -> new) that is shown before it is
written. A value that is already set is never replaced unless the caller says so explicitly.

Plain `git config` subprocesses (gitops.run_git), no GitPython: this must work to diagnose a
half-installed Git.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import GitError, MlstartError
from mlstart.gitssh.runner import run_git
from mlstart.interview.questions import author_name_problem, email_problem

NOREPLY_DOMAIN = "users.noreply.github.com"
EMAIL_SETTINGS_URL = "https://github.com/settings/emails"
KEYS = ("user.name", "user.email", "init.defaultBranch")
DEFAULT_BRANCH = "main"
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")


@dataclass(frozen=True)
class ConfigValue:
    key: str
    value: str | None
    scope: str | None = None  # "global", "local", "system", "command"
    origin: str | None = None  # e.g. "file:/home/ada/.gitconfig"

    @property
    def where(self) -> str:
        if self.value is None:
            return "not set"
        origin = (self.origin or "").removeprefix("file:")
        return f"{self.scope} ({origin})" if origin else str(self.scope)


@dataclass(frozen=True)
class Identity:
    name: ConfigValue
    email: ConfigValue
    default_branch: ConfigValue

    @property
    def complete(self) -> bool:
        return bool(self.name.value) and bool(self.email.value)


@dataclass(frozen=True)
class Change:
    key: str
    old: str | None
    new: str
    scope: str = "global"  # where it is written: where the old value lives, else global

    def describe(self) -> str:
        old = self.old if self.old is not None else "(unset)"
        return f"{self.key} ({self.scope}): {old} -> {self.new}"


def read_value(key: str, cwd: Path | None = None) -> ConfigValue:
    """One config value with its scope and file, as git resolves it from cwd."""
    result = run_git(cwd or Path.cwd(), "config", "--show-scope", "--show-origin", "--get", key)
    if result.returncode != 0:
        return ConfigValue(key, None)
    scope, origin, value = [*result.stdout.rstrip("\n").split("\t", 2), "", ""][:3]
    return ConfigValue(key, value, scope, origin)


def read_identity(cwd: Path | None = None) -> Identity:
    """The identity git would use in cwd, each value with where it comes from."""
    name, email, branch = (read_value(key, cwd) for key in KEYS)
    return Identity(name, email, branch)


def noreply_email(login: str, user_id: int | str | None = None) -> str:
    """GitHub's private commit email: ID+LOGIN@users.noreply.github.com (LOGIN@... if no ID)."""
    if not _LOGIN.match(login):
        raise MlstartError(f"{login!r} is not a GitHub username")
    return f"{user_id}+{login}@{NOREPLY_DOMAIN}" if user_id else f"{login}@{NOREPLY_DOMAIN}"


validate_name = author_name_problem  # the interview's rule, shared


def validate_email(email: str) -> str | None:
    """A message when the address is not an email Git and GitHub accept, else None."""
    return email_problem(email)  # the interview's rule: one definition of an email address


def plan_identity(current: Identity, name: str | None, email: str | None) -> list[Change]:
    """The changes to make: the values given that differ, and init.defaultBranch if unset."""
    problems = [p for p in (name and validate_name(name), email and validate_email(email)) if p]
    if problems:
        raise MlstartError("; ".join(problems))
    changes = []
    for value, new in ((current.name, name), (current.email, email)):
        if new is not None and new.strip() != (value.value or ""):
            # A local value would hide a new global one, so it is changed where it is set.
            scope = "local" if value.scope == "local" else "global"
            changes.append(Change(value.key, value.value, new.strip(), scope))
    if current.default_branch.value is None:
        changes.append(Change("init.defaultBranch", None, DEFAULT_BRANCH))
    return changes


def in_repository(cwd: Path) -> bool:
    """Whether cwd is inside a Git work tree (where a per-repository setting can go)."""
    result = run_git(cwd, "rev-parse", "--is-inside-work-tree")
    return result.returncode == 0 and result.stdout.strip() == "true"


def replacements(changes: list[Change]) -> list[Change]:
    """The changes that would replace a value that is set now."""
    return [c for c in changes if c.old is not None]


def apply_changes(changes: list[Change], *, replace: bool, cwd: Path | None = None) -> None:
    """Write the changes with `git config --<scope>`; refuses to replace unless replace=True."""
    replacing = replacements(changes)
    if replacing and not replace:
        raise MlstartError(
            "would replace " + ", ".join(c.describe() for c in replacing),
            hint="confirm the change (pass --yes), or leave the value as it is",
        )
    for change in changes:
        result = run_git(cwd or Path.cwd(), "config", f"--{change.scope}", change.key, change.new)
        if result.returncode != 0:
            raise GitError(f"could not set {change.key}: {result.stderr.strip()}")
