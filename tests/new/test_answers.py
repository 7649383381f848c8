"""Unit tests of answer parsing, validation and precedence, shared by every answer source."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlstart.core.errors import InvalidAnswersError
from mlstart.interview.answers import (
    AnswerError,
    load_answers_file,
    parse_set_options,
    parse_value,
    resolve,
)
from mlstart.interview.questions import (
    BY_KEY,
    QUESTIONS,
    email_problem,
    package_name_for,
    project_name_problem,
)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("../x", "path"),
        ("a/b", "path"),
        ("a\\b", "path"),
        (".hidden", "path"),
        ("x" * 41, "longer than 40"),
        ("123", "no valid Python package name"),
        ("---", "no valid Python package name"),
        ("日本", "no valid Python package name"),
    ],
)
def test_bad_project_names_are_refused_with_a_reason(name: str, fragment: str) -> None:
    problem = project_name_problem(name)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize(
    ("name", "package"),
    [
        ("churn-model", "churn_model"),
        ("My ML Project", "my_ml_project"),
        ("a.b", "a_b"),
        ("Détection de fraude", "detection_de_fraude"),
    ],
)
def test_good_project_names_give_a_package_name(name: str, package: str) -> None:
    assert project_name_problem(name) is None
    assert package_name_for(name) == package


@pytest.mark.parametrize("email", ["nobody", "a@b", "two@@x.org", "sp ace@x.org", ""])
def test_bad_emails_are_refused(email: str) -> None:
    assert email_problem(email)


def test_defaults_answer_every_question_that_applies() -> None:
    answers = resolve({})
    assert answers["project_name"] == "ml-project"
    assert answers["package_name"] == "ml_project"
    assert answers["metric"] == "f1"
    assert "latency_ms" not in answers  # batch deployment: latency is not asked
    assert "labelling" not in answers  # labelled data: nobody needs to label


def test_conditional_questions_apply_only_when_their_condition_holds() -> None:
    answers = resolve({"deployment": "realtime", "data_availability": "partial"})
    assert answers["latency_ms"] == 200
    assert answers["labelling"] == "unknown"


def test_defaults_follow_earlier_answers() -> None:
    answers = resolve({"task_type": "regression", "project_name": "House Prices"})
    assert (answers["metric"], answers["baseline_kind"]) == ("rmse", "mean")
    assert answers["package_name"] == "house_prices"
    assert resolve({"task_type": "ranking"})["baseline_kind"] == "weighted_rating"
    assert resolve({"input_kind": "text"})["baseline_kind"] == "keyword_rule"


def test_values_are_converted_to_the_question_type() -> None:
    answers = resolve({"metric_target": "0.75", "deployment": "edge", "latency_ms": "50"})
    assert answers["metric_target"] == 0.75
    assert answers["latency_ms"] == 50
    assert resolve({"deployment": "edge", "latency_ms": "unknown"})["latency_ms"] == "unknown"
    assert resolve({"task_type": "REGRESSION"})["task_type"] == "regression"


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InvalidAnswersError) as caught:
        resolve(
            {
                "project_name": "../x",
                "author_email": "nope",
                "metric_target": "2",
                "task_type": "clustering",
                "colour": "blue",
            }
        )
    text = caught.value.message
    for key in ("project_name", "author_email", "metric_target", "task_type", "colour"):
        assert f"  - {key}:" in text
    assert "one of: classification, regression" in text


def test_unknown_keys_suggest_the_nearest_question() -> None:
    with pytest.raises(InvalidAnswersError, match="did you mean 'task_type'"):
        resolve({"task_typ": "regression"})


def test_metric_must_fit_the_task_type() -> None:
    with pytest.raises(InvalidAnswersError, match="metric: 'rmse' is not one of: f1"):
        resolve({"task_type": "classification", "metric": "rmse"})


def test_an_invalid_default_is_reported_not_used() -> None:
    with pytest.raises(InvalidAnswersError, match="the default; pass --set project_name"):
        resolve({}, defaults={"project_name": "123"})


def test_ask_is_called_for_essential_questions_only_unless_full() -> None:
    asked: list[str] = []

    def ask(question, answers, default):  # type: ignore[no-untyped-def]
        asked.append(question.key)
        return default

    defaults = resolve({"project_name": "given"}, ask)
    essential = [q.key for q in QUESTIONS if q.essential and q.applies(defaults)]
    assert asked == [k for k in essential if k != "project_name"]
    asked.clear()
    resolve({}, ask, full=True)
    assert "license" in asked and "package_name" in asked


def test_set_options_need_key_and_value() -> None:
    assert parse_set_options(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(InvalidAnswersError, match="expected KEY=VALUE"):
        parse_set_options(["novalue", "=x"])


def test_answers_files_in_yaml_and_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "a.yml"
    yaml_file.write_text("_src_path: x\ntask_type: regression\ndescription: 'a: {{ b }}'\n")
    assert load_answers_file(yaml_file) == {"task_type": "regression", "description": "a: {{ b }}"}
    json_file = tmp_path / "a.json"
    json_file.write_text('{"task_type": "ranking"}')
    assert load_answers_file(json_file) == {"task_type": "ranking"}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("task_type: [unclosed", "not valid YAML"), ("- a\n- b\n", "expected a mapping")],
)
def test_broken_answers_files_are_refused(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "a.yml"
    path.write_text(content)
    with pytest.raises(InvalidAnswersError, match=fragment):
        load_answers_file(path)


def test_a_missing_answers_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidAnswersError, match="cannot be read"):
        load_answers_file(tmp_path / "missing.yml")


def test_every_question_says_what_it_changes() -> None:
    assert all(q.changes for q in QUESTIONS)
    # week one's questions (value, ethics, readiness, difficulty, archetype...) are essential
    assert len([q for q in QUESTIONS if q.essential]) in range(28, 38)
    assert set(BY_KEY) == {q.key for q in QUESTIONS}


def test_yes_no_answers_parse_to_bools() -> None:
    question = BY_KEY["mlflow"]
    assert parse_value(question, "yes", {}) is True
    assert parse_value(question, "No", {}) is False
    assert parse_value(question, True, {}) is True
    with pytest.raises(AnswerError, match="yes or no"):
        parse_value(question, "maybe", {})
