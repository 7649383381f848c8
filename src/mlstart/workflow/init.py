"""The `mlstart init` use case: add the lifecycle to a repository (or folder) that exists already.

The framing interview runs, then three files are added (lifecycle.yaml, docs/charter.md and
.mlstart/template.yml) and committed as one commit of those files only; every other file stays
byte for byte as it was, staged changes stay staged. The template branch starts at that commit,
so `mlstart update` can re-render the charter later. A failure at any step removes what this run
added (files, folders, a repository it created) and leaves the repository as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlstart.core.errors import DestinationError, MlstartError
from mlstart.gitssh import runner as gitops
from mlstart.interview import answers as answer_rules
from mlstart.interview import plan
from mlstart.interview.prompter import Prompter
from mlstart.render.copier_engine import CHARTER
from mlstart.workflow import adopt, templates
from mlstart.workflow import templatebranch as tb
from mlstart.workflow.templates import NO_TEMPLATE, RECORD, Record, RenderRequest

LIFECYCLE = "lifecycle.yaml"
ADDED = (LIFECYCLE, CHARTER, RECORD)
COMMIT_MESSAGE = "Track {name} with mlstart\n\nAdds lifecycle.yaml and the charter (mlstart init)."


@dataclass
class InitRequest:
    """What the user asked `mlstart init` for."""

    path: Path
    given: dict[str, Any] = field(default_factory=dict)
    full: bool = False
    hooks: bool = True
    trust: bool = False  # consent to the adopted template's code (its tasks or hooks)
    adopt: bool = True  # take over the template a Copier or cruft record names


@dataclass
class InitResult:
    """What `mlstart init` added."""

    root: Path
    answers: dict[str, Any]
    derived: dict[str, Any]
    files: list[str]
    commit: str
    created_repository: bool
    hooks: list[str] = field(default_factory=list)
    kept_hooks: list[str] = field(default_factory=list)  # the user's own, left in place
    template: str | None = None  # the adopted template: "SOURCE (version) from FILE"


def init_project(request: InitRequest, prompter: Prompter | None) -> InitResult:
    """Interview, add the lifecycle, charter and record, commit them alone, start the branch."""
    gitops.require_git()
    root, in_repository = _root(request.path)
    _refuse_taken(root)
    if in_repository:
        _refuse_busy(root)
    identity = gitops.require_identity(root)
    defaults = {"project_name": root.name, "author_name": identity[0], "author_email": identity[1]}
    ask = prompter.ask if prompter is not None else None
    found = adopt.find(root) if request.adopt and tb.has_commits(root) else None
    answers = answer_rules.resolve(request.given, ask, full=request.full, defaults=defaults)
    derived = plan.derive(answers)
    adopted = None
    if found is not None:
        paths = _layout(root, answers, derived)
        adopted = adopt.pristine(root, found, answers, trust=request.trust, paths=paths)
    with _undo_on_failure(root, created_repository=not in_repository):
        _write_files(root, answers, derived, identity, adopted[0] if adopted else None)
        commit = _commit(root, answers, created=not in_repository)
        if adopted is not None:
            commit = adopt.join(root, commit, adopted[1])
        tb.start(root, adopted[1] if adopted else commit)
    result = InitResult(root, answers, derived, list(ADDED), commit, not in_repository)
    if found is not None and adopted is not None:
        version = adopted[0].version or found.commit or "its default branch"
        result.template = f"{found.source} ({version}) from {found.file}"
    if request.hooks:
        result.hooks, result.kept_hooks = _install_hooks(root)
    return result


def _layout(root: Path, answers: dict[str, Any], derived: dict[str, Any]) -> Any:
    """The `paths:` lifecycle.yaml will get (None: mlstart's own layout)."""
    from mlstart.lifecycle import catalogue, layout

    found = layout.detect(root, catalogue.Context(answers, derived).pkg)
    return found[0] if found else None


def _root(path: Path) -> tuple[Path, bool]:
    folder = path.absolute()
    if not folder.is_dir():
        raise DestinationError(f"{path} is not a folder")
    top = tb.toplevel(folder)
    return (top, True) if top is not None else (folder, False)


def _refuse_taken(root: Path) -> None:
    if (root / LIFECYCLE).exists():
        raise DestinationError(
            f"{root} is tracked by mlstart already ({LIFECYCLE} exists); nothing was changed",
            hint="`mlstart status` shows where it stands; `mlstart update` refreshes its files",
        )
    _refuse_links(root)
    taken = [name for name in ADDED if (root / name).exists()]
    if taken:
        raise DestinationError(
            f"{', '.join(taken)} exist(s) in {root}; mlstart init never overwrites a file",
            hint="move or rename them, then run `mlstart init` again",
        )


def _refuse_links(root: Path) -> None:
    """Refuse a path init would write that is a link (even dangling) or resolves outside root."""
    from mlstart.core.safeio import confine

    for name in ADDED:
        parts = Path(name).parts
        for depth in range(1, len(parts) + 1):
            relative = "/".join(parts[:depth])
            if (root / relative).is_symlink() or confine(str(root), relative) is None:
                raise DestinationError(
                    f"{relative} in {root} is a symbolic link; mlstart init never writes through "
                    "a link (it could lead outside the project); nothing was changed",
                    hint=f"replace the link by a real folder or file, or remove it: {relative}",
                )


def _refuse_busy(root: Path) -> None:
    if tb.has_commits(root) and tb.current_branch(root) is None:
        raise MlstartError(
            "HEAD is detached: the lifecycle commit needs a branch",
            hint="switch to your branch first: git switch main",
        )
    if tb.merging(root):
        raise MlstartError(
            "a merge (or rebase) is in progress in this repository",
            hint="finish it (`git commit`) or undo it (`git merge --abort`) first",
        )
    if tb.resolve(root, tb.REF) is not None:
        raise DestinationError(
            f"this repository has a {tb.BRANCH} branch already",
            hint="`mlstart status` shows the project; `mlstart update` refreshes its files",
        )


def _write_files(
    root: Path,
    answers: dict[str, Any],
    derived: dict[str, Any],
    identity: tuple[str, str],
    adopted: Record | None,
) -> None:
    from mlstart.lifecycle import store

    record = Record(NO_TEMPLATE, "none", dict(answers))
    with tempfile.TemporaryDirectory(prefix="mlstart-init-") as tmp:
        rendered = Path(tmp) / "rendering"
        with templates.fetched(NO_TEMPLATE) as found:
            templates.render_rendering(rendered, RenderRequest(record, found.folder))
        for name in (CHARTER, RECORD):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(rendered / name, root / name)
    if adopted is not None:  # the record of the adopted template, as its rendering has it
        templates.write(root, adopted)
    store.write_new(root, answers, derived, f"{identity[0]} <{identity[1]}>", fit_layout=True)
    templates.settle_tasks(root)


def _commit(root: Path, answers: dict[str, Any], *, created: bool) -> str:
    if created:
        tb.git(root, "init", "--quiet", "--initial-branch", gitops.BRANCH)
    # --force: a .gitignore of the user's must not keep mlstart's own files out
    tb.git(root, "add", "--force", "--", *ADDED)
    message = COMMIT_MESSAGE.format(name=answers["project_name"])
    return tb.commit(root, message, paths=ADDED)  # only these paths: other staged work stays


def _install_hooks(root: Path) -> tuple[list[str], list[str]]:
    from mlstart.githooks.install import install_hooks, kept_hooks

    try:
        return [path.name for path in install_hooks(root)], [p.name for p in kept_hooks(root)]
    except OSError as exc:
        raise MlstartError(
            f"the lifecycle was committed, but the Git hooks could not be installed: {exc}",
            hint="check the permissions of .git/hooks; the project works without them",
        ) from None


@contextmanager
def _undo_on_failure(root: Path, *, created_repository: bool) -> Iterator[None]:
    """Remove what this run added (files, new folders, a new repository) if a step fails."""
    existed = {p for p in (root / "docs", root / ".mlstart") if p.exists()}
    state = root / ".git" / "mlstart"
    state_existed = state.exists()
    head = None if created_repository else tb.resolve(root, "HEAD")
    try:
        yield
    except BaseException:
        if not created_repository:
            _restore_git(root, head)
        for name in ADDED:
            (root / name).unlink(missing_ok=True)
        for folder in (root / "docs", root / ".mlstart"):
            if folder not in existed and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        if created_repository:
            shutil.rmtree(root / ".git", ignore_errors=True)
        elif not state_existed:
            shutil.rmtree(state, ignore_errors=True)
        raise


def _restore_git(root: Path, head: str | None) -> None:
    """Put the branch back where it was and unstage mlstart's files (no other change)."""
    if tb.resolve(root, "HEAD") != head:
        if head is None:
            tb.git(root, "update-ref", "-d", "HEAD", check=False)
        else:
            tb.git(root, "update-ref", "HEAD", head, check=False)
    tb.git(root, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *ADDED, check=False)
    tb.git(root, "update-ref", "-d", tb.REF, check=False)
