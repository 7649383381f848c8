"""Export for the device: the current predictor as a small JSON file, and the dependency-free
runtime (`EdgeModel`) that runs it with the standard library only.

A trained linear model is exported as its vocabulary, scaling, coefficients and intercepts; a
heuristic baseline as the few numbers it learnt.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from .. import settings
from ..baseline import Baseline
from ..data import Row
from ..predict import load_predictor


def export(output: Path, predictor: Any = None) -> Path:
    """Write the predictor to `output` (JSON) and return the path."""
    model = predictor or load_predictor()
    if isinstance(model, Baseline):
        state = {k: v for k, v in vars(model).items() if k != "prior"}
        payload: dict[str, Any] = {"kind": "baseline", "state": state}
    else:
        pipeline = model.pipeline
        vectorizer, scaler, linear = (step for _name, step in pipeline.steps)
        classes = [str(c) for c in getattr(linear, "classes_", [])]
        payload = {
            "kind": "linear",
            "features": list(vectorizer.feature_names_),
            "scale": [float(s) for s in scaler.scale_],
            "coef": np.atleast_2d(linear.coef_).tolist(),
            "intercept": np.atleast_1d(linear.intercept_).tolist(),
            "classes": classes,
            "origin": model.origin.isoformat() if model.origin else None,
            "threshold": model.threshold,
            "positive": settings.POSITIVE_LABEL,
        }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(payload), encoding="utf-8")
    return output


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value)) if value > -500 else 0.0


class EdgeModel:
    """Runs an exported model with the standard library only."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.baseline: Baseline | None = None
        if payload["kind"] == "baseline":
            self.baseline = Baseline()
            for key, value in payload["state"].items():
                setattr(self.baseline, key, value)
        else:
            self.index = {name: i for i, name in enumerate(payload["features"])}
            origin = payload.get("origin")
            self.origin = date.fromisoformat(origin) if origin else None

    @classmethod
    def load(cls, path: Path) -> EdgeModel:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def _linear(self, row: Row) -> list[float]:
        from ..train import features

        x = [0.0] * len(self.index)
        for name, value in features(row, self.origin).items():
            if name in self.index:
                i = self.index[name]
                x[i] = value / (self.payload["scale"][i] or 1.0)
        return [
            sum(c * v for c, v in zip(coef, x, strict=True)) + b
            for coef, b in zip(self.payload["coef"], self.payload["intercept"], strict=True)
        ]

    def _two_class(self, value: float, classes: list[str]) -> str:
        """The class at the threshold chosen on validation (else the model's own 0.5)."""
        threshold = self.payload.get("threshold")
        if threshold is None or self.payload.get("positive") not in classes:
            return classes[1] if value > 0 else classes[0]
        positive = self.payload["positive"]
        negative = classes[0] if positive == classes[1] else classes[1]
        probability = _sigmoid(value) if positive == classes[1] else 1 - _sigmoid(value)
        return positive if probability >= threshold else negative

    def predict(self, rows: list[Row]) -> list[Any]:
        """One prediction per row, as the exported predictor makes it."""
        if self.baseline is not None:
            return self.baseline.predict(rows)
        classes = self.payload["classes"]
        out: list[Any] = []
        for row in rows:
            values = self._linear(row)
            if not classes:
                out.append(values[0])
            elif len(classes) == 2:
                out.append(self._two_class(values[0], classes))
            else:
                out.append(classes[max(range(len(values)), key=values.__getitem__)])
        return out


MAX_SIZE_BYTES = 1_000_000
LATENCY_BUDGET_MS = settings.LATENCY_BUDGET_MS
