"""Run every benchmark and print its rows side by side: `python benchmarks/run.py [NAME ...]`.

Each `bench_*.py` module beside this one has `run() -> list[Row]`; a row is (label, median
seconds, the label it is compared with or None). Ratios are printed against the compared row.
Times are medians of repeated runs of whole commands in the same venv; this is a 2-core machine
class, so read the ratios, not the absolute figures.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

Row = tuple[str, float, "str | None"]


def main(names: list[str]) -> int:
    """Run the named benchmarks (all of them by default) and print their tables."""
    modules = names or sorted(p.stem for p in HERE.glob("bench_*.py"))
    for name in modules:
        module = importlib.import_module(name if name.startswith("bench_") else f"bench_{name}")
        print(f"\n== {module.__name__}: {(module.__doc__ or '').strip().splitlines()[0]}")
        rows: list[Row] = module.run()
        times = {label: seconds for label, seconds, _ in rows}
        for label, seconds, versus in rows:
            ratio = f"{seconds / times[versus]:6.2f}x {versus}" if versus else ""
            print(f"  {label:<58} {seconds * 1000:9.1f} ms  {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
