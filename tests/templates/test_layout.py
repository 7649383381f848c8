"""Lifecycle checks fit the layout they find: derived from a known layout (a package at the
top, cookiecutter-data-science's), written as editable `paths:` otherwise, and followed again
by `mlstart update` after an edit; mlstart's own template keeps its layout without `paths:`."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.templates.conftest import commit_all, run, write
from tests.templates.shapes import ccds_template


def lifecycle(project: Path) -> dict[str, Any]:
    data = yaml.safe_load((project / "lifecycle.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def checks(project: Path) -> str:
    """Every check and fix of the file, as one text."""
    tasks = [t for phase in lifecycle(project)["phases"].values() for t in phase]
    return "\n".join(f"{t.get('check')} {t.get('fix')}" for t in tasks)


def test_a_ccds_project_gets_checks_in_its_own_layout(tmp_path: Path) -> None:
    dest = tmp_path / "churn"
    result = run(
        "new", str(dest), "--defaults", "--trust", "--template", str(ccds_template(tmp_path)),
        "--set", "project_name=Churn Study",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert lifecycle(dest)["paths"]["package"] == "churn_study"
    text = checks(dest)
    assert "churn_study/baseline.py" in text and "src/churn_study" not in text
    assert "Edit them if they are wrong" in (dest / "lifecycle.yaml").read_text()


def test_init_finds_a_src_package_and_a_test_folder(tmp_path: Path) -> None:
    project = write(
        tmp_path / "proj",
        {"src/scorer/__init__.py": "", "test/test_ok.py": "def test_ok():\n    pass\n"},
    )
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    commit_all(project, "start")
    result = run("init", "-C", str(project), "--defaults")
    assert result.exit_code == 0, result.output
    paths = lifecycle(project)["paths"]
    assert (paths["package"], paths["tests"]) == ("src/scorer", "test")
    text = checks(project)
    assert "src/scorer/baseline.py" in text
    assert "python -m pytest -q test/test_data_contract.py" in text
    assert " tests/" not in text


def test_an_unknown_layout_is_written_as_editable_paths_that_update_follows(
    tmp_path: Path,
) -> None:
    project = write(tmp_path / "proj", {"README.md": "# notebooks only\n"})
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True)
    commit_all(project, "start")
    result = run("init", "-C", str(project), "--defaults", "--set", "project_name=scores")
    assert result.exit_code == 0, result.output
    assert "found no Python package" in (project / "lifecycle.yaml").read_text()
    text = (project / "lifecycle.yaml").read_text().replace("package: src/scores", "package: lib")
    (project / "lifecycle.yaml").write_text(text)
    commit_all(project, "our code lives in lib/")

    update = run("update", "-C", str(project))

    assert update.exit_code == 0, update.output
    assert "lib/baseline.py" in checks(project)
    assert "src/scores/baseline.py" not in checks(project)


def test_mlstarts_own_template_keeps_its_layout(tmp_path: Path) -> None:
    dest = tmp_path / "own"
    result = run("new", str(dest), "--defaults")
    assert result.exit_code == 0, result.output
    assert "paths" not in lifecycle(dest)
    assert "src/own/baseline.py" in checks(dest)


def test_status_reads_a_file_with_paths(tmp_path: Path) -> None:
    dest = tmp_path / "churn"
    made = run(
        "new", str(dest), "--defaults", "--trust", "--template", str(ccds_template(tmp_path)),
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    result = run("status", "-C", str(dest))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
