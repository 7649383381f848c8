"""Metrics from scikit-learn: the primary metric by name (`compute`), the secondary ones that
keep it honest (`report`), and the helpers for ranking and regression buckets.

Secondary metrics: precision and recall beside f1 (a model that raises an alarm for everyone
has recall 1.0), accuracy, ROC AUC and average precision; for numbers rmse, mae, r2 and the
error by bucket of the prediction (a calibration check); for ranking NDCG@10, MAP@10 and the
catalogue-wide precision of the top k items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn import metrics as skm

LOWER_IS_BETTER = frozenset({"rmse", "mae", "mape"})
LABEL_METRICS = ("f1", "precision", "recall", "accuracy", "roc_auc")
NUMBER_METRICS = ("rmse", "mae", "r2", "mape")
RANKING_METRICS = ("ndcg_at_10", "map_at_10")


def direction(name: str) -> str:
    """'lower' or 'higher': which way is better for this metric."""
    return "lower" if name in LOWER_IS_BETTER else "higher"


def meets(name: str, value: float, goal: float) -> bool:
    """Whether `value` of metric `name` is at least as good as `goal`."""
    return value <= goal if direction(name) == "lower" else value >= goal


def _codes(*columns: Sequence[Any]) -> tuple[list[np.ndarray], dict[str, int]]:
    """Labels as integer codes shared across columns (compared as stripped text): scikit-learn
    sorts integers much faster than strings."""
    if not columns or not len(columns[0]):
        return [np.zeros(0, dtype=np.int64) for _ in columns], {}
    text = np.char.strip(np.asarray([str(v) for column in columns for v in column], dtype=str))
    names, inverse = np.unique(text, return_inverse=True)
    cuts = np.cumsum([len(column) for column in columns])[:-1]
    return list(np.split(inverse.astype(np.int64), cuts)), {str(n): i for i, n in enumerate(names)}


def accuracy(y_true: Sequence[Any], y_pred: Sequence[Any]) -> float:
    """Share of predictions equal to the truth (compared as stripped text)."""
    if not len(y_true):
        return 0.0
    (truth, pred), _labels = _codes(y_true, y_pred)
    return float(np.mean(truth == pred))


def _prf(kind: str, y_true: Sequence[Any], y_pred: Sequence[Any], positive: str) -> float:
    (truth, pred), labels = _codes(y_true, y_pred)
    return _prf_coded(kind, truth, pred, labels, positive)


def _prf_coded(
    kind: str, truth: np.ndarray, pred: np.ndarray, labels: dict[str, int], positive: str
) -> float:
    """Precision, recall or f1: of the positive class when there are two classes (or one),
    else the macro average over the classes."""
    if not len(truth):
        return 0.0
    scorer = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}
    if len(labels) <= 2 and (positive in labels or set(labels) <= {"0"}):
        if positive not in labels:
            return 0.0
        code = labels[positive]
        return float(scorer[kind](truth == code, pred == code, zero_division=0))
    return float(scorer[kind](truth, pred, average="macro", zero_division=0))


def precision(y_true: Sequence[Any], y_pred: Sequence[Any], positive: str = "1") -> float:
    return _prf("precision", y_true, y_pred, positive)


def recall(y_true: Sequence[Any], y_pred: Sequence[Any], positive: str = "1") -> float:
    return _prf("recall", y_true, y_pred, positive)


def f1(y_true: Sequence[Any], y_pred: Sequence[Any], positive: str = "1") -> float:
    return _prf("f1", y_true, y_pred, positive)


def _binary(y_true: Sequence[Any], positive: str) -> np.ndarray:
    (truth,), labels = _codes(y_true)
    return truth == labels.get(positive, -1)


def roc_auc(y_true: Sequence[Any], scores: Sequence[float], positive: str = "1") -> float:
    """Area under the ROC curve of the positive class; 0.5 when one class is missing."""
    return _auc(_binary(y_true, positive), scores)


def _auc(truth: np.ndarray, scores: Sequence[float]) -> float:
    if truth.all() or not truth.any():
        return 0.5
    return float(skm.roc_auc_score(truth, np.asarray(scores, dtype=float)))


def average_precision(y_true: Sequence[Any], scores: Sequence[float], positive: str = "1") -> float:
    """Area under the precision-recall curve; the positive rate when one class is missing."""
    return _ap(_binary(y_true, positive), scores)


def _ap(truth: np.ndarray, scores: Sequence[float]) -> float:
    if truth.all() or not truth.any():
        return float(truth.mean()) if len(truth) else 0.0
    return float(skm.average_precision_score(truth, np.asarray(scores, dtype=float)))


def _label_report(
    names: Sequence[str],
    y_true: Sequence[Any],
    y_pred: Sequence[Any],
    scores: Sequence[float],
    positive: str,
) -> dict[str, float]:
    """The label metrics `names`, with the labels encoded once (and average precision)."""
    (truth, pred), labels = _codes(y_true, y_pred)
    is_positive = truth == labels.get(positive, -1)
    out = {}
    for name in names:
        if name in ("accuracy", "exact_match"):
            value = float(np.mean(truth == pred)) if len(truth) else 0.0
        elif name == "roc_auc":
            value = _auc(is_positive, scores)
        else:
            value = _prf_coded(name, truth, pred, labels, positive)
        out[name] = round(value, 6)
    if is_positive.any():
        out["average_precision"] = round(_ap(is_positive, scores), 6)
    return out


def _numbers(values: Sequence[Any]) -> np.ndarray:
    return np.asarray([float(v) for v in values], dtype=float)


def rmse(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    if not len(y_true):
        return 0.0
    return float(np.sqrt(skm.mean_squared_error(_numbers(y_true), _numbers(y_pred))))


def mae(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    if not len(y_true):
        return 0.0
    return float(skm.mean_absolute_error(_numbers(y_true), _numbers(y_pred)))


def mape(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Mean absolute percentage error, as a fraction (0.1 is 10 %); zero truths are skipped."""
    truth, pred = _numbers(y_true), _numbers(y_pred)
    keep = truth != 0
    if not keep.any():
        return 0.0
    return float(np.mean(np.abs(truth[keep] - pred[keep]) / np.abs(truth[keep])))


