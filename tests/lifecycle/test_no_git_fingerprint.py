"""A project made without Git keeps a fingerprint of its rendering: its evidence is earned too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers import git
from tests.lifecycle.test_cli import run


def _check(project: Path) -> dict[str, Any]:
    _, out, _ = run("check", "--json", "-C", str(project))
    data: dict[str, Any] = json.loads(out)
    return data


def _baseline_state(project: Path) -> tuple[str, str]:
    tasks = [task for phase in _check(project)["phases"] for task in phase["tasks"]]
    for task in tasks:
        if task["id"] == "planning.baseline":
            for result in task["checks"]:
                if result["kind"] == "path":
                    return result["state"], result.get("missing", "")
    raise AssertionError("planning.baseline has no path check")


def test_a_project_without_git_compares_with_what_was_rendered(tmp_path: Path) -> None:
    project = tmp_path / "demo"
    code, out, err = run("new", str(project), "--defaults", "--no-git", "--no-install")
    assert code == 0, out + err
    assert (project / ".mlstart" / "rendered.json").is_file()
    state, missing = _baseline_state(project)
    assert state == "fail" and "as mlstart generated it" in missing
    baseline = project / "src" / "demo" / "baseline.py"
    baseline.write_text(baseline.read_text() + "\n# our own rule comes here\n")
    assert _baseline_state(project)[0] == "ok"


def test_the_fingerprint_still_counts_after_a_later_git_init(tmp_path: Path) -> None:
    project = tmp_path / "demo"
    assert run("new", str(project), "--defaults", "--no-git", "--no-install")[0] == 0
    git(project, "init", "-q", "-b", "main")
    state, missing = _baseline_state(project)
    assert state == "fail" and "as mlstart generated it" in missing
