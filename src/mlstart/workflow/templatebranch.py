"""The `mlstart/template` branch: commits of template renderings only, and their merge.

The branch starts at a project's first commit, the pristine rendering, so the merge base of
every later rendering is natural. A new rendering becomes a commit built with plumbing (a
temporary index, `write-tree`, `commit-tree`): no checkout, no worktree, nothing of the user's
files is touched until `git merge`. Git runs as a subprocess here (faster than GitPython for a
handful of commands, and `GIT_INDEX_FILE` must be set for one command only).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from mlstart.core.errors import GitError
from mlstart.gitssh.runner import run_git

EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # Git's own empty tree
BRANCH = "mlstart/template"
REF = f"refs/heads/{BRANCH}"
REMOTE_REF = f"refs/remotes/origin/{BRANCH}"
# Files of the project that no rendering writes; a template commit keeps them from its parent.
KEEP = ("lifecycle.yaml",)


def git(
    root: Path, *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run git in root through the one Git runner; GitError with git's message when `check`.

    No hook of the repository runs (core.hooksPath=/dev/null): these are mlstart's own steps
    (template commits, merges, checkouts), and a repository that came as an archive may carry
    hooks, or a core.hooksPath, of a stranger's.
    """
    return run_git(root, *args, env=env, check=check, no_hooks=True)


def out(root: Path, *args: str) -> str:
    """The stripped standard output of a git command that must succeed."""
    return git(root, *args).stdout.strip()


def toplevel(path: Path) -> Path | None:
    """The work tree root of the repository containing path, or None outside any repository."""
    result = git(path, "rev-parse", "--show-toplevel", check=False)
    return Path(result.stdout.strip()) if result.returncode == 0 else None


def locate(path: Path) -> tuple[Path, str] | None:
    """(work tree root, absolute Git folder) of the repository containing path, in one git
    call; None outside any repository."""
    result = git(path, "rev-parse", "--show-toplevel", "--absolute-git-dir", check=False)
    if result.returncode != 0:
        return None
    lines = result.stdout.split("\n")
    if len(lines) == 3 and not lines[2]:
        return Path(lines[0]), lines[1]
    root = toplevel(path)  # a name with a line break in it: one question at a time
    return (root, out(root, "rev-parse", "--absolute-git-dir")) if root is not None else None


def resolve(root: Path, rev: str) -> str | None:
    """The commit a revision names, or None."""
    result = git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    return result.stdout.strip() or None


def tip(root: Path) -> str | None:
    """The template branch's commit; taken from origin's copy when only that exists (a clone)."""
    local = resolve(root, REF)
    if local is not None:
        return local
    remote = resolve(root, REMOTE_REF)
    if remote is not None:
        git(root, "update-ref", REF, remote, "")
    return remote


def start(root: Path, commit: str = "HEAD") -> None:
    """Create the template branch at commit (the first, pristine rendering); a full commit id
    is used as it is, anything else is resolved first."""
    full_id = len(commit) in (40, 64) and all(c in "0123456789abcdef" for c in commit)
    git(root, "update-ref", REF, commit if full_id else resolve(root, commit) or commit, "")


def move(root: Path, new: str, old: str) -> None:
    """Move the template branch from old to new (refused if someone moved it meanwhile)."""
    git(root, "update-ref", "-m", "mlstart: template rendering", REF, new, old)


def show(root: Path, rev: str, path: str) -> str | None:
    """The text of path at rev, or None where it does not exist."""
    result = git(root, "show", f"{rev}:{path}", check=False)
    return result.stdout if result.returncode == 0 else None


def exists(root: Path, rev: str, path: str) -> bool:
    """Whether path is a file of rev's tree."""
    return git(root, "cat-file", "-e", f"{rev}:{path}", check=False).returncode == 0


