"""The `mlstart update` use case, and the render-commit-merge path it shares with `advance`.

The current template is rendered with the saved answers into a temporary folder, committed on
the `mlstart/template` branch (plumbing: the user's files are not touched), then merged into the
user's branch, so Git's three-way merge keeps the user's edits. A conflict is an ordinary Git
conflict, left in progress for the user's editor and reported with the files. Everything before
the merge writes only Git objects: a failure there leaves both branches as they were.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlstart.core import trust as consent
from mlstart.core.errors import (
    InvalidAnswersError,
    MergeConflictError,
    MlstartError,
    NotAProjectError,
)
from mlstart.gitssh import runner as gitops
from mlstart.interview import answers as answer_rules
from mlstart.interview import plan
from mlstart.interview.questions import BY_KEY
from mlstart.render.copier_engine import CHARTER
from mlstart.render.variables import Variable
from mlstart.workflow import template_answers, templates
from mlstart.workflow import templatebranch as tb
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


@dataclass
class Rendered:
    """A rendering committed on top of the template branch (commit == tip: nothing changed)."""

    tip: str
    commit: str
    record: Record

    @property
    def changed(self) -> bool:
        return self.commit != self.tip


@dataclass
class UpdateResult:
    """What `mlstart update` did, or with `dry_run` would do."""

    root: Path
    changes: list[tuple[str, str]] = field(default_factory=list)  # (A/M/D, path) from template
    conflicts: list[str] = field(default_factory=list)
    tasks: dict[str, list[str]] = field(default_factory=dict)  # added / removed / updated
    commit: str | None = None  # the new HEAD, when something was committed
    dry_run: bool = False
    source: str = ""
    notes: list[str] = field(default_factory=list)  # answers that took a new default, ...
    messages: list[str] = field(default_factory=list)  # the template's own messages
    version: tuple[str | None, str | None] = (None, None)  # template version: old, new


# --- preflight --------------------------------------------------------------------------------


def open_project(start: Path, *, allow_dirty: Sequence[str] = ()) -> Project:
    """The mlstart repository around start; refuses what a merge cannot safely start from."""
    root = _repository(start)
    tip = tb.tip(root)
    text = tb.show(root, tip, RECORD) if tip is not None else None
    if tip is None or text is None:
        raise NotAProjectError(
            f"{root} was not made by mlstart: it has no {tb.BRANCH} branch with {RECORD}",
            hint=f"{INIT_HINT}; in a clone, `git fetch origin {tb.BRANCH}:{tb.BRANCH}` first",
        )
    record = templates.parse(text, f"{tb.BRANCH}:{RECORD}")
    branch = _attached_branch(root)
    _require_clean(root, allow_dirty)
    return Project(root, branch, tip, record)


def _repository(start: Path) -> Path:
    gitops.require_git()
    folder = start.absolute()
    if not folder.exists():
        raise MlstartError(f"{start}: no such folder")
    root = tb.toplevel(folder if folder.is_dir() else folder.parent)
    if root is None:
        raise NotAProjectError(f"{folder} is not inside a Git repository", hint=INIT_HINT)
    return root


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


def _require_clean(root: Path, allow: Sequence[str]) -> None:
    if tb.merging(root):
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


# --- answers ----------------------------------------------------------------------------------


def with_answers(
    record: Record, given: Mapping[str, Any], variables: Mapping[str, Variable]
) -> tuple[Record, list[str]]:
    """The record with --answers/--set applied; the framing answers validated again.

    A saved template answer the template no longer accepts (its question changed type or
    choices) is dropped, so the template's new default applies; the notes say which.
    """
    framing_given, own = template_answers.split_given(given, {} if record.bundled else variables)
    saved = {k: v for k, v in record.framing.items() if k in BY_KEY and k not in framing_given}
    kept, notes = _still_valid(record.answers, variables, own)
    return replace(record, framing=_framing(saved, framing_given), answers={**kept, **own}), notes


def _still_valid(
    answers: Mapping[str, Any], variables: Mapping[str, Variable], given: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    kept, notes = {}, []
    for key, value in answers.items():
        variable = variables.get(key)
        if key in given or variable is None or variable.valid(value):
            kept[key] = value
            continue
        now = f"one of {', '.join(variable.choices)}" if variable.choices else variable.kind
        notes.append(
            f"{key}: the saved answer {value!r} no longer fits the template's question "
            f"(now {now}); it takes the template's default"
        )
    return kept, notes


def _framing(saved: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """Resolve the answers; a saved answer that a new one makes invalid takes its default.

    (`--set task_type=regression` makes a saved metric `f1` invalid: it becomes `rmse`.)
    """
    while True:
        try:
            return answer_rules.resolve({**saved, **given})
        except InvalidAnswersError as exc:
            bad = {problem.partition(":")[0] for problem in exc.problems} & set(saved)
            if not bad or len(bad) < len(exc.problems):
                raise
            saved = {k: v for k, v in saved.items() if k not in bad}


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
) -> Rendered:
    """Render the record into a temporary folder and commit it on top of the template tip."""
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
            hooks=hooks,
        )
        written = templates.render_rendering(dest, request)
        keep = hook_effects(dest, written, hooks=hooks)
        tree = tb.build_tree(root, dest, tip, record.overlay, keep=keep)
    if tree == tb.tree_of(root, tip):
        return Rendered(tip, tip, written)
    return Rendered(tip, tb.commit_tree(root, tree, tip, message), written)


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
) -> tuple[list[str], dict[str, list[str]], str | None]:
    """Merge the rendering into the branch, refresh lifecycle tasks, commit.

    Returns (conflicted files, task changes, new HEAD or None). On conflicts the merge is left
    in progress (with lifecycle.yaml staged into it) and MergeConflictError is raised by the
    caller; any other failure after the merge started undoes it.
    """
    root = project.root
    merged = not tb.is_ancestor(root, rendered.commit)
    conflicts = tb.merge(root, rendered.commit, message) if merged else []
    try:
        tasks = _refresh_tasks(root, refresh) if refresh is not None else {}
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


# --- the use case -----------------------------------------------------------------------------


@dataclass
class UpdateOptions:
    """How `mlstart update` runs: a new source or version, and consent to the template's code."""

    dry_run: bool = False
    trust: bool = False
    source: str | None = None  # --template: render from this source from now on
    vcs_ref: str | None = None  # --vcs-ref: this version of the template from now on
    run_hooks: bool = False  # cookiecutter: run the template's hooks again


