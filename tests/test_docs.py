"""The docs agree with the code: generated pages current, every command with help and example."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from mlstart.cli.app import COMMANDS, main
from tests.helpers import REPO_ROOT


def test_generated_pages_are_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts/gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, f"{name}: {result.output}"
    assert "mlstart " + name in result.output.split("Example", 1)[-1], name


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    for name in COMMANDS:
        if name != "hook":
            assert f"mlstart {name}" in readme, name


def test_exit_codes_page_lists_every_code() -> None:
    from mlstart.core.errors import ExitCode

    page = (REPO_ROOT / "docs/exit-codes.md").read_text()
    codes = [v for k, v in vars(ExitCode).items() if k.isupper()]
    for code in codes:
        assert f"\n| {code} |" in page, code
