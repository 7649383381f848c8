"""Evaluation: fit on the training split, choose the decision threshold on the validation split,
report on the test split. Writes `reports/metrics/<stage>.json` (the primary metric, the
secondary ones, the threshold, the trivial reference, the degenerate flag, commit and data
hash) and `reports/eval/slices.json` (the same metrics per value of each slice column).

A result is degenerate when a constant predictor reaches the lowest useful value: either the
predictor itself says the same thing for every row, or the trivial baseline (majority class or
mean) already gets there, so the metric cannot tell a model from no model. The metrics file
then carries `"degenerate": true` and the reason, and `mlstart check` flags it.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sklearn.metrics import precision_recall_curve

from . import metrics, settings
from .data import Row, Splits, data_hash, load_rows, split, targets


class Predictor(Protocol):
    """What every stage's predictor offers (baseline, simple model, later ones)."""

    def fit(self, rows: list[Row]) -> Any: ...

    def predict(self, rows: list[Row]) -> list[Any]: ...

    def scores(self, rows: list[Row]) -> list[float]: ...


def _groups(rows: list[Row]) -> list[Any] | None:
    return [row[settings.GROUP_COLUMN] for row in rows] if settings.GROUP_COLUMN else None


def evaluate(predictor: Predictor, rows: list[Row], metric: str | None = None) -> float:
    """The metric (the primary one by default) of `predictor` on `rows`."""
    return metrics.compute(
        metric or settings.METRIC,
        targets(rows),
        predictor.predict(rows),
        scores=predictor.scores(rows),
        groups=_groups(rows),
        positive=settings.POSITIVE_LABEL,
    )


def measure(predictor: Predictor, rows: list[Row]) -> dict[str, Any]:
    """Primary and secondary metrics of `predictor` on `rows`, and whether it is constant."""
    return _measured(rows, predictor.predict(rows), predictor.scores(rows))


def _measured(rows: list[Row], predictions: list[Any], scores: list[float]) -> dict[str, Any]:
    found = metrics.report(
        settings.METRIC,
        settings.TASK_TYPE,
        targets(rows),
        predictions,
        scores,
        groups=_groups(rows),
        positive=settings.POSITIVE_LABEL,
        top_k=settings.TOP_K,
        relevant=settings.RELEVANT_MIN,
    )
    return {"value": found[settings.METRIC], "metrics": found, "constant": _constant(predictions)}


def _constant(predictions: list[Any]) -> bool:
    return settings.TASK_TYPE != "ranking" and metrics.is_constant(predictions)


