"""Evaluation: score a predictor on the evaluation split with the primary metric and write
`reports/metrics/<stage>.json` (metric, value, direction, git commit, data hash)."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any, Protocol

from . import metrics, settings
from .data import Row, data_hash, load_rows, split, targets


class Predictor(Protocol):
    """What every stage's predictor offers (baseline, simple model, later ones)."""

    def fit(self, rows: list[Row]) -> Any: ...

    def predict(self, rows: list[Row]) -> list[Any]: ...

    def scores(self, rows: list[Row]) -> list[float]: ...


def evaluate(predictor: Predictor, rows: list[Row], metric: str | None = None) -> float:
    """The metric (the primary one by default) of `predictor` on `rows`."""
    name = metric or settings.METRIC
    groups = [row[settings.GROUP_COLUMN] for row in rows] if settings.GROUP_COLUMN else None
    return metrics.compute(
        name,
        targets(rows),
        predictor.predict(rows),
        scores=predictor.scores(rows),
        groups=groups,
        positive=settings.POSITIVE_LABEL,
    )


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


def metrics_record(stage: str, value: float, data_file: Path | None = None) -> dict[str, Any]:
    """What a metrics file holds."""
    return {
        "stage": stage,
        "metric": settings.METRIC,
        "value": round(value, 6),
        "direction": metrics.direction(settings.METRIC),
        "metrics": {settings.METRIC: round(value, 6)},
        "commit": git_commit(),
        "data_hash": data_hash(data_file),
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def write_metrics(record: dict[str, Any], reports: Path | None = None) -> Path:
    """Write `reports/metrics/<stage>.json` and return its path."""
    folder = (reports or settings.REPORTS) / "metrics"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record['stage']}.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


def run_stage(
    stage: str,
    predictor: Predictor,
    data_file: Path | None = None,
    reports: Path | None = None,
) -> Path:
    """Fit `predictor` on the training split, evaluate it on the evaluation split, write."""
    train, evaluation = split(load_rows(data_file))
    predictor.fit(train)
    value = evaluate(predictor, evaluation)
    return write_metrics(metrics_record(stage, value, data_file), reports)
