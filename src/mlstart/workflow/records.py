"""What every lifecycle use case shares: finding the project, a task, and recording an event."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mlstart.core.errors import MlstartError, TaskError
from mlstart.lifecycle import model, store

PROGRESS_KEYS = ("at", "by", "note", "reason", "forced")


def event(kind: str, author: str, **fields: Any) -> Any:
    """A history event node (ruamel is imported only by commands that write)."""
    from mlstart.lifecycle.document import event as make_event

    return make_event(kind, author, **fields)


def now() -> str:
    """The current local time for task progress fields."""
    from mlstart.lifecycle.document import now as current

    return current()


def _root(start: str | Path) -> str:
    return store.find_root_str(os.fspath(start))


def _locate(doc: Any, plain: dict[str, Any], query: str) -> tuple[str, Any]:
    """(phase, round-trip task node) for a typed task id; TaskError when it names no one task."""
    found = model.find_task(plain, query)
    if isinstance(found, list):
        if not found:
            raise TaskError(f"no task matches '{query}'", "`mlstart status --all` lists the ids")
        listed = ", ".join(found[:8]) + (" ..." if len(found) > 8 else "")
        raise TaskError(f"'{query}' matches several tasks: {listed}", "type more of the id")
    phase, task = found
    for node in doc["phases"][phase]:
        if node["id"] == task["id"]:
            return phase, node
    raise TaskError(f"task '{task['id']}' vanished while it was being changed")


def _set_progress(node: Any, **values: Any) -> None:
    """Replace a task's progress fields: status first, then what is given (others removed)."""
    for key in PROGRESS_KEYS:
        if key in node and key not in values:
            del node[key]
    for key, value in values.items():
        if value is not None:
            node[key] = value


def _history(doc: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    if doc.get("history") is None:
        doc["history"] = CommentedSeq()
    return doc["history"]


def require_reason(force: bool, reason: str | None) -> None:
    """An override (`--force`) is recorded with its reason: refused without one."""
    if force and not (reason or "").strip():
        raise MlstartError("--force needs --reason: overrides are recorded with their reason")
