"""Publishing a repository: `origin` set to the SSH URL, `main` pushed with upstream tracking,
and every push failure turned into one classified message with its fix.

Never force-pushes, never creates or rewrites commits, never runs `git init`: publish works on the
repository as it is. GitPython is imported inside functions only, because `import git` itself
fails on a machine without Git; that case becomes a GitError with install instructions.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mlstart.core.errors import GitError, MlstartError, NotInteractiveError
from mlstart.gitssh import hosts, sshconfig, sshlogin

if TYPE_CHECKING:
    import git as gitpython

BRANCH = "main"
NEW_REPO_URL = hosts.NEW_REPO_URL
_NAME = r"[A-Za-z0-9._-]+"
_SCP = re.compile(rf"^(?P<user>{_NAME})@(?P<host>[A-Za-z0-9.-]+):(?P<path>.+)$")
_SSH = re.compile(rf"^ssh://(?:(?P<user>{_NAME})@)?(?P<host>[A-Za-z0-9.-]+)(?::\d+)?/(?P<path>.+)$")
_HTTPS = re.compile(r"^https?://(?:[^@/]+@)?(?P<host>[A-Za-z0-9.-]+)(?::\d+)?/(?P<path>.+)$")
_OWNER_REPO = re.compile(rf"^/?(?P<owner>{_NAME})/(?P<repo>{_NAME}?)(?:\.git)?/?$")

# A callback the CLI passes to ask "replace origin OLD with NEW?"; remote.py never prompts.
Confirm = Callable[[str, str], bool]


@dataclass(frozen=True)
class PublishResult:
    root: Path
    url: str
    previous_url: str | None  # origin before this run (None: there was none)
    origin_changed: bool
    pushed: bool
    branch: str
    head: str
    upstream: str | None  # e.g. "origin/main" once tracking is set


class PublishError(GitError):
    """A publish step failed; `kind` names the class of failure (key_refused, repo_missing...)."""

    def __init__(self, kind: str, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.kind = kind


# ---------------------------------------------------------------------------------------------
# URLs
# ---------------------------------------------------------------------------------------------


def is_ssh_url(url: str) -> bool:
    """True for `git@host:owner/repo.git` and `ssh://...` remotes."""
    return bool(_SCP.match(url) or url.startswith("ssh://"))


def to_ssh_url(url: str) -> str:
    """The SSH form of a GitHub repository URL (HTTPS ones are converted); validates the parts."""
    url = url.strip()
    match = _SCP.match(url) or _SSH.match(url) or _HTTPS.match(url)
    parts = _OWNER_REPO.match(match.group("path")) if match else None
    if match is None or parts is None or parts.group("repo") in {"", ".", ".."}:
        raise MlstartError(
            f"{url!r} is not a repository URL mlstart can publish to",
            hint="use the SSH form git@github.com:OWNER/REPO.git",
        )
    user = match.groupdict().get("user") or "git"
    if match.group("host") == hosts.HOST and user != "git":
        raise MlstartError(
            f"{url!r} logs in as {user!r}; GitHub only accepts the user git",
            hint=f"use git@github.com:{parts.group('owner')}/{parts.group('repo')}.git",
        )
    if url.startswith("ssh://"):
        return url  # keeps an explicit port
    return f"{user}@{match.group('host')}:{parts.group('owner')}/{parts.group('repo')}.git"


# ---------------------------------------------------------------------------------------------
# push failures -> one message and one fix
# ---------------------------------------------------------------------------------------------

_PUSH_FAILURES: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (
        ("REMOTE HOST IDENTIFICATION HAS CHANGED",),
        "hostkey_changed",
        "the host's key is not the one recorded in known_hosts",
        sshlogin.SSH_FAILURES[0][2],
    ),
    (
        ("Host key verification failed", "host key is known"),
        "hostkey_unknown",
        "the host is not in known_hosts, so ssh refused to connect",
        sshlogin.SSH_FAILURES[1][2],
    ),
    (
        ("Permission denied (publickey)",),
        "key_refused",
        "the host refused your SSH key",
        "Add your public key to your account: run `mlstart ssh` (it shows the key and where to "
        f"paste it: {hosts.SETTINGS_URL}), then `mlstart publish` again.",
    ),
    (
        ("Repository not found", "does not appear to be a git repository"),
        "repo_missing",
        "the repository does not exist on the host (or you have no access to it)",
        f"Create it EMPTY (no README, licence or .gitignore) at {NEW_REPO_URL}, check the "
        "OWNER/REPO spelling in the URL, then `mlstart publish` again.",
    ),
    (
        ("fetch first", "non-fast-forward", "Updates were rejected"),
        "remote_not_empty",
        "the remote already has commits your repository does not have",
        "It was probably created with a README, licence or .gitignore. Either delete it and "
        "create it again EMPTY, or put your commits on top of its own, keeping your version of "
        f"the files both have: `git pull --rebase -X theirs origin {BRANCH}`, then "
        "`mlstart publish` again. mlstart never force-pushes.",
    ),
    (
        ("GH007",),
        "private_email",
        "the host refused to publish your private email address",
        "Set the no-reply address (`mlstart doctor --fix`), then fix the commit author "
        "yourself: `git commit --amend --reset-author --no-edit`.",
    ),
)


def classify_push_failure(output: str, url: str | None = None) -> PublishError:
    """The failure class of a push from git's and ssh's output; hints name the remote's host."""
    target = sshlogin.target_of(url) or sshlogin.GITHUB
    for needles, kind, message, hint in _PUSH_FAILURES:
        if any(needle in output for needle in needles):
            return PublishError(kind, f"push failed: {message}", _push_hint(kind, target, hint))
    check = sshlogin.classify_ssh_output(1, output, target)
    if check.kind != "unknown":
        return PublishError(check.kind, "push failed: ssh could not connect", check.hint)
    last = output.strip().splitlines()[-1:] or ["no output"]
    return PublishError("unknown", f"push failed: {last[0]}", "run `mlstart doctor --online`")


