"""docs/mlops.md agrees with the project's tasks: every task under the component it serves.

For rows of the rendering matrix, each task id named in a component's section must be a task
of that project (catalogue) whose practice (mlstart.lifecycle.practices) is that component, and
every task of the project (but the 'find out' ones) must be named under its component.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from mlstart.interview.plan import derive
from mlstart.lifecycle import catalogue, practices
from tests.template.matrix import render, row_id, rows

ROWS = rows()[::5]  # every kind, deployment and availability
TASK_ID = re.compile(r"`((?:planning|data|training|deployment)\.[a-z-]+)`")


def sections(text: str) -> dict[str, set[str]]:
    """Component name (lower case) -> the task ids its section names."""
    found: dict[str, set[str]] = {}
    for block in re.split(r"^## \d\. ", text, flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        found[title.strip().lower()] = set(TASK_ID.findall(body))
    return found


@pytest.mark.parametrize("answers", ROWS, ids=[row_id(r) for r in ROWS])
def test_mlops_page_maps_every_task_to_its_component(
    answers: dict[str, Any], tmp_path: Path
) -> None:
    dest = render(tmp_path / "p", answers)
    named = sections((dest / "docs/mlops.md").read_text(encoding="utf-8"))
    assert list(named) == [c.lower() for c in practices.COMPONENTS]
    built = catalogue.build(answers, derive(answers))
    tasks = {t["id"] for ts in built.values() for t in ts if "find-out" not in t["id"]}
    for component, ids in named.items():
        assert ids <= tasks, (component, ids - tasks)
        for task_id in ids:
            assert (practices.component(task_id) or "").lower() == component, task_id
    listed = set().union(*named.values())
    assert tasks <= listed, tasks - listed
