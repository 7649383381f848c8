"""The heuristic baselines: majority class, class prior, mean, median, last value, seasonal
naive, weighted rating and keyword rule. Which one runs is `settings.BASELINE`. Two more kinds
are there to compare with: `rule` (the existing system's rule, written in `rules.py`) and, for
ranking, `raw_average` (the naive sort by average rating that the weighted rating fixes).

Majority class, class prior, mean and median ignore the input: reports label them trivial.

Every predictor here and in later stages has the same three methods: `fit(rows)`,
`predict(rows)` and `scores(rows)` (a number per row: the positive-class probability for
classification, the ranking score for ranking, the prediction itself for numbers).
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from typing import Any

from . import rules, settings
from .data import Row


def _mode(values: list[Any]) -> Any:
    counts = Counter(values)
    return max(counts, key=lambda value: (counts[value], str(value)))


def _as_score(value: Any) -> float:
    if settings.TARGET_KIND == "label":
        return 1.0 if str(value) == settings.POSITIVE_LABEL else 0.0
    if isinstance(value, (int, float)):
        return float(value)
    return 0.0


class Baseline:
    """A heuristic predictor of one kind (see the module docstring)."""

    def __init__(self, kind: str | None = None) -> None:
        self.kind = kind or settings.BASELINE
        self.constant: Any = None
        self.prior: dict[Any, float] = {}
        self.history: list[float] = []
        self.rules: dict[str, Any] = {}
        self.mean_rating = 0.0
        self.min_votes = 1.0

    # --- fitting ---------------------------------------------------------------------------
    def fit(self, rows: list[Row]) -> Baseline:
        """Learn the few numbers the heuristic needs from the training rows."""
        values = [row[settings.TARGET] for row in rows]
        if not values:
            raise ValueError("no training rows")
        self.constant = self._central(values)
        counts = Counter(values)
        self.prior = {value: count / len(values) for value, count in counts.items()}
        if settings.TIME_COLUMN:
            ordered = sorted(rows, key=lambda row: row[settings.TIME_COLUMN])
            self.history = [float(row[settings.TARGET]) for row in ordered] if self._numeric else []
        if self.kind == "keyword_rule":
            self._fit_keywords(rows)
        if self.kind == "weighted_rating":
            mean = statistics.fmean(float(row["rating_mean"]) for row in rows)
            median = float(statistics.median(float(row["rating_count"]) for row in rows))
            self.mean_rating = mean if settings.WR_MEAN_RATING is None else settings.WR_MEAN_RATING
            self.min_votes = median if settings.WR_MIN_VOTES is None else settings.WR_MIN_VOTES
        return self

    @property
    def trivial(self) -> bool:
        """Whether this baseline ignores the input (a model must beat it to mean anything)."""
        return self.kind in settings.TRIVIAL_BASELINES

    @property
    def _numeric(self) -> bool:
        return settings.TARGET_KIND == "number"

    def _central(self, values: list[Any]) -> Any:
        if self._numeric and self.kind == "median":
            return float(statistics.median(values))
        if self._numeric and self.kind in ("mean", "last_value", "seasonal_naive"):
            return statistics.fmean(values)
        if self._numeric and self.kind in ("keyword_rule", "weighted_rating"):
            return statistics.fmean(values)
        return _mode(values)

    def _fit_keywords(self, rows: list[Row]) -> None:
        """Per keyword, the usual target of the rows that contain it; the rest get the usual
        target of the rows that contain none."""
        rest = [row[settings.TARGET] for row in rows if self._first_keyword(row) is None]
        if rest:
            self.constant = self._central(rest)
        for word in settings.KEYWORDS:
            hits = [row[settings.TARGET] for row in rows if word in str(row["text"]).lower()]
            if hits:
                self.rules[word] = self._central(hits)

    # --- predicting ------------------------------------------------------------------------
    def predict(self, rows: list[Row]) -> list[Any]:
        """One prediction per row."""
        if self.kind == "class_prior" and not self._numeric:
            rng = random.Random(settings.SEED)
            labels = sorted(self.prior, key=str)
            weights = [self.prior[label] for label in labels]
            return [rng.choices(labels, weights)[0] for _ in rows]
        if self.kind == "keyword_rule":
            return [self._keyword(row) for row in rows]
        if self.kind == "rule":
            return [rules.rule(row) for row in rows]
        if self.kind in ("weighted_rating", "raw_average"):
            return self.scores(rows)
        if self.history and self.kind in ("last_value", "seasonal_naive"):
            return self._naive(len(rows))
        return [self.constant for _ in rows]

    def scores(self, rows: list[Row]) -> list[float]:
        """A number per row: positive-class probability, ranking score or predicted value."""
        if self.kind == "weighted_rating":
            return [self.weighted_rating(row) for row in rows]
        if self.kind == "raw_average":
            return [float(row["rating_mean"]) for row in rows]
        if self.kind in ("class_prior", "majority_class") and not self._numeric:
            positive = self.prior.get(settings.POSITIVE_LABEL, 0.0)
            return [positive for _ in rows]
        return [_as_score(value) for value in self.predict(rows)]

    def weighted_rating(self, row: Row) -> float:
        """WR = v/(v+m)·R + m/(v+m)·C: R the item's mean rating, v its number of ratings,
        m the ratings needed to trust R (settings.WR_MIN_VOTES, else the median count in
        training), C the mean rating over all items (settings.WR_MEAN_RATING, else training)."""
        rating, votes, m = float(row["rating_mean"]), float(row["rating_count"]), self.min_votes
        return votes / (votes + m) * rating + m / (votes + m) * self.mean_rating

    @staticmethod
    def _first_keyword(row: Row) -> str | None:
        text = str(row.get("text", "")).lower()
        return next((word for word in settings.KEYWORDS if word in text), None)

    def _keyword(self, row: Row) -> Any:
        word = self._first_keyword(row)
        return self.rules.get(word, self.constant) if word else self.constant

    def _naive(self, horizon: int) -> list[float]:
        if self.kind == "last_value":
            return [self.history[-1]] * horizon
        season = self.history[-settings.SEASON :]
        return [season[step % len(season)] for step in range(horizon)]
