"""The ssh and identity set-up use cases driven without a terminal, through a scripted Prompter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlstart.core.errors import MlstartError, NotInteractiveError
from mlstart.workflow.identity_setup import IdentityRequest, set_identity
from mlstart.workflow.ssh_setup import SshRequest, set_up_ssh
from tests.helpers import git


class ScriptedPrompter:
    """Answers questions from a script, in order, and records what was asked and shown."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def ask(self, question: Any, answers: dict[str, Any], default: Any) -> Any:
        raise AssertionError("the interview is not part of these use cases")

    def ask_identity(self, name: str | None, email: str | None) -> tuple[str, str]:
        raise AssertionError("not asked here")

    def show(self, lines: list[str]) -> None:
        self.asked.extend(lines)

    def confirm(self, question: str, *, default: bool = False) -> bool:
        self.asked.append(question)
        return bool(self.answers.pop(0))

    def text(self, question: str, *, default: str = "", instruction: str | None = None) -> str:
        self.asked.append(question)
        return str(self.answers.pop(0))


class Said(list[tuple[str, str]]):
    def __call__(self, message: str, tone: str = "info") -> None:
        self.append((message, tone))

    def text(self) -> str:
        return "\n".join(m for m, _ in self)


def test_ssh_set_up_creates_a_key_and_asks_before_the_login_test(isolated_env: Path) -> None:
    prompter, said = ScriptedPrompter(False), Said()
    key = set_up_ssh(SshRequest(no_passphrase=True), prompter, said).key
    assert key == isolated_env / ".ssh" / "id_ed25519" and key.with_suffix(".pub").is_file()
    assert prompter.asked == ["Test the login now (after the key is on GitHub)?"]
    assert "Test it later with: ssh -T git@github.com" in said.text()
    assert "PRIVATE KEY" not in said.text()  # only the public half is ever shown


def test_ssh_set_up_without_a_prompter_asks_nothing(isolated_env: Path) -> None:
    said = Said()
    set_up_ssh(SshRequest(no_passphrase=True), None, said)
    assert "Reusing" not in said.text()
    again = Said()
    set_up_ssh(SshRequest(), None, again)  # the second run reuses the key
    assert "Reusing your key" in again.text()


def test_identity_step_asks_for_what_is_missing(no_identity: Path, tmp_path: Path) -> None:
    prompter = ScriptedPrompter("Ada Tester", "", "ada@example.com", True)
    set_identity(IdentityRequest(cwd=tmp_path), prompter, Said())  # not in a repository
    assert git(tmp_path, "config", "--global", "user.email") == "ada@example.com"
    assert prompter.asked[-1] == "Write these settings?"


def test_identity_step_in_a_repository_offers_this_repository_only(
    no_identity: Path, tmp_path: Path
) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    prompter = ScriptedPrompter(False, True)  # not for all repositories; write
    said = Said()
    set_identity(IdentityRequest("Ada", "ada@example.com", cwd=tmp_path), prompter, said)
    assert "all your repositories" in prompter.asked[0]
    assert git(tmp_path, "config", "--local", "user.email") == "ada@example.com"
    assert "user" not in (no_identity / ".gitconfig").read_text()
    assert "user.email (local): (unset) -> ada@example.com" in said.text()


def test_identity_step_refused_at_the_confirmation_writes_nothing(
    no_identity: Path, tmp_path: Path
) -> None:
    prompter = ScriptedPrompter(False)
    with pytest.raises(MlstartError):
        set_identity(IdentityRequest("Ada", "ada@example.com", cwd=tmp_path), prompter, Said())
    assert "user" not in (no_identity / ".gitconfig").read_text()


def test_identity_step_without_a_prompter_needs_the_values(no_identity: Path) -> None:
    with pytest.raises(NotInteractiveError):
        set_identity(IdentityRequest(name="Ada"), None, Said())
