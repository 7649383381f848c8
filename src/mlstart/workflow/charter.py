"""The charter beside another template's files, and the fingerprints that let updates skip work.

The charter is rendered from mlstart's own template; the fingerprints say when neither the
answers nor mlstart changed (the charter is then reused) and when a refresh of lifecycle.yaml's
tasks would change nothing (answers, the project's `paths:`, the catalogue's code).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mlstart.core.files import atomic_write
from mlstart.render import bundled_files
from mlstart.render import copier_engine as render


def place_charter(
    dest: Path,
    framing: Mapping[str, Any],
    derived: Mapping[str, Any],
    fingerprint: str,
    previous: str | None,
    previous_fingerprint: str | None,
) -> None:
    """mlstart's charter beside another template's files (it wins over a file of that name).

    It is rendered by Jinja alone (render.bundled_files: the bytes Copier would write, without
    Copier); when neither the answers nor mlstart's template changed, the previous rendering's
    charter is the same text, so it is reused.
    """
    target = dest / render.CHARTER
    target.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and previous_fingerprint == fingerprint:
        atomic_write(target, previous)
        return
    data = {**framing, **render.hidden_data(derived, "planning")}
    atomic_write(target, bundled_files.render(render.bundled_template(), render.CHARTER, data))


def charter_fingerprint(framing: Mapping[str, Any]) -> str:
    """A digest of the framing answers and of the bundled template's text it renders from."""
    from mlstart import __version__

    digest = hashlib.sha256(json.dumps(dict(framing), sort_keys=True, default=str).encode())
    digest.update(__version__.encode())
    template = render.bundled_template()
    for path in sorted(template.rglob("*")):
        if path.is_file() and _charter_source(path.relative_to(template)):
            digest.update(str(path.relative_to(template)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def tasks_fingerprint(framing: Mapping[str, Any], paths: Any = None) -> str:
    """A digest of the framing answers, the project's `paths:` and the task catalogue's code.

    Equal digests mean a refresh of lifecycle.yaml's tasks would change nothing, so `update`
    skips it (parsing and rewriting the file is a good part of an update's time).
    """
    from mlstart import __version__
    from mlstart.lifecycle import (
        catalogue,
        document,
        layout,
        taskkit,
        tasks_data,
        tasks_deployment,
        tasks_planning,
        tasks_training,
    )

    digest = hashlib.sha256(json.dumps(dict(framing), sort_keys=True, default=str).encode())
    digest.update(__version__.encode())
    if paths:
        digest.update(json.dumps(paths, sort_keys=True, default=str).encode())
    modules = (catalogue, taskkit, tasks_planning, tasks_data, tasks_training, tasks_deployment)
    for module in (*modules, document, layout):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def _charter_source(relative: Path) -> bool:
    """Files the charter depends on: copier.yml, shared includes, and the charter itself."""
    name = relative.as_posix()
    return name in render.COPIER_FILES or name.startswith("includes/") or "charter" in name
