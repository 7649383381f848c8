"""The rule the existing system (or an expert) applies today, as a baseline to beat.

Write it in `rule` below, then run `python -m <package> baseline --kind rule`: the metrics go to
`reports/metrics/heuristic-rule.json`, measured exactly like every other stage. A model that
cannot beat the rule people already use is not worth deploying. `tests/test_rules.py` holds the
tests to fill in with cases the rule must get right.
"""

from __future__ import annotations

from typing import Any

from .data import Row


def rule(row: Row) -> Any:
    """The prediction today's rule makes for one row (same type as the target)."""
    raise NotImplementedError(
        "write the existing rule in rules.py (e.g. 'if row[...] > ...: return ...')"
    )
