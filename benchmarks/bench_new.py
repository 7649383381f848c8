"""`mlstart new --defaults` against Copier + Git alone, and against a Jinja-only floor.

Pairs, run in turn: `mlstart new --defaults` with `copier copy --defaults` + `git init/add/commit`
of the same bundled template and answers; and with minimal_new.py (the same template rendered by
Jinja alone, the same commit), the floor no Copier-based renderer goes under. The compiled
template cache is warm after the first (untimed) pair, as for a user's second project.
"""

from __future__ import annotations

import json
import sys
import tempfile
import warnings
from pathlib import Path

from timing import PYTHON_PASS, exe, isolated_env, paired, row

from mlstart.interview import plan
from mlstart.interview.answers import resolve
from mlstart.render import copier_engine as render

HERE = Path(__file__).resolve().parent


def _data() -> dict[str, object]:
    answers = resolve({"project_name": "demo"})
    return {**answers, **render.hidden_data(plan.derive(answers), "planning")}


def _floor_spec(base: Path, template: Path) -> tuple[Path, Path]:
    """The context Copier renders with (one in-process run), for minimal_new.py; and the tree."""
    worker_class = render.worker_class()
    reference = base / "reference"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        worker = worker_class(
            src_path=str(template), dst_path=reference, data=_data(), defaults=True, quiet=True
        )
        with worker:
            worker.run_copy()
            context = {
                k: v
                for k, v in worker._render_context().items()
                if not k.startswith("_copier") and _jsonable(v)
            }
            context["_folder_name"] = reference.name
    answers = (reference / ".copier-answers.yml").read_text(encoding="utf-8")
    spec = base / "floor.json"
    spec.write_text(json.dumps({"template": str(template), "context": context, "answers": answers}))
    return spec, reference


def _jsonable(value: object) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _same_bytes(spec: Path, reference: Path, base: Path) -> str:
    sys.path.insert(0, str(HERE))
    import minimal_new

    data = json.loads(spec.read_text())
    out = base / "floor-check"
    minimal_new.render(Path(data["template"]), data["context"], data["answers"], out)

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    ours, copier = files(out), files(reference)
    differ = sorted(set(ours) ^ set(copier)) + sorted(
        k for k in ours if copier.get(k, ours[k]) != ours[k]
    )
    return "byte-identical" if not differ else f"{len(differ)} files differ: {differ[:3]}"


def run() -> list[tuple[str, float, str | None, object]]:
    """Paired ratios of the three ways to make the same committed project."""
    base = Path(tempfile.mkdtemp(prefix="mlstart-bench-new-"))
    env = isolated_env(base / "home")
    template = render.bundled_template()
    data_file = base / "data.yml"  # every answer and computed value mlstart passes (JSON is YAML)
    data_file.write_text(json.dumps(_data()), encoding="utf-8")
    copier_args = ["--data-file", str(data_file)]
    spec, reference = _floor_spec(base, template)
    print(f"  floor (Jinja alone) against Copier's output: {_same_bytes(spec, reference, base)}")

    def ours(w: Path) -> list[list[str]]:
        return [[exe("mlstart"), "new", str(w / "demo"), "--defaults", "--no-install"]]

    def plain(w: Path) -> list[list[str]]:
        demo = str(w / "demo")
        return [
            [exe("copier"), "copy", "--defaults", "--quiet", *copier_args, str(template), demo],
            ["git", "-C", demo, "init", "-q", "-b", "main"],
            ["git", "-C", demo, "add", "--all"],
            ["git", "-C", demo, "commit", "-q", "-m", "first"],
        ]

    def floor(w: Path) -> list[list[str]]:
        return [[sys.executable, str(HERE / "minimal_new.py"), str(spec), str(w / "demo")]]

    copier_label = "copier copy --defaults + git init/add/commit"
    floor_label = "floor: the template rendered by Jinja alone + git init/add/commit"
    vs_copier = paired(ours, plain, env=env)
    vs_floor = paired(ours, floor, env=env)
    python = paired(plain, PYTHON_PASS, env=env, runs=5)
    return [
        row(copier_label, python, "python -c pass"),
        ("python -c pass", min(python.b), None, None),
        row("mlstart new --defaults (with the commit)", vs_copier, copier_label),
        (copier_label, sorted(vs_copier.b)[len(vs_copier.b) // 2], None, None),
        row("mlstart new --defaults (with the commit) ", vs_floor, floor_label),
        (floor_label, sorted(vs_floor.b)[len(vs_floor.b) // 2], None, None),
    ]


if __name__ == "__main__":
    from run import main

    sys.exit(main(["new"]))
