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


def test_copier_applies_data_to_hidden_values(tmp_path: Path) -> None:
    answers = complete({"decision_maker": "the support team", "heuristic": "no"})
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
