"""Migrations of lifecycle.yaml from older schema versions, applied in memory when read."""

from __future__ import annotations

from mlstart.lifecycle import model

TYPE_CHECKING = False  # typing stays unimported on the `status` path
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


def _from_0(doc: dict[str, Any]) -> None:
    """Version 0 (pre-release) held the stage as {current, released}: keep the current stage."""
    stage = doc.get("stage")
    if isinstance(stage, dict):
        doc["stage"] = stage.get("current", model.STAGES[0])


# version -> the function that brings a document of that version to the next one, in place.
MIGRATIONS: dict[int, Callable[[Any], None]] = {0: _from_0}


def migrate(doc: Any) -> bool:
    """Bring a document (plain or round-trip) to the current schema in place; True if it changed."""
    version = doc.get("schema_version") if isinstance(doc, dict) else None
    # int subclasses too: ruamel's round-trip loader gives ScalarInt; bool is no version.
    if not isinstance(version, int) or isinstance(version, bool):
        return False
    changed = False
    while doc["schema_version"] < model.SCHEMA_VERSION:
        step = MIGRATIONS.get(doc["schema_version"])
        if step is None:
            return changed
        step(doc)
        doc["schema_version"] += 1
        changed = True
    return changed
