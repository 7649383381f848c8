"""Hostile template records (`.mlstart/template.yml` on mlstart/template) and `mlstart update`.

The record comes with a clone: whatever it names, `update` and `update --dry-run` fetch, render
and run nothing without the user's consent, and change no file and no branch.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import Sandbox, assert_safe, digest

RECORD = ".mlstart/template.yml"


def copier_tasks(marker: Path) -> dict[str, str]:
    return {
        "copier.yml": f"_tasks:\n  - touch {marker}\nname:\n  type: str\n  default: x\n",
        "README.md.jinja": "# {{ name }}\n",
    }


def copier_plain() -> dict[str, str]:
    return {"copier.yml": "name:\n  type: str\n  default: x\n", "NOTES.md.jinja": "{{ name }}\n"}


def cookiecutter_hook(marker: Path) -> dict[str, str]:
    return {
        "cookiecutter.json": json.dumps({"project_name": "x"}),
        "hooks/pre_gen_project.py": f"open({str(marker)!r}, 'w').close()\n",
        "{{cookiecutter.project_name}}/a.txt": "a\n",
    }


def write_tree(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def as_git(folder: Path) -> str:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "t"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)
    return f"file://{folder}"


def record(source: object, kind: str = "copier", **extra: object) -> str:
    return json.dumps({"source": source, "kind": kind, "framing": {}, **extra})


def put_record(box: Sandbox, text: str | bytes, in_repo: dict[str, str] | None = None) -> None:
    """Commit a template in the repository (on main) and the record on mlstart/template."""
    if in_repo:
        write_tree(box.project, in_repo)
        box.commit_all("a template inside the repository")
    box.git("checkout", "-q", "mlstart/template")
    path = box.project / RECORD
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    box.commit_all("hostile record")
    box.git("checkout", "-q", "main")


def _in_repo(files: Callable[[Sandbox], dict[str, str]], source: str, kind: str = "copier"):
    def build(box: Sandbox) -> None:
        tree = {f"tpl/{k}": v for k, v in files(box).items()}
        src = str(box.project / "tpl") if source == "ABS" else source
        put_record(box, record(src, kind), tree)

    return build


def _outside_folder(box: Sandbox) -> None:
    write_tree(box.outside / "tpl", copier_tasks(box.marker))
    put_record(box, record(str(box.outside / "tpl")))


def _outside_git(box: Sandbox) -> None:
    write_tree(box.outside / "gtpl", copier_tasks(box.marker))
    put_record(box, record(as_git(box.outside / "gtpl")))


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)
CASES: dict[str, Callable[[Sandbox], None]] = {
    "in-repo-relative-copier-tasks": _in_repo(lambda b: copier_tasks(b.marker), "tpl"),
    "in-repo-absolute-copier-tasks": _in_repo(lambda b: copier_tasks(b.marker), "ABS"),
    "in-repo-dot-relative": _in_repo(lambda b: copier_tasks(b.marker), "./tpl/../tpl"),
    "in-repo-copier-without-tasks": _in_repo(lambda b: copier_plain(), "tpl"),
    "in-repo-cookiecutter-hook": _in_repo(
        lambda b: cookiecutter_hook(b.marker), "tpl", "cookiecutter"
    ),
    "outside-folder-unconfirmed": _outside_folder,
    "outside-git-url-unconfirmed": _outside_git,
    "home-folder-unconfirmed": lambda b: put_record(b, record("~/tpl")),
    "option-injection": lambda b: put_record(b, record(f"--upload-pack=touch {b.marker};x.git")),
    "ext-transport": lambda b: put_record(b, record(f"ext::sh -c touch% {b.marker}")),
    "unknown-kind": lambda b: put_record(b, record("bundled", "evil")),
    "source-a-list": lambda b: put_record(b, record(["bundled", "x"])),
    "answers-a-list": lambda b: put_record(b, record("bundled", answers=[1, 2])),
    "framing-a-string": lambda b: put_record(
        b, json.dumps({"source": "bundled", "kind": "copier", "framing": "x"})
    ),
    "bad-phase": lambda b: put_record(b, record("bundled", phase="../../etc")),
    "long-fingerprint": lambda b: put_record(b, record("bundled", charter="x" * 10_000)),
    "control-characters": lambda b: put_record(b, record("tpl\x01\x1b[2J")),
    "alias-bomb": lambda b: put_record(b, BOMB),
    "too-large": lambda b: put_record(b, "source: bundled\nkind: copier\n#" + "x" * 2_000_000),
    "nul-bytes": lambda b: put_record(b, b"source: bundled\x00\nkind: copier\n"),
    "python-tag": lambda b: put_record(
        b, f"source: !!python/object/apply:os.system ['touch {b.marker}']\nkind: copier\n"
    ),
    "hostile-framing-answers": lambda b: put_record(
        b, record("bundled", framing={"project_name": "x\n[tool.evil]", "problem": ["a"]})
    ),
}
COMMANDS = [("update",), ("update", "--dry-run"), ("update", "--json")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_record(box: Sandbox, case: str, command: tuple[str, ...]) -> None:
    CASES[case](box)
    outside = digest(box.outside)
    project = digest(box.project)
    branches = box.git("for-each-ref", "--format=%(refname) %(objectname)")
    result = box.run(*command)
    assert_safe(box, result, outside_before=outside, project_before=project, refused=True)
    assert box.git("for-each-ref", "--format=%(refname) %(objectname)") == branches
    assert box.git("status", "--porcelain") == ""


def test_consent_with_trust_runs_the_confirmed_template(box: Sandbox) -> None:
    """The same in-repository template runs once the user consents (--trust): consent works."""
    CASES["in-repo-relative-copier-tasks"](box)
    result = box.run("update", "--trust")
    assert result.returncode == 0, result.stderr
    assert box.marker.exists()


def test_a_dry_run_with_consent_still_runs_nothing(box: Sandbox) -> None:
    """--dry-run changes nothing and runs nothing, even when the template is trusted."""
    CASES["in-repo-relative-copier-tasks"](box)
    project = digest(box.project)
    branches = box.git("for-each-ref", "--format=%(refname) %(objectname)")
    result = box.run("update", "--dry-run", "--trust")
    assert result.returncode == 0, result.stderr
    assert not box.marker.exists()  # the template's task did not run
    assert digest(box.project) == project
    assert box.git("for-each-ref", "--format=%(refname) %(objectname)") == branches


def test_a_dry_run_of_a_trusted_cookiecutter_template_runs_no_hook(box: Sandbox) -> None:
    _in_repo(lambda b: cookiecutter_hook(b.marker), "tpl", "cookiecutter")(box)
    result = box.run("update", "--dry-run", "--trust", "--run-hooks")
    assert not box.marker.exists(), result.stderr


def test_a_dry_run_refuses_a_template_whose_extensions_would_load(box: Sandbox) -> None:
    files = {
        "copier.yml": "_jinja_extensions: [evil_ext.Ext]\nname:\n  type: str\n  default: x\n",
        "evil_ext.py": f"open({str(box.marker)!r}, 'w').close()\n"
        "from jinja2.ext import Extension\nclass Ext(Extension):\n    pass\n",
        "README.md.jinja": "# {{ name }}\n",
    }
    _in_repo(lambda b: files, "tpl")(box)
    result = box.run("update", "--dry-run", "--trust")
    assert result.returncode != 0 and "cannot be previewed" in result.stderr
    assert not box.marker.exists()
    assert "Traceback" not in result.stderr
