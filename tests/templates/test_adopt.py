"""`mlstart init` in repositories made by `copier copy` and by cruft: the template, its version
and its answers are taken over, so `mlstart update` brings that template's later changes; an
existing pre-commit hook is kept and how to chain it is said."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.helpers import git
from tests.templates.conftest import commit_all, run, write
from tests.templates.shapes import copier_versions


def record(project: Path) -> dict[str, object]:
    data = yaml.safe_load((project / ".mlstart/template.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def as_repository(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    commit_all(folder, "start")


def test_init_takes_over_a_copier_project_and_update_brings_the_new_version(
    tmp_path: Path,
) -> None:
    import copier

    url = copier_versions(tmp_path)
    project = tmp_path / "made-by-copier"
    copier.run_copy(f"git+{url}", str(project), vcs_ref="v1", defaults=True, quiet=True)
    as_repository(project)
    (project / "mine.txt").write_text("my own file\n")
    commit_all(project, "my work")
    before = git(project, "rev-parse", "HEAD^{tree}")

    result = run("init", "-C", str(project), "--defaults")

    assert result.exit_code == 0, result.output
    assert "from .copier-answers.yml" in result.output and "(v1)" in result.output
    saved = record(project)
    assert (saved["kind"], saved["version"]) == ("copier", "v1")
    assert saved["answers"]["flavour"] == "vanilla"  # type: ignore[index]
    added = git(project, "diff", "--name-only", before, "HEAD").splitlines()
    assert sorted(added) == [".mlstart/template.yml", "docs/charter.md", "lifecycle.yaml"]

    update = run("update", "-C", str(project), "--trust")

    assert update.exit_code == 0, update.output
    assert (project / "notes.txt").read_text() == "one\ntwo\nthree\n"
    assert (project / "mine.txt").read_text() == "my own file\n"
    assert "Flavour: mint" in (project / "README.md").read_text()
    assert (project / "migration-ran.txt").is_file()
    assert record(project)["version"] == "v2"
    assert git(project, "status", "--porcelain") == ""


def test_init_takes_over_a_cruft_project(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo", "greeting": "hi"}),
            "{{ cookiecutter.name }}/a.txt": "{{ cookiecutter.greeting }}\nline two\n",
        },
    )
    subprocess.run(["git", "init", "-q", "-b", "main", str(template)], check=True)
    commit_all(template, "v1")
    first = git(template, "rev-parse", "HEAD")
    project = write(
        tmp_path / "made-by-cruft",
        {
            "a.txt": "hello\nline two\n",
            ".cruft.json": json.dumps(
                {
                    "template": template.as_uri(),
                    "commit": first,
                    "checkout": None,
                    "context": {"cookiecutter": {"name": "demo", "greeting": "hello"}},
                    "directory": None,
                }
            ),
        },
    )
    as_repository(project)
    (template / "{{ cookiecutter.name }}/b.txt").write_text("new in the template\n")
    commit_all(template, "v2")

    result = run("init", "-C", str(project), "--defaults", "--trust")
    assert result.exit_code == 0, result.output
    assert "from .cruft.json" in result.output
    assert record(project)["kind"] == "cookiecutter"

    update = run("update", "-C", str(project), "--trust")
    assert update.exit_code == 0, update.output
    assert (project / "b.txt").read_text() == "new in the template\n"
    assert (project / "a.txt").read_text() == "hello\nline two\n"


def test_a_template_that_is_code_needs_consent_or_no_template(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {"cookiecutter.json": json.dumps({"name": "demo"}), "{{ cookiecutter.name }}/a": "a\n"},
    )
    project = write(
        tmp_path / "proj",
        {".cruft.json": json.dumps({"template": str(template), "context": {"cookiecutter": {}}})},
    )
    as_repository(project)
    head = git(project, "rev-parse", "HEAD")

    refused = run("init", "-C", str(project), "--defaults")
    assert refused.exit_code != 0 and "--trust" in refused.output
    assert git(project, "rev-parse", "HEAD") == head and not (project / "lifecycle.yaml").exists()

    plain = run("init", "-C", str(project), "--defaults", "--no-template")
    assert plain.exit_code == 0, plain.output
    assert record(project)["kind"] == "none"


def test_an_existing_pre_commit_hook_is_kept_and_chaining_explained(tmp_path: Path) -> None:
    project = write(tmp_path / "proj", {"README.md": "# mine\n"})
    as_repository(project)
    hook = project / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")

    result = run("init", "-C", str(project), "--defaults")

    assert result.exit_code == 0, result.output
    assert "kept your existing pre-commit hook" in result.output
    assert 'mlstart hook pre-commit "$@" || exit 1' in result.output
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
