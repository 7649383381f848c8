"""`mlstart update` across real template versions: a question that changed type or choices,
`_skip_if_exists`, `_migrations` (with consent), a new source or version, hooks not run again,
edit-versus-delete conflicts, and what `advance` says it brought."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.helpers import git
from tests.templates.conftest import commit_all, run, write
from tests.templates.shapes import (
    ANSWERS_FILE,
    COPIER_V1,
    COPIER_V2,
    copier_versions,
    tagged_repo,
)


def record(project: Path) -> dict[str, object]:
    data = yaml.safe_load((project / ".mlstart/template.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def new_at_v1(tmp_path: Path, url: str, *extra: str) -> Path:
    dest = tmp_path / "proj"
    result = run(
        "new", str(dest), "--defaults", "--template", url, "--vcs-ref", "v1",
        "--set", "template.flavour=chocolate", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return dest


def test_update_to_a_new_version_takes_new_defaults_skips_and_migrates(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    project = new_at_v1(tmp_path, url)
    (project / "settings.ini").write_text("[app]\nflavour = my own\n")
    commit_all(project, "our settings")

    result = run("update", "-C", str(project), "--vcs-ref", "v2", "--trust")

    assert result.exit_code == 0, result.output
    assert "flavour: the saved answer 'chocolate' no longer fits" in result.output
    assert "tests: the saved answer 'yes' no longer fits" in result.output
    assert (project / "README.md").read_text() == "# proj\n\nFlavour: mint\nTests: True\n"
    assert (project / "settings.ini").read_text() == "[app]\nflavour = my own\n"  # skipped
    assert (project / "notes.txt").read_text() == "one\ntwo\nthree\n"
    assert (project / "migration-ran.txt").read_text().strip() == "migrated-from-v1"
    assert "migration ran" in result.output and "Template version: v1 -> v2" in result.output
    saved = record(project)
    assert (saved["vcs_ref"], saved["version"]) == ("v2", "v2")
    assert saved["answers"]["flavour"] == "mint"  # type: ignore[index]
    assert git(project, "status", "--porcelain") == ""
    assert "migrations" in git(project, "log", "-1", "--format=%s")


def test_migrations_need_consent_and_dry_run_lists_them(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    project = new_at_v1(tmp_path, url)
    head = git(project, "rev-parse", "HEAD")

    refused = run("update", "-C", str(project), "--vcs-ref", "v2")
    assert refused.exit_code != 0 and "--trust" in refused.output, refused.output
    dry = run("update", "-C", str(project), "--vcs-ref", "v2", "--trust", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "migration to run: echo migrated-from-" in dry.output

    assert git(project, "rev-parse", "HEAD") == head
    assert not (project / "migration-ran.txt").exists()
    assert record(project)["vcs_ref"] == "v1"


def test_a_version_without_migrations_starts_no_migration_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copier takes migrations from the new version's copier.yml alone: when it has none, the
    update asks Copier nothing about them (no clone of either version)."""
    from mlstart.render import copier_update

    v3 = {**COPIER_V2, "copier.yml": COPIER_V2["copier.yml"].split("_migrations:")[0]}
    v3["notes.txt"] = "one\ntwo\nthree\nfour\n"
    url = tagged_repo(tmp_path / "tpl", [COPIER_V2, v3], ["v2", "v3"])
    project = tmp_path / "proj"
    made = run("new", str(project), "--defaults", "--template", url, "--vcs-ref", "v2", "--trust")
    assert made.exit_code == 0, made.output

    def refuse(*_args: object, **_kwargs: object) -> list[str]:
        raise AssertionError("a migration run was started for a version without migrations")

    monkeypatch.setattr(copier_update, "migrations", refuse)
    for extra in (["--dry-run"], []):
        result = run("update", "-C", str(project), "--vcs-ref", "v3", "--trust", *extra)
        assert result.exit_code == 0, result.output
        assert "migration" not in result.output
    assert (project / "notes.txt").read_text() == "one\ntwo\nthree\nfour\n"
    assert not (project / "migration-ran.txt").exists()


