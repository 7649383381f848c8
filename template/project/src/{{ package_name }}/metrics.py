"""The metrics the project can be judged on, in plain Python: classification, regression,
ranking and exact match. `compute(name, ...)` picks one by the name used in settings."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

LOWER_IS_BETTER = frozenset({"rmse", "mae", "mape"})


def direction(name: str) -> str:
    """'lower' or 'higher': which way is better for this metric."""
    return "lower" if name in LOWER_IS_BETTER else "higher"


def _confusion(y_true: Sequence[Any], y_pred: Sequence[Any], positive: str) -> tuple[int, int, int]:
    pairs = list(zip(map(str, y_true), map(str, y_pred), strict=True))
    tp = sum(1 for t, p in pairs if t == positive and p == positive)
    fp = sum(1 for t, p in pairs if t != positive and p == positive)
    fn = sum(1 for t, p in pairs if t == positive and p != positive)
    return tp, fp, fn


def accuracy(y_true: Sequence[Any], y_pred: Sequence[Any]) -> float:
    """Share of predictions equal to the truth (compared as stripped text)."""
    pairs = list(zip(y_true, y_pred, strict=True))
    return sum(str(t).strip() == str(p).strip() for t, p in pairs) / len(pairs) if pairs else 0.0


def precision(y_true: Sequence[Any], y_pred: Sequence[Any], positive: str = "1") -> float:
    tp, fp, _ = _confusion(y_true, y_pred, positive)
    return tp / (tp + fp) if tp + fp else 0.0


def recall(y_true: Sequence[Any], y_pred: Sequence[Any], positive: str = "1") -> float:
    tp, _, fn = _confusion(y_true, y_pred, positive)
    return tp / (tp + fn) if tp + fn else 0.0


def f1(y_true: Sequence[Any], y_pred: Sequence[Any], positive: str = "1") -> float:
    tp, fp, fn = _confusion(y_true, y_pred, positive)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def roc_auc(y_true: Sequence[Any], scores: Sequence[float], positive: str = "1") -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos = [s for t, s in zip(y_true, scores, strict=True) if str(t) == positive]
    neg = [s for t, s in zip(y_true, scores, strict=True) if str(t) != positive]
    if not pos or not neg:
        return 0.5
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def rmse(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    errors = [(float(t) - float(p)) ** 2 for t, p in zip(y_true, y_pred, strict=True)]
    return math.sqrt(sum(errors) / len(errors)) if errors else 0.0


def mae(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    errors = [abs(float(t) - float(p)) for t, p in zip(y_true, y_pred, strict=True)]
    return sum(errors) / len(errors) if errors else 0.0


def mape(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Mean absolute percentage error, as a fraction (0.1 is 10 %); zero truths are skipped."""
    pairs = [(float(t), float(p)) for t, p in zip(y_true, y_pred, strict=True) if float(t) != 0]
    return sum(abs(t - p) / abs(t) for t, p in pairs) / len(pairs) if pairs else 0.0


def r2(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    truth = [float(t) for t in y_true]
    mean = sum(truth) / len(truth) if truth else 0.0
    total = sum((t - mean) ** 2 for t in truth)
    residual = sum((t - float(p)) ** 2 for t, p in zip(truth, y_pred, strict=True))
    return 1 - residual / total if total else 0.0


def _by_group(
    groups: Sequence[Any], relevance: Sequence[float], scores: Sequence[float]
) -> list[list[float]]:
    """Per group, the relevances ordered by descending score."""
    buckets: dict[Any, list[tuple[float, float]]] = defaultdict(list)
    for group, rel, score in zip(groups, relevance, scores, strict=True):
        buckets[group].append((float(score), float(rel)))
    return [[rel for _s, rel in sorted(b, key=lambda x: -x[0])] for b in buckets.values()]


def ndcg_at_10(groups: Sequence[Any], relevance: Sequence[float], scores: Sequence[float]) -> float:
    """Mean over groups of DCG@10 / ideal DCG@10, with gains 2^rel - 1."""

    def dcg(rels: list[float]) -> float:
        return sum((2**rel - 1) / math.log2(i + 2) for i, rel in enumerate(rels[:10]))

    values = []
    for ranked in _by_group(groups, relevance, scores):
        ideal = dcg(sorted(ranked, reverse=True))
        values.append(dcg(ranked) / ideal if ideal else 0.0)
    return sum(values) / len(values) if values else 0.0


def map_at_10(
    groups: Sequence[Any], relevance: Sequence[float], scores: Sequence[float], relevant: float = 2
) -> float:
    """Mean over groups of average precision in the top 10 (relevant: grade >= `relevant`)."""
    values = []
    for ranked in _by_group(groups, relevance, scores):
        hits, total = 0, 0.0
        for i, rel in enumerate(ranked[:10]):
            if rel >= relevant:
                hits += 1
                total += hits / (i + 1)
        wanted = min(10, sum(1 for rel in ranked if rel >= relevant))
        values.append(total / wanted if wanted else 0.0)
    return sum(values) / len(values) if values else 0.0


def compute(
    name: str,
    y_true: Sequence[Any],
    y_pred: Sequence[Any],
    scores: Sequence[float] | None = None,
    groups: Sequence[Any] | None = None,
    positive: str = "1",
) -> float:
    """The metric `name` for these predictions (scores and groups where the metric needs them)."""
    if name in ("accuracy", "exact_match"):
        return accuracy(y_true, y_pred)
    if name in ("f1", "precision", "recall"):
        return float(
            {"f1": f1, "precision": precision, "recall": recall}[name](y_true, y_pred, positive)
        )
    if name == "roc_auc":
        return roc_auc(y_true, scores if scores is not None else y_pred, positive)
    if name in ("rmse", "mae", "mape", "r2"):
        return float({"rmse": rmse, "mae": mae, "mape": mape, "r2": r2}[name](y_true, y_pred))
    if name in ("ndcg_at_10", "map_at_10"):
        ranked_by = scores if scores is not None else y_pred
        return {"ndcg_at_10": ndcg_at_10, "map_at_10": map_at_10}[name](
            groups if groups is not None else [0] * len(y_true), y_true, ranked_by
        )
    raise ValueError(f"unknown metric: {name}")
