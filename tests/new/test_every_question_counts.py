"""Every question changes something visible: the plan, a task, a target, or a generated file.

For each question, its default and another valid answer are compared. What counts as visible:
the derived plan (verdict, reasons, drivers, open questions...), the task list and targets of
lifecycle.yaml, and, failing those, the text of the rendered project (every phase). A question
that changes none of them is a failure: it should be dropped or made to count.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mlstart.interview.answers import AnswerError, parse_value, resolve
from mlstart.interview.plan import derive
from mlstart.interview.questions import QUESTIONS, Question
from mlstart.lifecycle import catalogue
from tests.template.matrix import render

# What a question needs around it to be asked at all.
CONTEXT: dict[str, dict[str, Any]] = {
    "labelling": {"data_availability": "partial"},
    "latency_ms": {"deployment": "realtime"},
    "rows_repeat": {"entity": "customer"},
}
TEXT_ANSWERS = {
    "project_name": "other-project",
    "package_name": "other_pkg",
    "author_email": "someone@example.org",
    "target_column": "label_col",
}
NUMBER_ANSWERS = {"label_delay_days": 30, "latency_ms": 50, "positive_rate": 3.0}


def other_value(question: Question, answers: dict[str, Any]) -> Any:
    """A valid answer different from the default."""
    default = question.default_for(answers)
    if question.kind == "confirm":
        return not default
    if question.kind == "select":
        return next(c for c in question.choices_for(answers) if c != default)
    if question.kind in ("number", "integer"):
        candidates = [NUMBER_ANSWERS.get(question.key), default / 2 if default else 1, 0.5]
        for value in candidates:
            if value is None or value == default:
                continue
            try:
                return parse_value(question, value, answers)
            except AnswerError:
                continue
        raise AssertionError(f"no other number for {question.key}")
    return TEXT_ANSWERS.get(question.key, "a specific answer")


def visible(answers: dict[str, Any]) -> tuple[Any, ...]:
    derived = derive(answers)
    return derived, catalogue.build(answers, derived), catalogue.targets(answers, derived)


def files(dest: Path, answers: dict[str, Any]) -> dict[str, str]:
    render(dest, answers, phase="all")
    return {
        str(p.relative_to(dest)): p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(dest.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def _pair(question: Question) -> tuple[dict[str, Any], dict[str, Any]]:
    base = resolve(CONTEXT.get(question.key, {}))
    assert question.applies(base), question.key
    changed = resolve({**CONTEXT.get(question.key, {}), question.key: other_value(question, base)})
    return base, changed


_BEFORE: dict[str, dict[str, str]] = {}  # the rendering of each base, made once per worker


@pytest.mark.parametrize("key", [q.key for q in QUESTIONS])
def test_every_question_changes_something_visible(key: str, tmp_path: Path) -> None:
    question = next(q for q in QUESTIONS if q.key == key)
    base, changed = _pair(question)
    if visible(base) != visible(changed):
        return
    context = repr(sorted(CONTEXT.get(key, {}).items()))
    if context not in _BEFORE:
        _BEFORE[context] = files(tmp_path / "before", base)
    before = _BEFORE[context]
    after = files(tmp_path / "after", changed)
    assert before != after, f"{key}: {base[key]!r} and {changed[key]!r} make the same project"
