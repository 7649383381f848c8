"""The interview's question bank: every question, in order, and a look-up by key.

The bank is data (no prompting, that is `mlstart.interview.prompts`; no I/O). Its parts live
beside it: `question` (one question), `vocabulary`, `validation` (rules and computed defaults),
`bank_framing` and `bank_practice` (the questions), `choices` (how choices read). This module
puts them in order and re-exports their names. `template/copier.yml`'s questions and
`docs/interview.md` are generated from it (scripts/gen_docs.py).
"""

from __future__ import annotations

from mlstart.interview.bank_framing import (
    FRAMING,
)
from mlstart.interview.bank_practice import (
    PRACTICE,
)
from mlstart.interview.choices import (
    CHOICE_TITLES,
    choice_title,
)
from mlstart.interview.question import (
    Question,
)
from mlstart.interview.validation import (
    PROJECT_NAME_MAX,
    SHADOWED,
    author_name_problem,
    column_problem,
    email_problem,
    metric_value_problem,
    min_useful_problem,
    package_name_for,
    package_name_problem,
    project_name_problem,
    single_line_problem,
)
from mlstart.interview.vocabulary import (
    ALL_METRICS,
    ASKS_LATENCY,
    BASELINES,
    BASELINES_BY_TASK,
    BOUNDED_METRICS,
    LOWER_IS_BETTER,
    METRICS_BY_TASK,
    NEEDS_LABELS,
    NOBODY,
    TASK_TYPES,
    UNKNOWN,
    UNKNOWN_WORDS,
    Answers,
    means_nobody,
    means_unknown,
)

QUESTIONS: tuple[Question, ...] = (*FRAMING, *PRACTICE)
BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}

__all__ = [
    "ALL_METRICS",
    "ASKS_LATENCY",
    "BASELINES",
    "BASELINES_BY_TASK",
    "BOUNDED_METRICS",
    "BY_KEY",
    "CHOICE_TITLES",
    "FRAMING",
    "LOWER_IS_BETTER",
    "METRICS_BY_TASK",
    "NEEDS_LABELS",
    "NOBODY",
    "PRACTICE",
    "PROJECT_NAME_MAX",
    "QUESTIONS",
    "SHADOWED",
    "TASK_TYPES",
    "UNKNOWN",
    "UNKNOWN_WORDS",
    "Answers",
    "Question",
    "author_name_problem",
    "choice_title",
    "column_problem",
    "email_problem",
    "means_nobody",
    "means_unknown",
    "metric_value_problem",
    "min_useful_problem",
    "package_name_for",
    "package_name_problem",
    "project_name_problem",
    "single_line_problem",
]
