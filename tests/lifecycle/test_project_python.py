"""`check --run` runs commands with the project's Python: .venv, VIRTUAL_ENV, lifecycle.yaml."""

from __future__ import annotations

import json
import sys
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlstart.cli.app import main
from mlstart.core import pyenv
from mlstart.lifecycle import store
from mlstart.lifecycle.evidence import Evidence

WHO = "python -c \"import sys; open('who.txt', 'w').write(sys.prefix)\""


def make_venv(folder: Path) -> Path:
    venv.create(folder, with_pip=False, symlinks=sys.platform != "win32")
    return folder


def run_check(project: Path, command: str) -> dict[str, object]:
    evidence = Evidence(str(project), store.load(project / "lifecycle.yaml"), deep=True, run=True)
    return evidence.check({"cmd": command})


def test_the_projects_venv_comes_first(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_venv(tmp_path / "active")
    monkeypatch.setenv("VIRTUAL_ENV", str(other))
    make_venv(project / ".venv")
    assert run_check(project, WHO)["state"] == "ok"
    assert Path((project / "who.txt").read_text()) == project / ".venv"


def test_then_the_active_environment_then_the_setting(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    active = make_venv(tmp_path / "active")
    monkeypatch.setenv("VIRTUAL_ENV", str(active))
    assert run_check(project, WHO)["state"] == "ok"
    assert Path((project / "who.txt").read_text()) == active
    monkeypatch.delenv("VIRTUAL_ENV")
    chosen = make_venv(tmp_path / "chosen")
    path = project / "lifecycle.yaml"
    path.write_text(path.read_text() + f"python: {chosen}\n")
    found = pyenv.find(project, store.load(path).get("python"))
    assert found.source == "lifecycle.yaml" and found.env_dir == chosen
    assert run_check(project, WHO)["state"] == "ok"
    assert Path((project / "who.txt").read_text()) == chosen


def test_a_failure_names_the_interpreter_and_how_to_install(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    make_venv(project / ".venv")
    result = run_check(project, "python -m no_such_module_here")
    assert result["state"] == "fail"
    assert str(project / ".venv" / "bin" / "python") in str(result["missing"])
    assert "the project's .venv" in str(result["missing"])
    assert "pip install -e '.[dev]'" in str(result["fix"])


def test_check_run_reports_each_command_and_the_interpreter(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    make_venv(project / ".venv")
    path = project / "lifecycle.yaml"
    path.write_text(
        path.read_text().replace(
            "check: {path: src/churn/baseline.py}", "check: {cmd: 'python -c \"import sys\"'}"
        )
    )
    result = CliRunner().invoke(main, ["check", "--run", "-C", str(project), "--json"])
    assert result.exit_code in (0, 4), result.output
    data = json.loads(result.stdout)
    assert data["python"] == {"path": str(project / ".venv" / "bin" / "python"), "source": ".venv"}
    assert (
        'python -c "import sys"' in result.stderr and " s)" in result.stderr
    )  # one line, with its duration
