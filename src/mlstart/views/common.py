"""What every renderer shares: phase order, dates shown short, counts as bars (no I/O).

Used by the status view too, so it imports nothing at run time beyond the lifecycle model.
"""

from __future__ import annotations

from mlstart.lifecycle.model import PHASES, STAGES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["PHASES", "STAGES", "bar", "phase_index", "short_date"]


def phase_index(row: dict[str, Any]) -> int:
    """Position of a class row's phase (-1 without a readable lifecycle file)."""
    phase = (row.get("lifecycle") or {}).get("phase")
    return PHASES.index(phase) if phase in PHASES else -1


def short_date(value: str | None) -> str:
    """'2026-10-01' from an ISO date-time; '-' for none."""
    return value[:10] if value else "-"


def bar(done: float, total: float, width: int = 20) -> str:
    """'#####.....' for done of total."""
    filled = round(width * done / total) if total else 0
    return "#" * filled + "." * (width - filled)
