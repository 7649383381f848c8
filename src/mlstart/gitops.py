"""Local Git work for new projects: is git there, who is the author, init on main, first commit.

GitPython is imported inside the functions that need it, after checking that git exists, because
`import git` fails with an ImportError when the git executable is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mlstart.errors import GitError, IdentityMissingError

BRANCH = "main"
IDENTITY_HINT = (
    "set it once for all your repositories:\n"
    '  git config --global user.name "Your Name"\n'
    '  git config --global user.email "you@example.com"\n'
    "(GitHub's no-reply address ID+USERNAME@users.noreply.github.com keeps your email private)"
)


def require_git() -> None:
    """Raise GitError with install instructions when the git executable is missing."""
    if shutil.which("git") is None:
        raise GitError(
            "Git is not installed (no `git` on PATH)",
            hint="install it from https://git-scm.com/downloads "
            "(Debian/Ubuntu: sudo apt-get install git; macOS: xcode-select --install), "
            "or pass --no-git",
        )


def _git(cwd: Path) -> Any:
    require_git()
    import git

    return git.Git(str(cwd))


def read_identity(cwd: Path) -> tuple[str | None, str | None]:
    """The user.name and user.email Git would use in cwd (None where unset)."""
    runner = _git(_existing(cwd))
    values = []
    for key in ("user.name", "user.email"):
        try:
            values.append(runner.config("--get", key).strip() or None)
        except Exception:  # git exits 1 when the key is unset
            values.append(None)
    return values[0], values[1]


def require_identity(cwd: Path) -> tuple[str, str]:
    """The commit identity as Git resolves it (config or GIT_AUTHOR_* variables).

    Raises IdentityMissingError, naming what is missing and the exact commands that set it.
    """
    import git

    runner = _git(_existing(cwd))
    try:
        author = runner.var("GIT_AUTHOR_IDENT")
        runner.var("GIT_COMMITTER_IDENT")
    except git.GitCommandError:
        name, email = read_identity(cwd)
        missing = " and ".join(k for k, v in (("user.name", name), ("user.email", email)) if not v)
        raise IdentityMissingError(
            f"Git has no {missing or 'usable identity'}, so it cannot commit", IDENTITY_HINT
        ) from None
    name, _, rest = author.partition(" <")
    return name, rest.partition(">")[0]


def enclosing_repository(path: Path) -> Path | None:
    """The work tree of the Git repository that contains path (or its nearest existing parent)."""
    import git

    try:
        top = _git(_existing(path)).rev_parse("--show-toplevel")
    except git.GitCommandError:
        return None
    return Path(top) if top else None


def init_and_commit(root: Path, message: str, identity: tuple[str, str] | None = None) -> str:
    """`git init` on main in root, add everything, make one commit; returns its sha.

    `identity`, when given, is written to this repository's own config (the user had none).
    """
    import git

    require_git()
    repo = git.Repo.init(str(root), initial_branch=BRANCH)
    try:
        if identity is not None:
            with repo.config_writer() as config:
                config.set_value("user", "name", identity[0])
                config.set_value("user", "email", identity[1])
        repo.git.add("--all")
        repo.git.commit("--quiet", "--no-verify", "-m", message)
        return str(repo.head.commit.hexsha)
    except git.GitCommandError as exc:
        raise GitError(f"git failed: {exc.stderr.strip() or exc}") from exc
    finally:
        repo.close()  # stops GitPython's persistent `git cat-file` children


def existing_parent(path: Path) -> Path:
    """path itself if it exists, else its nearest existing parent."""
    return _existing(path)


def _existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path
