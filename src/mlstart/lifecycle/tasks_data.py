"""The data phase's tasks: sources, snapshot, schema, labels, privacy and their checks."""

from __future__ import annotations

from typing import Any

from mlstart.core.limits import LARGE_FILE_MB
from mlstart.interview.questions import UNKNOWN
from mlstart.lifecycle.taskkit import Context, Task, filled, snapshot_check, task

# --- data ---------------------------------------------------------------------------------------


def _data_first(c: Context) -> list[Task]:
    """The tasks that open the data phase, in order; `data` adds the rest."""
    report = "docs/data/data_report.md"
    "time-ordered " if c.answers.get("data_change") == "fast" else ""
    return [
        task(
            "data.sources",
            "Sources inventoried with owners; access granted",
            filled(report, "Sources"),
            required=False,
        ),
        task(
            "data.snapshot",
            f"Raw snapshot versioned (hashes in data/manifest.json); no data over "
            f"{LARGE_FILE_MB:g} MB in Git",
            [snapshot_check(c), {"no_large_files": LARGE_FILE_MB}],
            "hash the raw files into data/manifest.json; keep data in DVC or Git LFS",
        ),
    ]


def data(c: Context) -> list[Task]:
    """Data collection, labelling, understanding and preparation (reference b.4, DAT-01..10)."""
    report = "docs/data/data_report.md"
    split = "time-ordered " if c.answers.get("data_change") == "fast" else ""
    tasks = [
        *_data_first(c),
        task(
            "data.sample",
            "Small committed sample for tests and CI",
            {"path": "data/sample"},
            required=False,
        ),
        task(
            "data.report",
            "Data report: quality, target, variables, representativeness",
            filled(report),
            required=c.product,
        ),
        task(
            "data.schema",
            "Schema and expectation tests pass on the snapshot and the sample",
            [
                {"path": "tests/test_data_contract.py"},
                {"changed": "configs/schema.json"},  # the schema describes the team's data
                {"cmd": "python -m pytest -q tests/test_data_contract.py"},
            ],
        ),
    ]
    tasks += _labels(c)
    tasks.append(
        task(
            "data.splits",
            f"Splits frozen ({split}train/validation/test), disjoint, no leakage",
            {"path": "data/splits.json"},
            "write the split rule and ids to data/splits.json and test they are disjoint",
        )
    )
    tasks += _data_conditional(c)
    return tasks


def _labels(c: Context) -> list[Task]:
    if not c.labels:
        return []
    who = str(c.answers.get("labelling", UNKNOWN)).replace("_", " ")
    return [
        task(
            "data.labelling-guide",
            f"Labelling guide written (labellers: {who})",
            filled("docs/data/labeling_guide.md"),
        ),
        task(
            "data.labels",
            "Labels: gold set labelled twice, agreement measured, label set versioned",
            {"path": "reports/labels/agreement.json", "fields": ["data_hash"]},
            "label a gold set twice and write the agreement to reports/labels/agreement.json",
        ),
    ]


def _data_conditional(c: Context) -> list[Task]:
    tasks = []
    if c.privacy:
        checks: list[Any] = [{"no_large_files": LARGE_FILE_MB}]
        title = "Personal data flagged, minimised or pseudonymised; access listed; none in Git"
        if c.product:  # a product documents consent in its datasheet; one task covers both
            checks.append(filled("docs/data/datasheet.md"))
            title += "; datasheet written"
        tasks.append(task("data.privacy", title, checks))
    if c.human == "review" or c.flywheel:
        who = "usage (the data flywheel)" if c.flywheel else "reviewers' corrections"
        tasks.append(
            task(
                "data.feedback",
                f"Feedback loop: labels from {who} are logged and join the training data",
                filled("docs/data/data_report.md", "Feedback"),
                required=False,
            )
        )
    tasks.append(
        task(
            "data.pipeline",
            "One command rebuilds the processed data from the snapshot",
            {"cmd": "make data"},
            required=False,
        )
    )
    tasks.append(
        task(
            "data.checkpoint",
            "Data checkpoint decided: proceed, collect more, reframe or stop",
            filled("docs/decisions/0002-data-checkpoint.md"),
        )
    )
    if c.product and not c.privacy:
        tasks.append(
            task(
                "data.datasheet",
                "Datasheet: motivation, composition, collection, consent",
                filled("docs/data/datasheet.md"),
                required=False,
            )
        )
    return tasks
