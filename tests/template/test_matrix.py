"""The rendering matrix: every row of tests/template/matrix.py, at the planning phase and with
all phases (and the levels in between for a cycle of rows), gives exactly the expected files,
no leftover Jinja, parseable configuration, and a .gitignore that keeps data out of Git."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlstart.interview.questions import NEEDS_LABELS
from tests.helpers import git
from tests.template.conftest import Render
from tests.template.matrix import row_id, rows

ROWS = rows()
LEVEL = {"planning": 0, "data": 1, "training": 2, "deployment": 3, "all": 3}
CASES = [(row, "planning") for row in ROWS] + [(row, "all") for row in ROWS]
CASES += [(row, ("data", "training", "deployment")[i % 3]) for i, row in enumerate(ROWS[::3])]
IDS = [f"{phase}-{row_id(row)}" for row, phase in CASES]
LEFTOVER = re.compile(r"(?<!\$)\{\{|\{%|\{#|%\}|#\}")


def expected_files(answers: Mapping[str, Any], phase: str) -> set[str]:
    """The files a rendering must contain, written out independently of the template."""
    level, pkg = LEVEL[phase], f"src/{answers['package_name']}"
    files = {
        ".copier-answers.yml",
        ".github/workflows/ci.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "LICENSE",
        "Makefile",
        "README.md",
        "pyproject.toml",
        "data/README.md",
        "data/sample/sample.csv",
        "docs/charter.md",
        "docs/ml_canvas.md",
        "docs/metrics.md",
        "docs/risks.md",
        "docs/mlops.md",
        "docs/decisions/0001-approach.md",
        *(
            f"{pkg}/{m}.py"
            for m in (
                "__init__",
                "__main__",
                "settings",
                "data",
                "baseline",
                "metrics",
                "rules",
                "explain",
            )
        ),
        f"{pkg}/evaluate.py",
        f"{pkg}/predict.py",
        f"{pkg}/pipeline.py",
        *(
            f"tests/test_{t}.py"
            for t in ("data", "baseline", "metrics", "evaluate", "rules", "explain", "pipeline")
        ),
        ".github/dependabot.yml",
    }
    if answers.get("dvc"):
        files.add("dvc.yaml")
    kind, deployment = answers["project_kind"], answers["deployment"]
    if level >= 1:
        files |= {
            "configs/schema.json",
            f"{pkg}/validate.py",
            f"{pkg}/split.py",
            f"{pkg}/profile.py",
            "tests/test_data_contract.py",
            "tests/test_split.py",
            "docs/data/data_report.md",
            "docs/decisions/0002-data-checkpoint.md",
        }
        if kind != "poc":
            files.add("docs/data/data_dictionary.md")
        if kind == "product" or answers["privacy"] in ("personal", "sensitive"):
            files.add("docs/data/datasheet.md")
        if answers["data_availability"] in NEEDS_LABELS:
            files |= {
                "docs/data/labeling_guide.md",
                "data/sample/labels.csv",
                f"{pkg}/labels.py",
                "tests/test_labels.py",
            }
    if level >= 2:
        files |= {
            f"{pkg}/train.py",
            f"{pkg}/registry.py",
            f"{pkg}/ablation.py",
            f"{pkg}/features.py",
            "tests/test_train.py",
            "tests/test_reproducibility.py",
            "docs/model/model_card.md",
            "docs/model/baseline_report.md",
            "docs/model/model_report.md",
        }
    if level >= 3:
        files |= {
            "docs/deploy/deployment_plan.md",
            "docs/deploy/monitoring_plan.md",
            "docs/exit_report.md",
            f"{pkg}/monitor.py",
            f"{pkg}/logbook.py",
            "tests/test_monitor.py",
            "tests/test_skew.py",
        }
        if kind == "product":
            files.add("docs/deploy/runbook.md")
        files |= {
            "realtime": {
                f"{pkg}/serving/__init__.py",
                f"{pkg}/serving/app.py",
                "tests/test_serving.py",
                "tests/test_latency.py",
                "tests/test_dockerfile.py",
                "Dockerfile",
                ".dockerignore",
            },
            "batch": {f"{pkg}/batch/__init__.py", f"{pkg}/batch/score.py", "tests/test_score.py"},
            "edge": {f"{pkg}/edge/__init__.py", f"{pkg}/edge/export.py", "tests/test_export.py"},
            "undecided": {"docs/deploy/deployment_decision.md"},
        }[deployment]
    return files


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_matrix_covers_every_value() -> None:
    for key, values in {
        "task_type": {"classification", "regression", "ranking", "forecasting", "generation"},
        "deployment": {"batch", "realtime", "edge", "undecided"},
        "data_availability": {"labelled", "partial", "unlabelled", "none", "unknown"},
        "project_kind": {"course", "poc", "product"},
        "input_kind": {"tabular", "text", "time_series", "image", "other"},
    }.items():
        assert values <= {row[key] for row in ROWS}, key
    assert len(ROWS) == 24


@pytest.mark.parametrize(("answers", "phase"), CASES, ids=IDS)
def test_exact_files_and_clean_content(
    answers: dict[str, Any], phase: str, rendered: Render
) -> None:
    root = rendered(answers, phase)
    assert files_of(root) == expected_files(answers, phase)
    assert not [p for p in root.rglob("*") if p.is_dir() and not any(p.iterdir())]
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        match = LEFTOVER.search(text)
        assert match is None, f"{path.relative_to(root)}: leftover Jinja near {match.group()!r}"
        assert "\r" not in text
        if path.suffix in (".yml", ".yaml"):
            yaml.safe_load(text)
        elif path.suffix == ".json":
            json.loads(text)
        elif path.suffix == ".toml":
            tomllib.loads(text)


@pytest.mark.parametrize("answers", ROWS[::5], ids=[row_id(r) for r in ROWS[::5]])
def test_gitignore_keeps_data_out(answers: dict[str, Any], rendered: Render) -> None:
    root = rendered(answers, "all")
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    ignored = [
        "data/raw/x.csv",
        "data/interim/x.parquet",
        "data/processed/train.csv",
        "data/labels/l.csv",
        "models/simple.pkl",
        "models/model.json",
        ".env",
        ".env.local",
        "notebooks/.ipynb_checkpoints/a.ipynb",
        "id_ed25519",
    ]
    kept = ["data/sample/sample.csv", "data/splits.json", "data/manifest.json", "data/README.md"]
    for path in ignored:
        result = subprocess.run(["git", "check-ignore", "-q", path], cwd=root, check=False)
        assert result.returncode == 0, f"{path} is not ignored"
    for path in kept:
        result = subprocess.run(["git", "check-ignore", "-q", path], cwd=root, check=False)
        assert result.returncode == 1, f"{path} is ignored"


def test_pyproject_by_phase(rendered: Render) -> None:
    answers = ROWS[0]
    day_one = tomllib.loads((rendered(answers, "planning") / "pyproject.toml").read_text())
    names = [d.split(">=")[0] for d in day_one["project"]["dependencies"]]
    assert names == ["numpy", "scikit-learn"]  # the metrics are scikit-learn's from day one
    full = tomllib.loads((rendered(answers, "all") / "pyproject.toml").read_text())
    assert any(d.startswith("scipy>=") for d in full["project"]["dependencies"])
    assert full["project"]["requires-python"] == f">={answers['python_version']}"
    assert full["project"]["license"] == {"text": answers["license"]}