def choose_threshold(predictor: Predictor, validation: list[Row]) -> float | None:
    """The score threshold that maximises F-beta on the validation rows, beta from the answers
    (2: a false negative costs more; 0.5: a false positive does; 1: equal). None when the
    predictor has no threshold, the task is not a two-class one, or a class is missing."""
    if not hasattr(predictor, "threshold") or settings.TARGET_KIND != "label" or not validation:
        return None
    truth = np.asarray([str(t) == settings.POSITIVE_LABEL for t in targets(validation)])
    if truth.all() or not truth.any():
        return None
    scores = np.asarray(predictor.scores(validation), dtype=float)
    precision, recall, thresholds = precision_recall_curve(truth, scores)
    beta2 = {"fn": 4.0, "fp": 0.25}.get(settings.COSTLIER_ERROR, 1.0)
    denominator = beta2 * precision[:-1] + recall[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        fbeta = np.where(
            denominator > 0, (1 + beta2) * precision[:-1] * recall[:-1] / denominator, 0
        )
    return round(float(thresholds[int(np.argmax(fbeta))]), 6)


def trivial_reference(train: list[Row], test: list[Row]) -> dict[str, Any] | None:
    """The trivial baseline (majority class, or mean for numbers) measured on the test rows."""
    if settings.TASK_TYPE == "ranking" or not train or not test:
        return None
    from .baseline import Baseline

    kind = "mean" if settings.TARGET_KIND == "number" else "majority_class"
    value = evaluate(Baseline(kind).fit(train), test)
    return {"kind": kind, "trivial": True, "value": round(value, 6)}


def degenerate(measured: dict[str, Any], trivial: dict[str, Any] | None) -> str | None:
    """Why this result is degenerate (see the module docstring), or None."""
    floor = settings.METRIC_MIN_USEFUL
    if measured["constant"] and metrics.meets(settings.METRIC, measured["value"], floor):
        return (
            f"a constant predictor reaches {settings.METRIC} {measured['value']} (useful: {floor})"
        )
    if trivial and metrics.meets(settings.METRIC, trivial["value"], floor):
        return (
            f"the trivial {trivial['kind']} baseline already reaches {settings.METRIC} "
            f"{trivial['value']} (useful: {floor}): the metric cannot tell a model from none"
        )
    return None


def git_commit(root: Path | None = None) -> str:
    """The current commit, or 'unknown' outside a repository (or without git)."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root or settings.ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "unknown"
    return result.stdout.strip() if result.returncode == 0 else "unknown"


def metrics_record(
    stage: str,
    measured: dict[str, Any] | float,
    data_file: Path | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """What a metrics file holds; `extra` adds threshold, trivial reference, baseline kind."""
    if not isinstance(measured, dict):
        measured = {"value": measured, "metrics": {settings.METRIC: measured}, "constant": False}
    trivial = extra.pop("trivial_reference", None)
    reason = degenerate(measured, trivial)
    return {
        "stage": stage,
        "metric": settings.METRIC,
        "value": round(float(measured["value"]), 6),
        "direction": metrics.direction(settings.METRIC),
        "metrics": measured["metrics"],
        "split": "test",
        **extra,
        "trivial_reference": trivial,
        "degenerate": reason is not None,
        "degenerate_reason": reason,
        "commit": git_commit(),
        "data_hash": data_hash(data_file),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def write_json(path: Path, content: dict[str, Any]) -> Path:
    """Write `content` as indented JSON (creating the folder) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    return path


def write_metrics(record: dict[str, Any], reports: Path | None = None) -> Path:
    """Write `reports/metrics/<stage>.json` and return its path."""
    return write_json((reports or settings.REPORTS) / "metrics" / f"{record['stage']}.json", record)


def slices(
    predictor: Predictor,
    rows: list[Row],
    predictions: list[Any] | None = None,
    scores: list[float] | None = None,
) -> dict[str, Any]:
    """Per slice column and value: rows and metrics (quality on every important slice). The
    predictions and scores of `rows` are computed once, then cut by slice."""
    if predictions is None or scores is None:
        predictions, scores = predictor.predict(rows), predictor.scores(rows)
    found: dict[str, Any] = {}
    for column in settings.SLICE_COLUMNS:
        parts: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            parts.setdefault(str(row[column]), []).append(i)
        found[column] = {}
        for value, where in sorted(parts.items()):
            part = [rows[i] for i in where]
            measured = _measured(part, [predictions[i] for i in where], [scores[i] for i in where])
            found[column][value] = {"rows": len(where), **measured["metrics"]}
    return found


def write_slices(stage: str, found: dict[str, Any], reports: Path | None = None) -> Path:
    """Write `reports/eval/slices.json`: the slices found on the test split."""
    content = {
        "stage": stage,
        "metric": settings.METRIC,
        "split": "test",
        "columns": list(settings.SLICE_COLUMNS),
        "slices": found,
    }
    return write_json((reports or settings.REPORTS) / "eval" / "slices.json", content)


def fit_rows(parts: Splits) -> list[Row]:
    """What a predictor is fitted on: train, and validation too for a forecast (the history
    must reach the test period)."""
    if settings.TASK_TYPE == "forecasting":
        return parts.train + parts.validation
    return parts.train


def assess(
    stage: str,
    predictor: Predictor,
    parts: Splits,
    data_file: Path | None = None,
    reports: Path | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Threshold on validation, metrics and slices on test, files written; the record."""
    threshold = choose_threshold(predictor, parts.validation)
    if threshold is not None:
        predictor.threshold = threshold  # type: ignore[attr-defined]
    predictions, scores = predictor.predict(parts.test), predictor.scores(parts.test)
    record = metrics_record(
        stage,
        _measured(parts.test, predictions, scores),
        data_file,
        threshold=threshold,
        rows={
            "train": len(parts.train),
            "validation": len(parts.validation),
            "test": len(parts.test),
        },
        trivial_reference=trivial_reference(parts.train, parts.test),
        **_about(predictor, parts),
        **extra,
    )
    write_metrics(record, reports)
    write_slices(stage, slices(predictor, parts.test, predictions, scores), reports)
    return record


def _about(predictor: Predictor, parts: Splits) -> dict[str, Any]:
    """What a metrics file says of a baseline: its kind, whether it is trivial, and for the
    weighted rating the naive sort by raw average measured beside it."""
    kind = getattr(predictor, "kind", None)
    if not kind:
        return {}
    about: dict[str, Any] = {"baseline": kind, "trivial": kind in settings.TRIVIAL_BASELINES}
    if kind == "weighted_rating":
        from .baseline import Baseline

        naive = Baseline("raw_average").fit(parts.train)
        about["naive_sort"] = measure(naive, parts.test)["metrics"]
    return about


def run_stage(
    stage: str,
    predictor: Predictor,
    data_file: Path | None = None,
    reports: Path | None = None,
) -> Path:
    """Fit `predictor` on the training split, evaluate it on the test split, write the files."""
    parts = split(load_rows(data_file))
    predictor.fit(fit_rows(parts))
    assess(stage, predictor, parts, data_file, reports)
    return (reports or settings.REPORTS) / "metrics" / f"{stage}.json"