def update(
    start: Path,
    given: Mapping[str, Any],
    *,
    dry_run: bool = False,
    trust: bool = False,
    ask: consent.Ask | None = None,
    options: UpdateOptions | None = None,
) -> UpdateResult:
    """Render the current template with the saved answers and merge it into the branch.

    Nothing of the template is fetched or rendered without consent (`_confirm_source`), with
    or without `dry_run`.
    """
    opts = options or UpdateOptions(dry_run=dry_run, trust=trust)
    project = open_project(start)
    gitops.require_identity(project.root)
    phase = _phase(project.root)  # also refuses an invalid lifecycle.yaml before any change
    record = retarget(project.record, opts.source, opts.vcs_ref)
    if record.bundled:
        record = replace(record, phase=templates.later_phase(record.phase, phase))
    record, keep = _confirm_source(project.root, record, trust=opts.trust, ask=ask)
    with templates.fetched(record.source, record.vcs_ref) as found:
        if record.source != project.record.source:
            record = replace(record, kind=render_kind(found.folder))
        variables, code = _variables(record, found.folder, trust=opts.trust, ask=ask, keep=keep)
        record, notes = with_answers(record, given, variables)
        message = f"Render the template again (mlstart update)\n\nsource: {record.source}"
        rendered = render_commit(
            project,
            record,
            found.folder,
            trust=code,
            message=message,
            variables=variables,
            commit=found.commit,
            hooks=opts.run_hooks,
        )
    result = UpdateResult(project.root, dry_run=opts.dry_run, source=record.source, notes=notes)
    result.messages = rendered.record.messages
    result.version = (project.record.version, rendered.record.version)
    base = tb.out(project.root, "merge-base", "HEAD", rendered.commit)
    result.changes = tb.changes(project.root, base, rendered.commit)
    if opts.dry_run:
        result.conflicts = tb.predicted_conflicts(project.root, rendered.commit)
        result.tasks = _preview_tasks(project.root, record.framing)
        return result
    _merge(project, rendered, record, phase, result)
    return result


