"""`mlstart new --template` with templates shaped like real ones: cookiecutter-data-science v2,
colliding variable names, `template.VAR` answers, versions from Git, and every kind of broken
template ending in one clear error with nothing left behind."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.helpers import git
from tests.templates.conftest import as_git_repo, run, write
from tests.templates.shapes import ccds_template, copier_versions


def record(project: Path) -> dict[str, object]:
    data = yaml.safe_load((project / ".mlstart/template.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def assert_clean_failure(result: object, dest: Path, *needles: str) -> None:
    output = result.output  # type: ignore[attr-defined]
    assert result.exit_code == 1, output  # type: ignore[attr-defined]
    assert "Traceback" not in output
    for needle in needles:
        assert needle in output, output
    assert not dest.exists()
    assert not [p for p in dest.parent.iterdir() if p.name.startswith(".mlstart")]


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The process's temporary folder, empty, to see what a run leaves there."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_cookiecutter_data_science_v2_renders_from_ccds_json(tmp_path: Path) -> None:
    template = ccds_template(tmp_path)
    dest = tmp_path / "churn"
    result = run(
        "new", str(dest), "--defaults", "--trust", "--template", str(template),
        "--set", "project_name=Churn Study", "--set", "template.dataset_storage=s3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (dest / "churn_study/config.py").is_file()  # module_name from the mapped package
    assert (dest / "README.md").read_text().startswith("# Churn Study\n")
    assert (dest / "LICENSE").read_text() == "MIT\n"  # mlstart's licence, a choice it accepts
    assert (dest / "Makefile").read_text() == "PYTHON = 3.11\n"  # python_version_number
    assert "awscli" in (dest / "requirements.txt").read_text()  # the hook saw dataset_storage
    answers = record(dest)["answers"]
    assert answers["dataset_storage"] == {  # type: ignore[index]
        "s3": {"bucket": "bucket-name", "aws_profile": "default"}
    }
    committed = git(dest, "ls-files").splitlines()
    assert f"{len(committed)} files committed" in result.output


def test_an_answer_the_template_does_not_accept_is_not_passed(tmp_path: Path) -> None:
    template = ccds_template(tmp_path)
    dest = tmp_path / "proj"
    result = run(
        "new", str(dest), "--defaults", "--trust", "--template", str(template),
        "--set", "license=Apache-2.0", "--set", "template.docs=none",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert record(dest)["answers"]["open_source_license"] == "No license file"  # type: ignore[index]
    assert not (dest / "LICENSE").exists() and not (dest / "docs/mkdocs.yml").exists()
    assert record(dest)["framing"]["license"] == "Apache-2.0"  # type: ignore[index]


def test_a_template_question_named_like_an_interview_question_is_the_templates(
    tmp_path: Path,
) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "copier.yml": "task_type:\n  type: str\n  choices: [script, notebook]\n"
            "  default: script\n",
            "kind.txt.jinja": "{{ task_type }}\n",
        },
    )
    first, second = tmp_path / "a", tmp_path / "b"
    result = run(
        "new", str(first), "--defaults", "--trust", "--template", str(template),
        "--set", "task_type=regression",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (first / "kind.txt").read_text() == "script\n"
    assert record(first)["framing"]["task_type"] == "regression"  # type: ignore[index]
    result = run(
        "new", str(second), "--defaults", "--trust", "--template", str(template),
        "--set", "template.task_type=notebook",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (second / "kind.txt").read_text() == "notebook\n"


def test_an_answers_file_can_hold_template_answers_under_template(tmp_path: Path) -> None:
    template = ccds_template(tmp_path)
    answers = write(tmp_path, {"a.yml": "template:\n  docs: none\n  environment_manager: conda\n"})
    dest = tmp_path / "proj"
    result = run(
        "new",
        str(dest),
        "--trust",
        "--template",
        str(template),
        "--answers",
        str(answers / "a.yml"),
    )
    assert result.exit_code == 0, result.output
    saved = record(dest)["answers"]
    assert saved["docs"] == "none" and saved["environment_manager"] == "conda"  # type: ignore[index]


def test_prompts_kept_in_another_file_are_named(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"project_name": "x"}),
            "tool.json": json.dumps({"project_name": "x", "module_name": "pkg"}),
            "{{ cookiecutter.project_name }}/{{ cookiecutter.module_name }}.py": "",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert_clean_failure(result, dest, "tool.json", "module_name", "--set template.module_name")


def test_a_failing_hook_is_one_error_and_leaves_nothing(tmp_path: Path, own_tmp: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo"}),
            "hooks/post_gen_project.py": "import sys\nprint('cannot go on')\nsys.exit(3)\n",
            "{{ cookiecutter.name }}/big.txt": "x" * 10000,
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert_clean_failure(result, dest, "hooks/post_gen_project.py failed")
    assert list(own_tmp.iterdir()) == []  # no copy of the template, no hook script


def test_a_failing_pre_prompt_hook_leaves_no_copy_of_the_template(
    tmp_path: Path, own_tmp: Path
) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo"}),
            "hooks/pre_prompt.py": "raise SystemExit(1)\n",
            "{{ cookiecutter.name }}/a.txt": "a\n",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert_clean_failure(result, dest, "hooks/pre_prompt.py failed")
    assert list(own_tmp.iterdir()) == []


def test_a_missing_include_names_the_file_and_line(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "copier.yml": "name:\n  type: str\n  default: x\n",
            "README.md.jinja": "# {{ name }}\n{% include 'parts/missing.md' %}\n",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert_clean_failure(result, dest, "parts/missing.md", "README.md.jinja:2")


def test_a_cookiecutter_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo"}),
            "{{ cookiecutter.name }}/a.txt": "fine\n{{ cookiecutter.name }\n",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert_clean_failure(result, dest, "a.txt:2", "syntax")


def test_a_missing_jinja_extension_says_how_to_install_it(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "copier.yml": "_jinja_extensions: [jinja2_nowhere_ext.Ext]\nname:\n  default: x\n",
            "a.txt": "a\n",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    command = f"{sys.executable} -m pip install jinja2-nowhere-ext"
    assert_clean_failure(result, dest, "jinja2_nowhere_ext", command)


def test_every_missing_answer_is_reported_at_once(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "copier.yml": "owner:\n  type: str\nport:\n  type: int\n"
            "tier:\n  type: str\n  choices: [gold, silver]\nok:\n  default: fine\n",
            "a.txt.jinja": "{{ owner }} {{ port }} {{ tier }}\n",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert_clean_failure(
        result,
        dest,
        "3 answer(s)",
        "--set template.owner=VALUE",
        "--set template.port=VALUE",
        "--set template.tier=gold",
    )


def test_template_messages_reach_the_user(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", url, "--vcs-ref", "v1")
    assert result.exit_code == 0, result.output
    assert "Next: run `make setup` in proj" in result.output


def test_vcs_ref_picks_the_version_and_is_recorded(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", url, "--vcs-ref", "v1")
    assert result.exit_code == 0, result.output
    assert (dest / "notes.txt").read_text() == "one\ntwo\n"
    saved = record(dest)
    assert (saved["vcs_ref"], saved["version"]) == ("v1", "v1")
    assert "template version v1" in result.output


def test_vcs_ref_for_a_cookiecutter_template_in_git(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {"cookiecutter.json": json.dumps({"name": "demo"}), "{{ cookiecutter.name }}/v.txt": "1\n"},
    )
    url = as_git_repo(template)
    git(template, "tag", "v1")
    (template / "{{ cookiecutter.name }}/v.txt").write_text("2\n")
    git(template, "commit", "-q", "-am", "two")
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", url, "--vcs-ref", "v1")
    assert result.exit_code == 0, result.output
    assert (dest / "v.txt").read_text() == "1\n"
    assert record(dest)["version"] == "v1"


def test_an_unknown_vcs_ref_is_one_error(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", url, "--vcs-ref", "v9")
    assert_clean_failure(result, dest, "v9")


def test_a_missing_cookiecutter_extension_says_how_to_install_it(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo", "_extensions": ["jinja2_gone.Ext"]}),
            "{{ cookiecutter.name }}/a.txt": "a\n",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert_clean_failure(result, dest, f"{sys.executable} -m pip install jinja2-gone")


def test_a_submodule_that_cannot_be_fetched_is_one_error(tmp_path: Path) -> None:
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo"}),
            "{{ cookiecutter.name }}/a.txt": "a\n",
            ".gitmodules": '[submodule "vendor"]\n\tpath = vendor\n'
            f"\turl = {(tmp_path / 'nowhere').as_uri()}\n",
        },
    )
    url = as_git_repo(template)
    git(template, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},vendor")
    git(template, "commit", "-q", "-m", "a submodule")
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", url)
    assert_clean_failure(result, dest, "could not be cloned")


def test_without_vcs_ref_a_copier_template_is_read_at_its_latest_tag(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    folder = tmp_path / "tpl-versions"
    config = folder / "copier.yml"
    config.write_text(config.read_text() + "unreleased:\n  type: str\n  default: soon\n")
    git(folder, "commit", "-q", "-am", "a question on the default branch, not released")
    refused = run(
        "new", str(tmp_path / "a"), "--defaults", "--trust", "--template", url,
        "--set", "template.unreleased=now",
    )  # fmt: skip
    assert refused.exit_code != 0 and "template.unreleased" in refused.output, refused.output
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", url)
    assert result.exit_code == 0, result.output
    assert record(dest)["version"] == "v2"


def test_a_choice_with_sub_questions_takes_sub_answers(tmp_path: Path) -> None:
    template = ccds_template(tmp_path)
    answers = write(tmp_path, {"a.yml": "template:\n  dataset_storage: {s3: {bucket: churn}}\n"})
    dest = tmp_path / "proj"
    result = run(
        "new", str(dest), "--defaults", "--trust", "--template", str(template),
        "--answers", str(answers / "a.yml"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert record(dest)["answers"]["dataset_storage"] == {  # type: ignore[index]
        "s3": {"bucket": "churn", "aws_profile": "default"}
    }
    refused = run(
        "new", str(tmp_path / "other"), "--defaults", "--trust", "--template", str(template),
        "--set", "template.dataset_storage=ftp",
    )  # fmt: skip
    assert refused.exit_code == 1 and "none, azure, s3" in refused.output, refused.output


def test_a_pre_commit_hook_the_template_installed_is_kept_and_reported(tmp_path: Path) -> None:
    hook = (
        "import subprocess\nfrom pathlib import Path\n"
        "subprocess.run(['git', 'init', '-q'], check=True)\n"
        "Path('.git/hooks/pre-commit').write_text('#!/bin/sh\\nexit 0\\n')\n"
    )
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo"}),
            "hooks/post_gen_project.py": hook,
            "{{ cookiecutter.name }}/a.txt": "a\n",
        },
    )
    dest = tmp_path / "proj"
    result = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert result.exit_code == 0, result.output
    assert "kept the template's pre-commit hook" in result.output
    assert (dest / ".git/hooks/pre-commit").read_text() == "#!/bin/sh\nexit 0\n"
