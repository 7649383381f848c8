"""The console entry: the fast path of `status`, its fall-back to Click, and `python -m mlstart`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import mlstart_exe


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("launch")
    subprocess.run(
        [*mlstart_exe(), "new", "p", "--defaults"], cwd=root, check=True, capture_output=True
    )
    return root / "p"


def test_status_piped_into_a_reader_that_stops_early(project: Path) -> None:
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    status = subprocess.run(
        [*mlstart_exe(), "status", "--all"],
        cwd=project,
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        text=True,
    )
    reader.wait()
    assert "Traceback" not in status.stderr


def test_status_help_is_served_by_click(project: Path) -> None:
    result = subprocess.run(
        [*mlstart_exe(), "status", "--help"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 0 and "--json" in result.stdout


def test_an_unknown_status_option_is_a_usage_error(project: Path) -> None:
    result = subprocess.run(
        [*mlstart_exe(), "status", "--bogus"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 2 and "No such option" in result.stderr


def test_python_dash_m_runs_the_same_program(project: Path) -> None:
    fast = subprocess.run(
        [sys.executable, "-m", "mlstart", "status", "--json"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert fast.returncode == 0 and '"phase": "planning"' in fast.stdout
    version = subprocess.run(
        [sys.executable, "-m", "mlstart", "--version"], capture_output=True, text=True
    )
    assert version.stdout.startswith("mlstart, version")


def test_outside_a_project_status_fails_clearly(tmp_path: Path) -> None:
    result = subprocess.run(
        [*mlstart_exe(), "status"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["status", "--json"], ["-C", ".", "status", "--json"]])
def test_json_is_indented_on_a_terminal_and_one_line_in_a_pipe(
    project: Path, command: list[str]
) -> None:
    """The fast path and Click print the same object; a person reads it indented, a program
    gets one line (and `jq .` indents it)."""
    import json

    pexpect = pytest.importorskip("pexpect")
    exe, *rest = mlstart_exe()
    child = pexpect.spawn(exe, [*rest, *command], cwd=str(project), encoding="utf-8")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    shown = child.before.replace("\r\n", "\n")
    piped = subprocess.run(
        [*mlstart_exe(), *command], cwd=project, capture_output=True, text=True, check=True
    ).stdout
    assert shown.startswith('{\n  "schema_version": 1,') and child.exitstatus == 0
    assert piped.count("\n") == 1 and json.loads(piped) == json.loads(shown)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["-C", ".", "status"]])
def test_status_into_a_full_disk_fails_clearly(project: Path, command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*mlstart_exe(), *command], cwd=project, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert result.returncode == 1
    assert "disk is full" in result.stderr and "Traceback" not in result.stderr
