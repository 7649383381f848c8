"""The interview driven in-process by piped keystrokes (prompt_toolkit pipe input, no terminal).

`has_terminal` is patched to True: the pipe stands in for the terminal. The real terminal path is
covered in test_tty.py with pexpect.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mlstart.cli.app import main
from mlstart.core import terminal
from tests.helpers import git

ENTER = "\r"
DOWN = "\x1b[B"
CLEAR = "\x15"  # Ctrl-U: clear the pre-filled default
CTRL_C = "\x03"


@pytest.fixture(autouse=True)
def pipe_is_the_terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(terminal, "has_terminal", lambda: True)
    yield


def interview_run(keys: str, *args: str) -> Result:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return CliRunner().invoke(main, ["new", "--no-install", *args], catch_exceptions=False)


def essentials(count: int) -> str:
    return ENTER * count


def test_enter_everywhere_takes_the_defaults(tmp_path: Path) -> None:
    result = interview_run(essentials(50), str(tmp_path / "demo"), "--json")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout[result.stdout.index("{") :])["answers"]
    assert answers["project_name"] == "demo"
    assert answers["task_type"] == "classification"
    assert git(tmp_path / "demo", "rev-list", "--count", "HEAD") == "1"


def test_the_replay_command_is_printed_after_an_interactive_run(tmp_path: Path) -> None:
    result = interview_run(essentials(50), str(tmp_path / "demo"))
    assert "Repeat without questions: mlstart new OTHER_DIR --answers" in result.stdout
    assert ".copier-answers.yml" in result.stdout


def test_selects_and_text_answers_land_in_the_project(tmp_path: Path) -> None:
    keys = (
        CLEAR
        + "Fraud Radar"
        + ENTER  # project name
        + ENTER * 3  # description, author name, author email
        + DOWN
        + DOWN
        + ENTER  # project kind: product
        + "Card fraud is found too late"
        + ENTER  # problem
        + "The fraud desk"
        + ENTER  # who acts
        + ENTER  # business value
        + ENTER  # already automated?
        + ENTER  # task type: classification
        + ENTER  # input kind
        + "transaction"
        + ENTER  # entity
        + ENTER  # rows repeat per entity? no
        + CLEAR
        + "is_fraud"
        + ENTER  # target column
        + "Lower fraud losses"
        + ENTER
        + ENTER * 3  # metric, target, costlier error
        + ENTER * 3  # heuristic, solved before, can a person do it
        + DOWN
        + ENTER  # data: partial → the labelling question appears
        + ENTER  # labelling
        + ENTER  # data size
        + ENTER * 2  # flywheel, label delay
        + DOWN
        + ENTER  # deployment: realtime → the latency question appears
        + ENTER  # human in the loop
        + ENTER  # failure rate
        + CLEAR
        + "50"
        + ENTER  # latency
        + ENTER * 10
    )
    result = interview_run(keys, str(tmp_path / "fraud"), "--json")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout[result.stdout.index("{") :])["answers"]
    assert answers["project_name"] == "Fraud Radar" and answers["package_name"] == "fraud_radar"
    assert answers["project_kind"] == "product"
    assert answers["target_column"] == "is_fraud"
    assert answers["data_availability"] == "partial" and answers["labelling"] == "unknown"
    assert answers["deployment"] == "realtime" and answers["latency_ms"] == 50
    assert answers["entity"] == "transaction"
    charter = (tmp_path / "fraud/docs/charter.md").read_text()
    assert "Card fraud is found too late" in charter and "The fraud desk" in charter


def test_invalid_text_is_refused_at_the_prompt_and_asked_again(tmp_path: Path) -> None:
    keys = CLEAR + "../escape" + ENTER + CLEAR + "good-name" + ENTER + essentials(50)
    result = interview_run(keys, str(tmp_path / "p"), "--json")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout[result.stdout.index("{") :])["answers"]
    assert answers["project_name"] == "good-name"
    assert not (tmp_path / "escape").exists()


def test_a_bad_email_and_an_out_of_range_number_are_asked_again(tmp_path: Path) -> None:
    keys = (
        ENTER * 3  # name, description, author
        + CLEAR
        + "not-an-email"
        + ENTER
        + CLEAR
        + "ok@example.org"
        + ENTER
        + ENTER * 11  # kind, problem, who acts, value, automated, task, input, entity, target
        # column, KPI, metric
        + CLEAR
        + "7"
        + ENTER
        + CLEAR
        + "0.9"
        + ENTER  # f1 target: 7 is out of range
        + essentials(50)
    )
    result = interview_run(keys, str(tmp_path / "p"), "--json")
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout[result.stdout.index("{") :])["answers"]
    assert answers["author_email"] == "ok@example.org" and answers["metric_target"] == 0.9


def test_preanswered_questions_are_not_asked(tmp_path: Path) -> None:
    result = interview_run(
        essentials(50), str(tmp_path / "p"), "--set", "task_type=regression", "--json"
    )
    answers = json.loads(result.stdout[result.stdout.index("{") :])["answers"]
    assert answers["task_type"] == "regression" and answers["metric"] == "rmse"


def test_ctrl_c_at_a_question_leaves_nothing_and_exits_130(tmp_path: Path) -> None:
    result = interview_run(ENTER * 5 + CTRL_C, str(tmp_path / "p"))
    assert result.exit_code == 130
    assert "Interrupted" in result.stderr and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_missing_identity_is_asked_and_set_for_this_repository_only(
    no_identity: Path, tmp_path: Path
) -> None:
    keys = "Ida Student" + ENTER + "ida@example.org" + ENTER + "n" + essentials(50)
    result = interview_run(keys, str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    repo = tmp_path / "p"
    assert git(repo, "config", "--local", "user.email") == "ida@example.org"
    assert git(repo, "log", "-1", "--format=%an") == "Ida Student"
    assert "user" not in (no_identity / ".gitconfig").read_text()  # global config untouched


def test_missing_identity_is_set_globally_by_default_shown_old_to_new(
    no_identity: Path, tmp_path: Path
) -> None:
    keys = "Ida Student" + ENTER + "ida@example.org" + ENTER + ENTER + essentials(50)
    result = interview_run(keys, str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    assert "user.name (global): (unset) -> Ida Student" in result.stdout
    repo = tmp_path / "p"
    assert git(repo, "config", "--global", "user.email") == "ida@example.org"
    local = subprocess.run(
        ["git", "config", "--local", "--get-regexp", "^user[.]"], cwd=repo, capture_output=True
    )
    assert local.stdout == b""  # for all repositories, not copied into this one
    assert git(repo, "log", "-1", "--format=%an <%ae>") == "Ida Student <ida@example.org>"


def test_the_identity_step_shows_each_setting_before_writing_it(
    isolated_env: Path, tmp_path: Path
) -> None:
    (isolated_env / ".gitconfig").write_text(
        "[user]\n\tname = Ida Student\n"
    )  # no email, no branch
    keys = "ida@example.org" + ENTER + "n" + essentials(50)
    result = interview_run(keys, str(tmp_path / "p"))
    assert result.exit_code == 0, result.output
    assert "user.email (local): (unset) -> ida@example.org" in result.stdout
    assert "init.defaultBranch (global): (unset) -> main" in result.stdout
    assert "user.name (local)" not in result.stdout  # set already: kept, not asked, not copied
    repo = tmp_path / "p"
    assert git(repo, "config", "--local", "user.email") == "ida@example.org"
    assert git(repo, "config", "--global", "init.defaultBranch") == "main"
    assert git(repo, "config", "--global", "user.name") == "Ida Student"
    assert git(repo, "log", "-1", "--format=%an <%ae>") == "Ida Student <ida@example.org>"


def test_ctrl_c_in_the_identity_step_writes_no_setting(isolated_env: Path, tmp_path: Path) -> None:
    (isolated_env / ".gitconfig").write_text("")
    result = interview_run("Ida" + ENTER + CTRL_C, str(tmp_path / "p"))
    assert result.exit_code == 130
    assert (isolated_env / ".gitconfig").read_text() == ""
    assert list(tmp_path.iterdir()) == []
