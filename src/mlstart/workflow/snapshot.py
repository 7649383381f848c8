"""The lifecycle state of one commit of a repository that is not ours, read without running it.

The commit's lifecycle.yaml and the files its checks look at are written, as plain blobs and
within a size limit, to a private temporary folder; the same loader (lifecycle.store) and the same
evidence checks as `mlstart status` then read that folder. Checks that would run a command or a
git process stay 'unknown'; the git checks answer from the remote's own branch.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mlstart.core.errors import LifecycleFileError
from mlstart.core.files import atomic_write
from mlstart.gitssh.mirror import Mirror
from mlstart.lifecycle import model
from mlstart.lifecycle.evidence import Evidence
from mlstart.lifecycle.readonly import read_plain
from mlstart.workflow.status import build_report

CHARTER = "docs/charter.md"


class RemoteEvidence(Evidence):
    """Evidence for a commit on a remote's main branch: pushed by definition, nothing recorded."""

    def __init__(self, root: str, data: dict[str, Any], head: str):
        self._head = head
        super().__init__(root, data)

    def git(self) -> dict[str, Any]:
        return {
            "repo": True,
            "head": self._head,
            "branch": "main",
            "remotes": ["origin"],
            "upstream": "refs/remotes/origin/main",
            "upstream_head": self._head,
        }

    def _recorded(self) -> dict[str, Any]:
        return {}  # a student's own `mlstart check` results are not in the repository


def lifecycle_state(mirror: Mirror, sha: str, scratch: Path) -> dict[str, Any]:
    """{'error': ...} or the lifecycle state of commit sha (phase, stage, gate, history...)."""
    files = mirror.tree(sha)
    if model.FILE_NAME not in files:
        return {"error": f"no {model.FILE_NAME}", "charter": False}
    size = files[model.FILE_NAME][2]
    if size > mirror.limits.max_file_bytes:
        return {
            "error": f"{model.FILE_NAME} is {size} bytes (limit {mirror.limits.max_file_bytes})"
        }
    root = tempfile.mkdtemp(prefix="snapshot-", dir=scratch)
    try:
        _write(mirror, files, [model.FILE_NAME], root)
        try:
            data = read_plain(os.path.join(root, model.FILE_NAME))
        except LifecycleFileError as exc:
            return {"error": _relative(exc.message, root), "charter": False}
        _write(mirror, files, _needed(data, files), root)
        evidence = RemoteEvidence(root, data, sha)
        return summarise(build_report(root, data, evidence), data, evidence)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _relative(message: str, root: str) -> str:
    return message.replace(root + os.sep, "")


def _needed(data: dict[str, Any], files: dict[str, tuple[str, str, int]]) -> list[str]:
    """The committed files the checks of this lifecycle file look at (and folders they name)."""
    wanted = {CHARTER}
    for _phase, task in model.all_tasks(data):
        for check in model.checks_of(task):
            wanted.update(_paths_of(check))
    found = []
    for path in wanted:
        clean = path.replace("\\", "/").strip("/")
        if clean in files:
            found.append(clean)
            continue
        inside = [f for f in files if f.startswith(clean + "/")]
        found += inside[:1]  # one file makes the folder exist
    return found


def _paths_of(check: dict[str, Any]) -> list[str]:
    kind = next(k for k in check if k in model.CHECK_KINDS)
    value = check[kind]
    if kind in ("path", "filled", "metric"):
        return [str(value).split("#", 1)[0]]
    if kind == "beats":
        return [str(value), str(check["over"])]
    if kind == "promotion":
        return [f"{str(value).rstrip('/')}/{stage}.json" for stage in model.STAGES]
    if kind == "config" and check.get("file"):
        return [str(check["file"])]
    return []


def _write(
    mirror: Mirror, files: dict[str, tuple[str, str, int]], paths: list[str], root: str
) -> None:
    """Write the blobs of paths under root; a file over the limit is written as an empty file."""
    limit = mirror.limits.max_file_bytes
    small = [files[p][1] for p in paths if files[p][2] <= limit]
    contents = mirror.blobs(small)
    base = os.path.realpath(root)
    for path in paths:
        target = os.path.realpath(os.path.join(base, *path.split("/")))
        if not target.startswith(base + os.sep):
            continue  # never outside the snapshot
        os.makedirs(os.path.dirname(target), exist_ok=True)
        # a private temporary folder of this run: no need to reach the disk
        atomic_write(Path(target), contents.get(files[path][1], b""), durable=False)


def summarise(report: dict[str, Any], data: dict[str, Any], evidence: Evidence) -> dict[str, Any]:
    """The lifecycle columns of a class row, from a status report and the file's history."""
    history = [e for e in data.get("history") or [] if isinstance(e, dict)]
    required = {
        p["id"]: [
            sum(1 for t in p["tasks"] if t["required"] and _earned(t)),
            sum(1 for t in p["tasks"] if t["required"]),
        ]
        for p in report["phases"]
    }
    return {
        "error": None,
        "phase": report["phase"],
        "stage": report["stage"],
        "verdict": report["verdict"],
        "required": required,
        "blockers": [b["id"] for b in report["gate"]["blockers"]],
        "loop_backs": sum(1 for e in history if e.get("event") == "back"),
        "overrides": sum(1 for e in history if e.get("forced"))
        + sum(p.get("overridden", 0) for p in report["phases"]),
        "phase_since": phase_since(history),
        "charter": _charter(evidence),
    }


def _earned(task: dict[str, Any]) -> bool:
    """Done on its evidence or by hand, not pushed through an override, or skipped with reason."""
    return bool(
        task["status"] == "skipped" or (task["status"] == "done" and task["by"] != "override")
    )


def phase_since(history: list[dict[str, Any]]) -> str | None:
    """When the current phase was entered: the last advance or loop-back, else the creation."""
    for event in reversed(history):
        if event.get("event") in ("advanced", "back", "created") and event.get("at"):
            return str(event["at"])
    return None


def _charter(evidence: Evidence) -> bool:
    """The charter exists and has no TODO(mlstart) marker left (the same check as its task)."""
    return bool(evidence.check({"filled": CHARTER})["state"] == "ok")
