"""The render-commit-merge path that `update` and `advance` share, and its preflight.

The current template is rendered with the saved answers into a temporary folder, committed on
the `mlstart/template` branch (plumbing: the user's files are not touched), then merged into the
user's branch, so Git's three-way merge keeps the user's edits. A conflict is an ordinary Git
conflict, left in progress for the user's editor and reported with the files, each described
(changed on both sides, or deleted on one). Everything before the merge writes only Git
objects: a failure there leaves both branches as they were.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlstart.core.errors import MergeConflictError, MlstartError, NotAProjectError
from mlstart.gitssh import runner as gitops
from mlstart.interview import plan
from mlstart.render.copier_engine import CHARTER
from mlstart.render.variables import Variable
from mlstart.workflow import templatebranch as tb
from mlstart.workflow import templates
from mlstart.workflow.templates import RECORD, Record, RenderRequest

LIFECYCLE = "lifecycle.yaml"
INIT_HINT = "`mlstart init` adds the lifecycle (and updates) to an existing repository"
RESOLVE_HINT = (
    "resolve each file (markers: in your editor; deleted on one side: `git add` or `git rm` "
    "as listed), then `git commit`; `git merge --abort` undoes the {what}"
)


@dataclass
class Project:
    """A repository made (or adopted) by mlstart, ready for a template merge."""

    root: Path
    branch: str
    tip: str  # the template branch's commit
    record: Record
    gitdir: str | None = None  # the repository's Git folder (absolute), when known


@dataclass
class Rendered:
    """A rendering committed on top of the template branch (commit == tip: nothing changed)."""

    tip: str
    commit: str
    record: Record
    # skip-if-exists files the user deleted: (path, blob of the new version) made again
    restore: list[tuple[str, str, str]] = field(default_factory=list)  # path, blob, mode

    @property
    def changed(self) -> bool:
        return self.commit != self.tip


# --- preflight --------------------------------------------------------------------------------


def open_project(start: Path, *, allow_dirty: Sequence[str] = ()) -> Project:
    """The mlstart repository around start; refuses what a merge cannot safely start from."""
    root, gitdir = _repository(start)
    tip = tb.tip(root)
    text = tb.show(root, tip, RECORD) if tip is not None else None
    if tip is None or text is None:
        raise NotAProjectError(
            f"{root} was not made by mlstart: it has no {tb.BRANCH} branch with {RECORD}",
            hint=f"{INIT_HINT}; in a clone, `git fetch origin {tb.BRANCH}:{tb.BRANCH}` first",
        )
    record = templates.parse(text, f"{tb.BRANCH}:{RECORD}")
    branch = _attached_branch(root)
    _require_clean(root, allow_dirty, gitdir)
    return Project(root, branch, tip, record, gitdir)


def _repository(start: Path) -> tuple[Path, str]:
    """The work tree root around start, and its Git folder."""
    gitops.require_git()
    folder = start.absolute()
    if not folder.exists():
        raise MlstartError(f"{start}: no such folder")
    found = tb.locate(folder if folder.is_dir() else folder.parent)
    if found is None:
        raise NotAProjectError(f"{folder} is not inside a Git repository", hint=INIT_HINT)
    return found


def _attached_branch(root: Path) -> str:
    branch = tb.current_branch(root)
    if branch is None:
        raise MlstartError(
            "HEAD is detached: a template merge needs a branch to land on",
            hint="switch to your branch first: git switch main",
        )
    if branch == tb.BRANCH:
        raise MlstartError(
            f"{tb.BRANCH} is checked out; it holds renderings of the template only",
            hint="switch to your own branch first: git switch main",
        )
    return branch


def _require_clean(root: Path, allow: Sequence[str], gitdir: str | None = None) -> None:
    if tb.merging(root, gitdir):
        raise MlstartError(
            "a merge (or rebase) is in progress in this repository",
            hint="finish it (`git commit`) or undo it (`git merge --abort`) first",
        )
    dirty = tb.changed_files(root, ignore=allow)
    if dirty:
        listed = "\n".join(f"  {path}" for path in dirty[:20])
        more = f"\n  ... and {len(dirty) - 20} more" if len(dirty) > 20 else ""
        raise MlstartError(
            f"the working tree has uncommitted changes:\n{listed}{more}",
            hint="commit them (or `git stash` them) first, so the merge cannot mix with them",
        )


# --- render, commit, merge --------------------------------------------------------------------


def render_commit(
    project: Project,
    record: Record,
    folder: Path,
    *,
    trust: bool,
    message: str,
    variables: dict[str, Variable] | None = None,
    commit: str | None = None,
    hooks: bool = True,
    skip: Callable[[str], bool] | None = None,
    paths: Any = None,
    dry_run: bool = False,
) -> Rendered:
    """Render the record into a temporary folder and commit it on top of the template tip.

    `skip` matches the template's `_skip_if_exists` paths (Copier): see skip_existing. A
    `dry_run` runs none of the template's code: no tasks, no hooks, no extensions.
    """
    root, tip = project.root, project.tip
    previous = tb.show(root, tip, CHARTER) if not record.bundled else None
    with tempfile.TemporaryDirectory(prefix="mlstart-render-") as tmp:
        dest = Path(tmp) / "project"
        request = RenderRequest(
            record,
            folder,
            trust=trust,
            previous_charter=previous,
            variables=variables,
            commit=commit,
            hooks=hooks and not dry_run,
            operation="update",
            paths=paths,
            dry_run=dry_run,
        )
        written = templates.render_rendering(dest, request)
        keep = hook_effects(dest, written, hooks=hooks and not dry_run)
        kept, restore = skip_existing(root, tip, dest, skip) if skip else ([], [])
        tree = tb.build_tree(
            root, dest, tip, record.overlay, keep=[*keep, *kept], gitdir=project.gitdir
        )
    if tree == tb.tree_of(root, tip):
        return Rendered(tip, tip, written, restore)
    return Rendered(tip, tb.commit_tree(root, tree, tip, message), written, restore)


def skip_existing(
    root: Path, tip: str, dest: Path, skip: Callable[[str], bool]
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Copier's `_skip_if_exists` on an update: a matching file the project has is left alone.

    Such a file keeps the previous rendering's version (so the merge brings no change to it),
    or, when the template never had it, is not part of the rendering at all. A matching file
    the user deleted is made again, as Copier makes it (returned second: restored after the
    merge, with its mode). Returns (paths kept from the template branch, (path, blob, mode) to
    restore).
    """
    kept: list[str] = []
    restore: list[tuple[str, str, str]] = []
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        name = path.relative_to(dest).as_posix()
        if not skip(name):
            continue
        if not tb.exists(root, "HEAD", name):
            blob = tb.out(root, "hash-object", "-w", "--", str(path))
            mode = "100755" if os.access(path, os.X_OK) else "100644"  # a script stays one
            restore.append((name, blob, mode))
            if tb.exists(root, tip, name):
                kept.append(name)  # no change for the merge: the file comes back after it
        elif tb.exists(root, tip, name):
            kept.append(name)
        else:
            path.unlink()
    return kept, restore


