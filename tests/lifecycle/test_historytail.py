"""A long history is kept as text on a write: the same file as the full round trip, but fast."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlstart.lifecycle import historytail, store
from tests.lifecycle.conftest import MakeProject
from tests.lifecycle.test_cli import run

EVENT = "  - {at: '2026-11-01T10:00:00+00:00', event: reopened, by: A <a@example.com>, task: x}\n"


def with_long_history(make_project: MakeProject) -> Path:
    project = make_project()
    path = project / "lifecycle.yaml"
    text = path.read_text()
    events = EVENT * 4000  # about 350 kB of history
    path.write_text(text + "  # a comment the team wrote in the history\n" + events)
    return project


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mlstart.lifecycle.document.now", lambda: "2026-12-01T09:00:00+00:00")


@pytest.mark.usefixtures("fixed_time")
def test_the_quick_path_writes_what_the_full_round_trip_writes(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    project = with_long_history(make_project)
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    assert historytail.split((project / "lifecycle.yaml").read_text()) is not None
    assert run("skip", "planning.plan", "--reason", "later", "-C", str(project))[0] == 0
    monkeypatch.setattr(historytail, "MIN_TAIL_CHARS", 10**12)  # the ordinary path
    assert run("skip", "planning.plan", "--reason", "later", "-C", str(twin))[0] == 0
    quick, full = (p.read_text() for p in (project / "lifecycle.yaml", twin / "lifecycle.yaml"))
    assert quick == full
    assert "# a comment the team wrote in the history" in quick
    assert quick.count("event: skipped") == 1
    data = store.load(project / "lifecycle.yaml")
    assert len(data["history"]) == 4002 and data["history"][-1]["event"] == "skipped"


def test_a_short_or_misplaced_history_takes_the_ordinary_path() -> None:
    assert historytail.split("schema_version: 1\nhistory:\n" + EVENT) is None
    long = EVENT * 4000
    assert historytail.split("history:\n" + long + "phase: data\n") is None
    assert historytail.split("history: [" + long + "]\n") is None
    assert historytail.split("a: 1\nhistory:\n" + long) == ("a: 1\n", long)


@pytest.mark.usefixtures("fixed_time")
def test_a_refusal_leaves_the_long_file_as_it_was(make_project: MakeProject) -> None:
    project = with_long_history(make_project)
    before = (project / "lifecycle.yaml").read_bytes()
    code, _, err = run("skip", "planning.nothing-like-this", "--reason", "x", "-C", str(project))
    assert code != 0 and "no task matches" in err
    assert (project / "lifecycle.yaml").read_bytes() == before
