"""The ML Test Score of a project: each of the 28 tests scored from the repository's evidence
and the team's manual records, the four section sums, the final score (their minimum) and the
paper's reading of it.

Scoring (Breck et al., 2017): a test done automatically and repeatedly (its evidence holds and
CI runs it) earns 1; done but not automated (evidence without CI, or recorded by hand with
`mlstart score --set ID=done`) earns 0.5; otherwise 0. Reading the evidence never runs project
code. Manual records live in lifecycle.yaml under `ml_test_score:` as {ID: {status, note, at,
by}}. Pure apart from reading files under the project root.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mlstart.lifecycle.layout import relocate
from mlstart.lifecycle.rubric import BY_ID, PREFIXES, SECTIONS, TESTS, Test, reading

MANUAL_KEYS = ("status", "note", "at", "by")
MANUAL_STATUSES = ("done",)
AUTOMATED, MANUAL, PARTIAL, NOT_DONE = "automated", "manual", "not automated", "not done"
POINTS = {AUTOMATED: 1.0, MANUAL: 0.5, PARTIAL: 0.5, NOT_DONE: 0.0}


class Repository:
    """Reads the files the evidence clauses name (never runs anything)."""

    def __init__(self, root: Path, package: str, paths: Any = None):
        self.root = root
        self.package = package
        self.paths = paths  # lifecycle.yaml's `paths:` for a project in another layout
        self._ci: str | None = None

    def where(self, pattern: str) -> str:
        """A pattern of mlstart's layout, moved to the project's own (`paths:`)."""
        holder = {"any": [{"check": pattern.replace("{pkg}", self.package)}]}
        relocate(holder, self.paths, self.package)
        return str(holder["any"][0]["check"])

    def _glob(self, pattern: str) -> list[Path]:
        return sorted(p for p in self.root.glob(self.where(pattern)) if p.is_file())

    def _text(self, path: Path) -> str:
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def ci_text(self) -> str:
        """Every CI workflow's text, joined."""
        if self._ci is None:
            workflows = [
                *self._glob(".github/workflows/*.yml"),
                *self._glob(".github/workflows/*.yaml"),
            ]
            self._ci = "\n".join(self._text(path) for path in workflows)
        return self._ci

    def holds(self, clause: str) -> bool:
        """Whether one evidence clause holds (see mlstart.lifecycle.rubric)."""
        kind, _, rest = clause.partition(":")
        if kind == "file":
            return bool(self._glob(rest))
        if kind == "text":
            pattern, _, needle = rest.partition(":")
            return any(needle in self._text(path) for path in self._glob(pattern))
        if kind == "json":
            pattern, _, key = rest.partition(":")
            return any(_has_key(self._text(path), key) for path in self._glob(pattern))
        if kind == "ci":
            return rest in self.ci_text()
        raise ValueError(f"unknown evidence clause: {clause}")


def _has_key(text: str, key: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and data.get(key) not in (None, "", [], {})


def _state(test: Test, repo: Repository, manual: dict[str, Any]) -> tuple[str, list[str]]:
    """(state, evidence that is missing) for one test."""
    found = [clause for clause in test.evidence if not clause.startswith("ci:")]
    runs = [clause for clause in test.evidence if clause.startswith("ci:")]
    missing = [repo.where(clause) for clause in found if not repo.holds(clause)]
    unrun = [clause for clause in runs if not repo.holds(clause)]
    recorded = (manual.get(test.id) or {}).get("status") in MANUAL_STATUSES
    if test.evidence and not missing and not unrun:
        return AUTOMATED, []
    if test.evidence and not missing:
        return PARTIAL, unrun
    return (MANUAL if recorded else NOT_DONE), missing + unrun


def score(
    root: Path, package: str, manual: dict[str, Any] | None = None, paths: Any = None
) -> dict[str, Any]:
    """The full score: per test, per section, final, reading, weakest section and next step."""
    manual = manual or {}
    repo = Repository(root, package, paths)
    tests = []
    for test in TESTS:
        state, missing = _state(test, repo, manual)
        note = (manual.get(test.id) or {}).get("note")
        tests.append(
            {
                "id": test.id,
                "section": test.section,
                "title": test.title,
                "state": state,
                "points": POINTS[state],
                "missing": missing,
                "todo": test.todo,
                **({"note": note} if note else {}),
            }
        )
    sections = {
        name: {
            "points": sum(t["points"] for t in tests if t["section"] == name),
            "automated": sum(1 for t in tests if t["section"] == name and t["state"] == AUTOMATED),
        }
        for name in SECTIONS
    }
    final = min(section["points"] for section in sections.values())
    weakest = min(SECTIONS, key=lambda name: (sections[name]["points"], SECTIONS.index(name)))
    return {
        "tests": tests,
        "sections": sections,
        "score": final,
        "reading": reading(final),
        "weakest": weakest,
        "next": _next_steps(tests, weakest),
    }


def _next_steps(tests: list[dict[str, Any]], section: str) -> list[dict[str, str]]:
    """The weakest section's tests that would raise it, cheapest first (those half done)."""
    open_tests = [t for t in tests if t["section"] == section and t["state"] != AUTOMATED]
    open_tests.sort(key=lambda t: (-t["points"], not BY_ID[t["id"]].evidence))
    return [{"id": t["id"], "title": t["title"], "todo": t["todo"]} for t in open_tests[:3]]


def parse_id(text: str) -> str:
    """A rubric id, case-insensitive (`mon3` → `Mon3`); ValueError for an unknown one."""
    for known in BY_ID:
        if known.lower() == text.strip().lower():
            return known
    raise ValueError(f"'{text}' is not a test of the ML Test Score ({', '.join(BY_ID)})")


def section_of(test: str) -> str:
    """The section a test id belongs to."""
    prefix = test.rstrip("0123456789")
    return next(name for name, p in PREFIXES.items() if p == prefix)


def manual_problems(node: Any) -> list[tuple[tuple[Any, ...], str]]:
    """What is wrong with an `ml_test_score:` mapping of lifecycle.yaml (key path, message)."""
    at: tuple[Any, ...] = ("ml_test_score",)
    if not isinstance(node, dict):
        return [(at, "ml_test_score must map test ids (D1, M5, ...) to records")]
    problems = []
    for key, record in node.items():
        if key not in BY_ID:
            problems.append(((*at, key), f"'{key}' is not a test id (D1..D7, M1..M7, ...)"))
        elif not isinstance(record, dict) or record.get("status") not in MANUAL_STATUSES:
            problems.append(((*at, key), "a record needs status: done"))
        else:
            for extra in record:
                if extra not in MANUAL_KEYS:
                    problems.append(((*at, key, extra), f"unknown key '{extra}'"))
    return problems
