"""The lifecycle commands through Click (CliRunner on mlstart.cli.main) and the fast path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlstart.cli.app import main
from mlstart.cli.fast import run_status
from mlstart.core.errors import ExitCode
from tests.lifecycle.conftest import metrics


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_status_text_shows_phase_stage_bars_next_and_gate(project: Path) -> None:
    code, out, _ = run("status", str(project / "src"))  # from a subfolder (not created yet)
    assert code == ExitCode.ERROR  # a path that does not exist
    (project / "src").mkdir()
    code, out, _ = run("status", str(project / "src"))
    assert code == 0
    assert "churn (course): phase planning, stage heuristic" in out
    for phase in ("planning", "data", "training", "deployment"):
        assert f"  {phase}" in out
    assert "[" in out and "/" in out
    assert "Next:" in out and "fix:" in out
    assert "Gate planning -> data: blocked" in out


def test_status_json_has_the_documented_keys(project: Path) -> None:
    code, out, _ = run("status", str(project), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["phase"] == "planning" and report["stage"] == "heuristic"
    assert [p["id"] for p in report["phases"]] == ["planning", "data", "training", "deployment"]
    first = report["phases"][0]["tasks"][0]
    assert {"id", "title", "status"} <= set(first)
    assert len(report["next"]) == 3 and {"id", "title", "missing", "fix"} <= set(report["next"][0])
    assert {"from", "to", "open", "blockers"} <= set(report["gate"])


def test_status_all_lists_every_task(project: Path) -> None:
    _code, out, _ = run("status", str(project), "--all")
    assert "planning.charter" in out and "deployment.ci" in out and "data.splits" in out


def test_fast_path_prints_what_click_prints(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for flags in ([], ["--json"], ["--all"]):
        _code, click_out, _ = run("status", str(project), *flags)
        assert run_status(str(project), as_json="--json" in flags, show_all="--all" in flags) == 0
        assert capsys.readouterr().out == click_out


def test_status_outside_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run("status", str(tmp_path))
    assert code == ExitCode.ERROR and "not inside an mlstart project" in err
    assert "Traceback" not in err
    assert run_status(str(tmp_path), as_json=False, show_all=False) == ExitCode.ERROR
    assert "not inside an mlstart project" in capsys.readouterr().err


def test_an_invalid_file_is_an_error_not_a_traceback(project: Path) -> None:
    path = project / "lifecycle.yaml"
    path.write_text(path.read_text().replace("phase: planning", "phase: [oops"))
    code, _out, err = run("status", str(project))
    assert code == ExitCode.ERROR and "lifecycle.yaml:" in err and "Traceback" not in err
    code, _out, err = run("done", "charter", "-C", str(project))
    assert code == ExitCode.ERROR and "never overwrites" in err


def test_done_skip_reopen(project: Path) -> None:
    code, out, _ = run("done", "find-out-data-size", "--note", "v1", "-C", str(project))
    assert code == 0 and "planning.find-out-data-size: done" in out
    code, out, _ = run("skip", "planning.plan", "--reason", "later", "-C", str(project))
    assert code == 0 and "skipped" in out
    code, _out, err = run("skip", "planning.plan", "-C", str(project))
    assert code == ExitCode.USAGE and "--reason" in err
    code, out, _ = run("reopen", "planning.plan", "-C", str(project))
    assert code == 0 and "todo" in out
    code, _out, err = run("done", "zzz", "-C", str(project))
    assert code == ExitCode.ERROR and "no task matches" in err


def test_advance_blocked_forced_and_back(project: Path) -> None:
    code, _out, err = run("advance", "-C", str(project))
    assert code == ExitCode.GATE_BLOCKED and "planning.charter" in err and "fix:" in err
    code, _out, err = run("advance", "--force", "-C", str(project))
    assert code == ExitCode.USAGE and "--reason" in err
    code, out, _ = run("advance", "--force", "--reason", "deadline", "-C", str(project))
    assert code == 0 and "planning -> data (override recorded)" in out
    code, out, _ = run("back", "planning", "--reason", "reframe", "-C", str(project))
    assert code == 0 and "data -> planning" in out
    code, out, _ = run("log", "-C", str(project))
    lines = out.strip().splitlines()
    assert "created" in lines[0] and "Ada Tester" in lines[0]
    assert "advanced planning -> data (forced)  deadline" in lines[1]
    assert "back data -> planning  reframe" in lines[2]
    code, out, _ = run("log", "--json", "-C", str(project))
    assert [e["event"] for e in json.loads(out)["events"]] == ["created", "advanced", "back"]


def test_advance_stage(project: Path) -> None:
    for _ in range(2):
        run("advance", "--force", "--reason", "to training", "-C", str(project))
    data_hash = "cd" * 32
    metrics(project, "heuristic", 0.7, data_hash=data_hash)
    code, _out, err = run("advance", "--stage", "-C", str(project))
    assert code == ExitCode.GATE_BLOCKED and "simple.json" in err
    metrics(project, "simple", 0.75, data_hash=data_hash)
    code, out, _ = run("advance", "--stage", "-C", str(project))
    assert code == 0 and "stage: heuristic -> simple" in out


def test_check_shows_missing_and_fix_and_exits_non_zero(project: Path) -> None:
    code, out, err = run("check", "-C", str(project))
    assert code == ExitCode.CHECK_FAILED
    assert "FAIL filled docs/metrics.md" in out
    assert "missing: docs/metrics.md does not exist" in out
    assert "fix:" in out and "required task(s) of planning" in err
    code, out, _ = run("check", "--json", "-C", str(project))
    assert code == ExitCode.CHECK_FAILED and json.loads(out)["gate"]["open"] is False


def test_check_passes_when_the_phase_is_met(project: Path) -> None:
    code, out, _ = run("advance", "--force", "--reason", "r", "-C", str(project))
    for task_id in ("data.snapshot", "data.schema", "data.splits", "data.checkpoint"):
        run("done", task_id, "--force", "--reason", "test", "-C", str(project))
    code, out, _ = run("check", "-C", str(project))
    assert code == 0, out


def test_every_command_has_help_with_an_example() -> None:
    for name in ("status", "check", "done", "skip", "reopen", "advance", "back", "log"):
        code, out, _ = run(name, "--help")
        assert code == 0 and "mlstart " + name in out, name


def test_status_why_says_why_each_task_listed_matters(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, plain, _ = run("status", str(project))
    assert "why:" not in plain
    _code, out, _ = run("status", str(project), "--why", "--all")
    assert "why: governance: a model nobody acts on creates no value" in out
    assert out.count("why:") >= 20
    assert run_status(str(project), as_json=False, show_all=True, show_why=True) == 0
    assert capsys.readouterr().out == out
    report = json.loads(run("status", str(project), "--json")[1])
    assert all(t["why"] for phase in report["phases"] for t in phase["tasks"])


def test_check_shows_why_a_failing_task_matters(project: Path) -> None:
    _code, out, _ = run("check", "-C", str(project))
    assert "planning.charter  " in out
    assert "  why: governance: a model nobody acts on" in out
