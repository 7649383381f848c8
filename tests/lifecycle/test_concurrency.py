"""Two mlstart commands writing lifecycle.yaml at once: both changes land."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mlstart.lifecycle import model, store
from tests.helpers import mlstart_exe


def test_simultaneous_done_commands_all_land(project: Path) -> None:
    ids = ["planning.charter", "planning.metrics", "planning.baseline", "planning.approach"]
    procs = [
        subprocess.Popen(
            [*mlstart_exe(), "done", task_id, "--note", f"n-{task_id}", "--force", "-r", "r"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for task_id in ids
    ]
    results = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0] * len(ids), results
    data = store.load(project / "lifecycle.yaml")
    tasks = {t["id"]: t for _p, t in model.all_tasks(data)}
    assert all(tasks[i]["status"] == "done" and tasks[i]["note"] == f"n-{i}" for i in ids)
    done_events = sorted(e["task"] for e in data["history"] if e["event"] == "done")
    assert done_events == sorted(ids)
    leftovers = [p.name for p in project.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
