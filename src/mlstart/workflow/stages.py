"""Moving on the stage ladder: promotion earned by metrics, demotion recorded with a reason.

A promotion (heuristic -> simple -> ml -> complex, one step at a time) happens from the training
phase on, when the next stage's metrics beat the current stage's by the minimum gain on the same
evaluation data, and never on the bundled sample data (`--force --reason` may override the gain,
not the phase nor the sample). A demotion to any lower stage needs a reason and is recorded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlstart.core.errors import GateBlockedError, MlstartError
from mlstart.lifecycle import earned, gitstate, ladder, model, store
from mlstart.lifecycle.evidence import Evidence
from mlstart.workflow.records import _history, _root, event, require_reason
from mlstart.workflow.status import open_find_outs


def move(
    start: str | Path, *, to: str | None = None, force: bool = False, reason: str | None = None
) -> dict[str, Any]:
    """Promote to the next stage (to=None or the next one), or demote to a lower one."""
    if to is not None and to not in model.STAGES:
        raise MlstartError(f"'{to}' is not a stage", f"one of: {', '.join(model.STAGES)}")
    require_reason(force, reason)
    root = _root(start)
    who = gitstate.author(root)

    def change(doc: Any, plain: dict[str, Any]) -> dict[str, Any]:
        current = plain["stage"]
        wanted = to or model.next_stage(current)
        if wanted is None:
            raise MlstartError(f"{current} is the last stage")
        if wanted == current:
            raise MlstartError(f"the stage is {current} already")
        if model.STAGES.index(wanted) < model.STAGES.index(current):
            return demote(doc, plain, wanted, reason, who)
        if wanted != model.next_stage(current):
            raise MlstartError(f"{current} -> {wanted} skips a stage", "climb one stage at a time")
        forced = _promotion_refused(root, plain, current, wanted, force)
        doc["stage"] = wanted
        _history(doc).append(
            event("promoted", who, **{"from": current, "to": wanted},
                  forced=forced or None, reason=reason)
        )  # fmt: skip
        return {"from": current, "to": wanted, "forced": forced}

    return store.edit(root, change)


def _promotion_refused(
    root: str, plain: dict[str, Any], current: str, wanted: str, force: bool
) -> bool:
    """Raise when the promotion does not hold; True when it goes through as an override."""
    undecided = open_find_outs(plain)
    if undecided:  # no override: the plan itself is not decided yet
        raise GateBlockedError(
            f"no stage promotion while the plan is not yet decided: find out first "
            f"({', '.join(undecided)})",
            "do the 'find out' tasks, then re-derive the plan with "
            "`mlstart update --set KEY=VALUE` for what you found",
        )
    problem = ladder.promotion_phase_problem(plain)
    if problem:
        raise MlstartError(f"stage {current} -> {wanted} refused: {problem}", "`mlstart status`")
    state, missing, fix = Evidence(root, plain).stages(current, wanted)
    if state == "ok":
        return False
    if missing.endswith(earned.SAMPLE_MISSING) or not force:
        raise GateBlockedError(
            f"stage {current} -> {wanted} does not hold: {missing}",
            fix
            if missing.endswith(earned.SAMPLE_MISSING)
            else f"{fix} (`--force --reason` "
            "overrides the gain, not the phase nor the sample data)",
        )
    return True


def demote(
    doc: Any, plain: dict[str, Any], wanted: str, reason: str | None, who: str
) -> dict[str, Any]:
    """Go down the ladder (the simpler stage is kept or restored); recorded with the reason."""
    if not (reason or "").strip():
        raise MlstartError(
            f"going down to {wanted} needs a reason",
            f"mlstart advance --stage {wanted} --reason 'why'",
        )
    current = plain["stage"]
    doc["stage"] = wanted
    _history(doc).append(event("demoted", who, **{"from": current, "to": wanted}, reason=reason))
    return {"from": current, "to": wanted, "forced": False, "demoted": True}
