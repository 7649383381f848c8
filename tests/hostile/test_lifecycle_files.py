"""Hostile lifecycle.yaml files and evidence documents: read-only commands stay safe.

Every case × every command: no hang, no traceback, no read outside, no code, files unchanged.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable

import pytest

from tests.hostile.conftest import SECRET, Sandbox, assert_safe, digest

LIFECYCLE = "lifecycle.yaml"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


def _replace(box: Sandbox, text: str | bytes) -> None:
    path = box.project / LIFECYCLE
    path.unlink()
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)


def _link(box: Sandbox, target: str) -> None:
    path = box.project / LIFECYCLE
    path.unlink()
    os.symlink(target, path)


def _add_task(box: Sandbox, check: str) -> None:
    """A task of the repository's own whose check names a hostile path or command."""
    path = box.project / LIFECYCLE
    task = (
        "    - id: planning.hostile\n      title: Hostile\n      required: true\n"
        f"      check: {check}\n      status: todo\n"
    )
    path.write_text(re.sub(r"(\nphases:\n  planning:\n)", r"\1" + task, path.read_text(), count=1))


def _link_in_project(box: Sandbox, relative: str, target: str) -> None:
    path = box.project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    os.symlink(target, path)


def _deep_json(box: Sandbox) -> None:
    _add_task(box, "{metric: reports/metrics/deep.json}")
    (box.project / "reports/metrics").mkdir(parents=True, exist_ok=True)
    (box.project / "reports/metrics/deep.json").write_text("[" * 100_000 + "]" * 100_000)


def _fifo(box: Sandbox, relative: str) -> None:
    path = box.project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    os.mkfifo(path)


CASES: dict[str, Callable[[Sandbox], None]] = {
    "link-out-of-project": lambda b: _link(b, str(b.outside / "secret.yaml")),
    "link-dangling-outside": lambda b: _link(b, str(b.outside / "nothing.yaml")),
    "link-to-dev-zero": lambda b: _link(b, "/dev/zero"),
    "link-to-dev-stdin": lambda b: _link(b, "/dev/stdin"),
    "link-to-dev-urandom": lambda b: _link(b, "/dev/urandom"),
    "alias-bomb": lambda b: _replace(b, BOMB),
    "self-referring-alias": lambda b: _replace(b, "schema_version: 1\nx: &a [*a]\n"),
    "deep-lists": lambda b: _replace(b, "x: " + "[" * 50_000 + "]" * 50_000 + "\n"),
    "deep-mappings": lambda b: _replace(b, "x: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n"),
    "too-large": lambda b: _replace(b, "# " + "x" * (17 * 1024 * 1024) + "\n"),
    "nul-bytes": lambda b: _replace(b, b"schema_version: 1\n\x00\x00phase: planning\n"),
    "not-utf8": lambda b: _replace(b, b"schema_version: 1\nproject: {name: \xff\xfe}\n"),
    "python-tag": lambda b: _replace(
        b, f"x: !!python/object/apply:os.system ['touch {b.marker}']\n"
    ),
    "ruamel-tag": lambda b: _replace(b, "x: !!python/name:os.system\n"),
    "a-list": lambda b: _replace(b, "- 1\n- 2\n"),
    "empty": lambda b: _replace(b, ""),
    "newer-schema": lambda b: _replace(b, "schema_version: 99\n"),
    "evidence-link-out": lambda b: _link_in_project(
        b, "docs/charter.md", str(b.outside / "victim.txt")
    ),
    "evidence-dir-link-out": lambda b: _link_in_project(b, "docs", str(b.outside)),
    "evidence-link-dev-zero": lambda b: _link_in_project(b, "docs/metrics.md", "/dev/zero"),
    "evidence-fifo": lambda b: _fifo(b, "docs/charter.md"),
    "metrics-link-dev-zero": lambda b: (
        _add_task(b, "{metric: reports/metrics/heuristic.json}"),
        _link_in_project(b, "reports/metrics/heuristic.json", "/dev/zero"),
    )[-1],
    "metrics-link-out": lambda b: (
        _add_task(b, "{metric: reports/metrics/heuristic.json}"),
        _link_in_project(b, "reports/metrics/heuristic.json", str(b.outside / "secret.yaml")),
    )[-1],
    "metrics-deep-json": _deep_json,
    "path-check-parent": lambda b: _add_task(b, "{path: ../outside/secret.yaml}"),
    "path-check-absolute": lambda b: _add_task(b, f"{{path: {b.outside / 'secret.yaml'}}}"),
    "cmd-check-not-run": lambda b: _add_task(b, f"{{cmd: 'touch {b.marker}'}}"),
    "config-file-link-out": lambda b: (
        _add_task(b, "{config: token, file: conf/settings.yaml}"),
        _link_in_project(b, "conf/settings.yaml", str(b.outside / "secret.yaml")),
    )[-1],
    "config-file-bomb": lambda b: (
        _add_task(b, "{config: a, file: conf/bomb.yaml}"),
        (b.project / "conf").mkdir(exist_ok=True),
        (b.project / "conf/bomb.yaml").write_text(BOMB),
    )[-1],
}
COMMANDS = [("status",), ("status", "--json"), ("check",), ("log",)]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c))
@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_lifecycle(box: Sandbox, case: str, command: tuple[str, ...]) -> None:
    CASES[case](box)
    outside = digest(box.outside)
    project = digest(box.project)
    result = box.run(*command)
    assert_safe(box, result, outside_before=outside, project_before=project)


def test_a_lifecycle_file_linked_out_is_refused_and_says_so(box: Sandbox) -> None:
    _link(box, str(box.outside / "secret.yaml"))
    result = box.run("status")
    assert result.returncode == 1
    assert "link" in result.stderr and SECRET not in result.stderr + result.stdout


def test_messages_do_not_tell_whether_an_outside_file_exists(box: Sandbox) -> None:
    """A link to an outside file that exists reads the same as one to a file that does not."""
    _link_in_project(box, "docs/charter.md", str(box.outside / "victim.txt"))
    present = box.run("check").stdout + box.run("check").stderr
    _link_in_project(box, "docs/charter.md", str(box.outside / "absent.txt"))
    absent = box.run("check").stdout + box.run("check").stderr
    assert present == absent


def test_a_fifo_lifecycle_does_not_hang(box: Sandbox) -> None:
    _fifo(box, LIFECYCLE)
    outside = digest(box.outside)
    assert_safe(box, box.run("status"), outside_before=outside)
