"""Local Git work for new projects: is git there, who is the author, init on main, first commit.

Plain `git` commands: these steps need nothing GitPython adds, and importing it costs about a
tenth of a second on the `mlstart new` path (measured in benchmarks/bench_new.py). GitPython is
used where it helps, for pushing and reading push results (mlstart.gitssh.remote).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, overload

from mlstart.core.errors import GitError, GitLimitError, GitTimeoutError, IdentityMissingError

BRANCH = "main"
POLL_S = 0.2
IDENTITY_HINT = (
    "set it once for all your repositories:\n"
    '  git config --global user.name "Your Name"\n'
    '  git config --global user.email "you@example.com"\n'
    "(GitHub's no-reply address ID+USERNAME@users.noreply.github.com keeps your email private)"
)


def require_git() -> str:
    """The git executable, or GitError with install instructions when it is missing."""
    git = shutil.which("git")
    if git is None:
        raise GitError(
            "Git is not installed (no `git` on PATH)",
            hint="install it from https://git-scm.com/downloads "
            "(Debian/Ubuntu: sudo apt-get install git; macOS: xcode-select --install), "
            "or, with `mlstart new`, pass --no-git",
        )
    return git


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment every git process gets: no prompts, C messages, and `extra` on top."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C"}
    env.pop("GIT_ASKPASS", None)
    env.pop("SSH_ASKPASS", None)
    return {**env, **(extra or {})}


@overload
def run_git(
    cwd: Path | str,
    *args: str,
    env: Mapping[str, str] | None = ...,
    check: bool = ...,
    binary: Literal[False] = ...,
    input: str | None = ...,
    timeout: float | None = ...,
    no_hooks: bool = ...,
) -> subprocess.CompletedProcess[str]: ...


@overload
def run_git(
    cwd: Path | str,
    *args: str,
    env: Mapping[str, str] | None = ...,
    check: bool = ...,
    binary: Literal[True],
    input: str | None = ...,
    timeout: float | None = ...,
    no_hooks: bool = ...,
) -> subprocess.CompletedProcess[bytes]: ...


def run_git(
    cwd: Path | str,
    *args: str,
    env: Mapping[str, str] | None = None,
    check: bool = False,
    binary: bool = False,
    input: str | None = None,
    timeout: float | None = None,
    no_hooks: bool = False,
) -> subprocess.CompletedProcess[Any]:
    """Run git in cwd without a terminal prompt and return the finished process.

    `check` turns a non-zero exit into a GitError carrying git's own message; `binary` keeps the
    output as bytes (paths that are not UTF-8); `no_hooks` runs no hook of the repository
    (core.hooksPath=/dev/null), for repositories that are not the user's own.
    """
    # core.fsmonitor names a command git would run on status, add, diff...: never one from a
    # repository's config (a copied .git is a stranger's); it is only a speed-up.
    safe = ("-c", "core.fsmonitor=false")
    hooks = ("-c", "core.hooksPath=/dev/null") if no_hooks else ()
    argv = [require_git(), *safe, *hooks, *args]
    result = subprocess.run(
        argv,
        cwd=cwd,
        stdin=subprocess.DEVNULL if input is None else None,
        input=None if input is None else (input.encode() if binary else input),
        capture_output=True,
        text=not binary,
        env=git_env(env),
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise git_failure(args, result)
    return result


def run_git_bytes(
    cwd: Path,
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    input_bytes: bytes | None = None,
    limit: Callable[[], str | None] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """run_git for repositories that are not the user's: raw output, its own process group.

    On timeout the whole group is killed (an ssh that git started does not linger) and
    GitTimeoutError raised. `limit`, asked a few times a second while git runs, returns why to
    stop it (GitLimitError, e.g. a size limit), or None.
    """
    argv = [require_git(), *args]
    words = [a for i, a in enumerate(args) if not a.startswith("-") and args[i - 1 : i] != ("-c",)]
    label = f"git {words[0]}" if words else "git"
    return run_bounded(
        argv, cwd, env=env, timeout=timeout, input_bytes=input_bytes, limit=limit, label=label
    )


def run_bounded(
    argv: list[str],
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
    input_bytes: bytes | None = None,
    limit: Callable[[], str | None] | None = None,
    label: str = "",
) -> subprocess.CompletedProcess[bytes]:
    """Run git, or the transport git would start (its ssh command), within time and limits."""
    deadline = None if timeout is None else time.monotonic() + timeout
    with subprocess.Popen(
        argv,
        cwd=cwd,
        env=git_env(env),
        stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as proc:
        try:
            out, err = _communicate(proc, input_bytes, deadline, limit)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise GitTimeoutError(f"{label or argv[0]} took longer than {timeout:g} s") from None
        except BaseException:
            _kill_group(proc)
            raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _communicate(
    proc: subprocess.Popen[bytes],
    input_bytes: bytes | None,
    deadline: float | None,
    limit: Callable[[], str | None] | None,
) -> tuple[bytes, bytes]:
    """Wait for git, every POLL_S asking `limit` whether to stop it."""
    while True:
        step = None if deadline is None else max(0.0, deadline - time.monotonic())
        if limit is not None:
            step = POLL_S if step is None else min(step, POLL_S)
        try:
            return proc.communicate(input_bytes, timeout=step)
        except subprocess.TimeoutExpired:
            input_bytes = None  # already sent
            if deadline is not None and time.monotonic() >= deadline:
                raise
            problem = limit() if limit is not None else None
            if problem is not None:
                _kill_group(proc)
                raise GitLimitError(problem) from None


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def git_failure(args: tuple[str, ...], result: subprocess.CompletedProcess[Any]) -> GitError:
    """The GitError for a failed git command, with the identity hint where it is the cause."""
    output = result.stderr or result.stdout
    message = (output.decode("utf-8", "replace") if isinstance(output, bytes) else output).strip()
    hint = IDENTITY_HINT if "user.email" in message or "identity" in message else None
    return GitError(f"git failed: git {' '.join(args[:1])}: {message}", hint)


def read_identity(cwd: Path) -> tuple[str | None, str | None]:
    """The user.name and user.email Git would use in cwd (None where unset)."""
    values = []
    for key in ("user.name", "user.email"):
        result = run_git(existing_parent(cwd), "config", "--get", key)
        values.append(result.stdout.strip() or None if result.returncode == 0 else None)
    return values[0], values[1]


def require_identity(cwd: Path) -> tuple[str, str]:
    """The commit identity as Git resolves it (config or GIT_AUTHOR_* variables).

    Raises IdentityMissingError, naming what is missing and the exact commands that set it.
    """
    where = existing_parent(cwd)
    author = run_git(where, "var", "GIT_AUTHOR_IDENT")
    committer = run_git(where, "var", "GIT_COMMITTER_IDENT")
    if author.returncode != 0 or committer.returncode != 0:
        name, email = read_identity(cwd)
        missing = " and ".join(k for k, v in (("user.name", name), ("user.email", email)) if not v)
        raise IdentityMissingError(
            f"Git has no {missing or 'usable identity'}, so it cannot commit", IDENTITY_HINT
        )
    name, _, rest = author.stdout.strip().partition(" <")
    return name, rest.partition(">")[0]


def enclosing_repository(path: Path) -> Path | None:
    """The work tree of the Git repository that contains path (or its nearest existing parent)."""
    result = run_git(existing_parent(path), "rev-parse", "--show-toplevel")
    top = result.stdout.strip()
    return Path(top) if result.returncode == 0 and top else None


# `git add` of a whole new project: every file over core.bigFileThreshold is streamed into one
# pack (Git's bulk check-in) instead of a loose object file each, a third of the time for a
# project of 3,000 files. Same objects, same commit; the setting lives for that one command (a
# file that needs a filter or an end-of-line conversion is stored as usual).
ADD_INTO_ONE_PACK = ("-c", "core.bigFileThreshold=1")


def init_and_commit(
    root: Path, message: str, identity: tuple[str, str] | None = None, *, keep: bool = True
) -> str:
    """`git init` on main in root, add everything, make one commit; returns its sha.

    `identity`, when given, makes the commit; with `keep` it is also written to this
    repository's own config (the user had none and chose it for this repository only).
    """
    steps: list[tuple[str, ...]] = [("init", "--quiet", f"--initial-branch={BRANCH}")]
    env: dict[str, str] = {}
    if identity is not None and keep:
        steps += [("config", "user.name", identity[0]), ("config", "user.email", identity[1])]
    elif identity is not None:
        for who in ("AUTHOR", "COMMITTER"):
            env.update({f"GIT_{who}_NAME": identity[0], f"GIT_{who}_EMAIL": identity[1]})
    # No automatic maintenance after the first commit: a new repository has nothing to pack,
    # and `git maintenance run --auto` is one more process in every `mlstart new`.
    commit = ("-c", "maintenance.auto=false", "commit", "--quiet", "--no-verify", "-m", message)
    steps += [(*ADD_INTO_ONE_PACK, "add", "--all"), commit]
    for step in steps:
        run_git(root, *step, check=True, env=env)
    return run_git(root, "rev-parse", "HEAD").stdout.strip()


def committed_files(root: Path) -> list[str]:
    """The files of HEAD's tree (what was committed: no ignored files, no Git internals)."""
    result = run_git(root, "ls-tree", "-r", "-z", "--name-only", "HEAD")
    if result.returncode != 0:
        raise GitError(f"git ls-tree failed: {result.stderr.strip()}")
    return sorted(name for name in result.stdout.split("\0") if name)


def existing_parent(path: Path) -> Path:
    """path itself if it exists, else its nearest existing parent."""
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path
