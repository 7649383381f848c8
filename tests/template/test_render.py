"""Rendering details: typed text comes out literally everywhere, plain `copier copy --defaults`
works without --trust, and Copier applies mlstart's data to the hidden (`when: false`) values."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from tests.template.matrix import TEMPLATE, complete, hidden, render

TRICKY = {
    "description": "{{ 7*7 }} \"quoted\" 'single' a: b # not a comment\nsecond line: é ü 中文 🚀",
    "problem": "Churn {% if x %}is{% endif %} high: 30 % # of users\nleave; {#no comment#}",
    "decision_maker": 'The "retention" team: calls {{ customer }}',
    "business_objective": "Cut churn by 5 %: {{ kpi }}",
    "business_target": "5 % by 2026-01 # Q1",
    "author_name": 'Zoë O\'Brien "ZB" {{ x }}',
    "data_source": "CRM export: s3://bucket/{{ date }}/*.csv # nightly",
    "prediction_output": "P(churn) in [0, 1]: {0: stays, 1: leaves}",
}


def test_typed_text_comes_out_literally(tmp_path: Path) -> None:
    answers = complete({"project_name": "Tricky Project", "data_availability": "partial", **TRICKY})
    root = render(tmp_path / "p", answers, "all")
    charter = (root / "docs/charter.md").read_text(encoding="utf-8")
    for key in ("description", "problem", "decision_maker", "business_objective", "data_source"):
        assert TRICKY[key] in charter, key
    assert TRICKY["author_name"] in (root / "LICENSE").read_text(encoding="utf-8")
    assert TRICKY["description"] in (root / "README.md").read_text(encoding="utf-8")
    report = (root / "docs/data/data_report.md").read_text(encoding="utf-8")
    assert TRICKY["data_source"] in report and TRICKY["prediction_output"] in report
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == TRICKY["description"].splitlines()[0]
    assert project["authors"][0]["name"] == TRICKY["author_name"]
    recorded = yaml.safe_load((root / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert {k: recorded[k] for k in TRICKY} == TRICKY
    decision = (root / "docs/decisions/0001-approach.md").read_text(encoding="utf-8")
    front = yaml.safe_load(decision.split("---")[1])
    assert front["deciders"] == TRICKY["author_name"]


def test_plain_copier_defaults_without_trust(tmp_path: Path) -> None:
    exe = shutil.which("copier", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "copier"]
    dest = tmp_path / "plain"
    result = subprocess.run(
        [*cmd, "copy", "--defaults", "--quiet", str(TEMPLATE), str(dest)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (dest / "src/ml_project/baseline.py").exists()
    assert (dest / "docs/charter.md").exists()
    assert not (dest / "configs").exists()  # the planning phase by default
    assert not (dest / "lifecycle.yaml").exists()  # mlstart writes it, not the template
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["project_name"] == "ml-project" and "verdict" not in answers
    charter = (dest / "docs/charter.md").read_text(encoding="utf-8")
    assert "## Should we use ML?" in charter and "1. **Business value**" in charter
    assert "to be derived by `mlstart init`" in charter
    assert (dest / "docs/mlops.md").exists()


def test_copier_applies_data_to_hidden_values(tmp_path: Path) -> None:
    framed = {"problem": "p", "decision_maker": "the support team", "business_objective": "k"}
    answers = complete({**framed, "business_value": "yes", "heuristic": "no"})
    assert hidden(answers, "planning")["verdict"] == "ml-candidate"
    import copier

    data = {
        **answers,
        **hidden(answers, "data"),
        "verdict": "not-yet",
        "verdict_reasons": ["a reason only mlstart knows"],
        "feasibility": "high",
        "find_out": ["something from the plan"],
    }
    dest = tmp_path / "p"
    copier.run_copy(str(TEMPLATE), str(dest), data=data, defaults=True, unsafe=False, quiet=True)
    charter = (dest / "docs/charter.md").read_text(encoding="utf-8")
    assert "not yet" in charter and "a reason only mlstart knows" in charter
    assert "**high**" in charter and "find out something from the plan" in charter
    assert (dest / "configs/schema.json").exists()  # phase "data" came through too


def test_no_build_residue_and_no_local_path(tmp_path: Path) -> None:
    """An installed mlstart has byte-compiled template files; none reach a project, and the
    answers file names the source `bundled`, not the folder it was rendered from."""
    template = tmp_path / "installed" / "template"
    shutil.copytree(TEMPLATE, template)
    for folder in (template / "project" / "__pycache__", template / "project/src/__pycache__"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "x.cpython-311.pyc").write_bytes(b"\0")
    (template / "project" / "stray.pyc").write_bytes(b"\0")
    import copier

    answers = complete({"project_name": "clean"})
    dest = tmp_path / "p"
    data = {**answers, **hidden(answers, "all")}
    copier.run_copy(str(template), str(dest), data=data, defaults=True, unsafe=False, quiet=True)
    residue = [p for p in dest.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"]
    assert residue == []
    recorded = yaml.safe_load((dest / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert recorded["_src_path"] == "bundled"
    for path in dest.rglob("*"):
        if path.is_file():
            assert str(tmp_path) not in path.read_text(encoding="utf-8"), path


def _sample(root: Path) -> list[dict[str, str]]:
    import csv

    with open(root / "data/sample/sample.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_sample_follows_the_answers(tmp_path: Path) -> None:
    answers = complete(
        {
            "project_name": "churn",
            "positive_rate": 2.0,
            "entity": "Customer",
            "rows_repeat": True,
            "data_change": "fast",
            "label_delay_days": 30,
        }
    )
    root = render(tmp_path / "p", answers, "planning")
    rows = _sample(root)
    share = sum(row["target"] == "1" for row in rows) / len(rows)
    assert 0.015 <= share <= 0.025, share
    entities = [row["customer_id"] for row in rows]
    assert len(set(entities)) < len(entities)  # entities repeat over rows
    assert "date" in rows[0] and rows[0]["labelled_on"] > rows[0]["date"]
    settings = (root / "src/churn/settings.py").read_text(encoding="utf-8")
    assert 'ENTITY_COLUMN: str | None = "customer_id"' in settings
    assert "SYNTHETIC" in (root / "data/README.md").read_text(encoding="utf-8")


def test_default_sample_is_balanced_as_the_default_says(tmp_path: Path) -> None:
    root = render(tmp_path / "p", complete({"project_name": "plain"}), "planning")
    rows = _sample(root)
    assert sum(row["target"] == "1" for row in rows) / len(rows) == 0.2


def test_mlflow_and_dvc_opt_ins(tmp_path: Path) -> None:
    answers = complete({"project_name": "tools", "mlflow": True, "dvc": True})
    root = render(tmp_path / "p", answers, "all")
    stages = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8"))["stages"]
    assert list(stages) == ["validate", "split", "baseline", "train", "evaluate"]
    extras = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "mlflow" in extras["optional-dependencies"] and "dvc" in extras["optional-dependencies"]
    assert "MLFLOW = True" in (root / "src/tools/settings.py").read_text(encoding="utf-8")
    plain = render(tmp_path / "q", complete({"project_name": "plain"}), "all")
    assert not (plain / "dvc.yaml").exists()
