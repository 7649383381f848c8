"""Run every benchmark and print its rows side by side: `python benchmarks/run.py [NAME ...]`.

Each `bench_*.py` module beside this one has `run() -> list[Row]`. A row is (label, median
seconds, the label it is compared with or None[, (median, min, max) of per-pair ratios]): rows
timed in pairs (A B A B ...) print the median of the per-pair ratios with their min and max;
others the ratio of the medians. Runs against the mlstart the running Python imports (source
tree or installed package). `--skip NAME` leaves a benchmark out (e.g. class, which needs sshd).
This is a 2-core shared machine class: read the ratios and their spread, not absolute figures.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _ratio(row: tuple[object, ...], times: dict[str, float]) -> str:
    seconds, versus = row[1], row[2]
    if not versus:
        return ""
    if len(row) > 3 and row[3] is not None:
        med, lo, hi = row[3]  # type: ignore[misc]
        return f"{med:6.2f}x [{lo:.2f}-{hi:.2f}] {versus}"
    return f"{seconds / times[versus]:6.2f}x (of medians) {versus}"  # type: ignore[operator]


def main(argv: list[str]) -> int:
    """Run the named benchmarks (all of them by default) and print their tables."""
    skip = {argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--skip"}
    names = [a for i, a in enumerate(argv) if a != "--skip" and (i == 0 or argv[i - 1] != "--skip")]
    modules = names or sorted(p.stem for p in HERE.glob("bench_*.py"))
    import mlstart

    print(f"mlstart {mlstart.__version__} from {Path(mlstart.__file__).parent}")
    # Every benchmark's folders go in one scratch folder, removed at the end (a 3,000-file
    # template, 200 repositories: nothing is left in the temporary folder).
    scratch = tempfile.mkdtemp(prefix="mlstart-bench-run-")
    os.chmod(scratch, 0o755)  # the fake SSH server's accounts read their folders through it
    tempfile.tempdir = scratch
    try:
        _run_all(modules, skip)
    finally:
        tempfile.tempdir = None
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


def _run_all(modules: list[str], skip: set[str]) -> None:
    for name in modules:
        if name.removeprefix("bench_") in skip:
            continue
        module = importlib.import_module(name if name.startswith("bench_") else f"bench_{name}")
        print(
            f"\n== {module.__name__}: {(module.__doc__ or '').strip().splitlines()[0]}", flush=True
        )
        if not hasattr(module, "run"):  # e.g. bench_evaluate, in the generated project's Python
            print(f"  not a ratio: run it on its own (python benchmarks/{module.__name__}.py)")
            continue
        try:
            rows = module.run()
        except Exception as exc:  # one benchmark's missing tool does not hide the others
            print(f"  failed: {type(exc).__name__}: {exc}")
            continue
        times = {r[0]: r[1] for r in rows}
        for r in rows:
            print(f"  {r[0]:<62} {r[1] * 1000:9.1f} ms  {_ratio(r, times)}", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
