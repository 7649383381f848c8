"""What Copier does on an update besides rendering: `_skip_if_exists` and `_migrations`.

mlstart renders the new version once and merges it (workflow.update); these are the two parts
of `copier update` that the merge alone does not give. Paths are matched as Copier matches them
(gitignore-style patterns); migrations are selected and run by Copier's own code, between the
project's recorded template commit and the new one, in the project folder.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mlstart.core.errors import TemplateError
from mlstart.render import copier_engine, problems


def skip_matcher(folder: Path) -> Callable[[str], bool]:
    """Whether a project path matches the template's `_skip_if_exists` patterns."""
    patterns = copier_engine.copier_config(folder).skip_if_exists
    if not patterns:
        return lambda _path: False
    from pathspec import PathSpec

    spec: Any
    try:
        spec = PathSpec.from_lines("gitignore", patterns)
    except (LookupError, ValueError):  # an older pathspec names the style differently
        spec = PathSpec.from_lines("gitwildmatch", patterns)
    return lambda path: bool(spec.match_file(path))


def migrations(
    src: str,
    project: Path,
    *,
    old_ref: str,
    new_ref: str | None,
    answers: Mapping[str, Any],
    stage: str,
    run: bool,
    local: Path,
) -> list[str]:
    """The template's migrations for this stage ('before'/'after') between two versions.

    Returns their commands; with `run` they are run in `project` (consent was given: the
    template's migrations make it code, see core.trust). A failing one is a TemplateError.
    """
    from copier._main import _operation
    from copier._template import Template
    from copier._types import Phase

    try:
        with _worker(src, project, new_ref, answers, unsafe=run) as worker:
            tasks = worker.template.migration_tasks(stage, Template(url=src, ref=old_ref))
            commands = [str(task.cmd) for task in tasks]
            if run and tasks:
                token = _operation.set("update")
                try:
                    with Phase.use(Phase.MIGRATE):
                        worker._execute_tasks(tasks)
                finally:
                    _operation.reset(token)
            return commands
    except (KeyboardInterrupt, SystemExit, TemplateError):
        raise
    except Exception as exc:
        raise problems.describe(exc, local, "a migration of the template") from None


@contextlib.contextmanager
def _worker(
    src: str, project: Path, ref: str | None, answers: Mapping[str, Any], *, unsafe: bool
) -> Iterator[Any]:
    make_worker = copier_engine.worker_class()
    with warnings.catch_warnings(), copier_engine.scoped_changes(make_worker, project):
        warnings.simplefilter("ignore")
        with make_worker(
            src_path=src,
            dst_path=project,
            vcs_ref=ref,
            data=dict(answers),
            defaults=True,
            quiet=True,
            unsafe=unsafe,
            overwrite=True,
        ) as worker:
            yield worker
