"""Batch scoring: predict for every row of a CSV file and write `id,prediction` to another,
through the same prediction entry point as evaluation."""

from __future__ import annotations

import csv
from pathlib import Path

from .. import settings
from ..evaluate import Predictor
from ..predict import load_predictor, prepare


def score_file(source: Path, destination: Path, predictor: Predictor | None = None) -> Path:
    """Score `source` (same columns as the data; the target may be absent) into `destination`."""
    model = predictor or load_predictor()
    with open(source, newline="", encoding="utf-8") as handle:
        rows = [prepare(record) for record in csv.DictReader(handle)]
    predictions = model.predict(rows)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with open(destination, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([settings.ID_COLUMN, "prediction"])
        for row, prediction in zip(rows, predictions, strict=True):
            writer.writerow([row[settings.ID_COLUMN], prediction])
    return destination
