"""The interview's vocabulary: task types, metrics, baselines, and what means "unknown"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Answers = Mapping[str, Any]
UNKNOWN = "unknown"
# Typed into a free-text answer, these mean "I don't know": stored as `unknown`, they make a
# "find out" task and never count as a filled document section.
UNKNOWN_WORDS = frozenset(
    {
        "unknown",
        "i don't know",
        "i do not know",
        "don't know",
        "dont know",
        "do not know",
        "dunno",
        "idk",
        "no idea",
        "not sure",
        "unsure",
        "not known",
        "not yet known",
        "tbd",
        "tba",
        "tbc",
        "todo",
        "to do",
        "to be decided",
        "to be determined",
        "?",
        "-",
        "...",
        "n/a",
        "na",
        "none yet",
    }
)
# A decision-maker answer that means no one acts on the predictions.
NOBODY = frozenset({"nobody", "no one", "noone", "none", "no-one"})


def means_unknown(value: Any) -> bool:
    """Whether a typed answer says "I don't know" ('unknown', 'tbd', '?', "I don't know"...)."""
    text = str(value).strip().lower().replace("\u2019", "'").rstrip(".!")
    return text in UNKNOWN_WORDS or (bool(text) and set(text) <= {"?", " "})


def means_nobody(value: Any) -> bool:
    """Whether a decision-maker answer says that no one acts on the predictions."""
    return str(value).strip().lower().rstrip(".!") in NOBODY


TASK_TYPES = ("classification", "regression", "ranking", "forecasting", "generation", "other")
METRICS_BY_TASK: dict[str, tuple[str, ...]] = {
    "classification": ("f1", "accuracy", "roc_auc", "precision", "recall"),
    "regression": ("rmse", "mae", "r2"),
    "ranking": ("ndcg_at_10", "map_at_10"),
    "forecasting": ("mae", "rmse", "mape"),
    "generation": ("exact_match", "accuracy"),
    "other": ("accuracy", "f1", "rmse", "mae"),
}
ALL_METRICS = tuple(dict.fromkeys(m for ms in METRICS_BY_TASK.values() for m in ms))
LOWER_IS_BETTER = frozenset({"rmse", "mae", "mape"})
BOUNDED_METRICS = frozenset(
    {"f1", "accuracy", "roc_auc", "precision", "recall", "ndcg_at_10", "map_at_10", "exact_match"}
)
BASELINES = (
    "majority_class",
    "class_prior",
    "mean",
    "median",
    "last_value",
    "seasonal_naive",
    "weighted_rating",
    "keyword_rule",
    "rule",  # the existing system's rule (rules.py): offered when something runs today
)
BASELINES_BY_TASK: dict[str, tuple[str, ...]] = {
    "classification": ("majority_class", "class_prior", "keyword_rule"),
    "regression": ("mean", "median"),
    "ranking": ("weighted_rating",),
    "forecasting": ("last_value", "seasonal_naive", "mean"),
    "generation": ("keyword_rule", "majority_class"),
    "other": ("majority_class", "mean", "keyword_rule"),
}
NEEDS_LABELS = ("partial", "unlabelled", "none", UNKNOWN)
ASKS_LATENCY = ("realtime", "edge")
