"""`mlstart new` through the CLI as a user runs it: real Copier, real Git, no mocks of either."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mlstart.cli.app import main
from tests.helpers import AUTHOR, git


def run(*args: str, cwd: Path | None = None, **kwargs: object) -> Result:
    runner = CliRunner()
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False, **kwargs)  # type: ignore[arg-type]
    finally:
        os.chdir(old)


def listing(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if ".git" not in p.relative_to(root).parts
    )


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    result = run("new", str(tmp_path / "demo"), "--defaults")
    assert result.exit_code == 0, result.output
    return tmp_path / "demo"


def test_defaults_make_a_committed_project(demo: Path) -> None:
    for path in (
        "docs/charter.md",
        "lifecycle.yaml",
        ".copier-answers.yml",
        "pyproject.toml",
        ".gitignore",
        "README.md",
        "src/demo/__init__.py",
    ):
        assert (demo / path).is_file(), path
    assert git(demo, "branch", "--show-current") == "main"
    assert git(demo, "rev-list", "--count", "HEAD") == "1"
    assert git(demo, "status", "--porcelain") == ""
    assert git(demo, "log", "-1", "--format=%an <%ae>") == f"{AUTHOR[0]} <{AUTHOR[1]}>"
    tracked = set(git(demo, "ls-files").splitlines())
    assert {"lifecycle.yaml", "docs/charter.md", ".copier-answers.yml"} <= tracked


def test_the_summary_names_the_verdict_and_next_steps(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "demo"), "--defaults")
    assert "Created demo" in result.output
    assert "first commit" in result.output
    # defaults leave the problem, who acts and the KPI open: not yet, with find-out tasks
    assert "Should we use ML? not-yet" in result.output
    assert "'find out' tasks in planning" in result.output
    assert "mlstart status" in result.output


def test_status_inside_the_new_project_names_the_phase(demo: Path) -> None:
    result = run("status", "--json", cwd=demo / "src")
    data = json.loads(result.stdout)
    assert (data["phase"], data["stage"]) == ("planning", "heuristic")
    assert [p["id"] for p in data["phases"]] == ["planning", "data", "training", "deployment"]
    assert all(task["status"] for p in data["phases"] for task in p["tasks"])


def test_json_output_describes_the_project(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "p"), "--defaults", "--json")
    data = json.loads(result.stdout)
    assert data["path"] == str(tmp_path / "p")
    assert data["plan"]["verdict"] == "not-yet" and data["plan"]["find_out"]
    assert data["plan"]["archetype"] == "human-in-the-loop"
    assert "docs/charter.md" in data["files"] and len(data["commit"]) == 40


def test_set_wins_over_answers_file_which_wins_over_defaults(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("task_type: regression\nmetric: mae\ndescription: from the file\n")
    result = run(
        "new", str(tmp_path / "p"), "--answers", str(answers), "--set", "metric=rmse", "--json"
    )
    data = json.loads(result.stdout)["answers"]
    assert (data["task_type"], data["metric"], data["description"]) == (
        "regression",
        "rmse",
        "from the file",
    )
    assert data["deployment"] == "batch"  # the default


def test_answers_kept_in_the_project_replay_without_a_terminal(demo: Path, tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "again"), "--answers", str(demo / ".copier-answers.yml"))
    assert result.exit_code == 0, result.output
    first = (demo / "docs/charter.md").read_text()
    assert (tmp_path / "again/docs/charter.md").read_text() == first


def test_without_dest_the_folder_is_named_after_the_project(tmp_path: Path) -> None:
    result = run("new", "--defaults", "--set", "project_name=Churn Model", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Churn Model/src/churn_model").is_dir()


def test_invalid_answers_are_all_refused_before_anything_is_written(tmp_path: Path) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text("colour: blue\nauthor_email: nope\n")
    result = run(
        "new", str(tmp_path / "p"), "--answers", str(answers), "--set", "task_type=clustering"
    )
    assert result.exit_code == 1
    for key in ("colour", "author_email", "task_type"):
        assert f"- {key}:" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "p").exists()


def test_a_non_empty_destination_is_refused_and_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = run("new", str(dest), "--defaults")
    assert result.exit_code == 1
    assert "not empty" in result.stderr
    assert listing(dest) == ["notes.txt"] and (dest / "notes.txt").read_text() == "mine"


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    dest = tmp_path / "empty"
    dest.mkdir()
    assert run("new", str(dest), "--defaults").exit_code == 0
    assert (dest / "lifecycle.yaml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".mlstart")]


def test_generating_inside_a_git_repository_is_refused_unless_no_git(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = run("new", str(tmp_path / "inner"), "--defaults")
    assert result.exit_code == 1 and "inside the Git repository" in result.stderr
    assert "--no-git" in result.stderr
    assert not (tmp_path / "inner").exists()
    assert run("new", str(tmp_path / "inner"), "--defaults", "--no-git").exit_code == 0
    assert not (tmp_path / "inner/.git").exists()


def test_no_git_makes_no_repository(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "p"), "--defaults", "--no-git", "--json")
    assert json.loads(result.stdout)["commit"] is None
    assert not (tmp_path / "p/.git").exists()


def test_missing_identity_without_a_terminal_signs_with_the_placeholder_and_says_so(
    no_identity: Path, tmp_path: Path
) -> None:
    result = run("new", str(tmp_path / "p"), "--defaults")
    assert result.exit_code == 0, result.output
    assert 'git config --global user.name "Your Name"' in result.stderr
    assert 'git config --global user.email "you@example.com"' in result.stderr
    assert "git commit --amend --reset-author --no-edit" in result.stderr
    project = tmp_path / "p"
    assert git(project, "log", "-1", "--format=%an <%ae>") == "Your Name <you@example.com>"
    # nothing written to Git's settings: the person's own identity wins once it is set
    assert "user" not in (no_identity / ".gitconfig").read_text()
    assert git(project, "config", "--local", "--list").count("user.") == 0
    as_json = run("new", str(tmp_path / "q"), "--defaults", "--json")
    assert "Git does not know who you are" in json.loads(as_json.stdout)["warnings"][0]


def test_missing_git_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    result = run("new", str(tmp_path / "p"), "--defaults")
    assert result.exit_code == 1
    assert "Git is not installed" in result.stderr and "--no-git" in result.stderr
    assert not (tmp_path / "p").exists()


def test_without_a_terminal_and_without_answers_it_stops_before_asking(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "p"))
    assert result.exit_code == 3
    assert "no terminal" in result.stderr and "--defaults" in result.stderr
    assert not (tmp_path / "p").exists()


def test_a_git_failure_leaves_nothing_behind(tmp_path: Path, isolated_env: Path) -> None:
    # A real failure: commit signing with a signing program that always fails.
    with (isolated_env / ".gitconfig").open("a") as config:
        config.write("[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n")
    result = run("new", str(tmp_path / "p"), "--defaults")
    assert result.exit_code == 1
    assert "git failed" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_failure_leaves_an_existing_empty_destination_empty(
    tmp_path: Path, isolated_env: Path
) -> None:
    with (isolated_env / ".gitconfig").open("a") as config:
        config.write("[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n")
    dest = tmp_path / "empty"
    dest.mkdir()
    assert run("new", str(dest), "--defaults").exit_code == 1
    assert list(dest.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_missing_parent_folders_are_made_and_removed_on_failure(
    tmp_path: Path, isolated_env: Path
) -> None:
    assert run("new", str(tmp_path / "a/b/ok"), "--defaults").exit_code == 0
    with (isolated_env / ".gitconfig").open("a") as config:
        config.write("[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n")
    assert run("new", str(tmp_path / "x/y/bad"), "--defaults").exit_code == 1
    assert not (tmp_path / "x").exists()


TRICKY = 'Détecter la fraude: {{ 7*7 }} "quoted" #tag {% raw %} 日本\nsecond line'


def test_typed_text_appears_literally_and_no_jinja_is_left(tmp_path: Path) -> None:
    result = run(
        "new",
        str(tmp_path / "p"),
        "--defaults",
        "--set",
        f"description={TRICKY}",
        "--set",
        f"problem={TRICKY}",
        "--set",
        "author_name=Zoë O'Brien: {{ x }}",
    )
    assert result.exit_code == 0, result.output
    charter = (tmp_path / "p/docs/charter.md").read_text()
    assert TRICKY in charter and "Zoë O'Brien: {{ x }}" in charter
    assert "{{ 7*7 }}" in (tmp_path / "p/README.md").read_text()
    for path in (tmp_path / "p").rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            text = path.read_text(errors="replace")
            text = text.replace(TRICKY, "").replace("{{ 7*7 }}", "").replace("{{ x }}", "")
            text = text.replace("{% raw %}", "")
            text = re.sub(r"\$\{\{[^}]*\}\}", "", text)  # GitHub Actions expressions
            assert "{{" not in text and "{%" not in text, path


def test_tricky_text_survives_in_pyproject_and_answers(tmp_path: Path) -> None:
    import tomllib

    from mlstart.interview.answers import load_answers_file

    run("new", str(tmp_path / "p"), "--defaults", "--set", f"description={TRICKY}")
    pyproject = tomllib.loads((tmp_path / "p/pyproject.toml").read_text())
    assert pyproject["project"]["description"] == TRICKY.splitlines()[0]
    assert load_answers_file(tmp_path / "p/.copier-answers.yml")["description"] == TRICKY


def test_all_phases_renders_more_than_planning(tmp_path: Path) -> None:
    run("new", str(tmp_path / "plan"), "--defaults", "--set", "project_name=p")
    run("new", str(tmp_path / "all"), "--defaults", "--set", "project_name=p", "--all-phases")
    assert set(listing(tmp_path / "plan")) < set(listing(tmp_path / "all"))


def test_help_has_an_example() -> None:
    result = run("new", "--help")
    assert "mlstart new demo --defaults" in result.output


def test_version() -> None:
    from mlstart import __version__

    assert run("--version").output.strip() == f"mlstart, version {__version__}"


def test_a_relative_destination_is_shown_and_named_plainly(tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    result = run("new", "../beside", "--defaults", cwd=tmp_path / "work")
    assert result.exit_code == 0, result.output
    assert f"Created beside in {tmp_path / 'beside'}\n" in result.stdout


@pytest.mark.parametrize("deployment", ["batch", "realtime", "edge"])
def test_the_longest_project_name_still_gives_a_lint_clean_project(
    tmp_path: Path, deployment: str
) -> None:
    import subprocess
    import sys

    from mlstart.interview.questions import PROJECT_NAME_MAX

    name = ("p" + "abcdefghij" * 5)[:PROJECT_NAME_MAX]
    result = run(
        "new", str(tmp_path / "p"), "--defaults", "--all-phases", "--no-git",
        "--set", f"project_name={name}", "--set", f"deployment={deployment}",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for args in (["check", "."], ["format", "--check", "."]):
        lint = subprocess.run(
            [sys.executable, "-m", "ruff", *args],
            cwd=tmp_path / "p",
            capture_output=True,
            text=True,
        )
        assert lint.returncode == 0, lint.stdout + lint.stderr
