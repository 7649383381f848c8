"""Data loading: read the CSV, check its columns and types, split it reproducibly, hash it."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any

from . import settings

Row = dict[str, Any]


class SchemaError(ValueError):
    """The data does not have the columns or types the project expects."""


def load_rows(path: Path | None = None) -> list[Row]:
    """Read the CSV (the committed sample by default), check it and convert the values."""
    path = path or settings.DATA_FILE
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        check_columns(list(reader.fieldnames or []))
        return [convert(row, number) for number, row in enumerate(reader, start=2)]


def check_columns(header: list[str]) -> None:
    """Refuse a file that lacks the id, the target or a feature column."""
    wanted = [settings.ID_COLUMN, *settings.FEATURES, settings.TARGET]
    for extra in (settings.TIME_COLUMN, settings.GROUP_COLUMN):
        if extra:
            wanted.append(extra)
    missing = [name for name in wanted if name not in header]
    if missing:
        raise SchemaError(f"missing columns: {', '.join(missing)} (found: {', '.join(header)})")


def convert(row: dict[str, str], line: int = 0) -> Row:
    """Convert one CSV row to typed values; raise SchemaError with the line on a bad value."""
    out: Row = dict(row)
    try:
        out[settings.ID_COLUMN] = int(row[settings.ID_COLUMN])
        if settings.GROUP_COLUMN:
            out[settings.GROUP_COLUMN] = int(row[settings.GROUP_COLUMN])
        for name, kind in settings.FEATURES.items():
            if kind == "int":
                out[name] = int(row[name])
            elif kind == "float":
                out[name] = float(row[name])
        target = row[settings.TARGET]
        if target is None or target.strip() == "":
            raise SchemaError(f"line {line}: the target '{settings.TARGET}' is empty")
        out[settings.TARGET] = float(target) if settings.TARGET_KIND == "number" else target
    except (TypeError, ValueError) as error:
        if isinstance(error, SchemaError):
            raise
        raise SchemaError(f"line {line}: {error}") from None
    return out


def targets(rows: list[Row]) -> list[Any]:
    """The target value of every row."""
    return [row[settings.TARGET] for row in rows]


def _bucket(key: object) -> float:
    digest = hashlib.sha256(f"{settings.SEED}:{key}".encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF


def split(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """Train and evaluation rows: time-ordered if there is a time column, else by hashed key.

    The same rows always land on the same side (the key is hashed, not shuffled), and rows of
    one group (e.g. one query) never end up on both sides.
    """
    if settings.TIME_COLUMN:
        ordered = sorted(rows, key=lambda row: (row[settings.TIME_COLUMN], row[settings.ID_COLUMN]))
        cut = len(ordered) - max(1, int(len(ordered) * settings.EVAL_FRACTION))
        return ordered[:cut], ordered[cut:]
    key = settings.GROUP_COLUMN or settings.ID_COLUMN
    train = [row for row in rows if _bucket(row[key]) >= settings.EVAL_FRACTION]
    evaluation = [row for row in rows if _bucket(row[key]) < settings.EVAL_FRACTION]
    return train, evaluation


def data_hash(path: Path | None = None) -> str:
    """The SHA-256 of the data file, recorded next to every metric."""
    return hashlib.sha256((path or settings.DATA_FILE).read_bytes()).hexdigest()