def r2(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    truth = _numbers(y_true)
    if len(truth) < 2 or float(np.var(truth)) == 0.0:
        return 0.0
    return float(skm.r2_score(truth, _numbers(y_pred)))


def error_by_bucket(
    y_true: Sequence[float], y_pred: Sequence[float], buckets: int = 5
) -> list[dict[str, float]]:
    """Calibration for numbers: per bucket of the prediction (quantiles), the mean prediction,
    the mean truth and the mean absolute error."""
    truth, pred = _numbers(y_true), _numbers(y_pred)
    if not len(truth):
        return []
    order = np.argsort(pred, kind="stable")
    out = []
    for part in np.array_split(order, min(buckets, len(order))):
        out.append(
            {
                "rows": int(len(part)),
                "mean_prediction": round(float(pred[part].mean()), 6),
                "mean_truth": round(float(truth[part].mean()), 6),
                "mae": round(float(np.abs(truth[part] - pred[part]).mean()), 6),
            }
        )
    return out


def _by_group(
    groups: Sequence[Any], relevance: Sequence[float], scores: Sequence[float]
) -> list[tuple[np.ndarray, np.ndarray]]:
    buckets: dict[Any, list[tuple[float, float]]] = defaultdict(list)
    for group, rel, score in zip(groups, relevance, scores, strict=True):
        buckets[group].append((float(rel), float(score)))
    return [
        (np.asarray([r for r, _ in b]), np.asarray([s for _, s in b])) for b in buckets.values()
    ]


def ndcg_at_10(groups: Sequence[Any], relevance: Sequence[float], scores: Sequence[float]) -> float:
    """Mean over groups (of two items or more) of scikit-learn's NDCG@10."""
    values = [
        float(skm.ndcg_score([rel], [score], k=10))
        for rel, score in _by_group(groups, relevance, scores)
        if len(rel) > 1
    ]
    return float(np.mean(values)) if values else 0.0


def map_at_10(
    groups: Sequence[Any], relevance: Sequence[float], scores: Sequence[float], relevant: float = 2
) -> float:
    """Mean over groups of average precision in the top 10 (relevant: grade >= `relevant`)."""
    values = []
    for rel, score in _by_group(groups, relevance, scores):
        ranked = rel[np.argsort(-score, kind="stable")][:10] >= relevant
        wanted = min(10, int((rel >= relevant).sum()))
        hits = np.cumsum(ranked)
        precision_at = hits / np.arange(1, len(ranked) + 1)
        values.append(float((precision_at * ranked).sum() / wanted) if wanted else 0.0)
    return float(np.mean(values)) if values else 0.0


def precision_at_k(
    relevance: Sequence[float], scores: Sequence[float], k: int = 10, relevant: float = 2
) -> float:
    """Catalogue-wide: the share of relevant items among the k best-scored of all items (what a
    "top k" page shows; sorting by a raw average fills it with items rated once or twice)."""
    rel, score = _numbers(relevance), _numbers(scores)
    if not len(rel):
        return 0.0
    top = np.argsort(-score, kind="stable")[:k]
    return float((rel[top] >= relevant).mean())


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
        return {"f1": f1, "precision": precision, "recall": recall}[name](y_true, y_pred, positive)
    if name == "roc_auc":
        return roc_auc(y_true, scores if scores is not None else y_pred, positive)
    if name in NUMBER_METRICS:
        return {"rmse": rmse, "mae": mae, "mape": mape, "r2": r2}[name](y_true, y_pred)
    if name in RANKING_METRICS:
        ranked_by = scores if scores is not None else y_pred
        return {"ndcg_at_10": ndcg_at_10, "map_at_10": map_at_10}[name](
            groups if groups is not None else [0] * len(y_true), y_true, ranked_by
        )
    raise ValueError(f"unknown metric: {name}")


def secondary_names(name: str, task_type: str) -> tuple[str, ...]:
    """The metrics reported beside the primary one."""
    if name in RANKING_METRICS:
        return RANKING_METRICS
    if name in NUMBER_METRICS:
        return (
            ("rmse", "mae", "r2", "mape") if task_type == "forecasting" else ("rmse", "mae", "r2")
        )
    if name == "exact_match":
        return ("exact_match",)
    return ("f1", "precision", "recall", "accuracy", "roc_auc")


def report(
    name: str,
    task_type: str,
    y_true: Sequence[Any],
    y_pred: Sequence[Any],
    scores: Sequence[float],
    groups: Sequence[Any] | None = None,
    positive: str = "1",
    top_k: int = 10,
    relevant: float = 2,
) -> dict[str, Any]:
    """Every metric worth reading for these predictions: {name: value} (rounded), plus
    `average_precision` (labels), `precision_at_k` (ranking) and `by_bucket` (numbers)."""
    names = list(dict.fromkeys((name, *secondary_names(name, task_type))))
    if name in LABEL_METRICS or name == "exact_match":
        return _label_report(names, y_true, y_pred, scores, positive)
    out: dict[str, Any] = {}
    for metric in names:
        out[metric] = round(compute(metric, y_true, y_pred, scores, groups, positive), 6)
    if name in RANKING_METRICS:
        out[f"precision_at_{top_k}"] = round(precision_at_k(y_true, scores, top_k, relevant), 6)
    if name in NUMBER_METRICS:
        out["by_bucket"] = error_by_bucket(y_true, y_pred)
    return out


def is_constant(values: Sequence[Any]) -> bool:
    """Whether every prediction is the same (a constant predictor)."""
    if not len(values):
        return True
    if isinstance(values[0], (int, float)):
        return bool(np.ptp(_numbers(values)) == 0.0)
    first = values[0]
    return all(value == first for value in values)
