"""Going back: an earlier phase (or stage) with its reason, as ML work loops back.

`mlstart back PHASE --reason` puts the tasks of the later phases that a check decides (done or
skipped by hand) back to todo (their checks decide again: what was done on the old data or plan
must hold again), resets the stage to the heuristic when the project returns before training,
records the event, and adds an entry to the decision log (`docs/decisions/NNNN-back-to-PHASE.md`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from mlstart.core.errors import MlstartError
from mlstart.core.files import atomic_write
from mlstart.lifecycle import gitstate, ladder, model, store
from mlstart.workflow.records import _history, _root, _set_progress, event, now
from mlstart.workflow.stages import demote

DECISIONS = "docs/decisions"


def back(
    start: str | Path, phase: str | None, reason: str, *, stage: str | None = None
) -> dict[str, Any]:
    """Return to an earlier phase and/or stage, with the reason (this is normal ML work)."""
    if phase is None and stage is None:
        raise MlstartError("back to where?", "mlstart back PHASE --reason '...' (or --stage)")
    if phase is not None and phase not in model.PHASES:
        raise MlstartError(f"'{phase}' is not a phase", f"one of: {', '.join(model.PHASES)}")
    if stage is not None and stage not in model.STAGES:
        raise MlstartError(f"'{stage}' is not a stage", f"one of: {', '.join(model.STAGES)}")
    if not reason.strip():
        raise MlstartError("going back needs a reason", "mlstart back PHASE --reason 'why'")
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {"from": plain["phase"], "to": plain["phase"], "reopened": []}
        if phase is not None:
            result.update(_phase_back(doc, plain, phase, reason, who))
        wanted = stage
        if phase is not None and _before_training(phase):
            wanted = model.STAGES[0]
        if phase is None and wanted == plain["stage"]:
            raise MlstartError(f"the stage is {wanted} already", "`mlstart status` shows it")
        if wanted is not None and wanted != plain["stage"]:
            if model.STAGES.index(wanted) > model.STAGES.index(plain["stage"]):
                raise MlstartError(
                    f"{wanted} is above the current stage ({plain['stage']})",
                    "`mlstart advance --stage` promotes",
                )
            result["stage"] = demote(doc, plain, wanted, reason, who)
        return result

    result = store.edit(root, change)
    if phase is not None:
        result["decision"] = _decision_entry(root, result, reason, who)
    return result


def _before_training(phase: str) -> bool:
    return model.PHASES.index(phase) < model.PHASES.index(ladder.PROMOTION_PHASE)


def _phase_back(
    doc: Any, plain: dict[str, Any], phase: str, reason: str, who: str
) -> dict[str, Any]:
    current = plain["phase"]
    if model.PHASES.index(phase) >= model.PHASES.index(current):
        raise MlstartError(
            f"{phase} is not before the current phase ({current})",
            "`mlstart advance` moves forward",
        )
    later = model.PHASES[model.PHASES.index(phase) + 1 :]
    reopened = []
    for name in later:
        for node in doc["phases"].get(name) or []:
            if node.get("check") is not None and node.get("status") in ("done", "skipped"):
                _set_progress(node, status="todo")
                reopened.append(str(node["id"]))
    doc["phase"] = phase
    _history(doc).append(
        event("back", who, **{"from": current, "to": phase}, reason=reason,
              reopened=reopened or None)
    )  # fmt: skip
    return {"from": current, "to": phase, "reopened": reopened}


def _decision_entry(root: str, result: dict[str, Any], reason: str, who: str) -> str:
    """Write the next numbered decision record for this loop-back; its path from the root."""
    folder = Path(root) / DECISIONS
    folder.mkdir(parents=True, exist_ok=True)
    taken = [int(m.group(1)) for p in folder.iterdir() if (m := re.match(r"(\d{4})-", p.name))]
    number = max(taken, default=0) + 1
    while True:
        path = folder / f"{number:04d}-back-to-{result['to']}.md"
        if not path.exists():
            break
        number += 1
    atomic_write(path, _decision_text(number, result, reason, who))
    return os.path.relpath(path, root).replace(os.sep, "/")


def _decision_text(number: int, result: dict[str, Any], reason: str, who: str) -> str:
    lines = [
        f"# {number:04d}: Back from {result['from']} to {result['to']}",
        "",
        f"- Date: {now()[:10]}",
        f"- Decided by: {who}",
        f"- Phase: {result['from']} -> {result['to']} (recorded by `mlstart back`)",
    ]
    stage = result.get("stage")
    if stage:
        lines.append(f"- Stage: {stage['from']} -> {stage['to']}")
    reopened = ", ".join(result["reopened"]) or "none"
    lines += [
        f"- Tasks reopened (their checks decide again): {reopened}",
        "",
        "## Why",
        "",
        reason.strip(),
        "",
        "## What changes",
        "",
        "Write here what the project does differently now, and what would send it forward again.",
        "",
    ]
    return "\n".join(lines)
