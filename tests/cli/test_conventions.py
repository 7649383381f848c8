"""The conventions every command shares: JSON with a schema version, -C, exit 2, colour, help."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlstart.cli.app import COMMANDS, main
from mlstart.cli.help_cmd import docs_dir
from mlstart.cli.options import color_setting
from mlstart.core.errors import ExitCode
from tests.helpers import REPO_ROOT
from tests.lifecycle.conftest import commit_all, make_project  # noqa: F401 (a fixture)


def run(*args: str, **env: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env or None)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:  # noqa: F811
    root = make_project()
    commit_all(root, "Start")
    return root


def test_every_state_command_prints_json_with_a_schema_version(project: Path) -> None:
    where = ["-C", str(project)]
    calls = [
        ["status", "--json"],
        ["done", "planning.plan", "--force", "--reason", "r", "--json"],
        ["reopen", "planning.plan", "--json"],
        ["skip", "planning.plan", "--reason", "r", "--json"],
        ["advance", "--force", "--reason", "deadline", "--json"],
        ["back", "planning", "--reason", "reframe", "--json"],
        ["log", "--json"],
    ]
    for call in calls:
        code, out, err = run(*where, *call)
        assert code == 0, (call, err)
        data = json.loads(out)
        assert data["schema_version"] == 1, call
    code, out, _ = run(*where, "check", "--json")
    assert code == ExitCode.CHECK_FAILED and json.loads(out)["schema_version"] == 1


def test_every_json_command_is_documented_in_one_page() -> None:
    page = (REPO_ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        command = main.get_command(None, name)  # type: ignore[arg-type]
        if command is not None and any(p.name == "as_json" for p in command.params):
            assert f"`{name}`" in page, name


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["advance", "--force"], "--reason"),
        (["new", "x", "--defaults", "--push"], "--remote"),
        (["new", "x", "--defaults", "--set", "novalue"], "KEY=VALUE"),
        (["skip", "planning.plan", "--reason", "  "], "--reason"),
        (["help", "no-such-topic"], "topics"),
    ],
)
def test_usage_errors_exit_2(
    args: list[str], needle: str, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run("-C", str(project), *args)
    assert code == ExitCode.USAGE and needle in err, err
    assert not (project / "x").exists()


def test_dash_c_and_a_path_argument_agree(project: Path) -> None:
    (project / "src").mkdir()
    code, out, _ = run("-C", str(project), "status", "src", "--json")
    assert code == 0 and json.loads(out)["root"] == str(project)
    code, out, _ = run("status", "-C", str(project / "src"), "--json")
    assert code == 0 and json.loads(out)["root"] == str(project)
    code, out, _ = run("-C", str(project), "log", "-C", "src", "--json")
    assert code == 0 and json.loads(out)["events"][0]["event"] == "created"


def test_colour_follows_no_color_and_force_color() -> None:
    assert color_setting({}) is None
    assert color_setting({"NO_COLOR": "1"}) is False
    assert color_setting({"FORCE_COLOR": "1"}) is True
    assert color_setting({"NO_COLOR": "1", "FORCE_COLOR": "1"}) is False
    code, _out, err = run("status", "/", FORCE_COLOR="1")
    assert code == ExitCode.ERROR and "\x1b[" in err
    code, _out, err = run("status", "/", NO_COLOR="1", FORCE_COLOR="1")
    assert "\x1b[" not in err
    code, _out, err = run("status", "/")  # not a terminal: no colour
    assert "\x1b[" not in err


def test_command_list_hides_hook_and_cuts_no_line_at_80_columns() -> None:
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    listing = result.stdout.split("Commands:")[1]
    assert "hook" not in listing and "..." not in listing
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_help_topics_are_the_shipped_docs_and_hints_name_no_missing_file() -> None:
    code, out, _ = run("help")
    assert code == 0 and "exit-codes" in out and "json" in out
    code, out, _ = run("help", "exit-codes")
    assert code == 0 and out.startswith("# Exit codes")
    pages = {p.name for p in docs_dir().glob("*.md")}
    for name in [None, *COMMANDS]:
        code, out, _ = run(*([name] if name else []), "--help")
        assert not [f for f in re.findall(r"docs/([a-z-]+\.md)", out) if f in pages], name
    for module in (REPO_ROOT / "src" / "mlstart").rglob("*.py"):
        for line in module.read_text(encoding="utf-8").splitlines():
            if "hint" in line.lower() or "HINT" in line:
                named = re.findall(r"docs/([a-z-]+\.md)", line)
                assert not [f for f in named if f in pages], f"{module}: {line}"
