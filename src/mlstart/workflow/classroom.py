"""The class use case: every repository of a roster, cloned or fetched, as one row each.

Each row holds the first-week checklist (reachable, commits on main, first commit, commits by the
roster's email, pushed, lifecycle file valid, charter filled) and the lifecycle state (phase,
stage, required tasks per phase, gate blockers, verdict, last activity, loop-backs, overrides).
A repository that cannot be read is a row saying why, never a stopped run. Nothing from a
repository runs (mlstart.gitssh.mirror, mlstart.workflow.snapshot). Rows of an unchanged commit
come from the cache. No printing: progress goes to a callback.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mlstart import __version__
from mlstart.core.errors import GitError, GitLimitError, GitTimeoutError, MlstartError
from mlstart.core.files import atomic_write
from mlstart.gitssh import sshmux
from mlstart.gitssh.mirror import SAFE_ENV, Limits, Mirror
from mlstart.lifecycle import model
from mlstart.workflow.roster import Roster, Student
from mlstart.workflow.snapshot import lifecycle_state

ROW_FORMAT = 1
DEFAULT_JOBS = 8
BRANCH = "main"
HOST_AUTHORS = frozenset({"noreply@github.com"})  # commits GitHub makes when it creates a repo
CHECKLIST = (
    ("reachable", "repository reachable"),
    ("commits", "commits on main"),
    ("first_commit", "first commit"),
    ("authored", "commits by the roster's email"),
    ("pushed", "work pushed"),
    ("lifecycle", "lifecycle file valid"),
    ("charter", "charter filled"),
)


@dataclass(frozen=True)
class Options:
    cache: Path
    jobs: int = DEFAULT_JOBS
    at: datetime | None = None
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        # Absolute: Git runs in other folders (a clone's), where `--cache ./c` means another place.
        object.__setattr__(self, "cache", Path(os.path.abspath(self.cache)))


def default_cache() -> Path:
    """The user's cache folder for class clones ($XDG_CACHE_HOME/mlstart/class, private)."""
    from mlstart.core.private import cache_dir

    return cache_dir() / "class"


