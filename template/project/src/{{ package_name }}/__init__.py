"""The project's package: data loading, baselines, models, evaluation and prediction."""

__version__ = "0.1.0"
