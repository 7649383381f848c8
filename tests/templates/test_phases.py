"""`mlstart advance` grows the repository by phase through the template merge; `back` keeps all."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.helpers import git
from tests.templates.conftest import commit_all, run

DATA_FILES = ("configs/schema.json", "tests/test_split.py")  # rendered from the data phase on


def files(project: Path) -> set[str]:
    return set(git(project, "ls-files").splitlines())


def advance(project: Path) -> None:
    result = run("advance", "--force", "--reason", "testing", "-C", str(project))
    assert result.exit_code == 0, result.output


def test_advance_brings_the_phase_as_its_own_tagged_commit(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    assert run("new", str(project), "--defaults").exit_code == 0
    before = files(project)
    assert not any(name in before for name in DATA_FILES)
    readme = project / "README.md"
    readme.write_text("Our own first line.\n" + readme.read_text())
    commit_all(project, "ours")

    advance(project)

    after = files(project)
    assert all(name in after for name in DATA_FILES)
    assert before <= after
    assert readme.read_text().startswith("Our own first line.\n")
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "rev-parse", "phase/data") == git(project, "rev-parse", "HEAD")
    assert git(project, "log", "-1", "--format=%s") == "Enter the data phase (mlstart advance)"
    lifecycle = git(project, "show", "HEAD:lifecycle.yaml")
    assert yaml.safe_load(lifecycle)["phase"] == "data"  # the lifecycle change is in the commit
    record = yaml.safe_load((project / ".mlstart/template.yml").read_text())
    assert record["phase"] == "data"


def test_back_removes_nothing_and_advancing_again_brings_nothing(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    assert run("new", str(project), "--defaults").exit_code == 0
    advance(project)
    entered = files(project)
    result = run("back", "planning", "--reason", "the data says no", "-C", str(project))
    assert result.exit_code == 0, result.output
    commit_all(project, "back to planning")
    decision = {"docs/decisions/0003-back-to-planning.md"}  # `back` records why, nothing goes
    assert files(project) - decision == entered and decision <= files(project)
    entered = files(project)
    tip = git(project, "rev-parse", "mlstart/template")
    advance(project)
    assert files(project) == entered
    assert git(project, "rev-parse", "mlstart/template") == tip
    update = run("update", str(project))  # the rendered phase stays data after `back`
    assert update.exit_code == 0, update.output
    assert files(project) == entered


def test_an_all_phases_project_gets_no_new_files(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    assert run("new", str(project), "--defaults", "--all-phases").exit_code == 0
    before = files(project)
    advance(project)
    assert files(project) == before
    assert git(project, "rev-parse", "phase/data") == git(project, "rev-parse", "HEAD")
    assert git(project, "status", "--porcelain") == ""


def test_a_dirty_tree_moves_the_phase_and_says_how_to_bring_the_files(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    assert run("new", str(project), "--defaults").exit_code == 0
    licence = project / "LICENSE"
    licence.write_text(licence.read_text() + "work in progress\n")
    result = run("advance", "--force", "--reason", "testing", "-C", str(project))
    assert result.exit_code == 1
    assert "uncommitted" in result.output and "mlstart update" in result.output
    commit_all(project, "wip and the phase")
    assert run("update", str(project)).exit_code == 0
    assert all(name in files(project) for name in DATA_FILES)
    assert git(project, "rev-parse", "phase/data") == git(project, "rev-parse", "HEAD")


def test_advance_without_git_brings_nothing_and_fails_nothing(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    assert run("new", str(project), "--defaults", "--no-git").exit_code == 0
    advance(project)


def test_other_templates_commit_and_tag_the_phase_only(
    copier_template: Path, tmp_path: Path
) -> None:
    project = tmp_path / "proj"
    result = run("new", str(project), "--defaults", "--template", str(copier_template))
    assert result.exit_code == 0, result.output
    before = files(project)
    advance(project)
    assert files(project) == before
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "rev-parse", "phase/data") == git(project, "rev-parse", "HEAD")
    assert yaml.safe_load(git(project, "show", "HEAD:lifecycle.yaml"))["phase"] == "data"
