"""Every phase holds 8 to 12 catalogue tasks (find-out tasks on top), whatever the answers."""

from __future__ import annotations

import itertools

import pytest

from mlstart.interview.answers import resolve
from mlstart.interview.plan import derive
from mlstart.lifecycle import catalogue

SHAPES = list(
    itertools.product(
        ["course", "poc", "product"],
        ["batch", "realtime", "edge", "undecided"],
        ["labelled", "partial", "none"],
        ["review", "autonomous"],
    )
)


@pytest.mark.parametrize(("kind", "deployment", "data", "human"), SHAPES)
def test_each_phase_has_eight_to_twelve_tasks(
    kind: str, deployment: str, data: str, human: str
) -> None:
    answers = resolve(
        {
            "project_kind": kind,
            "deployment": deployment,
            "data_availability": data,
            "human_in_loop": human,
            "privacy": "personal",
            "regulation": "regulated",
        }
    )
    for phase, tasks in catalogue.build(answers, derive(answers)).items():
        own = [t for t in tasks if ".find-out-" not in t["id"]]
        assert 8 <= len(own) <= 12, (phase, [t["id"] for t in own])


def test_a_course_requires_less_than_a_product() -> None:
    def required(kind: str) -> int:
        answers = resolve({"project_kind": kind})
        tasks = catalogue.build(answers, derive(answers))
        return sum(bool(t.get("required")) for phase in tasks.values() for t in phase)

    assert required("course") < required("product")
