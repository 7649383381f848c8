"""`mlstart new --template`: real Copier and cookiecutter templates, folders and file:// URLs."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.helpers import git
from tests.templates.conftest import as_git_repo, run, write

MLSTART_FILES = ("lifecycle.yaml", "docs/charter.md", ".mlstart/template.yml")


def record(project: Path) -> dict[str, object]:
    data = yaml.safe_load((project / ".mlstart/template.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def assert_mlstart_project(project: Path) -> None:
    """lifecycle, charter, record, hooks, one commit, the template branch at it."""
    for name in MLSTART_FILES:
        assert (project / name).is_file(), name
    assert "TODO(mlstart)" in (project / "docs/charter.md").read_text(encoding="utf-8")
    assert git(project, "rev-list", "--count", "HEAD") == "1"
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "rev-parse", "mlstart/template") == git(project, "rev-parse", "HEAD")
    assert (project / ".git/hooks/pre-commit").is_file()


def test_a_copier_template_renders_with_copier(copier_template: Path, tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--defaults",
        "--template",
        str(copier_template),
        "--set",
        "greeting=Bonjour",
        "--set",
        "problem=Churn is invisible",
    )
    assert result.exit_code == 0, result.output
    assert_mlstart_project(dest)
    # project_slug is a well-known name: it takes the interview's package name
    assert (dest / "README.md").read_text() == "# proj\n\nBonjour, world.\n\nBuilt with care.\n"
    assert (dest / "proj/__init__.py").is_file()
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["greeting"] == "Bonjour"
    saved = record(dest)
    assert (saved["kind"], saved["source"]) == ("copier", str(copier_template))
    assert saved["answers"] == {
        "project_slug": "proj",
        "greeting": "Bonjour",
        "flavour": "vanilla",
    }
    assert saved["framing"]["problem"] == "Churn is invisible"  # type: ignore[index]
    assert "Churn is invisible" in (dest / "docs/charter.md").read_text()


def test_answers_file_splits_between_template_and_interview(
    copier_template: Path, tmp_path: Path
) -> None:
    answers = write(tmp_path, {"answers.yml": "flavour: chocolate\ntask_type: regression\n"})
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--template",
        str(copier_template),
        "--answers",
        str(answers / "answers.yml"),
    )
    assert result.exit_code == 0, result.output
    assert 'flavour = "chocolate"' in (dest / "config.toml").read_text()
    assert record(dest)["framing"]["task_type"] == "regression"  # type: ignore[index]


def test_an_unknown_key_is_refused_before_anything_is_made(
    copier_template: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--defaults",
        "--template",
        str(copier_template),
        "--set",
        "flavor=chocolate",
    )
    assert result.exit_code == 1
    assert "flavor: neither an interview question nor a variable of the template" in result.output
    assert "flavour" in result.output  # the hint lists the template's variables
    assert not dest.exists()


def test_a_folder_that_is_no_template_is_refused(tmp_path: Path) -> None:
    folder = write(tmp_path / "nothing", {"README.md": "hi\n"})
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--template", str(folder))
    assert result.exit_code == 1
    assert "neither copier.yml (Copier) nor cookiecutter.json (cookiecutter)" in result.output
    assert "Traceback" not in result.output
    assert not dest.exists()


def test_a_missing_template_is_refused(tmp_path: Path) -> None:
    result = run("new", str(tmp_path / "p"), "--defaults", "--template", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_copier_tasks_need_trust(copier_with_tasks: Path, tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    refused = run("new", str(dest), "--defaults", "--template", str(copier_with_tasks))
    assert refused.exit_code == 1
    assert "tasks" in refused.output and "--trust" in refused.output
    assert not dest.exists()
    trusted = run("new", str(dest), "--defaults", "--template", str(copier_with_tasks), "--trust")
    assert trusted.exit_code == 0, trusted.output
    assert (dest / "task-ran.txt").is_file()
    assert_mlstart_project(dest)


def test_a_copier_template_from_a_git_url(copier_template: Path, tmp_path: Path) -> None:
    url = as_git_repo(copier_template)
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--template", url, "--trust")
    assert result.exit_code == 0, result.output
    assert_mlstart_project(dest)
    assert record(dest)["source"] == url
    assert yaml.safe_load((dest / ".copier-answers.yml").read_text())["_src_path"].endswith(url)


def test_a_cookiecutter_template_renders_with_cookiecutter(
    cookiecutter_template: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--defaults",
        "--template",
        str(cookiecutter_template),
        "--trust",
        "--set",
        "licence=BSD",
        "--set",
        "project_name=My Demo",
    )
    assert result.exit_code == 0, result.output
    assert_mlstart_project(dest)
    # project_name is both an interview question and a template variable: both take it
    assert (dest / "README.md").read_text().startswith("# My Demo\n")
    assert (dest / "LICENSE").read_text() == "BSD licence\n"
    saved = record(dest)
    assert saved["kind"] == "cookiecutter"
    assert saved["answers"]["repo_name"] == "my-demo"  # type: ignore[index]


def test_braces_in_answers_reach_cookiecutter_files_as_typed(
    cookiecutter_template: Path, tmp_path: Path
) -> None:
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--defaults",
        "--template",
        str(cookiecutter_template),
        "--trust",
        "--set",
        "greeting={{ 7*7 }}",
    )
    assert result.exit_code == 0, result.output
    assert "{{ 7*7 }}, world." in (dest / "README.md").read_text()


def test_a_cookiecutter_template_from_a_git_url(
    cookiecutter_template: Path, tmp_path: Path
) -> None:
    url = as_git_repo(cookiecutter_template)
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--template", url, "--trust")
    assert result.exit_code == 0, result.output
    assert_mlstart_project(dest)
    assert not (Path.home() / ".cookiecutters").exists()  # clones go to a temporary folder


def test_ccds_layout_runs_its_hooks(ccds_template: Path, tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--defaults",
        "--template",
        str(ccds_template),
        "--trust",
        "--json",
        "--set",
        "open_source_license=No license file",
        "--set",
        "docs=none",
        "--set",
        "environment_manager=conda",
        "--set",
        "project_name=Churn Study",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["path"] == str(dest)  # hooks' prints do not spoil --json
    assert_mlstart_project(dest)
    assert (dest / "post-hook-ran.txt").read_text() == "conda\n"
    assert not (dest / "LICENSE").exists() and not (dest / "docs/mkdocs.yml").exists()
    assert (dest / "churn_study/dataset.py").is_file()
    assert (dest / "docs/charter.md").is_file()  # mlstart's charter beside the template's files
    tracked = git(dest, "ls-files").splitlines()
    assert "data/raw/.gitkeep" not in tracked  # the template's own .gitignore holds
    assert "notebooks/.gitkeep" in tracked


def test_a_failing_pre_generation_hook_leaves_nothing(ccds_template: Path, tmp_path: Path) -> None:
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--defaults",
        "--template",
        str(ccds_template),
        "--trust",
        "--set",
        "module_name=not a module",
    )
    assert result.exit_code == 1
    assert "Hook script failed" in result.output or "hook" in result.output.lower()
    assert "Traceback" not in result.output
    assert not dest.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".mlstart")] == []


def test_a_cookiecutter_template_needs_consent(cookiecutter_template: Path, tmp_path: Path) -> None:
    """Its hooks run and its Jinja is not sandboxed: code, like a Copier template with tasks."""
    dest = tmp_path / "proj"
    refused = run("new", str(dest), "--defaults", "--template", str(cookiecutter_template))
    assert refused.exit_code == 1
    assert "cookiecutter" in refused.output and "--trust" in refused.output
    assert not dest.exists()
