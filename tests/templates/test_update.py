"""`mlstart update`: generate, edit, change the template, update; for all three template kinds.

Each scenario edits a file the template also changes (in another place) and one it does not;
after the update both edits survive and the template's changes arrive. A true overlap is a Git
conflict: exit 6, the files listed, the merge in progress, `git merge --abort` undoes it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from tests.helpers import git
from tests.templates.conftest import as_git_repo, commit_all, run

CONFLICT = 6


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def new_project(tmp_path: Path, template: str | None, *extra: str) -> Path:
    dest = tmp_path / "proj"
    args = ["new", str(dest), "--defaults", *extra]
    if template is not None:
        args += ["--template", template]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return dest


def assert_clean_merge(project: Path, template_before: str) -> None:
    assert git(project, "status", "--porcelain") == ""
    parents = git(project, "rev-list", "--parents", "-n", "1", "HEAD").split()
    assert len(parents) == 3  # a merge commit
    assert git(project, "rev-parse", "mlstart/template") == parents[2]
    assert git(project, "rev-parse", "mlstart/template~1") == template_before


# --- Copier -----------------------------------------------------------------------------------


def test_copier_update_keeps_edits_and_brings_changes(
    copier_template: Path, tmp_path: Path
) -> None:
    project = new_project(tmp_path, str(copier_template))
    template_before = git(project, "rev-parse", "mlstart/template")
    lifecycle_before = (project / "lifecycle.yaml").read_text()
    replace_in(project / "README.md", "# proj", "# proj (our fork)")  # template edits too
    replace_in(project / "config.toml", "level = 1", "level = 7")  # the template leaves it
    commit_all(project, "our edits")
    replace_in(copier_template / "README.md.jinja", "Built with care.", "Built with great care.")
    (copier_template / "CONTRIBUTING.md").write_text("Be kind.\n")
    (copier_template / "notes.txt").unlink()

    result = run("update", str(project))

    assert result.exit_code == 0, result.output
    readme = (project / "README.md").read_text()
    assert readme.startswith("# proj (our fork)\n") and "Built with great care." in readme
    assert "level = 7" in (project / "config.toml").read_text()
    assert (project / "CONTRIBUTING.md").read_text() == "Be kind.\n"
    assert not (project / "notes.txt").exists()
    assert (project / "lifecycle.yaml").read_text() == lifecycle_before
    assert_clean_merge(project, template_before)
    assert "CONTRIBUTING.md" in result.output


def test_copier_overlap_is_a_git_conflict(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    head = git(project, "rev-parse", "HEAD")
    template_before = git(project, "rev-parse", "mlstart/template")
    replace_in(project / "README.md", "Hello, world.", "Hi there, world.")
    commit_all(project, "our greeting")
    head = git(project, "rev-parse", "HEAD")
    replace_in(
        copier_template / "README.md.jinja", "{{ greeting }}, world.", "{{ greeting }}, planet."
    )

    result = run("update", str(project))

    assert result.exit_code == CONFLICT
    assert "README.md" in result.output and "git merge --abort" in result.output
    assert "UU README.md" in git(project, "status", "--porcelain")
    text = (project / "README.md").read_text()
    assert "<<<<<<<" in text and "Hi there, world." in text and "Hello, planet." in text
    assert git(project, "rev-parse", "mlstart/template") != template_before
    git(project, "merge", "--abort")
    assert git(project, "rev-parse", "HEAD") == head
    assert git(project, "status", "--porcelain") == ""
    again = run("update", str(project))  # the same merge is offered again
    assert again.exit_code == CONFLICT


def test_conflict_json_lists_the_files(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    replace_in(project / "README.md", "Hello, world.", "Hi, world.")
    commit_all(project, "ours")
    replace_in(copier_template / "README.md.jinja", "{{ greeting }}, world.", "Hey, world.")
    result = run("update", str(project), "--json")
    assert result.exit_code == CONFLICT
    assert json.loads(result.stdout) == {
        "schema_version": 1,
        "conflicts": ["README.md"],
        "merge_in_progress": True,
    }


def test_dry_run_changes_nothing(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    replace_in(project / "README.md", "Hello, world.", "Hi, world.")
    commit_all(project, "ours")
    head, tip = git(project, "rev-parse", "HEAD"), git(project, "rev-parse", "mlstart/template")
    replace_in(copier_template / "README.md.jinja", "{{ greeting }}, world.", "Hey, world.")
    (copier_template / "NEW.md").write_text("new\n")

    result = run("update", str(project), "--dry-run", "--json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"status": "added", "path": "NEW.md"} in data["changes"]
    assert data["conflicts"] == ["README.md"]
    assert git(project, "rev-parse", "HEAD") == head
    assert git(project, "rev-parse", "mlstart/template") == tip
    assert git(project, "status", "--porcelain") == ""
    assert not (project / "NEW.md").exists()


def test_set_changes_an_answer_during_the_update(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    result = run(
        "update",
        str(project),
        "--set",
        "flavour=chocolate",
        "--set",
        "problem=Nobody sees churn coming",
    )
    assert result.exit_code == 0, result.output
    assert 'flavour = "chocolate"' in (project / "config.toml").read_text()
    assert "Nobody sees churn coming" in (project / "docs/charter.md").read_text()
    saved = yaml.safe_load((project / ".mlstart/template.yml").read_text())
    assert saved["answers"]["flavour"] == "chocolate"
    assert yaml.safe_load((project / ".copier-answers.yml").read_text())["flavour"] == "chocolate"


def test_nothing_to_do_says_so(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    head = git(project, "rev-parse", "HEAD")
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert "Already up to date" in result.output
    assert git(project, "rev-parse", "HEAD") == head


def test_update_works_offline_from_a_file_url(
    copier_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_ALLOW_PROTOCOL", "file")  # any network transport would fail
    url = as_git_repo(copier_template)
    project = new_project(tmp_path, url)
    replace_in(copier_template / "README.md.jinja", "Built with care.", "Built offline.")
    commit_all(copier_template, "v2")
    result = run("update", str(project))
    assert result.exit_code == 0, result.output
    assert "Built offline." in (project / "README.md").read_text()


def test_copier_tasks_need_trust_on_update_too(copier_with_tasks: Path, tmp_path: Path) -> None:
    """--trust at `new` is remembered for this user; another user (a clone) must consent."""
    project = new_project(tmp_path, str(copier_with_tasks), "--trust")
    (copier_with_tasks / "NEW.md").write_text("new\n")
    store = Path(os.environ["XDG_CONFIG_HOME"]) / "mlstart" / "trusted-sources.json"
    assert str(copier_with_tasks) in store.read_text()
    store.unlink()  # as on another machine, or for a teammate who cloned the project
    refused = run("update", str(project))
    assert refused.exit_code == 1 and "--trust" in refused.output
    assert not (project / "NEW.md").exists()
    assert run("update", str(project), "--trust").exit_code == 0
    assert (project / "NEW.md").is_file()


# --- cookiecutter -----------------------------------------------------------------------------


def test_cookiecutter_update_keeps_edits_and_brings_changes(
    ccds_template: Path, tmp_path: Path
) -> None:
    project = new_project(
        tmp_path, str(ccds_template), "--trust", "--set", "project_name=Churn Study"
    )
    template_before = git(project, "rev-parse", "mlstart/template")
    replace_in(project / "README.md", "# Churn Study", "# Churn Study, by the churn team")
    replace_in(project / "churn_study/dataset.py", "pass", "return 42")
    commit_all(project, "our edits")
    replace_in(
        ccds_template / "{{ cookiecutter.repo_name }}/README.md",
        "The layout of cookiecutter-data-science.",
        "The layout of cookiecutter-data-science, version 2.",
    )
    (ccds_template / "{{ cookiecutter.repo_name }}/references/.gitkeep").parent.mkdir()
    (ccds_template / "{{ cookiecutter.repo_name }}/references/.gitkeep").write_text("")

    result = run("update", str(project))

    assert result.exit_code == 0, result.output
    readme = (project / "README.md").read_text()
    assert readme.startswith("# Churn Study, by the churn team\n") and "version 2." in readme
    assert "return 42" in (project / "churn_study/dataset.py").read_text()
    assert (project / "references/.gitkeep").is_file()
    assert (project / "post-hook-ran.txt").is_file()  # the hooks ran again, same result
    assert_clean_merge(project, template_before)


def test_cookiecutter_overlap_is_a_git_conflict(
    cookiecutter_template: Path, tmp_path: Path
) -> None:
    project = new_project(tmp_path, str(cookiecutter_template), "--trust")
    replace_in(project / "LICENSE", "MIT licence", "MIT licence, see the notice")
    commit_all(project, "ours")
    replace_in(
        cookiecutter_template / "{{ cookiecutter.repo_name }}/LICENSE",
        "{{ cookiecutter.licence }} licence",
        "Licence: {{ cookiecutter.licence }}",
    )
    result = run("update", str(project))
    assert result.exit_code == CONFLICT
    assert "LICENSE" in result.output
    assert "<<<<<<<" in (project / "LICENSE").read_text()


# --- the bundled template ---------------------------------------------------------------------


def test_bundled_update_keeps_edits_and_progress(bundled_copy: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, None)
    template_before = git(project, "rev-parse", "mlstart/template")
    readme = project / "README.md"
    first_line = readme.read_text().splitlines()[0]
    replace_in(readme, first_line, first_line + " (ours)")
    (project / "docs/risks.md").write_text("Our own risk list.\n")  # the template leaves it
    commit_all(project, "our edits")
    # planning.repo holds once main is pushed; an override is progress all the same
    done = run("done", "planning.repo", "--force", "--reason", "made it", "-C", str(project))
    assert done.exit_code == 0, done.output
    commit_all(project, "progress")
    readme_template = bundled_copy / "project/README.md.jinja"
    readme_template.write_text(readme_template.read_text() + "\nA line the template added.\n")

    result = run("update", str(project), "--json")

    assert result.exit_code == 0, result.output
    text = readme.read_text()
    assert text.startswith(first_line + " (ours)\n") and "A line the template added." in text
    assert (project / "docs/risks.md").read_text() == "Our own risk list.\n"
    assert_clean_merge(project, template_before)
    lifecycle = yaml.safe_load((project / "lifecycle.yaml").read_text())
    repo_task = next(t for t in lifecycle["phases"]["planning"] if t["id"] == "planning.repo")
    assert repo_task["status"] == "done"


def test_new_tasks_arrive_without_losing_progress(bundled_copy: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, None)
    done = run("done", "planning.repo", "--force", "--reason", "made it", "-C", str(project))
    assert done.exit_code == 0, done.output
    commit_all(project, "progress")
    history_before = yaml.safe_load((project / "lifecycle.yaml").read_text())["history"]

    result = run("update", str(project), "--set", "data_availability=unlabelled", "--json")

    assert result.exit_code == 0, result.output
    assert "data.labels" in json.loads(result.stdout)["tasks"]["added"]
    lifecycle = yaml.safe_load((project / "lifecycle.yaml").read_text())
    ids = {t["id"]: t for phase in lifecycle["phases"].values() for t in phase}
    assert "data.labels" in ids and ids["planning.repo"]["status"] == "done"
    assert lifecycle["history"][: len(history_before)] == history_before
    assert git(project, "status", "--porcelain") == ""  # the refresh is in the merge commit


def test_bundled_overlap_is_a_conflict_and_lifecycle_never_is(
    bundled_copy: Path, tmp_path: Path
) -> None:
    project = new_project(tmp_path, None)
    readme = project / "README.md"
    readme.write_text(readme.read_text() + "\nOur closing line.\n")
    commit_all(project, "ours")
    readme_template = bundled_copy / "project/README.md.jinja"
    readme_template.write_text(readme_template.read_text() + "\nTheir closing line.\n")
    result = run("update", str(project), "--set", "data_availability=none")
    assert result.exit_code == CONFLICT
    unmerged = git(project, "diff", "--name-only", "--diff-filter=U").splitlines()
    assert unmerged == ["README.md"]  # lifecycle.yaml changed too, and merged cleanly


# --- refusals ---------------------------------------------------------------------------------


def test_a_dirty_tree_is_refused(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    (project / "README.md").write_text("uncommitted\n")
    head = git(project, "rev-parse", "HEAD")
    result = run("update", str(project))
    assert result.exit_code == 1
    assert "uncommitted changes" in result.output and "README.md" in result.output
    assert git(project, "rev-parse", "HEAD") == head


def test_a_detached_head_is_refused(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    git(project, "checkout", "-q", "--detach")
    result = run("update", str(project))
    assert result.exit_code == 1 and "detached" in result.output


def test_a_repository_not_made_by_mlstart_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "a.txt").write_text("a\n")
    commit_all(repo, "a")
    result = run("update", str(repo))
    assert result.exit_code == 1
    assert "not made by mlstart" in result.output and "mlstart init" in result.output
    outside = run("update", str(tmp_path))
    assert outside.exit_code == 1 and "mlstart init" in outside.output
    assert "Traceback" not in result.output + outside.output


def test_a_merge_in_progress_is_refused(copier_template: Path, tmp_path: Path) -> None:
    project = new_project(tmp_path, str(copier_template))
    replace_in(project / "README.md", "Hello, world.", "Hi, world.")
    commit_all(project, "ours")
    replace_in(copier_template / "README.md.jinja", "{{ greeting }}, world.", "Hey, world.")
    assert run("update", str(project)).exit_code == CONFLICT
    result = run("update", str(project))
    assert result.exit_code == 1 and "in progress" in result.output


def test_an_untracked_file_in_the_way_stops_before_the_merge(
    copier_template: Path, tmp_path: Path
) -> None:
    project = new_project(tmp_path, str(copier_template))
    head, tip = git(project, "rev-parse", "HEAD"), git(project, "rev-parse", "mlstart/template")
    (project / "CONTRIBUTING.md").write_text("our own, untracked\n")
    (copier_template / "CONTRIBUTING.md").write_text("Be kind.\n")
    result = run("update", str(project))
    assert result.exit_code == 1
    assert "CONTRIBUTING.md" in result.output and "Traceback" not in result.output
    assert (project / "CONTRIBUTING.md").read_text() == "our own, untracked\n"
    assert git(project, "rev-parse", "HEAD") == head
    assert git(project, "rev-parse", "mlstart/template") == tip
