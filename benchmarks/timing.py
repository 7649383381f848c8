"""Timing helpers for the benchmarks: median wall time of a command, run in a fresh process."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent


def exe(name: str) -> str:
    """A console script of this venv (mlstart, copier, cookiecutter)."""
    return str(BIN / name)


def isolated_env(home: Path) -> dict[str, str]:
    """An environment with its own HOME and git identity, so runs do not touch the user's."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".gitconfig").write_text(
        "[user]\n\tname = Bench\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n"
    )
    env = dict(os.environ)
    env.update(HOME=str(home), GIT_CONFIG_GLOBAL=str(home / ".gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    return env


def median_time(
    make_cmds: Callable[[Path], list[list[str]]],
    *,
    runs: int = 7,
    env: dict[str, str] | None = None,
) -> float:
    """Median seconds of running the commands (in order) in a fresh temporary folder each time."""
    times = []
    for _ in range(runs):
        work = Path(tempfile.mkdtemp(prefix="mlstart-bench-"))
        try:
            cmds = make_cmds(work)
            start = time.perf_counter()
            for cmd in cmds:
                subprocess.run(cmd, cwd=work, env=env, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return statistics.median(times)
