"""Debug one example: its input, the features the model sees, the score and the prediction of a
stage, and the truth. `python -m <package> explain ID` prints it as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import settings
from .data import load_rows
from .predict import load_predictor


def explain(row_id: int, stage: str | None = None, data_file: Path | None = None) -> dict[str, Any]:
    """Everything about one row's prediction; KeyError when no row has this id."""
    row = next((r for r in load_rows(data_file) if r[settings.ID_COLUMN] == row_id), None)
    if row is None:
        raise KeyError(f"no row with {settings.ID_COLUMN} = {row_id}")
    predictor = load_predictor(stage, data_file)
    found: dict[str, Any] = {
        "id": row_id,
        "stage": getattr(predictor, "stage", "heuristic"),
        "input": {k: v for k, v in row.items() if k != settings.TARGET},
        "score": predictor.scores([row])[0],
        "prediction": predictor.predict([row])[0],
        "truth": row[settings.TARGET],
    }
    if hasattr(predictor, "features_of"):
        found["features"] = predictor.features_of(row)
    if hasattr(predictor, "threshold"):
        found["threshold"] = predictor.threshold
    return found
