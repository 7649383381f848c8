"""The `mlstart update` use case: the template rendered again, at the version asked for.

Consent first (the record comes with the repository), then the answers (a saved answer the
template no longer accepts takes its new default, said so), then the shared render-commit-merge
path of workflow.merge, with Copier's `_skip_if_exists` and `_migrations` honoured as Copier
honours them (workflow.copier_steps).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlstart.core import trust as consent
from mlstart.core.errors import InvalidAnswersError, MlstartError
from mlstart.gitssh import runner as gitops
from mlstart.interview import answers as answer_rules
from mlstart.interview import plan
from mlstart.interview.questions import BY_KEY
from mlstart.render import copier_update
from mlstart.render.variables import Variable
from mlstart.workflow import copier_steps, template_answers, templates
from mlstart.workflow import templatebranch as tb
from mlstart.workflow.fetch import Fetched
from mlstart.workflow.merge import (
    LIFECYCLE,
    Project,
    Rendered,
    TemplateConflictError,
    merge_rendering,
    open_project,
    render_commit,
)
from mlstart.workflow.templates import RECORD, Record

__all__ = ["TemplateConflictError", "open_project"]


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
    migrations: list[str] = field(default_factory=list)  # the template's migration commands


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
    Saved answers that are invalid by themselves (a hand-edited or hostile record) are refused,
    never silently replaced.
    """
    try:
        answer_rules.resolve({k: v for k, v in saved.items() if k not in given})
    except InvalidAnswersError as exc:
        raise InvalidAnswersError(
            [f"{RECORD} (saved): {problem}" for problem in exc.problems],
            hint=f"fix them with `mlstart update --set KEY=VALUE`, or restore {RECORD}",
        ) from None
    while True:
        try:
            return answer_rules.resolve({**saved, **given})
        except InvalidAnswersError as exc:
            bad = {problem.partition(":")[0] for problem in exc.problems} & set(saved)
            if not bad or len(bad) < len(exc.problems):
                raise
            saved = {k: v for k, v in saved.items() if k not in bad}


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
    # also refuses an invalid lifecycle.yaml before any change
    phase, paths = _lifecycle(project.root)
    record = retarget(project.record, opts.source, opts.vcs_ref)
    if record.bundled:
        record = replace(record, phase=templates.later_phase(record.phase, phase))
    record, keep = _confirm_source(project.root, record, trust=opts.trust, ask=ask)
    with templates.fetched(record.source, record.vcs_ref) as found:
        if record.source != project.record.source:
            record = replace(record, kind=render_kind(found.folder))
        variables, code = _variables(record, found.folder, trust=opts.trust, ask=ask, keep=keep)
        record, notes = with_answers(record, given, variables)
        rendered = _render(
            project, record, found, variables, code=code, hooks=opts.run_hooks, paths=paths,
            dry_run=opts.dry_run,
        )  # fmt: skip
        result = UpdateResult(project.root, dry_run=opts.dry_run, source=record.source)
        result.notes, result.messages = notes, rendered.record.messages
        result.version = (project.record.version, rendered.record.version)
        _finish(project, rendered, found.folder, result, phase=phase, run=code)
    return result


def _render(
    project: Project,
    record: Record,
    found: Fetched,
    variables: dict[str, Variable],
    *,
    code: bool,
    hooks: bool,
    paths: Any,
    dry_run: bool,
) -> Rendered:
    skip = copier_update.skip_matcher(found.folder) if record.kind == "copier" else None
    return render_commit(
        project,
        record,
        found.folder,
        trust=code,
        message=f"Render the template again (mlstart update)\n\nsource: {record.source}",
        variables=variables,
        commit=found.commit,
        hooks=hooks,
        skip=skip,
        paths=paths,
        dry_run=dry_run,
    )


def _finish(
    project: Project,
    rendered: Rendered,
    local: Path,
    result: UpdateResult,
    *,
    phase: str | None,
    run: bool,
) -> None:
    """List (dry run) or do the merge, with the template's migrations on either side."""
    root, new = project.root, rendered.record
    old = copier_steps.previous_commit(root, project.tip, project.record)
    base = tb.out(root, "merge-base", "HEAD", rendered.commit)
    result.changes = tb.changes(root, base, rendered.commit)
    if result.dry_run:
        result.conflicts = tb.predicted_conflicts(root, rendered.commit)
        result.tasks = _preview_tasks(root, new.framing)
        for stage in ("before", "after"):
            result.migrations += copier_steps.migrate(root, old, new, local, stage=stage, run=False)
        return
    result.migrations = copier_steps.migrate(root, old, new, local, stage="before", run=run)
    # a "before" migration commits on the branch: the merge base is then asked again
    _merge(project, rendered, new, phase, result, base=None if result.migrations else base)
    result.migrations += copier_steps.migrate(root, old, new, local, stage="after", run=run)
    if result.migrations:
        result.commit = tb.out(root, "rev-parse", "HEAD")


def _merge(
    project: Project,
    rendered: Rendered,
    record: Record,
    phase: str | None,
    result: UpdateResult,
    *,
    base: str | None,
) -> None:
    stale = rendered.record.tasks != project.record.tasks  # answers or catalogue changed
    conflicts, result.tasks, result.commit = merge_rendering(
        project,
        rendered,
        message="Merge the template update (mlstart update)",
        refresh=record.framing if stale else None,
        what="template update",
        base=base,
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


def _lifecycle(root: Path) -> tuple[str | None, Any]:
    """lifecycle.yaml's phase and `paths:` (None, None without the file)."""
    from mlstart.lifecycle import store

    path = root / LIFECYCLE
    if not path.is_file():
        return None, None
    data = store.load(path)
    phase = data.get("phase")
    return (phase if isinstance(phase, str) else None), data.get("paths")


def _preview_tasks(root: Path, framing: Mapping[str, Any]) -> dict[str, list[str]]:
    """The task changes a refresh would make, computed on a copy in memory."""
    path = root / LIFECYCLE
    if not path.is_file():
        return {}
    from mlstart.lifecycle import store
    from mlstart.lifecycle.document import merge_catalogue

    doc, _plain = store.parse(path.read_text(encoding="utf-8"), str(path))
    return merge_catalogue(doc, framing, plan.derive(framing), "preview")
