"""Fetching a template: the bundled one, a local folder, or a Git repository at a version.

A Git source is cloned into a temporary folder (submodules included) and checked out at the
version asked for (`--vcs-ref`: a tag, branch or commit, as Copier names it); without one, a
cookiecutter template is used at its default branch and Copier picks its latest tag itself.
Which commit was used is reported back, so an update knows where the project came from.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import TemplateError
from mlstart.gitssh.runner import run_git
from mlstart.render import copier_engine as render

BUNDLED = "bundled"
NO_TEMPLATE = "none"  # the source of a repository `mlstart init` adopted
# Variables that point Git at a repository elsewhere than a `.git` in the work tree.
GIT_LOCATIONS = {"GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR"}
SHORTCUTS = {"gh:": "https://github.com/", "gl:": "https://gitlab.com/"}


@dataclass(frozen=True)
class Fetched:
    """A local folder holding the template, and the commit it is at (None: not Git)."""

    folder: Path
    commit: str | None = None


def is_git_url(source: str) -> bool:
    return (
        "://" in source
        or source.startswith(("git@", "git+", *SHORTCUTS))
        or source.endswith(".git")
    )


def clone_url(source: str) -> str:
    """What `git clone` takes: Copier's and cookiecutter's shortcuts expanded, no `git+`."""
    for short, long in SHORTCUTS.items():
        if source.startswith(short):
            return long + source.removeprefix(short)
    return source.removeprefix("git+")


def copier_source(source: str) -> str:
    """What Copier takes: it recognises a URL as Git only with `git+` (file://, plain hosts)."""
    if "://" in source and not source.startswith(
        ("git+", "https://github.com/", "https://gitlab.com/")
    ):
        return f"git+{source}"
    return source


def normalise_source(source: str) -> str:
    """How a source is recorded: an absolute path for a folder, the URL as given otherwise."""
    return source if is_git_url(source) else str(Path(source).expanduser().absolute())


@contextlib.contextmanager
def fetched(source: str, vcs_ref: str | None = None) -> Iterator[Fetched]:
    """A local folder holding the template: the bundled one, a folder, or a fresh clone.

    A repository without a template (`mlstart init`) gets the bundled one: its charter.
    """
    if source in (BUNDLED, NO_TEMPLATE):
        yield Fetched(render.bundled_template())
        return
    if vcs_ref is not None and (not vcs_ref.strip() or vcs_ref.startswith("-")):
        raise TemplateError(f"--vcs-ref {vcs_ref!r} is not a tag, branch or commit name")
    if not is_git_url(source):
        folder = Path(source)
        if not folder.is_dir():
            raise TemplateError(
                f"the template {source} does not exist or is not a folder",
                hint="pass a folder that holds copier.yml or cookiecutter.json, or a Git URL",
            )
        if vcs_ref is None:
            yield Fetched(folder, _head(folder))
            return
        if _head(folder) is None:
            raise TemplateError(
                f"--vcs-ref {vcs_ref} needs a template in Git; {source} is a plain folder"
            )
    with tempfile.TemporaryDirectory(prefix="mlstart-template-") as tmp:
        dest = Path(tmp) / "template"
        url = clone_url(source) if is_git_url(source) else str(Path(source).absolute())
        yield _clone(url, dest, vcs_ref)


def _clone(url: str, dest: Path, vcs_ref: str | None) -> Fetched:
    depth = ["--depth", "1"] if vcs_ref is None else []
    # No ext:: transport, and `--`: a URL from a record never becomes a command or an option.
    never_ext = ("-c", "protocol.ext.allow=never")
    result = run_git(
        dest.parent,
        *never_ext,
        "clone",
        "--quiet",
        "--recurse-submodules",
        *depth,
        "--",
        url,
        str(dest),
    )
    if result.returncode != 0:
        raise TemplateError(
            f"the template {url} could not be cloned: {_last_lines(result.stderr)}",
            hint="check the URL and your access to it (`git clone URL` shows the same error)",
        )
    if vcs_ref is None and any((dest / name).is_file() for name in render.COPIER_FILES):
        vcs_ref = _copier_default(url, dest)  # Copier renders its latest tag, so read that one
    if vcs_ref is not None:
        if vcs_ref.startswith("-"):  # never an option of git's
            raise TemplateError(f"--vcs-ref {vcs_ref!r} is not a tag, branch or commit")
        checkout = run_git(dest, "checkout", "--quiet", "--recurse-submodules", vcs_ref)
        if checkout.returncode != 0:
            raise TemplateError(
                f"the template {url} has no tag, branch or commit {vcs_ref}: "
                f"{_last_lines(checkout.stderr)}",
                hint="`git ls-remote --tags URL` lists its tags",
            )
    return Fetched(dest, _head(dest))


def _copier_default(url: str, dest: Path) -> str | None:
    """The latest tag of a Copier template, fetched into the shallow clone (None: no tags)."""
    tag = render.latest_tag(url)
    if tag is None:
        return None
    if tag.startswith("-"):
        return None
    fetched_tag = run_git(dest, "fetch", "--quiet", "--depth", "1", "origin", "tag", tag)
    return tag if fetched_tag.returncode == 0 else None


def _head(folder: Path) -> str | None:
    """The commit a template folder is at, when it is the top of a Git repository."""
    if not os.path.lexists(folder / ".git") and not os.environ.keys() & GIT_LOCATIONS:
        return None  # the top of a work tree holds its .git, unless Git is told where it is
    found = run_git(folder, "rev-parse", "--show-toplevel", "HEAD")  # fails on either
    if found.returncode != 0:
        return None
    top, _, head = found.stdout.rstrip("\n").rpartition("\n")  # a hash has no line break
    if Path(top).resolve() != folder.resolve():
        return None
    return head or None


def describe(folder: Path, commit: str) -> str:
    """A commit as people name it: its tag, `tag-N-gHASH`, or its short hash."""
    result = run_git(folder, "describe", "--tags", "--always", commit)
    return result.stdout.strip() if result.returncode == 0 else commit[:12]


def _last_lines(text: str, count: int = 3) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no message from git"
