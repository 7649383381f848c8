"""A class roster: a CSV with a header (`name`, `repo`, optional `email`, `group`), read leniently.

A bad row is reported with its line and skipped; only an unreadable file or a header without
`name` and `repo` stops the run. A `repo` that is a relative path is taken from the roster's
folder.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import MlstartError
from mlstart.interview.questions import email_problem

REQUIRED = ("name", "repo")
OPTIONAL = ("email", "group")
MAX_BYTES = 10_000_000


@dataclass(frozen=True)
class Student:
    line: int
    name: str
    repo: str
    email: str | None = None
    group: str | None = None


@dataclass(frozen=True)
class Roster:
    students: list[Student]
    problems: list[str]  # "roster.csv:7: no repo; row skipped"


def read_roster(path: Path) -> Roster:
    """The students of a roster file, and a line-numbered problem for every row skipped."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise MlstartError(f"{path}: larger than {MAX_BYTES // 1_000_000} MB; not a roster")
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise MlstartError(f"{path}: cannot read the roster ({detail})") from None
    return parse_roster(text, path)


def parse_roster(text: str, path: Path) -> Roster:
    """Parse roster text; relative repository paths are resolved against path's folder."""
    reader = csv.reader(text.splitlines())
    header = [column.strip().lower() for column in next(reader, [])]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise MlstartError(
            f"{path}:1: the header has no {' or '.join(missing)} column",
            "the first line names the columns: name,repo[,email][,group]",
        )
    students: list[Student] = []
    problems: list[str] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {key: (row[i].strip() if i < len(row) else "") for i, key in enumerate(header)}
        problem = _problem(values, seen)
        if problem:
            problems.append(f"{path}:{line}: {problem}; row skipped")
            continue
        seen.add(values["name"].lower())
        students.append(
            Student(
                line=line,
                name=values["name"],
                repo=_location(values["repo"], path.parent),
                email=values.get("email") or None,
                group=values.get("group") or None,
            )
        )
    return Roster(students, problems)


def _problem(values: dict[str, str], seen: set[str]) -> str | None:
    if not values.get("name"):
        return "no name"
    if not values.get("repo"):
        return f"{values['name']}: no repo"
    if values["repo"].startswith("-") or "::" in values["repo"]:
        return f"{values['name']}: '{values['repo']}' is not a Git URL or path"
    if values["name"].lower() in seen:
        return f"{values['name']}: a second row for the same name"
    email = values.get("email")
    if email:
        problem = email_problem(email)
        if problem:
            return f"{values['name']}: {problem}"
    return None


def _location(repo: str, base: Path) -> str:
    """A URL as given; a path (no scheme, no user@host:) made absolute from the roster's folder."""
    if "://" in repo or _scp_like(repo):
        return repo
    return os.path.normpath(os.path.join(os.fspath(base.absolute()), os.path.expanduser(repo)))


def _scp_like(repo: str) -> bool:
    """git@host:owner/name.git (a colon before any slash), which Git treats as SSH."""
    colon, slash = repo.find(":"), repo.find("/")
    return colon > 0 and (slash == -1 or colon < slash)