def _push_hint(kind: str, target: sshlogin.Target, github_hint: str) -> str:
    if target.is_github:
        return github_hint
    where = target.address()
    if kind == "key_refused":
        return (
            f"Add your public key (`mlstart ssh` shows it) to your account on {where}, then "
            "`mlstart publish` again."
        )
    if kind == "repo_missing":
        return (
            f"Create it EMPTY (no README, licence or .gitignore) on {where}, check the "
            "OWNER/REPO spelling in the URL, then `mlstart publish` again."
        )
    return sshlogin.host_hint(kind, target, github_hint)


# ---------------------------------------------------------------------------------------------
# publish
# ---------------------------------------------------------------------------------------------


def _import_git() -> Any:
    """GitPython, or a GitError when Git itself is missing (import git fails then)."""
    install = "install Git: https://git-scm.com/downloads (Debian/Ubuntu: apt install git)"
    if shutil.which("git") is None:
        raise GitError("Git is not installed", hint=install)
    try:
        import git
    except ImportError as exc:
        raise GitError(f"Git cannot be used: {exc}", hint=install) from exc
    return git


def _open_repo(git: Any, root: Path) -> gitpython.Repo:
    try:
        repo: gitpython.Repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise GitError(
            f"{root} is not a Git repository",
            hint="run it inside your project (`mlstart new` creates one); publish never runs "
            "`git init`",
        ) from exc
    if repo.bare:
        repo.close()
        raise GitError(f"{root} is a bare repository; publish from a working copy")
    return repo


def _require_commit(repo: gitpython.Repo) -> None:
    if not repo.head.is_valid():
        raise PublishError(
            "no_commits",
            "the repository has no commit yet, so there is nothing to push",
            hint='make the first commit: git add -A && git commit -m "Initial commit"',
        )
    if BRANCH not in [head.name for head in repo.heads]:
        current = repo.head.ref.name if not repo.head.is_detached else "a detached HEAD"
        raise PublishError(
            "no_main",
            f"there is no branch {BRANCH!r} to push (you are on {current})",
            hint=f"rename it yourself if that is right: git branch -M {BRANCH}",
        )


def _resolve_url(url: str | None, existing: str | None) -> str:
    if url:
        return to_ssh_url(url)
    if existing:
        return to_ssh_url(existing)
    raise MlstartError(
        "no remote to publish to",
        hint=hosts.manual_creation_steps("REPO"),
    )


def _set_origin(
    repo: gitpython.Repo,
    url: str | None,
    *,
    interactive: bool,
    replace_origin: bool,
    confirm: Confirm | None,
) -> tuple[str, str | None]:
    """Point origin at the SSH URL; returns (url, previous url). Asks before changing one."""
    origin = next((r for r in repo.remotes if r.name == "origin"), None)
    existing = origin.url if origin is not None else None
    target = _resolve_url(url, existing)
    if origin is None:
        repo.create_remote("origin", target)
    elif existing != target:
        if not replace_origin:
            _ask_replace(existing or "", target, interactive=interactive, confirm=confirm)
        origin.set_url(target)
    return target, existing