def _merge(
    project: Project, rendered: Rendered, record: Record, phase: str | None, result: UpdateResult
) -> None:
    stale = rendered.record.tasks != project.record.tasks  # answers or catalogue changed
    conflicts, result.tasks, result.commit = merge_rendering(
        project,
        rendered,
        message="Merge the template update (mlstart update)",
        refresh=record.framing if stale else None,
        what="template update",
    )
    if conflicts:
        raise TemplateConflictError(conflicts, "template update", root=project.root)
    if phase is not None and rendered.record.phase != project.record.phase:
        tb.tag(project.root, f"phase/{phase}")  # the phase files `advance` could not bring


def _confirm_source(
    root: Path, record: Record, *, trust: bool, ask: consent.Ask | None
) -> tuple[Record, bool]:
    """Consent to the recorded source before anything is fetched or rendered.

    The record comes with the repository, so its source is a stranger's choice until the user
    confirms it on this machine (`--trust`, a remembered confirmation, or a yes). A folder is
    taken relative to the project, never to the current folder; a folder inside the repository
    is confirmed every time (keep=False: its content changes with each pull).
    """
    if record.bundled or record.kind == "none":
        return record, True
    source, keep = record.source, True
    if not templates.is_git_url(source):
        folder = Path(source).expanduser()
        source = str(folder if folder.is_absolute() else (root / folder).absolute())
        keep = not consent.is_inside(source, root)
        record = replace(record, source=source)
    where = (
        "a folder inside this repository (its tasks or hooks, if any, would run)"
        if not keep
        else "not used on this machine before"
    )
    consent.require(
        source,
        code=False,
        why=f"{RECORD} (it comes with the repository) names a template that is {where}",
        trust=trust,
        ask=ask,
        keep=keep,
    )
    return record, keep


def _variables(
    record: Record, folder: Path, *, trust: bool, ask: consent.Ask | None, keep: bool
) -> tuple[dict[str, Variable], bool]:
    """The template's variables, and whether its code (tasks, hooks) may run."""
    if record.bundled or record.kind == "none":
        return {}, False
    # A folder inside the repository was just confirmed for this run: the same yes covers code.
    template = templates.open_template(
        record.source, folder, trust=trust or not keep, ask=ask, keep=keep
    )
    return template.variables, template.trust


def retarget(record: Record, source: str | None, vcs_ref: str | None) -> Record:
    """The record pointed at another source and/or version (`update --template/--vcs-ref`)."""
    if source is None and vcs_ref is None:
        return record
    if record.bundled or record.kind == "none":
        raise MlstartError(
            "this project does not come from another template: --template and --vcs-ref "
            "change the source of one that does",
            hint="mlstart's own template follows the installed mlstart; `pip install -U "
            "mlstart` updates it",
        )
    if source is None:
        return replace(record, vcs_ref=vcs_ref)
    chosen = templates.normalise_source(source)
    consent.remember(chosen, code=False)  # named by the user on this machine, as with `new`
    return replace(record, source=chosen, vcs_ref=vcs_ref)


def render_kind(folder: Path) -> str:
    from mlstart.render.copier_engine import template_kind

    return template_kind(folder)


def _phase(root: Path) -> str | None:
    from mlstart.lifecycle import store

    path = root / LIFECYCLE
    if not path.is_file():
        return None
    phase = store.load(path).get("phase")
    return phase if isinstance(phase, str) else None


def _preview_tasks(root: Path, framing: Mapping[str, Any]) -> dict[str, list[str]]:
    """The task changes a refresh would make, computed on a copy in memory."""
    path = root / LIFECYCLE
    if not path.is_file():
        return {}
    from mlstart.lifecycle import store
    from mlstart.lifecycle.document import merge_catalogue

    doc, _plain = store.parse(path.read_text(encoding="utf-8"), str(path))
    return merge_catalogue(doc, framing, plan.derive(framing), "preview")
