"""Rendering the bundled template: files rendered and the cost per file, against Copier and
cookiecutter rendering a plain tree of the same files (one substituted variable per file).

The plain trees are made from the all-phases rendering itself (same paths, same sizes), so the
comparison isolates what the template's own logic costs: conditional names, the shared
`includes/` macros, the generated sample data. All three run in-process (no interpreter start-up),
median of several runs. Run: `python benchmarks/bench_render.py` (or `benchmarks/run.py render`).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from mlstart.interview import plan
from mlstart.interview.answers import resolve
from mlstart.render import copier_engine as render

RUNS = 5


def _median(action: Callable[[Path], None], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        work = Path(tempfile.mkdtemp(prefix="mlstart-bench-render-"))
        try:
            start = time.perf_counter()
            action(work)
            times.append(time.perf_counter() - start)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return statistics.median(times)


def _copier(template: Path, dest: Path, data: dict[str, object]) -> None:
    import copier

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(
            str(template), str(dest), data=data, defaults=True, unsafe=False, quiet=True
        )


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _plain_trees(rendered: Path, base: Path) -> tuple[Path, Path]:
    """A Copier and a cookiecutter template holding the rendered files, one variable each."""
    copier_tpl, cookie_tpl = base / "copier-plain", base / "cookie-plain"
    (copier_tpl).mkdir()
    (copier_tpl / "copier.yml").write_text("name:\n  type: str\n  default: demo\n")
    (cookie_tpl / "{{cookiecutter.name}}").mkdir(parents=True)
    (cookie_tpl / "cookiecutter.json").write_text('{"name": "demo"}\n')
    for path in _files(rendered):
        relative = path.relative_to(rendered)
        body = path.read_text(encoding="utf-8")
        for root, var in (
            (copier_tpl, "name"),
            (cookie_tpl / "{{cookiecutter.name}}", "cookiecutter.name"),
        ):
            target = root / (str(relative) + (".jinja" if root == copier_tpl else ""))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                f"# {{{{ {var} }}}}\n{{% raw %}}{body}{{% endraw %}}", encoding="utf-8"
            )
    return copier_tpl, cookie_tpl


def run() -> list[tuple[str, float, str | None]]:
    """Median render times and per-file costs."""
    template = render.bundled_template()
    answers = resolve({"project_name": "demo"})
    derived = plan.derive(answers)
    day_one = {**answers, **render.hidden_data(derived, "planning")}
    everything = {**answers, **render.hidden_data(derived, "all")}
    base = Path(tempfile.mkdtemp(prefix="mlstart-bench-trees-"))
    try:
        _copier(template, base / "one", day_one)
        _copier(template, base / "all", everything)
        n_one, n_all = len(_files(base / "one")), len(_files(base / "all"))
        copier_tpl, cookie_tpl = _plain_trees(base / "all", base)
        t_one = _median(lambda w: _copier(template, w / "p", day_one))
        t_all = _median(lambda w: _copier(template, w / "p", everything))
        t_copier = _median(lambda w: _copier(copier_tpl, w / "p", {"name": "demo"}))

        def cookie(work: Path) -> None:
            from cookiecutter.main import cookiecutter

            cookiecutter(str(cookie_tpl), no_input=True, output_dir=str(work))

        t_cookie = _median(cookie)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    plain = f"copier, plain tree of the same {n_all} files"
    return [
        (f"mlstart template, planning phase ({n_one} files)", t_one, None),
        (f"mlstart template, all phases ({n_all} files)", t_all, None),
        (plain, t_copier, None),
        (f"cookiecutter, plain tree of the same {n_all} files", t_cookie, plain),
        ("per file: copier, plain tree", t_copier / n_all, None),
        ("per file: cookiecutter, plain tree", t_cookie / n_all, "per file: copier, plain tree"),
        ("per file: mlstart template, planning", t_one / n_one, "per file: copier, plain tree"),
        ("per file: mlstart template, all phases", t_all / n_all, "per file: copier, plain tree"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import main

    sys.exit(main(["render"]))