def parse_date(text: str) -> datetime:
    """An ISO date or date-time (`2026-10-01`, `2026-10-01T17:00+02:00`); UTC when no zone."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise MlstartError(
            f"'{text}' is not a date", "use ISO 8601: 2026-10-01 or 2026-10-01T17:00+02:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def evaluate_class(
    roster: Roster, options: Options, on_row: Callable[[dict[str, Any]], None] | None = None
) -> list[dict[str, Any]]:
    """One row per student, in roster order; `on_row` is called as each one finishes.

    The SSH master connections start first (or were started by the command line before this
    code was imported); while they connect, each student's clone and cached row are read from the
    cache (files only), so the remote part starts with nothing local left.
    """
    for folder in ("repos", "rows", "tmp"):
        (options.cache / folder).mkdir(parents=True, exist_ok=True)
    mux = sshmux.take()  # started early by the command line when it could
    env = {**SAFE_ENV, **mux.env()}

    def one(job: Job) -> dict[str, Any]:
        row = job.evaluate(options)
        if on_row is not None:
            on_row(row)
        return row

    try:
        mux.start(student.repo for student in roster.students)
        jobs = [Job(student, options, env, mux.sockets) for student in roster.students]
        mux.wait()
        with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
            return list(pool.map(one, jobs))
    finally:
        mux.close()


class Job:
    """One student's repository: what the cache holds (read at once), then the remote's word."""

    def __init__(
        self,
        student: Student,
        options: Options,
        env: dict[str, str],
        sockets: dict[tuple[str, str | None], str] | None = None,
    ):
        self.student = student
        self.key = hashlib.sha256(student.repo.encode()).hexdigest()[:20]
        folder = options.cache / "repos" / f"{self.key}.git"
        self.mirror = Mirror(folder, student.repo, env, options.limits, sockets)
        self.mirror.branches()  # read now, from the clone's files
        self.stored = _read_row(options.cache, self.key)

    def evaluate(self, options: Options) -> dict[str, Any]:
        """The row: fetch, pick the commit, evaluate it (or reuse the cached row)."""
        student, mirror, row = self.student, self.mirror, _base_row(self.student)
        try:
            mirror.update()
            sha = _pick_commit(mirror, options.at)
            if sha is None:
                state = "empty" if not mirror.branches() else "no-main"
                return _fail(row, state, _why_none(mirror))
            cache_key = _row_key(sha, student, options)
            cached = _cached_row(self.stored, cache_key)
            facts = cached if cached is not None else _facts(mirror, sha, student, options)
            if cached is None:
                _store_row(options.cache, self.key, cache_key, facts)
        except GitTimeoutError as exc:
            return _fail(row, "timeout", exc.message)
        except GitLimitError as exc:
            return _fail(row, "too-large", exc.message)
        except GitError as exc:
            return _fail(row, "unreachable", exc.message)
        row.update(facts)
        return finish_row(row)


def evaluate_student(
    student: Student,
    options: Options,
    env: dict[str, str],
    sockets: dict[tuple[str, str | None], str] | None = None,
) -> dict[str, Any]:
    """The row of one student: fetch, pick the commit, evaluate it (or reuse the cached row)."""
    return Job(student, options, env, sockets).evaluate(options)


def _base_row(student: Student) -> dict[str, Any]:
    return {
        "name": student.name,
        "repo": student.repo,
        "email": student.email,
        "group": student.group,
        "line": student.line,
        "state": "ok",
        "error": None,
        "head": None,
        "commits": 0,
        "authored": None,
        "pushed": False,
        "first_commit": None,
        "last_activity": None,
        "lifecycle": None,
    }


def _pick_commit(mirror: Mirror, at: datetime | None) -> str | None:
    heads = mirror.branches()
    if BRANCH not in heads:
        return None
    if at is None:
        return heads[BRANCH]
    return mirror.commit_before(BRANCH, at.isoformat())


def _why_none(mirror: Mirror) -> str:
    heads = mirror.branches()
    if not heads:
        return "the repository is empty (nothing pushed)"
    if BRANCH in heads:
        return "no commit on main before the deadline"
    return f"no main branch (branches: {', '.join(sorted(heads)[:5])})"


def _fail(row: dict[str, Any], state: str, error: str) -> dict[str, Any]:
    row["state"], row["error"] = state, error
    return finish_row(row)


def _facts(mirror: Mirror, sha: str, student: Student, options: Options) -> dict[str, Any]:
    """What a commit says: history facts from git, the lifecycle state from its files."""
    commits = mirror.commits(sha)
    email = (student.email or "").lower()
    authored = sum(1 for c in commits if c.email.lower() == email) if email else None
    lifecycle = lifecycle_state(mirror, sha, options.cache / "tmp")
    return {
        "head": sha,
        "commits": len(commits),
        "authored": authored,
        "pushed": any(c.email.lower() not in HOST_AUTHORS for c in commits),
        "first_commit": commits[-1].authored if commits else None,
        "last_activity": commits[0].committed if commits else None,
        "lifecycle": lifecycle,
    }


def finish_row(row: dict[str, Any]) -> dict[str, Any]:
    """Add the checklist and whether the first-week assignment is done."""
    life = row.get("lifecycle") or {}
    reachable = row["state"] not in ("unreachable", "timeout", "too-large")
    values: dict[str, bool | None] = {
        "reachable": reachable,
        "commits": row["commits"] > 0,
        "first_commit": row["first_commit"] is not None,
        "authored": None if row["authored"] is None else row["authored"] > 0,
        "pushed": bool(row["pushed"]),
        "lifecycle": bool(life) and not life.get("error"),
        "charter": bool(life.get("charter")),
    }
    row["checklist"] = [
        {"id": key, "title": title, "ok": values[key], "detail": _detail(key, row)}
        for key, title in CHECKLIST
    ]
    row["done"] = all(item["ok"] is not False for item in row["checklist"])
    return row


def _detail(key: str, row: dict[str, Any]) -> str:
    life = row.get("lifecycle") or {}
    details = {
        "reachable": row["error"] if row["state"] != "ok" else "",
        "commits": f"{row['commits']} commits",
        "first_commit": row["first_commit"] or "",
        "authored": "" if row["authored"] is None else f"{row['authored']} by {row['email']}",
        "pushed": "" if row["pushed"] else "only the commits GitHub made",
        "lifecycle": life.get("error") or "",
        "charter": "",
    }
    return str(details[key] or "")


# --- the cache of rows --------------------------------------------------------------------------


def _row_file(cache: Path, key: str) -> Path:
    return cache / "rows" / f"{key}.json"


def _row_key(sha: str, student: Student, options: Options) -> list[Any]:
    """What a row's facts depend on: mlstart's version, the commit, the email and the limits."""
    return [__version__, ROW_FORMAT, sha, (student.email or "").lower(), options.limits]


def _read_row(cache: Path, key: str) -> dict[str, Any] | None:
    """The stored row of a repository (its key and facts), None when there is none."""
    try:
        stored = json.loads(_row_file(cache, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stored if isinstance(stored, dict) else None


def _cached_row(stored: dict[str, Any] | None, cache_key: list[Any]) -> dict[str, Any] | None:
    """The stored facts when they were made for exactly this commit, email, limits and version."""
    if stored is None:
        return None
    expected = json.loads(json.dumps(cache_key, default=repr))
    if stored.get("key") != expected:
        return None
    facts = stored.get("facts")
    return facts if isinstance(facts, dict) else None


def _store_row(cache: Path, key: str, cache_key: list[Any], facts: dict[str, Any]) -> None:
    text = json.dumps({"key": cache_key, "facts": facts}, default=repr)
    with contextlib.suppress(OSError):  # a full disk costs only speed next time
        atomic_write(_row_file(cache, key), text)


# --- the summary and the grade ------------------------------------------------------------------


def summary(
    rows: list[dict[str, Any]], *, now: datetime, stale_days: float | None = None
) -> dict[str, Any]:
    """How many did the assignment, how many are in each phase, how many are stale, unreadable."""
    per_phase = {phase: 0 for phase in model.PHASES}
    for row in rows:
        life = row.get("lifecycle") or {}
        if life.get("phase") in per_phase:
            per_phase[life["phase"]] += 1
    stale = [r["name"] for r in rows if stale_days is not None and is_stale(r, now, stale_days)]
    return {
        "students": len(rows),
        "done": sum(1 for r in rows if r["done"]),
        "phases": per_phase,
        "no_lifecycle": sum(1 for r in rows if r["state"] == "ok" and not _valid(r)),
        "unreadable": sum(1 for r in rows if r["state"] != "ok"),
        "stale_days": stale_days,
        "stale": stale,
    }


def _valid(row: dict[str, Any]) -> bool:
    life = row.get("lifecycle") or {}
    return bool(life) and not life.get("error")


def days_in_phase(row: dict[str, Any], now: datetime) -> float | None:
    """Days since the current phase was entered (or since the first commit, if never recorded)."""
    life = row.get("lifecycle") or {}
    since = life.get("phase_since") or row.get("first_commit")
    if not since:
        return None
    try:
        start = parse_date(str(since))
    except MlstartError:
        return None
    return (now - start).total_seconds() / 86400


def is_stale(row: dict[str, Any], now: datetime, days: float) -> bool:
    """In the same phase for more than `days` days, and not in the last phase."""
    life = row.get("lifecycle") or {}
    if not _valid(row) or life.get("phase") == model.PHASES[-1]:
        return False
    spent = days_in_phase(row, now)
    return spent is not None and spent > days


def not_reached(rows: list[dict[str, Any]], phase: str) -> list[str]:
    """Names of the students whose project has not reached `phase` (or cannot be read)."""
    wanted = model.PHASES.index(phase)
    behind = []
    for row in rows:
        life = row.get("lifecycle") or {}
        current = life.get("phase")
        if not _valid(row) or current not in model.PHASES or model.PHASES.index(current) < wanted:
            behind.append(row["name"])
    return behind