def _ask_replace(old: str, new: str, *, interactive: bool, confirm: Confirm | None) -> None:
    if not interactive or confirm is None:
        raise NotInteractiveError(
            f"origin is {old}; changing it to {new} needs your confirmation",
            hint="pass --replace-origin to change it, or run mlstart publish in a terminal",
        )
    if not confirm(old, new):
        raise MlstartError(f"left origin as it was ({old}); nothing was pushed")


def push_environment(root: Path, *, interactive: bool) -> dict[str, str]:
    """Environment for git push: the user's ssh command, in batch mode without a terminal."""
    env = {"GIT_TERMINAL_PROMPT": "0"}
    if os.environ.get("GIT_SSH") and not os.environ.get("GIT_SSH_COMMAND"):
        return env  # the user's legacy GIT_SSH wrapper decides; we add nothing to it
    command = sshconfig.ssh_command(root)
    if not interactive:
        # ssh keeps the first value of an option: the user's own choices still win.
        command = " ".join([command, *map(shlex.quote, sshconfig.batch_options())])
    if command != "ssh":
        env["GIT_SSH_COMMAND"] = command
    return env


def _locked_key(
    error: PublishError, url: str | None, root: Path, *, interactive: bool
) -> PublishError:
    """A refused key in batch mode may be one ssh could not unlock: say that, not "refused"."""
    if interactive or error.kind != "key_refused":
        return error
    target = sshlogin.target_of(url) or sshlogin.GITHUB
    locked = sshlogin.locked_key(target, root)
    if locked is None:
        return error
    message = "push failed: your key's passphrase could not be asked (no terminal)"
    return PublishError("passphrase_needed", message, sshlogin.passphrase_hint(locked, target))


def _origin_url(repo: gitpython.Repo) -> str | None:
    origin = next((r for r in repo.remotes if r.name == "origin"), None)
    return origin.url if origin is not None else None


def _push(git: Any, repo: gitpython.Repo, root: Path, *, interactive: bool) -> None:
    progress = git.RemoteProgress()
    refspec = f"refs/heads/{BRANCH}:refs/heads/{BRANCH}"  # never a "+": no force push
    try:
        with repo.git.custom_environment(**push_environment(root, interactive=interactive)):
            infos = repo.remote("origin").push(
                refspec=refspec, set_upstream=True, progress=progress
            )
        infos.raise_if_error()  # GitPython does not raise on a rejected ref by itself
    except git.GitCommandError as exc:
        # The ssh line ("Permission denied ...") is only in the progress lines, not in exc.
        lines = [str(exc), *progress.other_lines, *progress.error_lines]
        error = classify_push_failure("\n".join(lines), _origin_url(repo))
        raise _locked_key(error, _origin_url(repo), root, interactive=interactive) from None
    bad = git.PushInfo.ERROR | git.PushInfo.REJECTED | git.PushInfo.REMOTE_REJECTED
    failed = [info for info in infos if info.flags & bad] if infos else None
    if failed is None or failed:
        summary = "\n".join([*(i.summary for i in failed or []), *progress.other_lines])
        raise classify_push_failure(summary or "git push reported nothing", _origin_url(repo))


def publish(
    root: Path,
    url: str | None,
    *,
    push: bool,
    interactive: bool,
    replace_origin: bool = False,
    confirm: Confirm | None = None,
) -> PublishResult:
    """Set origin to the SSH URL and (with push) push main with upstream tracking."""
    git = _import_git()
    with _open_repo(git, root) as repo:
        work = Path(repo.working_tree_dir or root)
        _require_commit(repo)
        target, previous = _set_origin(
            repo, url, interactive=interactive, replace_origin=replace_origin, confirm=confirm
        )
        if push:
            _push(git, repo, work, interactive=interactive)
        head = repo.heads[BRANCH]
        tracking = head.tracking_branch()
        return PublishResult(
            root=work,
            url=target,
            previous_url=previous,
            origin_changed=previous != target,
            pushed=push,
            branch=BRANCH,
            head=head.commit.hexsha,
            upstream=tracking.name if tracking is not None else None,
        )