def current_branch(root: Path) -> str | None:
    """The checked-out branch, or None on a detached HEAD."""
    result = git(root, "symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    return result.stdout.strip() or None


def has_commits(root: Path) -> bool:
    return resolve(root, "HEAD") is not None


def changed_files(root: Path, ignore: Sequence[str] = ()) -> list[str]:
    """Tracked files with changes, staged or not (untracked files do not count)."""
    text = git(root, "status", "--porcelain", "--untracked-files=no", "-z").stdout
    entries = iter(text.split("\0"))
    paths = []
    for entry in entries:
        if len(entry) < 4:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":  # a rename or copy: its source path follows as its own entry
            next(entries, None)
    return [p for p in paths if p not in ignore]


def merging(root: Path, gitdir: str | None = None) -> bool:
    """Whether a merge (or another multi-step operation) is waiting to be finished."""
    folder = Path(gitdir or out(root, "rev-parse", "--absolute-git-dir"))
    return any((folder / name).exists() for name in ("MERGE_HEAD", "REBASE_HEAD", "rebase-merge"))


def build_tree(
    root: Path,
    rendered: Path,
    parent: str,
    overlay: Sequence[str] | None,
    keep: Sequence[str] = (),
    gitdir: str | None = None,
) -> str:
    """The tree of a new rendering: `rendered`'s files, plus what the parent keeps.

    With `overlay` None the rendering is the whole template: the tree holds the rendered files
    and KEEP (and `keep`) from the parent. With a list of paths (a repository `mlstart init`
    adopted), only those paths are rendering: the parent's tree is kept and they are replaced.
    `gitdir`: root's Git folder, when already known.
    """
    gitdir = gitdir or out(root, "rev-parse", "--absolute-git-dir")
    fd, index = tempfile.mkstemp(prefix="mlstart-index-")
    os.close(fd)
    os.unlink(index)  # git wants to create the index itself
    env = {"GIT_INDEX_FILE": index}
    base = ["--git-dir", gitdir, "--work-tree", str(rendered)]
    try:
        if overlay is None:
            git(rendered, *base, "add", "--all", "--", ".", env=env)
            _keep_from(rendered, base, parent, env, [*KEEP, *keep])
        else:
            git(rendered, *base, "read-tree", parent, env=env)
            git(
                rendered, *base, "rm", "--cached", "-q", "--ignore-unmatch", "--", *overlay, env=env
            )
            git(rendered, *base, "add", "--force", "--", *overlay, env=env)
        return out_env(rendered, env, *base, "write-tree")
    finally:
        Path(index).unlink(missing_ok=True)


def _keep_from(
    rendered: Path, base: list[str], parent: str, env: dict[str, str], paths: Sequence[str]
) -> None:
    listing = git(rendered, *base, "ls-tree", "-r", parent, "--", *paths, env=env).stdout
    for line in listing.splitlines():
        meta, _, path = line.partition("\t")
        mode, _kind, sha = meta.split()
        git(
            rendered, *base, "update-index", "--add", "--cacheinfo", f"{mode},{sha},{path}", env=env
        )


def out_env(cwd: Path, env: dict[str, str], *args: str) -> str:
    return git(cwd, *args, env=env).stdout.strip()


def tree_of(root: Path, rev: str) -> str:
    return out(root, "rev-parse", f"{rev}^{{tree}}")


def commit_tree(root: Path, tree: str, parent: str, message: str) -> str:
    """A commit object of tree on top of parent (no ref moves)."""
    return out(root, "commit-tree", tree, "-p", parent, "-m", message)


def is_ancestor(root: Path, ancestor: str, descendant: str = "HEAD") -> bool:
    return (
        git(root, "merge-base", "--is-ancestor", ancestor, descendant, check=False).returncode == 0
    )


def changes(root: Path, old: str, new: str) -> list[tuple[str, str]]:
    """(status letter A/M/D, path) of every file that differs between two commits or trees."""
    text = out(root, "diff-tree", "-r", "--no-renames", "--name-status", "-z", old, new)
    fields = [f for f in text.split("\0") if f]
    return [(fields[i][0], fields[i + 1]) for i in range(0, len(fields) - 1, 2)]


def predicted_conflicts(root: Path, commit: str) -> list[str]:
    """Files a merge of commit into HEAD would leave conflicted (nothing is written)."""
    result = git(
        root,
        "merge-tree",
        "--write-tree",
        "--name-only",
        "--no-messages",
        "HEAD",
        commit,
        check=False,
    )
    if result.returncode == 0:
        return []
    if result.returncode != 1:
        raise GitError(f"git merge-tree failed: {result.stderr.strip()}")
    return [line for line in result.stdout.splitlines()[1:] if line]


def merge(root: Path, commit: str, message: str) -> list[str]:
    """Merge commit into the current branch without committing; the conflicted files, if any.

    A merge that cannot start (an untracked file in the way, ...) raises GitError and leaves
    everything as it was.
    """
    result = git(
        root, "merge", "--no-ff", "--no-commit", "--no-edit", "-m", message, commit, check=False
    )
    if result.returncode == 0:  # merged without a conflict
        return []
    conflicted = unmerged(root)
    if result.returncode != 0 and not conflicted:
        message_text = (result.stderr or result.stdout).strip()
        if merging(root):
            abort_merge(root)
        hint = "move or rename those files, then run the command again; nothing was changed"
        raise GitError(f"git merge could not start: {message_text}", hint)
    return conflicted


def unmerged(root: Path) -> list[str]:
    text = out(root, "diff", "--name-only", "--diff-filter=U", "-z")
    return sorted({p for p in text.split("\0") if p})


def conflict_kinds(root: Path) -> dict[str, str]:
    """path -> Git's two-letter state of each unmerged file (UU, AA, DU, UD, ...)."""
    text = git(root, "status", "--porcelain", "-z", "--untracked-files=no").stdout
    kinds = {}
    for entry in text.split("\0"):
        if len(entry) > 3 and (entry[:2] in ("DD", "AA") or "U" in entry[:2]):
            kinds[entry[3:]] = entry[:2]
    return kinds


def abort_merge(root: Path) -> None:
    git(root, "merge", "--abort", check=False)


def commit(root: Path, message: str | None = None, paths: Sequence[str] = ()) -> str:
    """Commit what is staged (the merge in progress, or only `paths`); returns the new HEAD."""
    args = ["commit", "--quiet", "--no-verify"]
    args += ["-m", message] if message is not None else ["--no-edit"]
    if paths:
        args += ["--", *paths]
    git(root, *args)
    return out(root, "rev-parse", "HEAD")


def tag(root: Path, name: str, rev: str = "HEAD") -> bool:
    """Create a lightweight tag unless it exists; whether it was created."""
    if resolve(root, f"refs/tags/{name}") is not None:
        return False
    git(root, "tag", name, rev)
    return True
