"""Timing helpers for the benchmarks: whole commands in fresh processes, timed in pairs.

`paired` runs two commands in turn (A B A B ...), so a machine whose speed drifts slows both
alike, and reports the median of the per-pair ratios A/B with their minimum and maximum.
Benchmarks run against whichever mlstart the running Python imports: the source tree
(`pip install -e .`) or an installed package (`pip install .`): the commands are this venv's.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
Commands = Callable[[Path], list[list[str]]]


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
    env.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _once(
    make_cmds: Commands, env: dict[str, str] | None, cwd: Path | None, check: bool = True
) -> float:
    work = Path(tempfile.mkdtemp(prefix="mlstart-bench-"))
    try:
        cmds = make_cmds(work)
        start = time.perf_counter()
        for cmd in cmds:
            subprocess.run(cmd, cwd=cwd or work, env=env, check=check, capture_output=True)
        return time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)


def median_time(make_cmds: Commands, *, runs: int = 7, env: dict[str, str] | None = None) -> float:
    """Median seconds of running the commands (in order) in a fresh temporary folder each time."""
    return statistics.median(_once(make_cmds, env, None) for _ in range(runs))


@dataclass
class Pair:
    """Times of two commands run in turn, and the ratios A/B pair by pair."""

    a: list[float]
    b: list[float]

    @property
    def ratios(self) -> list[float]:
        return [x / y for x, y in zip(self.a, self.b, strict=True)]

    @property
    def ratio(self) -> tuple[float, float, float]:
        """(median, min, max) of the per-pair ratios."""
        r = self.ratios
        return statistics.median(r), min(r), max(r)


def paired(
    make_a: Commands,
    make_b: Commands,
    *,
    runs: int = 11,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    before_a: Callable[[], None] | None = None,
    warmup: int = 1,
    check: bool = True,
) -> Pair:
    """Run A and B in turn `runs` times (after `warmup` untimed pairs); `before_a` runs, untimed,
    before each A (e.g. touching a file so a cache misses). `check=False` accepts a non-zero exit
    (`mlstart check` exits 4 when checks fail)."""
    a: list[float] = []
    b: list[float] = []
    for index in range(warmup + runs):
        if before_a is not None:
            before_a()
        time_a = _once(make_a, env, cwd, check)
        time_b = _once(make_b, env, cwd, check)
        if index >= warmup:
            a.append(time_a)
            b.append(time_b)
    return Pair(a, b)


PYTHON_PASS: Commands = lambda w: [[sys.executable, "-c", "pass"]]  # noqa: E731


def row(label: str, pair: Pair, versus: str) -> tuple[str, float, str, tuple[float, float, float]]:
    """A row for run.py: A's median seconds, compared with `versus` by the per-pair ratios."""
    return (label, statistics.median(pair.a), versus, pair.ratio)


def fresh_copy(project: Path, work: Path, name: str | None = None) -> Path:
    """A copy of project in a pair's work folder (links kept), so each run starts alike."""
    copy = work / (name or project.name)
    shutil.copytree(project, copy, symlinks=True)
    return copy
