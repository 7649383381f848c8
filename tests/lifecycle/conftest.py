"""Fixtures for lifecycle tests: a real git repository holding a lifecycle.yaml from write_new."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mlstart.interview.answers import resolve
from mlstart.interview.plan import derive
from mlstart.lifecycle.store import write_new
from tests.helpers import git

MakeProject = Callable[..., Path]


# A framed project: the plan is decided (not 'not-yet'), so nothing blocks promotion; the data
# size is left unknown, which gives one task without a check (planning.find-out-data-size).
FRAMED = {
    "data_size": "unknown",
    "project_name": "churn",
    "problem": "customers leave without warning",
    "decision_maker": "the retention team calls them",
    "business_objective": "monthly churn rate",
    "business_value": "yes",
    "solved_before": "published",
}


def answers_for(**given: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Resolved answers (a framed project plus given) and the plan derived from them."""
    answers = resolve({**FRAMED, **given})
    return answers, derive(answers)


def put(root: Path, rel: str, text: str) -> Path:
    """Write a file in the project, creating its folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def metrics(root: Path, stage: str, value: float, metric: str = "f1", **extra: Any) -> None:
    """Write reports/metrics/<stage>.json as the generated project's evaluation does."""
    body = {"metric": metric, "value": value, "direction": "higher", **extra}
    put(root, f"reports/metrics/{stage}.json", json.dumps(body))


def commit_all(root: Path, message: str = "work") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Build a project folder: git init on main, lifecycle.yaml from the given answers."""

    def make(name: str = "proj", *, git_init: bool = True, **given: Any) -> Path:
        root = tmp_path / name
        root.mkdir()
        if git_init:
            git(root, "init", "-q", "-b", "main")
        answers, derived = answers_for(**given)
        write_new(root, answers, derived, "Ada Tester")
        return root

    return make


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    """A default (course, batch) project with its lifecycle file committed."""
    root = make_project()
    commit_all(root, "Start")
    return root
