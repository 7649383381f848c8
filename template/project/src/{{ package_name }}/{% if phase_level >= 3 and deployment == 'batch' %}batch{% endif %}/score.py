"""Batch scoring: predict for every row of a CSV file and write `id,prediction` to another,
through the same prediction entry point as evaluation (the stage lifecycle.yaml records). Each
scored row and its prediction is logged to `logs/predictions.jsonl` for `monitor`."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import settings
from ..evaluate import Predictor
from ..logbook import append
from ..predict import load_predictor, prepare


def score_file(
    source: Path, destination: Path, predictor: Predictor | None = None, log: Path | None = None
) -> Path:
    """Score `source` (same columns as the data; the target may be absent) into `destination`."""
    model = predictor or load_predictor()
    with open(source, newline="", encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    rows = [prepare(record) for record in records]
    predictions = model.predict(rows)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with open(destination, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([settings.ID_COLUMN, "prediction"])
        for row, prediction in zip(rows, predictions, strict=True):
            writer.writerow([row[settings.ID_COLUMN], prediction])
    inputs = [{k: v for k, v in row.items() if k != settings.TARGET} for row in rows]
    append(inputs, predictions, getattr(model, "stage", "heuristic"), log)
    return destination
