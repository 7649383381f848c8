"""The generated project's evaluation on 100,000 rows: `evaluate.assess` (threshold on
validation, primary and secondary metrics, trivial reference, slices, files) for the heuristic
baseline and the trained simple model. Target: under one second.

The project is rendered with every phase; the timed part runs in the Python given with
`--python` (it needs the project's dependencies: numpy, scikit-learn), default this one.
Run: `python benchmarks/bench_evaluate.py --python /path/to/venv/bin/python`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from mlstart.interview import plan
from mlstart.interview.answers import resolve
from mlstart.render import copier_engine as render

ROWS = 100_000
TIMED = """
import statistics, time
from pathlib import Path
from bench.data import Splits, load_rows, split
from bench.baseline import Baseline
from bench.evaluate import assess, fit_rows
from bench.train import SimpleModel

sample = load_rows()
rows = [dict(row, id=n) for n, row in enumerate(sample * (ROWS // len(sample) + 1))][:ROWS]
parts = split(sample)
reports = Path("bench-reports")
for name, model in (("heuristic", Baseline()), ("simple", SimpleModel())):
    model.fit(fit_rows(parts))
    big = Splits(parts.train, rows[: ROWS // 5], rows)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        assess(name, model, big, reports=reports)
        times.append(time.perf_counter() - start)
    print(f"{name:<10} assess on {ROWS:,} test rows: {statistics.median(times):.3f} s")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    answers = resolve({"project_name": "bench"})
    with tempfile.TemporaryDirectory(prefix="mlstart-bench-evaluate-") as work:
        project = Path(work) / "bench"
        render.render_bundled(project, answers, plan.derive(answers), phase="all")
        env = {**os.environ, "PYTHONPATH": str(project / "src")}
        code = TIMED.replace("ROWS", str(ROWS))
        result = subprocess.run([args.python, "-c", code], cwd=project, env=env, check=False)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