def test_a_skipped_file_the_user_deleted_is_made_again(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    project = new_at_v1(tmp_path, url)
    git(project, "rm", "-q", "settings.ini")
    git(project, "commit", "-q", "-m", "no settings")

    result = run("update", "-C", str(project), "--vcs-ref", "v2", "--trust")

    assert result.exit_code == 0, result.output
    assert "version = 2" in (project / "settings.ini").read_text()
    assert git(project, "status", "--porcelain") == ""


def test_staying_on_a_recorded_version_brings_nothing(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    project = new_at_v1(tmp_path, url)
    result = run("update", "-C", str(project))
    assert result.exit_code == 0, result.output
    assert "Already up to date" in result.output


def test_update_from_another_source(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    project = new_at_v1(tmp_path, url)
    fork = write(tmp_path / "fork", {**COPIER_V1, "extra.txt": "from the fork\n"})

    result = run("update", "-C", str(project), "--template", str(fork))

    assert result.exit_code == 0, result.output
    assert (project / "extra.txt").read_text() == "from the fork\n"
    saved = record(project)
    assert saved["source"] == str(fork) and "vcs_ref" not in saved


def test_edit_versus_delete_is_described_as_such(tmp_path: Path) -> None:
    v1 = {**ANSWERS_FILE, "copier.yml": "name:\n  default: x\n", "notes.txt": "a\nb\n"}
    v2 = {**ANSWERS_FILE, "copier.yml": "name:\n  default: x\n", "other.txt": "o\n"}
    url = tagged_repo(tmp_path / "tpl", [v1, v2], ["v1", "v2"])
    dest = tmp_path / "proj"
    made = run("new", str(dest), "--defaults", "--template", url, "--vcs-ref", "v1")
    assert made.exit_code == 0, made.output
    (dest / "notes.txt").write_text("a\nb\nmine\n")
    commit_all(dest, "my notes")

    result = run("update", "-C", str(dest), "--vcs-ref", "v2")

    assert result.exit_code == 6, result.output
    assert "notes.txt: the template removed it, you changed it" in result.output
    assert "`git add` keeps yours" in result.output


def test_cookiecutter_hooks_do_not_run_again_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = tmp_path / "hook-runs.txt"
    monkeypatch.setenv("HOOK_COUNT", str(counter))
    hook = (
        "import os\nfrom pathlib import Path\n"
        "count = Path(os.environ['HOOK_COUNT'])\n"
        "count.write_text(count.read_text() + 'x' if count.exists() else 'x')\n"
        "Path('made-by-hook.txt').write_text('hook\\n')\n"
        "Path('drop-me.txt').unlink()\n"
    )
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo", "greeting": "hi"}),
            "hooks/post_gen_project.py": hook,
            "{{ cookiecutter.name }}/a.txt": "{{ cookiecutter.greeting }}\n",
            "{{ cookiecutter.name }}/drop-me.txt": "drop\n",
        },
    )
    dest = tmp_path / "proj"
    made = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert made.exit_code == 0, made.output
    assert counter.read_text() == "x"

    result = run("update", "-C", str(dest), "--set", "template.greeting=hello")
    assert result.exit_code == 0, result.output
    assert (dest / "a.txt").read_text() == "hello\n"
    assert (dest / "made-by-hook.txt").is_file() and not (dest / "drop-me.txt").exists()
    assert counter.read_text() == "x"  # not run again

    again = run("update", "-C", str(dest), "--set", "template.greeting=hey", "--run-hooks")
    assert again.exit_code == 0, again.output
    assert counter.read_text() == "xx"


def test_advance_says_what_it_brought(tmp_path: Path) -> None:
    url = copier_versions(tmp_path)
    project = new_at_v1(tmp_path, url)
    result = run("advance", "-C", str(project), "--force", "--reason", "testing the message")
    assert result.exit_code == 0, result.output
    assert "only the lifecycle change" in result.output


def test_a_ccds_project_updates_without_its_hooks_and_keeps_what_they_did(
    tmp_path: Path,
) -> None:
    from tests.templates.shapes import ccds_template

    template = ccds_template(tmp_path)
    dest = tmp_path / "proj"
    made = run(
        "new", str(dest), "--defaults", "--trust", "--template", str(template),
        "--set", "template.docs=none", "--set", "template.open_source_license=No license file",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    requirements = (dest / "requirements.txt").read_text()
    readme = template / "{{ cookiecutter.repo_name }}/README.md"
    readme.write_text(readme.read_text() + "\nMade with the data-science layout.\n")

    result = run("update", "-C", str(dest))

    assert result.exit_code == 0, result.output
    assert "Made with the data-science layout." in (dest / "README.md").read_text()
    assert not (dest / "docs/mkdocs.yml").exists()  # the hook removed these
    assert not (dest / "LICENSE").exists()
    assert (dest / "requirements.txt").read_text() == requirements  # the hook made it
    assert git(dest, "status", "--porcelain") == ""


def test_a_broken_new_version_is_one_error_and_changes_nothing(tmp_path: Path) -> None:
    v1 = {**ANSWERS_FILE, "copier.yml": "name:\n  default: x\n", "a.txt": "a\n"}
    v2 = {**v1, "b.txt.jinja": "{% include 'parts/gone.txt' %}\n"}
    url = tagged_repo(tmp_path / "tpl", [v1, v2], ["v1", "v2"])
    dest = tmp_path / "proj"
    made = run("new", str(dest), "--defaults", "--template", url, "--vcs-ref", "v1")
    assert made.exit_code == 0, made.output
    head, tip = git(dest, "rev-parse", "HEAD"), git(dest, "rev-parse", "mlstart/template")

    result = run("update", "-C", str(dest), "--vcs-ref", "v2")

    assert result.exit_code == 1, result.output
    assert "parts/gone.txt" in result.output and "b.txt.jinja:1" in result.output
    assert "Traceback" not in result.output
    assert (git(dest, "rev-parse", "HEAD"), git(dest, "rev-parse", "mlstart/template")) == (
        head,
        tip,
    )
    assert record(dest)["vcs_ref"] == "v1"


def test_a_hook_failing_on_a_requested_rerun_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = "import os, sys\nsys.exit(1 if os.environ.get('FAIL_HOOK') else 0)\n"
    template = write(
        tmp_path / "tpl",
        {
            "cookiecutter.json": json.dumps({"name": "demo"}),
            "hooks/post_gen_project.py": hook,
            "{{ cookiecutter.name }}/a.txt": "a\n",
        },
    )
    dest = tmp_path / "proj"
    made = run("new", str(dest), "--defaults", "--trust", "--template", str(template))
    assert made.exit_code == 0, made.output
    head = git(dest, "rev-parse", "HEAD")
    monkeypatch.setenv("FAIL_HOOK", "1")

    result = run("update", "-C", str(dest), "--run-hooks")

    assert result.exit_code == 1, result.output
    assert "hooks/post_gen_project.py failed" in result.output
    assert git(dest, "rev-parse", "HEAD") == head and git(dest, "status", "--porcelain") == ""
