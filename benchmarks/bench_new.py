"""`mlstart new --defaults` against Copier + Git alone and against Python's own start-up."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from timing import exe, isolated_env, median_time

from mlstart.interview import plan
from mlstart.interview.answers import resolve
from mlstart.render import copier_engine as render


def _copier_data_args() -> list[str]:
    answers = resolve({"project_name": "demo"})
    data = {**answers, **render.hidden_data(plan.derive(answers), "planning")}
    args = []
    for key in ("project_name", "verdict", "feasibility", "metric_direction", "phase"):
        args += ["--data", f"{key}={data[key]}"]
    return args


def run() -> list[tuple[str, float, str | None]]:
    """Median times of the three ways to make the same committed project, and `python -c pass`."""
    env = isolated_env(Path(tempfile.mkdtemp(prefix="mlstart-bench-home-")))
    template = str(render.bundled_template())
    copier_args = _copier_data_args()
    python = median_time(lambda w: [[sys.executable, "-c", "pass"]], runs=21, env=env)
    plain = median_time(
        lambda w: [
            [
                exe("copier"),
                "copy",
                "--defaults",
                "--quiet",
                *copier_args,
                template,
                str(w / "demo"),
            ],
            ["git", "-C", str(w / "demo"), "init", "-q", "-b", "main"],
            ["git", "-C", str(w / "demo"), "add", "--all"],
            ["git", "-C", str(w / "demo"), "commit", "-q", "-m", "first"],
        ],
        env=env,
    )
    ours = median_time(lambda w: [[exe("mlstart"), "new", str(w / "demo"), "--defaults"]], env=env)
    return [
        ("python -c pass", python, None),
        ("copier copy --defaults + git init/add/commit", plain, "python -c pass"),
        (
            "mlstart new --defaults (end to end, with the commit)",
            ours,
            "copier copy --defaults + git init/add/commit",
        ),
    ]
