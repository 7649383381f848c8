"""`mlstart score`: the 28 tests of the ML Test Score scored from the repository, manual marks
recorded in lifecycle.yaml, the minimum over sections, the paper's reading, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mlstart.cli.app import main
from mlstart.lifecycle.rubric import SECTIONS, TESTS, reading
from mlstart.lifecycle.score import parse_id, score
from tests.lifecycle.conftest import MakeProject, put


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["score", "-C", str(root), *args])
    return result.exit_code, result.output


def test_the_rubric_has_28_tests_in_four_sections_of_seven() -> None:
    assert len(TESTS) == 28
    for section in SECTIONS:
        assert len([t for t in TESTS if t.section == section]) == 7
    assert len({t.id for t in TESTS}) == 28


def test_a_bare_project_scores_zero(make_project: MakeProject) -> None:
    root = make_project()
    code, out = run(root)
    assert code == 0
    assert "ML Test Score 0" in out and "research project" in out
    assert "Weakest section: data" in out


def test_evidence_in_ci_is_automated_and_without_ci_half(tmp_path: Path) -> None:
    put(tmp_path, "configs/schema.json", "{}")
    put(tmp_path, "tests/test_data_contract.py", "")
    found = {t["id"]: t for t in score(tmp_path, "pkg")["tests"]}
    assert found["D1"]["state"] == "not automated" and found["D1"]["points"] == 0.5
    assert found["D1"]["missing"] == ["ci:pytest"]
    put(tmp_path, ".github/workflows/ci.yml", "run: python -m pytest\n")
    found = {t["id"]: t for t in score(tmp_path, "pkg")["tests"]}
    assert found["D1"]["state"] == "automated" and found["D1"]["points"] == 1.0


def test_manual_marks_are_recorded_and_count_half(make_project: MakeProject) -> None:
    root = make_project()
    code, _out = run(root, "--set", "m2=done", "--set", "D5=done", "--note", "A/B test in docs")
    assert code == 0
    recorded = yaml.safe_load((root / "lifecycle.yaml").read_text(encoding="utf-8"))
    assert recorded["ml_test_score"]["M2"]["status"] == "done"
    assert recorded["ml_test_score"]["M2"]["note"] == "A/B test in docs"
    assert recorded["history"][-1]["event"] == "scored"
    code, out = run(root, "--json")
    report = json.loads(out)
    assert report["sections"]["model"]["points"] == 0.5
    assert report["sections"]["data"]["points"] == 0.5
    assert report["score"] == 0.0  # infrastructure and monitoring are still 0
    run(root, "--set", "M2=open", "--set", "D5=open")
    recorded = yaml.safe_load((root / "lifecycle.yaml").read_text(encoding="utf-8"))
    assert "ml_test_score" not in recorded


def test_unknown_ids_and_statuses_are_refused(make_project: MakeProject) -> None:
    root = make_project()
    assert run(root, "--set", "Z9=done")[0] == 1
    assert run(root, "--set", "D1=maybe")[0] == 1
    before = (root / "lifecycle.yaml").read_text(encoding="utf-8")
    (root / "lifecycle.yaml").write_text(before + "ml_test_score:\n  X1: {status: done}\n")
    code, out = run(root)
    assert code == 1 and "X1" in out


def test_score_never_runs_project_code_without_run(make_project: MakeProject) -> None:
    root = make_project()
    put(root, "tests/test_boom.py", "raise SystemExit('ran')\n")
    put(root, "conftest.py", "open('ran.txt', 'w').write('ran')\n")
    run(root, "--json")
    assert not (root / "ran.txt").exists()


def test_final_score_is_the_minimum_and_next_step_names_the_weakest(tmp_path: Path) -> None:
    put(tmp_path, ".github/workflows/ci.yml", "pull_request:\n run: pytest; pipeline\n")
    put(tmp_path, "tests/test_reproducibility.py", "")
    put(tmp_path, "tests/test_train.py", "rollback")
    report = score(tmp_path, "pkg")
    assert report["sections"]["infrastructure"]["points"] == 2.0
    assert report["score"] == 0.0
    assert report["weakest"] == "data"
    assert report["next"] and all(step["id"].startswith("D") for step in report["next"])


@pytest.mark.parametrize(
    ("value", "words"),
    [(0, "research"), (0.5, "holes"), (2, "first pass"), (3, "reasonably"), (5, "strong"),
     (6, "exceptional")],
)  # fmt: skip
def test_reading_bands(value: float, words: str) -> None:
    assert words in reading(value)


def test_ids_are_case_insensitive() -> None:
    assert parse_id("mon3") == "Mon3"
    with pytest.raises(ValueError):
        parse_id("Q1")


def test_evidence_follows_the_paths_of_another_layout(tmp_path: Path) -> None:
    """A project in another layout (`paths:` in lifecycle.yaml) is scored where its files are."""
    put(tmp_path, ".github/workflows/ci.yml", "run: pytest\n")
    put(tmp_path, "test/test_reproducibility.py", "")
    put(tmp_path, "mypkg/registry.py", "def rollback(): ...\n")
    put(tmp_path, "test/test_train.py", "rollback")
    paths = {"package": "mypkg", "tests": "test"}
    found = {t["id"]: t for t in score(tmp_path, "mypkg", paths=paths)["tests"]}
    assert found["I1"]["state"] == "automated" and found["I7"]["state"] == "automated"
    assert "file:test/test_dockerfile.py" in found["I6"]["missing"]
    plain = {t["id"]: t for t in score(tmp_path, "mypkg")["tests"]}
    assert plain["I1"]["state"] == "not done"


def test_score_run_runs_tests_and_pipeline_with_the_projects_python(
    make_project: MakeProject,
) -> None:
    """`score --run` runs as `check --run` does; what failed says how and with which Python."""
    root = make_project()
    put(root, "tests/test_ok.py", "def test_ok():\n    assert True\n")
    report = json.loads(run(root, "--run", "--json")[1])
    tests, pipeline = report["ran"]
    assert tests["command"].endswith("-m pytest -q") and tests["ok"] is True
    assert pipeline["command"].endswith("-m churn pipeline") and pipeline["ok"] is False
    assert "failed (exit 1)" in pipeline["output"] and pipeline["python"]
