"""Data loading: read the CSV, check its columns, types and values (no NaN or infinity), split
it into train, validation and test, hash it.

The split is frozen by id: a row's side depends only on its key (the entity or group when there
is one, else the id) hashed with the seed, so new rows never move old ones. When the data
changes over time, the split is ordered by time instead: the oldest rows train, the next ones
validate, the newest test; rows of an entity (or group) already seen on an earlier side are
dropped from the later one, and so are training rows whose label arrived after validation began.
"""

from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path
from typing import Any, NamedTuple

from . import settings

Row = dict[str, Any]


class SchemaError(ValueError):
    """The data does not have the columns, types or values the project expects."""


class Splits(NamedTuple):
    """Train, validation and test rows, and how many rows the time order had to drop."""

    train: list[Row]
    validation: list[Row]
    test: list[Row]
    dropped: int = 0


def load_rows(path: Path | None = None) -> list[Row]:
    """Read the CSV (the committed sample by default), check it and convert the values."""
    path = path or settings.DATA_FILE
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        check_columns(list(reader.fieldnames or []))
        return [convert(row, number) for number, row in enumerate(reader, start=2)]


def required_columns() -> list[str]:
    """The columns every data file must have."""
    wanted = [settings.ID_COLUMN, *settings.FEATURES, settings.TARGET]
    for extra in (
        settings.TIME_COLUMN,
        settings.GROUP_COLUMN,
        settings.ENTITY_COLUMN,
        settings.LABEL_DATE_COLUMN,
    ):
        if extra:
            wanted.append(extra)
    return wanted


def check_columns(header: list[str]) -> None:
    """Refuse a file that lacks the id, the target or a feature column."""
    missing = [name for name in required_columns() if name not in header]
    if missing:
        raise SchemaError(f"missing columns: {', '.join(missing)} (found: {', '.join(header)})")


def finite(value: Any, name: str) -> float:
    """`value` as a float; SchemaError for NaN or infinity (they would poison a model)."""
    number = float(value)
    if not math.isfinite(number):
        raise SchemaError(f"{name}={value!r} is not a finite number")
    return number


def convert(row: dict[str, Any], line: int = 0) -> Row:
    """Convert one CSV row to typed values; raise SchemaError with the line on a bad value."""
    out: Row = dict(row)
    try:
        out[settings.ID_COLUMN] = int(row[settings.ID_COLUMN])
        for key in (settings.GROUP_COLUMN, settings.ENTITY_COLUMN):
            if key:
                out[key] = int(row[key])
        for name, kind in settings.FEATURES.items():
            if kind == "int":
                out[name] = int(row[name])
            elif kind == "float":
                out[name] = finite(row[name], name)
        target = row[settings.TARGET]
        if target is None or str(target).strip() == "":
            raise SchemaError(f"the target '{settings.TARGET}' is empty")
        if settings.TARGET_KIND == "number":
            out[settings.TARGET] = finite(target, settings.TARGET)
        else:
            out[settings.TARGET] = str(target)
    except (TypeError, ValueError) as error:
        raise SchemaError(f"line {line}: {error}") from None
    return out


def targets(rows: list[Row]) -> list[Any]:
    """The target value of every row."""
    return [row[settings.TARGET] for row in rows]


def split_key(row: Row) -> Any:
    """What decides a row's side: its group, else its entity, else its id."""
    return row[settings.GROUP_COLUMN or settings.ENTITY_COLUMN or settings.ID_COLUMN]


def _bucket(key: object) -> float:
    digest = hashlib.sha256(f"{settings.SEED}:{key}".encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF


def split(rows: list[Row]) -> Splits:
    """Train, validation and test rows (see the module docstring for the rules)."""
    if settings.TIME_COLUMN:
        return _split_by_time(rows)
    test_cut = settings.TEST_FRACTION
    validation_cut = test_cut + settings.VALIDATION_FRACTION
    sides: tuple[list[Row], list[Row], list[Row]] = ([], [], [])
    for row in rows:
        bucket = _bucket(split_key(row))
        sides[2 if bucket < test_cut else 1 if bucket < validation_cut else 0].append(row)
    return Splits(*sides)


def _split_by_time(rows: list[Row]) -> Splits:
    time = settings.TIME_COLUMN
    ordered = sorted(rows, key=lambda row: (row[time], row[settings.ID_COLUMN]))
    n = len(ordered)
    test_start = n - max(1, int(n * settings.TEST_FRACTION))
    validation_start = test_start - max(1, int(n * settings.VALIDATION_FRACTION))
    train = ordered[:validation_start]
    validation = ordered[validation_start:test_start]
    test = ordered[test_start:]
    before = len(rows)
    if settings.LABEL_DATE_COLUMN and validation:
        train = _labelled_before(train, validation[0][time])
    if settings.LABEL_DATE_COLUMN and test:
        validation = _labelled_before(validation, test[0][time])
    if settings.GROUP_COLUMN or settings.ENTITY_COLUMN:
        seen = {split_key(row) for row in train}
        validation = [row for row in validation if split_key(row) not in seen]
        seen |= {split_key(row) for row in validation}
        test = [row for row in test if split_key(row) not in seen]
    return Splits(train, validation, test, before - len(train) - len(validation) - len(test))


def _labelled_before(rows: list[Row], cutoff: str) -> list[Row]:
    """The rows whose label was known before `cutoff` (the others could not be trained on)."""
    column = settings.LABEL_DATE_COLUMN or ""
    return [row for row in rows if str(row[column]) < str(cutoff)]


def data_hash(path: Path | None = None) -> str:
    """The SHA-256 of the data file, recorded next to every metric."""
    return hashlib.sha256((path or settings.DATA_FILE).read_bytes()).hexdigest()
