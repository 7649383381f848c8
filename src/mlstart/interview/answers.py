"""Answers: parse, validate and resolve them from defaults, an answers file and --set values.

One set of functions serves typed answers, answers files and --set alike, so a value is accepted
or refused the same way wherever it comes from. Pure apart from reading an answers file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mlstart.core.errors import ExitCode, InvalidAnswersError
from mlstart.interview.questions import BY_KEY, QUESTIONS, UNKNOWN, Question, means_unknown

Ask = Callable[[Question, dict[str, Any], Any], Any]


class AnswerError(ValueError):
    """A single value does not fit its question (the message says why)."""


def parse_value(question: Question, raw: Any, answers: Mapping[str, Any]) -> Any:
    """Turn a raw value (typed, from a file or from --set) into the question's type, or raise."""
    if question.kind in ("number", "integer"):
        value = _parse_number(question, raw)
    elif question.kind == "select":
        value = _parse_choice(question, raw, answers)
    elif question.kind == "confirm":
        value = _parse_bool(raw)
    else:
        value = _text(raw)
        value = UNKNOWN if means_unknown(value) else value
    if value != UNKNOWN and question.validate is not None:
        problem = question.validate(value, answers)
        if problem:
            raise AnswerError(problem)
    return value


def _text(raw: Any) -> str:
    """A text answer: a string, or a plain number/boolean written unquoted in a file.

    A list, a mapping or a date is refused (never stored as its Python repr); so are control
    characters other than tab and line breaks (names refuse line breaks too: questions.py).
    """
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int | float):
        return str(raw)
    if not isinstance(raw, str):
        kind = "a list" if isinstance(raw, list) else "a mapping" if isinstance(raw, dict) else ""
        kind = kind or type(raw).__name__
        raise AnswerError(f"expected text, got {kind}")
    bad = sorted({c for c in raw if (ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127})
    if bad:
        shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
        raise AnswerError(f"contains control characters ({shown}); use plain text")
    return raw


def _parse_number(question: Question, raw: Any) -> int | float | str:
    if question.unknown_ok and not isinstance(raw, int | float) and means_unknown(raw):
        return UNKNOWN
    if isinstance(raw, bool):
        raise AnswerError(f"expected a number, got {raw!r}")
    try:
        value: int | float = int(str(raw)) if question.kind == "integer" else float(str(raw))
    except ValueError:
        kind = "a whole number" if question.kind == "integer" else "a number"
        extra = " or 'unknown'" if question.unknown_ok else ""
        raise AnswerError(f"expected {kind}{extra}, got {raw!r}") from None
    low, high = question.minimum, question.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        raise AnswerError(f"{value} is out of range ({low:g} to {high:g})")
    return value


_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}


def _parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise AnswerError(f"expected yes or no, got {raw!r}")


def _parse_choice(question: Question, raw: Any, answers: Mapping[str, Any]) -> str:
    choices = question.choices_for(answers)
    value = str(raw).strip()
    if value in choices:
        return value
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered:
        return lowered[value.lower()]
    if UNKNOWN in choices and means_unknown(value):
        return UNKNOWN
    raise AnswerError(f"{value!r} is not one of: {', '.join(choices)}")


def parse_set_options(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Parse repeated `--set KEY=VALUE` options; refuses a pair without '='."""
    values: dict[str, str] = {}
    problems = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            problems.append(f"--set {pair!r}: expected KEY=VALUE")
            continue
        values[key.strip()] = value
    if problems:
        # a malformed option is a usage error (exit 2), unlike a well-formed but invalid answer
        raise InvalidAnswersError(
            problems, hint="write each as --set KEY=VALUE", exit_code=ExitCode.USAGE
        )
    return values


def load_answers_file(path: Path) -> dict[str, Any]:
    """Read answers from a YAML or JSON file; keys starting with '_' (Copier's own) are skipped."""
    from mlstart.core.safeio import UnsafeFileError, load_json, read_text

    try:
        text = read_text(str(path), what=str(path))
        data = load_json(text, str(path)) if path.suffix == ".json" else _load_yaml(text, path)
    except UnsafeFileError as exc:
        raise InvalidAnswersError([exc.message]) from None
    except ValueError as exc:
        raise InvalidAnswersError([f"{path}: not valid YAML or JSON ({exc})"]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidAnswersError([f"{path}: expected a mapping of question keys to answers"])
    return {str(k): v for k, v in data.items() if not str(k).startswith("_")}


def _load_yaml(text: str, path: Path) -> Any:
    """Scalars as written: the question types them (`0o17` stays the text "0o17")."""
    from mlstart.core.yamlio import YamlSyntaxError, load_text

    try:
        return load_text(text, str(path))
    except YamlSyntaxError as exc:
        raise ValueError(str(exc)) from None


def resolve(
    given: Mapping[str, Any],
    ask: Ask | None = None,
    *,
    full: bool = False,
    defaults: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answer every question that applies: given values first, then `ask`, then the default.

    `given` holds answers from --answers and --set (already merged, --set winning). Unknown keys
    and invalid values are all collected and raised together as one InvalidAnswersError. `ask`
    (the interview) is called for questions not given; without it the default is taken. Only
    essential questions are asked unless `full`; the others take their defaults. `defaults`
    replaces a question's own default (e.g. the author's name from git config).
    """
    defaults = defaults or {}
    problems = [
        f"{key}: no such question" + _did_you_mean(key) for key in given if key not in BY_KEY
    ]
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        if not question.applies(answers):
            if question.key in given:
                problems.append(f"{question.key}: {_not_asked(question, answers)}")
            continue
        if question.key in given:
            try:
                answers[question.key] = parse_value(question, given[question.key], answers)
            except AnswerError as exc:
                problems.append(f"{question.key}: {exc}")
                answers[question.key] = question.default_for(answers)
            continue
        default = defaults.get(question.key, question.default_for(answers))
        if ask is not None and (full or question.essential):
            answers[question.key] = ask(question, answers, default)
            continue
        try:
            answers[question.key] = parse_value(question, default, answers)
        except AnswerError as exc:
            problems.append(f"{question.key}: {exc} (the default; pass --set {question.key}=...)")
            answers[question.key] = default
    if problems:
        raise InvalidAnswersError(problems, hint="see `mlstart help interview`")
    return answers


def _not_asked(question: Question, answers: Mapping[str, Any]) -> str:
    """Why a given answer is refused: its question does not apply to these answers."""
    if question.key == "latency_ms":
        return (
            f"a latency budget applies only to real-time or edge deployment "
            f"(deployment is {answers.get('deployment')})"
        )
    return f"asked only when {question.asked_when or 'it applies'}; drop it or change that"


def _did_you_mean(key: str) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(BY_KEY), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
