"""The ML Test Score use cases: score a project, record tests done by hand.

`score` reads lifecycle.yaml and the repository; it runs the project's tests and pipeline only
when asked (`run=True`, `mlstart score --run`), so their reports exist to be read. `mark`
records or removes manual marks in lifecycle.yaml through the store's single writer, with a
history event. Both return plain data; they never print.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from mlstart.core.errors import TaskError
from mlstart.interview.questions import package_name_for
from mlstart.lifecycle import gitstate, model, score, store


def _package(data: dict[str, Any]) -> str:
    project = data.get("project") or {}
    return str(project.get("package") or package_name_for(str(project.get("name", "ml-project"))))


def _run_project(root: str, package: str, setting: str | None) -> list[dict[str, Any]]:
    """Run the project's tests and pipeline as `check --run` runs a command (project's Python)."""
    from mlstart.core import pyenv
    from mlstart.lifecycle.commands import run_check_command

    chosen = pyenv.find(root, setting)
    python = "python" if sys.platform != "win32" else "python.exe"
    ran = []
    for command in (f"{python} -m pytest -q", f"{python} -m {package} pipeline"):
        state, missing, _fix = run_check_command(root, command, chosen)
        failed = {"output": missing, "python": chosen.describe()}
        ran.append({"command": command, "ok": state == "ok", **({} if state == "ok" else failed)})
    return ran


def project_score(start: str | Path, *, run: bool = False) -> dict[str, Any]:
    """The project's ML Test Score (see mlstart.lifecycle.score), with what ran if run=True."""
    root = store.find_root_str(os.fspath(start))
    data = store.load(os.path.join(root, model.FILE_NAME))
    package = _package(data)
    ran = _run_project(root, package, data.get("python")) if run else []
    manual = dict(data.get("ml_test_score") or {})
    report = score.score(Path(root), package, manual, data.get("paths"))
    return {"project": os.path.basename(root), "ran": ran, **report}


def parse_marks(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """`ID=done` or `ID=open` pairs → {ID: status}; TaskError for anything else."""
    marks = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or value.strip().lower() not in ("done", "open"):
            raise TaskError(f"--set {pair!r}: expected ID=done or ID=open", "e.g. --set D3=done")
        try:
            marks[score.parse_id(key)] = value.strip().lower()
        except ValueError as exc:
            raise TaskError(str(exc), "`mlstart score` lists the ids") from None
    return marks


def mark(start: str | Path, marks: dict[str, str], note: str | None = None) -> dict[str, Any]:
    """Record tests done by hand (half a point each) or remove the records; returns the change."""
    from mlstart.workflow.records import event, now

    root = store.find_root_str(os.fspath(start))
    who = gitstate.author(root)

    def change(doc: Any, _plain: dict[str, Any]) -> dict[str, Any]:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if doc.get("ml_test_score") is None:
            doc["ml_test_score"] = CommentedMap()
        records = doc["ml_test_score"]
        for test, status in marks.items():
            if status == "open":
                records.pop(test, None)
                continue
            record = CommentedMap(status="done", at=now(), by=who)
            if note:
                record["note"] = note
            records[test] = record
        if not records:
            del doc["ml_test_score"]
        if doc.get("history") is None:
            doc["history"] = CommentedSeq()
        for test, status in marks.items():
            doc["history"].append(event("scored", who, task=test, note=note or status))
        return {"marked": marks, "note": note}

    return store.edit(root, change)
