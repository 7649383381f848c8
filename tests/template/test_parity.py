"""template/copier.yml and src/mlstart/questions.py declare the same questions.

Keys, kinds, choices, defaults, `when` conditions and validators are compared by evaluating the
Jinja of copier.yml (with Copier's own filters) over many answer contexts. The plan's hidden
values have no Jinja mirror of the rules: they default to empty (to be derived by mlstart).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import yaml
from jinja2.sandbox import SandboxedEnvironment

from mlstart.interview.answers import AnswerError, parse_value
from mlstart.interview.plan import TEMPLATE_KEYS
from mlstart.interview.questions import BY_KEY, QUESTIONS, TASK_TYPES
from tests.template.matrix import TEMPLATE, complete, rows

CONFIG: dict[str, Any] = yaml.safe_load((TEMPLATE / "copier.yml").read_text(encoding="utf-8"))
QUESTION_SPECS = {k: v for k, v in CONFIG.items() if not k.startswith("_")}
HIDDEN = ("phase", *TEMPLATE_KEYS)
TEMPLATE_ONLY = ("phase_level", "needs_labels")
KIND_TO_TYPE = {
    "text": "str",
    "select": "str",
    "number": "float",
    "integer": "int",
    "confirm": "bool",
}
ENV = SandboxedEnvironment(extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"])

CONTEXTS: list[dict[str, Any]] = [
    complete({}),
    complete({"task_type": "forecasting"}),
    complete({"automated_today": True, "task_type": "ranking"}),
    complete({"task_type": "regression", "metric": "r2"}),
    complete({"task_type": "ranking", "deployment": "realtime"}),
    complete({"task_type": "generation", "input_kind": "text"}),
    complete({"task_type": "classification", "input_kind": "text", "deployment": "edge"}),
    complete({"task_type": "other", "input_kind": "text", "data_availability": "none"}),
    complete({"project_name": "My ML-Project 2", "data_availability": "partial"}),
    complete({"project_name": "  Ünïcode   name!  ", "data_availability": "unknown"}),
    *(complete({"task_type": task}) for task in TASK_TYPES),
    *rows(),
]


def render(source: str, context: Mapping[str, Any]) -> str:
    return ENV.from_string(source).render(**context)


def context_for(answers: Mapping[str, Any]) -> dict[str, Any]:
    """What Copier's Jinja sees: every question, asked or not (defaults for the unasked)."""
    full = dict(answers)
    for question in QUESTIONS:
        full.setdefault(question.key, question.default_for(full))
    return full


def cast(spec: Mapping[str, Any], rendered: str) -> Any:
    kind = spec.get("type", "str")
    if kind == "float":
        return float(rendered)
    if kind == "int":
        return int(rendered)
    if kind == "bool":
        return truthy(rendered)
    if kind in ("yaml", "json"):
        return yaml.safe_load(rendered)
    return rendered


def truthy(rendered: str) -> bool:
    return rendered.strip().lower() not in ("", "false", "no", "n", "0", "off", "none", "null")


def test_same_keys_in_the_same_order() -> None:
    declared = [k for k in QUESTION_SPECS if k not in HIDDEN + TEMPLATE_ONLY]
    assert declared == [q.key for q in QUESTIONS]


@pytest.mark.parametrize("key", [q.key for q in QUESTIONS])
def test_kind_and_choices(key: str) -> None:
    question, spec = BY_KEY[key], QUESTION_SPECS[key]
    expected = "yaml" if question.unknown_ok else KIND_TO_TYPE[question.kind]
    assert spec.get("type", "str") == expected
    assert tuple(str(c) for c in spec.get("choices", ())) == question.all_choices()
    assert ("validator" in spec) == (
        question.validate is not None
        or question.minimum is not None
        or key in ("metric", "baseline_kind")
    )


@pytest.mark.parametrize("key", [q.key for q in QUESTIONS])
def test_defaults_agree(key: str) -> None:
    question, spec = BY_KEY[key], QUESTION_SPECS[key]
    for answers in CONTEXTS:
        context = context_for(answers)
        default = spec["default"]
        value = cast(spec, render(default, context)) if isinstance(default, str) else default
        assert value == question.default_for(context), (key, answers)


@pytest.mark.parametrize("key", [q.key for q in QUESTIONS])
def test_when_agrees(key: str) -> None:
    question, spec = BY_KEY[key], QUESTION_SPECS[key]
    for answers in CONTEXTS:
        context = context_for(answers)
        when = spec.get("when", True)
        asked = truthy(render(when, context)) if isinstance(when, str) else bool(when)
        assert asked == question.applies(context), (key, answers)


SAMPLES: dict[str, list[Any]] = {
    "project_name": ["churn", "", "a/b", ".hidden", "x" * 65, "9lives", "ok name", "---", "Ünï"],
    "package_name": ["churn", "Churn", "9x", "class", "a-b", "ok_name", "é"],
    "author_email": ["a@b.co", "nope", "a@b", " a@b.co ", "a b@c.d"],
    "target_column": ["target", "9x", "a b", "_y", "été"],
    "metric": ["f1", "rmse", "ndcg_at_10", "mape", "exact_match"],
    "baseline_kind": ["majority_class", "mean", "weighted_rating", "keyword_rule", "rule"],
    "metric_target": [0.5, 1.5, -1.0, 0.0],
    "metric_min_useful": [0.5, 0.9, 1.5, -1.0, 2.5],
    "min_gain": [0.0, 0.5, -0.1, 1001.0],
    "failure_rate": [0.0, 5.0, 101.0, -1.0],
    "latency_ms": [200, 0, 1, 600_000, 600_001, "unknown"],
    "positive_rate": [0.1, 0.05, 2.0, 99.9, 100.0],
    "label_delay_days": [0, -1, 30, 3650, 3651],
}


def python_accepts(key: str, value: Any, context: Mapping[str, Any]) -> bool:
    try:
        parse_value(BY_KEY[key], value, context)
    except AnswerError:
        return False
    return True


@pytest.mark.parametrize("key", sorted(SAMPLES))
def test_validators_agree(key: str) -> None:
    spec = QUESTION_SPECS[key]
    for answers in CONTEXTS[:12]:
        for value in SAMPLES[key]:
            context = {**context_for(answers), key: value}
            if key in ("metric", "baseline_kind"):
                # copier offers every choice; the validator refuses those of another task type
                python = value in BY_KEY[key].choices_for(context)
            else:
                python = python_accepts(key, value, context)
            jinja = not render(spec["validator"], context).strip()
            assert jinja == python, (key, value, answers.get("task_type"), answers.get("metric"))


def test_hidden_values_are_not_asked_and_have_defaults() -> None:
    for key in HIDDEN + TEMPLATE_ONLY:
        assert QUESTION_SPECS[key]["when"] is False
        assert "default" in QUESTION_SPECS[key]


def test_the_plan_has_no_jinja_mirror_only_empty_defaults() -> None:
    for key in TEMPLATE_KEYS:
        if key == "metric_direction":
            continue
        default = QUESTION_SPECS[key]["default"]
        assert "{" not in default.strip("{}"), key
        assert cast(QUESTION_SPECS[key], default) in ("", [], {}), key
