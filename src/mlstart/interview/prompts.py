"""The interview on a terminal: asks the question bank with questionary, validating at the prompt.

The only module that imports questionary. `QuestionaryPrompter` is what `mlstart new` uses on a
terminal; use cases accept any object with the same two methods, so tests can drive them with
piped keystrokes (prompt_toolkit pipe input) or a real pseudo-terminal.
"""

from __future__ import annotations

from typing import Any

import questionary
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.styles import Style

from mlstart.interview.answers import AnswerError, parse_value
from mlstart.interview.questions import (
    UNKNOWN,
    Question,
    author_name_problem,
    choice_title,
    email_problem,
)

_STYLE = Style([("qmark", "fg:#5f819d bold"), ("question", "bold"), ("answer", "fg:#5f875f")])
_SECTION_OF = {
    "project_name": "The project",
    "problem": "Framing",
    "business_objective": "Objectives",
    "heuristic": "Baseline",
    "data_availability": "Data",
    "deployment": "Deployment",
    "latency_ms": "Constraints",
    "deadline": "Constraints",
    "mlflow": "Tooling",
}


def _validator(question: Question, answers: dict[str, Any], default: str) -> Any:
    def check(text: str) -> bool | str:
        try:
            parse_value(question, text.strip() or default, answers)
        except AnswerError as exc:
            return str(exc)
        return True

    return check


def _placeholder(default: str) -> Any:
    """The default shown in grey in the empty field; Enter takes it, typing replaces it."""
    return FormattedText([("fg:#888888", default)]) if default else None


class QuestionaryPrompter:
    """Asks questions on the terminal; Ctrl-C propagates as KeyboardInterrupt (unsafe_ask)."""

    def __init__(self) -> None:
        self._sections_shown: set[str] = set()

    def ask(self, question: Question, answers: dict[str, Any], default: Any) -> Any:
        """Ask one question with its default; re-asks until the answer is valid."""
        self._section(question.key)
        prompt = question.prompt + (f" ({question.help})" if question.help else "")
        if question.kind == "confirm":
            answer = questionary.confirm(prompt, default=bool(default), style=_STYLE).unsafe_ask()
            return parse_value(question, answer, answers)
        if question.kind == "select":
            values = question.choices_for(answers)
            choices = [questionary.Choice(choice_title(question.key, v), value=v) for v in values]
            raw = questionary.select(
                prompt,
                choices=choices,
                default=default if default in values else None,
                style=_STYLE,
            ).unsafe_ask()
        else:
            hint = " ('unknown' if you do not know yet)" if question.unknown_ok else ""
            default_text = _as_text(default)
            raw = questionary.text(
                prompt + hint,
                validate=_validator(question, answers, default_text),
                placeholder=_placeholder(default_text),
                style=_STYLE,
            ).unsafe_ask()
            raw = raw.strip() or default_text
        return parse_value(question, raw, answers)

    def ask_identity(self, name: str | None, email: str | None) -> tuple[str, str]:
        """Ask for what Git lacks of the commit identity; it is set for the new repository only."""
        questionary.print("Git does not know who you are yet; commits need a name and email.")
        if not name:
            name = questionary.text(
                "Your name for commits", validate=lambda t: author_name_problem(t) or True
            ).unsafe_ask()
        if not email:
            email = questionary.text(
                "Your email for commits (GitHub's no-reply address keeps yours private:"
                " ID+USERNAME@users.noreply.github.com)",
                validate=lambda t: email_problem(t) or True,
            ).unsafe_ask()
        return str(name).strip(), str(email).strip()

    def show(self, lines: list[str]) -> None:
        """Print lines before an action, so the person sees what is about to happen."""
        for line in lines:
            questionary.print(line)

    def confirm(self, question: str, *, default: bool = False) -> bool:
        """A yes/no question on the terminal."""
        return bool(questionary.confirm(question, default=default, style=_STYLE).unsafe_ask())

    def text(self, question: str, *, default: str = "", instruction: str | None = None) -> str:
        """A free-text question on the terminal; the answer stripped."""
        answer = questionary.text(
            question, default=default, instruction=instruction, style=_STYLE
        ).unsafe_ask()
        return str(answer or "").strip()

    def _section(self, key: str) -> None:
        section = _SECTION_OF.get(key)
        if section and section not in self._sections_shown:
            self._sections_shown.add(section)
            questionary.print(f"\n{section}", style="bold underline")


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return UNKNOWN if value == UNKNOWN else str(value)
