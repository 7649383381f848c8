"""A generated project earns nothing from mlstart's own output (slow: installs the project).

`mlstart new --all-phases` renders every phase; the project's own commands then run on the
bundled sample, and `mlstart check --run --all` must find no required task done except the one
whose evidence is git history the user made (`planning.repo`, after `git push`). Then a charter
section is written and the commands run on other data: those tasks turn done.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import git, mlstart_exe

pytestmark = pytest.mark.slow
COMMANDS = ("baseline", "evaluate", "validate", "split", "profile", "train")
BY_GIT_HISTORY = {"planning.repo"}


def run(cmd: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> str:
    result = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    output = f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert result.returncode in ok, f"{' '.join(cmd)} exited {result.returncode}\n{output}"
    return result.stdout


def installed(project: Path, base: Path) -> tuple[str, dict[str, str]]:
    """A venv with the generated project in it (the caller's pip cache is reused)."""
    env = dict(os.environ)
    real_cache = Path(os.path.expanduser(f"~{os.environ.get('USER', '')}")) / ".cache" / "pip"
    env.setdefault("PIP_CACHE_DIR", os.environ.get("MLSTART_PIP_CACHE", str(real_cache)))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"  # `check --run` finds it first
    python = str(bindir / "python")
    run([python, "-m", "pip", "install", "-q", "-e", ".[dev]"], project, env)
    return python, env


def done(project: Path, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Every task `mlstart check --run --all` counts as done, by id."""
    out = run([*mlstart_exe(), "check", "--run", "--all", "--json"], project, env, ok=(0, 4))
    report = json.loads(out)
    return {t["id"]: t for p in report["phases"] for t in p["tasks"] if t["status"] == "done"}


def own_data(project: Path) -> Path:
    """The team's data: the sample's rows three times over, with new ids (another hash)."""
    with open(project / "data/sample/sample.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    target = project / "data/ours.csv"
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for copy in range(3):
            writer.writerows({**row, "id": str(int(row["id"]) + 1000 * copy)} for row in rows)
    return target


def write_charter(project: Path) -> None:
    path = project / "docs/charter.md"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "TODO(mlstart)" in line and "problem in a sentence" in line:
            line = "Stores run out of popular items on Mondays; planners reorder by hand."
        elif "TODO(mlstart)" in line and "acts on each prediction" in line:
            line = "Two planners per region read the weekly list and place the orders."
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_sample_earns_nothing_and_the_teams_work_does(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    run([*mlstart_exe(), "new", str(project), "--defaults", "--all-phases", "--no-hooks"],
        tmp_path, dict(os.environ))  # fmt: skip
    python, env = installed(project, tmp_path)
    package = "shop"
    for command in COMMANDS:
        run([python, "-m", package, command], project, env)
    run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], project, env)
    git(tmp_path, "init", "-q", "--bare", str(tmp_path / "origin.git"))
    git(project, "remote", "add", "origin", str(tmp_path / "origin.git"))
    git(project, "push", "-q", "-u", "origin", "main")  # the user's own command

    first = done(project, env)
    required = {i for i, t in first.items() if t["required"]}
    assert required == BY_GIT_HISTORY, sorted(required)
    status = run([*mlstart_exe(), "status", "--all"], project, env)
    assert "measured on the sample data; run it on your data" in status

    write_charter(project)
    data = own_data(project)
    for command in ("baseline", "split", "train"):
        run([python, "-m", package, "--data", str(data), command], project, env)
    after = done(project, env)
    earned = {"planning.charter", "data.snapshot", "data.splits", "training.heuristic"}
    earned |= {"training.simple", "training.promotion", "training.reproducible"}
    assert earned <= set(after), sorted(earned - set(after))
    assert all(after[i]["by"] == "check" for i in earned)
