"""`mlstart init` in a hostile repository, and hostile answers files for `new` and `init`.

init never writes through a link (dangling or not) or outside the project; an answers file that
is not a small regular text file of the right shape is refused with one clear message.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import SECRET, Sandbox, assert_safe, digest


@pytest.fixture
def plain(box: Sandbox) -> Sandbox:
    """A plain Git repository (not an mlstart project) in place of the project."""
    import shutil

    shutil.rmtree(box.project)
    box.project.mkdir()
    (box.project / "README.md").write_text("# mine\n")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "mine"]):
        subprocess.run(["git", *args], cwd=box.project, check=True, capture_output=True)
    return box


def _link(box: Sandbox, relative: str, target: Path | str) -> None:
    path = box.project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)


INIT_CASES: dict[str, Callable[[Sandbox], None]] = {
    "docs-links-out": lambda b: _link(b, "docs", b.outside),
    "charter-dangling-link-out": lambda b: _link(b, "docs/charter.md", b.outside / "new.md"),
    "charter-link-to-victim": lambda b: _link(b, "docs/charter.md", b.outside / "victim.txt"),
    "mlstart-folder-links-out": lambda b: _link(b, ".mlstart", b.outside),
    "record-dangling-link": lambda b: _link(b, ".mlstart/template.yml", b.outside / "r.yml"),
    "lifecycle-dangling-link": lambda b: _link(b, "lifecycle.yaml", b.outside / "lc.yaml"),
    "lifecycle-link-to-victim": lambda b: _link(b, "lifecycle.yaml", b.outside / "victim.txt"),
    "docs-relative-link-up": lambda b: _link(b, "docs", "../outside"),
}


@pytest.mark.parametrize("case", sorted(INIT_CASES))
def test_init_never_writes_through_a_link(plain: Sandbox, case: str) -> None:
    INIT_CASES[case](plain)
    outside, project = digest(plain.outside), digest(plain.project)
    head = plain.git("rev-parse", "HEAD")
    result = plain.run("init", "--defaults", "--no-hooks")
    assert_safe(plain, result, outside_before=outside, project_before=project, refused=True)
    assert plain.git("rev-parse", "HEAD") == head
    assert (plain.outside / "victim.txt").read_text() == f"{SECRET}\n"


def _answers(box: Sandbox, text: str | bytes) -> Path:
    path = box.root / "answers.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def _answers_link(box: Sandbox, target: str) -> Path:
    path = box.root / "answers.yml"
    os.symlink(target, path)
    return path


def _answers_fifo(box: Sandbox) -> Path:
    path = box.root / "answers.yml"
    os.mkfifo(path)
    return path


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)
ANSWERS: dict[str, Callable[[Sandbox], Path]] = {
    "link-to-dev-zero": lambda b: _answers_link(b, "/dev/zero"),
    "link-to-dev-stdin": lambda b: _answers_link(b, "/dev/stdin"),
    "fifo": _answers_fifo,
    "a-folder": lambda b: b.outside,
    "binary": lambda b: _answers(b, bytes(range(256)) * 4),
    "nul-bytes": lambda b: _answers(b, b"project_name: a\x00b\n"),
    "list-where-text": lambda b: _answers(b, "project_name: [a, b]\n"),
    "mapping-where-text": lambda b: _answers(b, "problem: {a: 1}\n"),
    "alias-bomb": lambda b: _answers(b, BOMB),
    "deep": lambda b: _answers(b, "problem: " + "[" * 10_000 + "]" * 10_000 + "\n"),
    "too-large": lambda b: _answers(b, "# " + "x" * 3_000_000 + "\n"),
    "python-tag": lambda b: _answers(
        b, f"x: !!python/object/apply:os.system ['touch {b.marker}']\n"
    ),
    "newline-in-name": lambda b: _answers(b, 'project_name: "a\\n[tool.evil]"\n'),
    "control-characters": lambda b: _answers(b, 'author_name: "a\\u001b[2Jb"\n'),
    "stdlib-name": lambda b: _answers(b, "project_name: json\n"),
    "keyword-name": lambda b: _answers(b, "package_name: match\n"),
    "json-deep": lambda b: _answers(b, "x"),  # replaced below by a .json file
}


@pytest.mark.parametrize("command", ["new", "init"])
@pytest.mark.parametrize("case", sorted(ANSWERS))
def test_hostile_answers_file(box: Sandbox, case: str, command: str) -> None:
    if case == "json-deep":
        path = box.root / "answers.json"
        path.write_text("[" * 100_000 + "]" * 100_000)
    else:
        path = ANSWERS[case](box)
    target = box.root / "made"
    target.mkdir()
    outside = digest(box.outside)
    args = ["new", str(target / "p")] if command == "new" else ["init", str(target)]
    result = box.run(*args, "--answers", str(path), "--no-hooks")
    assert_safe(box, result, outside_before=outside, refused=True)
    assert list(target.iterdir()) == [], "a refused answers file left files behind"
    assert "[a, b]" not in result.stderr and "['a', 'b']" not in result.stderr
