"""Growing a project by phase: `mlstart advance` brings the new phase's part of the template.

The bundled template renders each phase's files when its `phase` value reaches that phase, so
entering a phase is a template update with a further phase: rendered on the `mlstart/template`
branch, merged as its own commit (with the lifecycle change `advance` made), tagged
`phase/<name>`. A phase already rendered (`--all-phases`, or entered before and left with
`back`) brings no files; nothing is ever removed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from mlstart.core.errors import MlstartError, NotAProjectError
from mlstart.workflow import templatebranch as tb
from mlstart.workflow import templates
from mlstart.workflow.merge import (
    LIFECYCLE,
    Project,
    Rendered,
    TemplateConflictError,
    merge_rendering,
    open_project,
    render_commit,
)


@dataclass
class PhaseResult:
    """What entering a phase brought: files, the commit, the tag."""

    phase: str
    files: list[str]
    commit: str | None
    tag: str | None


def bring_phase_files(root: Path, phase: str) -> PhaseResult | None:
    """Render, commit, merge and tag the phase's part of the template.

    None when there is nothing to do it with (no Git, or a repository mlstart did not make).
    `advance` has already written lifecycle.yaml; that change goes into the phase's commit.
    """
    if tb.toplevel(root) is None or tb.tip(root) is None:
        return None
    try:
        project = open_project(root, allow_dirty=(LIFECYCLE,))
    except NotAProjectError:
        return None
    except MlstartError as exc:
        raise MlstartError(
            f"entered the {phase} phase (lifecycle.yaml), but its files were not brought in: "
            f"{exc.message}",
            hint=f"{exc.hint or ''}; then `mlstart update` brings them".lstrip("; "),
        ) from None
    rendered = _render_phase(project, phase)
    message = f"Enter the {phase} phase (mlstart advance)"
    conflicts, _tasks, head = merge_rendering(
        project, rendered, message=message, refresh=None, what=f"{phase} phase's files"
    )
    name = f"phase/{phase}"
    if conflicts:
        raise TemplateConflictError(
            conflicts, f"{phase} phase's files", f"; then tag it: git tag {name}"
        )
    changed = tb.changes(project.root, rendered.tip, rendered.commit)
    files = [path for _status, path in changed if path != templates.RECORD]
    tagged = tb.tag(project.root, name)
    return PhaseResult(phase, files, head, name if tagged else None)


def _render_phase(project: Project, phase: str) -> Rendered:
    record = project.record
    wanted = templates.later_phase(record.phase, phase)
    if not record.bundled or wanted == record.phase:
        return Rendered(project.tip, project.tip, record)  # nothing new to render
    record = replace(record, phase=wanted)
    message = f"Render the {phase} phase of the template (mlstart advance)"
    with templates.fetched(record.source, record.vcs_ref) as found:
        return render_commit(project, record, found.folder, trust=False, message=message)
