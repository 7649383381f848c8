"""Local Git work for new projects: is git there, who is the author, init on main, first commit.

Plain `git` commands: these steps need nothing GitPython adds, and importing it costs about a
tenth of a second on the `mlstart new` path (measured in benchmarks/bench_new.py). GitPython is
used where it helps, for pushing and reading push results (mlstart.gitssh.remote).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mlstart.core.errors import GitError, IdentityMissingError

BRANCH = "main"
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


def run_git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in cwd without a terminal prompt; the caller reads returncode and output."""
    return subprocess.run(
        [require_git(), *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )


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


def init_and_commit(root: Path, message: str, identity: tuple[str, str] | None = None) -> str:
    """`git init` on main in root, add everything, make one commit; returns its sha.

    `identity`, when given, is written to this repository's own config (the user had none).
    """
    steps: list[tuple[str, ...]] = [("init", "--quiet", f"--initial-branch={BRANCH}")]
    if identity is not None:
        steps += [("config", "user.name", identity[0]), ("config", "user.email", identity[1])]
    steps += [("add", "--all"), ("commit", "--quiet", "--no-verify", "-m", message)]
    for step in steps:
        result = run_git(root, *step)
        if result.returncode != 0:
            detail = result.stderr.strip() or result.stdout.strip()
            raise GitError(f"git failed: git {step[0]}: {detail}")
    return run_git(root, "rev-parse", "HEAD").stdout.strip()


def existing_parent(path: Path) -> Path:
    """path itself if it exists, else its nearest existing parent."""
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path
