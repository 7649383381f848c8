"""What a use case needs from whoever answers its questions: the Prompter interface.

Light on purpose (no questionary): use cases type against `Prompter`;
`mlstart.interview.prompts` holds the questionary implementation, loaded only when someone
is actually asked.
"""

from __future__ import annotations

from typing import Any, Protocol

from mlstart.interview.questions import Question


class Prompter(Protocol):
    """What a use case needs from an interviewer."""

    def ask(self, question: Question, answers: dict[str, Any], default: Any) -> Any:
        """Ask one question; return a valid answer."""

    def ask_identity(self, name: str | None, email: str | None) -> tuple[str, str]:
        """Ask for the commit name and email Git lacks (given values are kept, not asked)."""

    def show(self, lines: list[str]) -> None:
        """Show the person something before it happens (e.g. settings about to be written)."""

    def confirm(self, question: str, *, default: bool = False) -> bool:
        """A yes/no question."""

    def text(self, question: str, *, default: str = "", instruction: str | None = None) -> str:
        """A free-text question; returns the stripped answer ("" when left empty)."""
