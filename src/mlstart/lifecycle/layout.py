"""Where a project keeps its code, tests, data, reports and models, so the checks look there.

The catalogue names paths in mlstart's own layout (`src/<package>/baseline.py`,
`tests/test_data_contract.py`, `reports/metrics/…`). A project from another template, or one
`mlstart init` adopted, keeps them elsewhere: cookiecutter-data-science puts its package at the
top (`<module>/`), others use `test/`. `detect` reads the layout from the files; a project not
in mlstart's layout gets a `paths:` mapping in lifecycle.yaml (with a note saying how it was
found, to edit if wrong), and `relocate` rewrites the catalogue's paths through it, so no check
points at a file that cannot exist in that layout. Pure but for reading folder names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

KEYS = ("package", "tests", "data", "reports", "models", "configs")
DEFAULTS = {
    "package": "src/{pkg}",
    "tests": "tests",
    "data": "data",
    "reports": "reports",
    "models": "models",
    "configs": "configs",
}
NOT_PACKAGES = {"tests", "test", "docs", "data", "notebooks", "scripts", "src", "build", "dist"}
CCDS_MARKS = ("notebooks", "references", "data/raw")


def defaults(pkg: str) -> dict[str, str]:
    return {k: v.format(pkg=pkg) for k, v in DEFAULTS.items()}


def detect(root: Path, pkg: str) -> tuple[dict[str, str], str] | None:
    """(paths, how they were found) for a project not in mlstart's layout; None when it is."""
    if (root / "src" / pkg).is_dir() or not root.is_dir():
        return None
    paths = defaults(pkg)
    tests = next((t for t in ("tests", "test") if (root / t).is_dir()), None)
    if tests is not None:
        paths["tests"] = tests
    package, how = _package(root)
    if package is None:
        how = (
            f"mlstart found no Python package here, so the checks expect src/{pkg}/; "
            "edit `package` to where your code is"
        )
        return paths, how
    paths["package"] = package
    return paths, how


def _package(root: Path) -> tuple[str | None, str]:
    src = sorted(p for p in (root / "src").glob("*/__init__.py")) if (root / "src").is_dir() else []
    if len(src) == 1:
        return f"src/{src[0].parent.name}", "found from the files: a package under src/"
    top = sorted(
        p.parent
        for p in root.glob("*/__init__.py")
        if p.parent.name not in NOT_PACKAGES and not p.parent.name.startswith(".")
    )
    if len(top) == 1:
        ccds = all((root / mark).exists() for mark in CCDS_MARKS[:1]) and any(
            (root / mark).exists() for mark in CCDS_MARKS[1:]
        )
        layout = "the cookiecutter-data-science layout" if ccds else "a package at the top"
        return top[0].name, f"found from the files: {layout}"
    return None, ""


def relocate(tasks: Mapping[str, list[dict[str, Any]]], paths: Any, pkg: str) -> None:
    """Rewrite the catalogue's paths (checks and fixes) through `paths`, in place."""
    if not isinstance(paths, Mapping):
        return
    moves = []
    for key, default in defaults(pkg).items():
        target = paths.get(key)
        if isinstance(target, str) and target.strip("/") and target.strip("/") != default:
            moves.append((re.compile(rf"(?<![\w./-]){re.escape(default)}/"), target.strip("/")))
    if not moves:
        return
    for phase_tasks in tasks.values():
        for task in phase_tasks:
            for field in ("check", "fix"):
                if field in task:
                    task[field] = _moved(task[field], moves)


def _moved(value: Any, moves: list[tuple[re.Pattern[str], str]]) -> Any:
    if isinstance(value, str):
        for pattern, target in moves:
            value = pattern.sub(target.replace("\\", "\\\\") + "/", value)
        return value
    if isinstance(value, dict):
        return {k: _moved(v, moves) for k, v in value.items()}
    if isinstance(value, list):
        return [_moved(v, moves) for v in value]
    return value