def hook_effects(dest: Path, record: Record, *, hooks: bool) -> list[str]:
    """A cookiecutter rendering made without its hooks, made to look like one with them.

    The files the hooks removed when they last ran are removed again; the files they made or
    changed are kept as the previous rendering has them (returned: kept from the template
    branch). With the hooks run, the rendering is what they made.
    """
    if hooks or record.kind != "cookiecutter":
        return []
    for path in record.hooks.get("removed", []):
        target = dest / path
        if target.is_file() or target.is_symlink():
            target.unlink()
    return [*record.hooks.get("added", []), *record.hooks.get("changed", [])]


def merge_rendering(
    project: Project,
    rendered: Rendered,
    *,
    message: str,
    refresh: Mapping[str, Any] | None,
    what: str,
    base: str | None = None,
) -> tuple[list[str], dict[str, list[str]], str | None]:
    """Merge the rendering into the branch, refresh lifecycle tasks, commit.

    Returns (conflicted files, task changes, new HEAD or None). On conflicts the merge is left
    in progress (with lifecycle.yaml staged into it) and MergeConflictError is raised by the
    caller; any other failure after the merge started undoes it. `base`: the merge base of HEAD
    and the rendering, when already known (the rendering is in the branch when it is the base).
    """
    root = project.root
    if base is not None:
        merged = base != rendered.commit
    else:
        merged = not tb.is_ancestor(root, rendered.commit)
    conflicts = tb.merge(root, rendered.commit, message) if merged else []
    try:
        tasks = _refresh_tasks(root, refresh) if refresh is not None else {}
        for path, blob, mode in rendered.restore:
            if not (root / path).exists() and path not in conflicts:
                tb.git(root, "update-index", "--add", "--cacheinfo", f"{mode},{blob},{path}")
                tb.git(root, "checkout", "--", path)
        if (root / LIFECYCLE).is_file():
            tb.git(root, "add", "--", LIFECYCLE)
        head = _commit(root, merged=merged, conflicts=conflicts, message=message)
    except BaseException:
        if merged:
            tb.abort_merge(root)
        raise
    if rendered.changed:
        tb.move(root, rendered.commit, rendered.tip)
    return conflicts, tasks, head


def _commit(root: Path, *, merged: bool, conflicts: list[str], message: str) -> str | None:
    if conflicts:
        return None
    if merged:
        return tb.commit(root)
    staged = tb.git(root, "diff", "--cached", "--quiet", check=False).returncode != 0
    return tb.commit(root, message) if staged else None


def _refresh_tasks(root: Path, framing: Mapping[str, Any]) -> dict[str, list[str]]:
    if not (root / LIFECYCLE).is_file():
        return {}
    from mlstart.lifecycle import store

    return store.refresh_tasks(root, framing, plan.derive(framing))


CONFLICT_KINDS = {
    "UU": "changed by you and by the template (conflict markers inside)",
    "AA": "added by you and by the template (conflict markers inside)",
    "DU": "you deleted it, the template changed it: `git rm` keeps it deleted, "
    "`git add` takes the template's version",
    "UD": "the template removed it, you changed it: `git add` keeps yours, `git rm` removes it",
    "DD": "removed on both sides: `git rm` it",
    "AU": "added by you, changed by the template (conflict markers inside)",
    "UA": "changed by you, added by the template (conflict markers inside)",
}


class TemplateConflictError(MergeConflictError):
    """A template merge stopped on conflicts; `files` lists them (the merge is in progress)."""

    def __init__(
        self, files: list[str], what: str, extra_hint: str = "", *, root: Path | None = None
    ):
        kinds = tb.conflict_kinds(root) if root is not None else {}
        listed = "\n".join(
            f"  {path}: {CONFLICT_KINDS[kinds[path]]}"
            if kinds.get(path) in CONFLICT_KINDS
            else f"  {path}"
            for path in files
        )
        super().__init__(
            f"the {what} conflicts with your changes in {len(files)} file(s); the merge is "
            f"left in progress:\n{listed}",
            hint=RESOLVE_HINT.format(what=what) + extra_hint,
        )
        self.files = files
        self.kinds = kinds
