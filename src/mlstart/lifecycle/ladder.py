"""The stage ladder's rules: when a promotion may happen, when the target stage is reached, and
the loop-backs recorded in the history, the comparison of metrics (pure; no I/O)."""

from __future__ import annotations

from mlstart.lifecycle import model

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Data = dict[str, Any]

PROMOTION_PHASE = "training"
METRICS_DIR = "reports/metrics"


def promotion_phase_problem(data: Data) -> str | None:
    """Why the stage cannot be promoted in this phase (stages are trained for), or None."""
    phase = data.get("phase", model.PHASES[0])
    if model.PHASES.index(phase) < model.PHASES.index(PROMOTION_PHASE):
        return f"stages are promoted from the {PROMOTION_PHASE} phase on (now: {phase})"
    return None


def target_reached(data: Data) -> bool:
    """Whether the stage has reached the plan's first target stage (beyond the heuristic)."""
    target = (data.get("plan") or {}).get("target_stage")
    if target not in model.STAGES or target == model.STAGES[0]:
        return False
    return model.STAGES.index(data.get("stage", model.STAGES[0])) >= model.STAGES.index(target)


def metrics_file(stage: str) -> str:
    """Where the generated project writes a stage's metrics."""
    return f"{METRICS_DIR}/{stage}.json"


def loop_backs(history: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The `back` events, oldest first: each time the project went back, from where and why."""
    return [e for e in history or [] if isinstance(e, dict) and e.get("event") == "back"]


def last_loop_back(data: Data) -> dict[str, Any] | None:
    """The latest loop-back with the number of them (from the history, or the cache's summary)."""
    if "history" in data:
        events = loop_backs(data.get("history"))
        if not events:
            return None
        keys = ("at", "by", "from", "to", "reason", "reopened")
        return {**{k: events[-1][k] for k in keys if k in events[-1]}, "count": len(events)}
    summary = data.get("_loop_back")
    return summary if isinstance(summary, dict) else None


def beats(candidate: float, baseline: float, direction: str, min_gain: float) -> tuple[bool, float]:
    """Whether candidate improves on baseline by at least min_gain in the direction; the gain."""
    gain = candidate - baseline if direction == "higher" else baseline - candidate
    # A tolerance, so 0.81 - 0.80 counts as a gain of 0.01 despite binary floating point.
    return gain >= min_gain - 1e-12, gain


def meets(value: float, threshold: float, direction: str) -> bool:
    """Whether a metric value is at least as good as a threshold, in the metric's direction."""
    return value >= threshold if direction == "higher" else value <= threshold
