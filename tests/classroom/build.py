"""A class of student repositories in the states that occur, as bare repositories on disk.

Used by the class tests (served over the fake GitHub and as local paths) and by
benchmarks/bench_class.py. Each student's repository is built in a scratch work tree with real
git (author, dates), then pushed to a bare repository.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlstart.interview.answers import resolve
from mlstart.interview.plan import derive
from mlstart.lifecycle.document import new_document
from mlstart.lifecycle.store import to_plain

HOST = "noreply@github.com"
START = "2026-09-28T10:00:00+00:00"  # the project is created
COMMITTED = "2026-09-30T12:00:00+00:00"  # the work is committed
EARLY = "2026-09-01T10:00:00+00:00"  # a project stuck in planning since
DEADLINE = "2026-10-01T00:00:00+00:00"
FILLED_CHARTER = "# Charter\n\n## Background\n\nChurn costs us.\n\n## Users\n\nRetention team.\n"
EMPTY_CHARTER = "# Charter\n\n## Background\n\nTODO(mlstart): why\n\n## Users\n\nTODO(mlstart)\n"
FILLED_METRICS = "# Metrics\n\nf1, target 0.8.\n"


@dataclass
class Commit:
    files: dict[str, str | bytes | None]  # None deletes; "->target" as a str makes a symlink
    email: str = "student@example.com"
    date: str = COMMITTED


@dataclass
class Student:
    name: str
    state: str  # what the class row should say (the test's expectation)
    commits: list[Commit] = field(default_factory=list)
    email: str | None = None
    exists: bool = True  # False: the roster names a repository that is not there
    host_readme: bool = False  # GitHub's own first commit (Classroom, "add a README")


def base_lifecycle() -> dict[str, Any]:
    """A fresh course project's lifecycle data (what `mlstart new` writes), as plain data."""
    framed = {"problem": "p", "decision_maker": "d", "business_objective": "k"}
    answers = resolve({"project_name": "churn", **framed, "business_value": "yes"})
    return dict(to_plain(new_document(answers, derive(answers), "Student")))


def lifecycle(
    base: dict[str, Any],
    *,
    phase: str = "planning",
    since: str = START,
    created: str = START,
    **extra: Any,
) -> str:
    """Lifecycle text (JSON is YAML) in `phase`, the planning tasks done when past planning."""
    data = copy.deepcopy(base)
    data["phase"] = phase
    data["history"] = [{"at": created, "event": "created", "by": "Student"}]
    if phase != "planning":
        for task in data["phases"]["planning"]:
            task["status"] = "done"
        data["history"].append(
            {"at": since, "event": "advanced", "by": "Student", "from": "planning", "to": phase}
        )
    data["history"] += extra.get("events", [])
    return json.dumps(data, indent=1)


def work_files(text: str, charter: str = FILLED_CHARTER) -> dict[str, str | bytes | None]:
    return {"lifecycle.yaml": text, "docs/charter.md": charter, "docs/metrics.md": FILLED_METRICS}


def classroom(count: int = 30, sentinel: str = "/tmp/mlstart-sentinel-never") -> list[Student]:
    """`count` students (at least 30): every state once or more, the rest done."""
    base = base_lifecycle()
    plain = lifecycle(base)
    email = "student@example.com"
    states: list[Student] = [
        Student("done-planning", "done", [Commit(work_files(plain))], email),
        Student(
            "done-data",
            "done",
            [Commit(work_files(lifecycle(base, phase="data", since="2026-09-29T10:00:00+00:00")))],
            email,
        ),
        _loop_back(base, email),
        _override(base, email),
        Student("not-pushed", "not-pushed", [], email, host_readme=True),
        Student("no-lifecycle", "no-lifecycle", [Commit({"README.md": "# hi\n"})], email),
        Student("broken-yaml", "broken", [Commit(work_files("phase: [planning\n"))], email),
        Student(
            "broken-schema",
            "broken",
            [Commit(work_files(plain.replace('"planning"', '"plannning"', 1)))],
            email,
        ),
        Student("hostile-bomb", "broken", [Commit(work_files(_alias_bomb()))], email),
        Student("hostile-cmd", "hostile", [Commit(_hostile_files(base, sentinel))], email),
        Student("unreachable", "unreachable", [], email, exists=False),
        Student("empty", "empty", [], email),
        Student(
            "wrong-email", "wrong-email", [Commit(work_files(plain), "other@example.org")], email
        ),
        Student(
            "stuck",
            "stuck",
            [Commit(work_files(lifecycle(base, created=EARLY), EMPTY_CHARTER), date=EARLY)],
            email,
        ),
        Student(
            "late",
            "late",
            [
                Commit({"README.md": "# late\n"}),
                Commit(work_files(plain), date="2026-10-05T09:00:00+00:00"),
            ],
            email,
        ),
        Student("no-email", "done", [Commit(work_files(plain))], None),
    ]
    index = 0
    while len(states) < count:
        index += 1
        states.append(Student(f"student-{index:03d}", "done", [Commit(work_files(plain))], email))
    return states


def _loop_back(base: dict[str, Any], email: str) -> Student:
    back = {
        "at": "2026-09-30T10:00:00+00:00",
        "event": "back",
        "by": "Student",
        "from": "training",
        "to": "data",
        "reason": "labels leaked",
    }
    text = json.loads(lifecycle(base, phase="data"))
    text["history"].insert(
        2,
        {
            "at": "2026-09-29T10:00:00+00:00",
            "event": "advanced",
            "by": "Student",
            "from": "data",
            "to": "training",
        },
    )
    text["history"].append(back)
    return Student("loop-back", "done", [Commit(work_files(json.dumps(text)))], email)


def _override(base: dict[str, Any], email: str) -> Student:
    text = json.loads(lifecycle(base, phase="data"))
    text["history"][-1].update(forced=True, reason="deadline", blockers=["planning.charter"])
    return Student("override", "done", [Commit(work_files(json.dumps(text)))], email)


def _alias_bomb() -> str:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [{', '.join(['*' + chr(96 + n)] * 9)}]")
    return "\n".join(lines) + "\n"


def _hostile_files(base: dict[str, Any], sentinel: str) -> dict[str, str | bytes | None]:
    """A lifecycle whose checks would run commands, with LFS, a submodule and a link out."""
    data = json.loads(lifecycle(base))
    data["phases"]["planning"].append(
        {
            "id": "planning.evil",
            "title": "evil",
            "required": True,
            "check": {"cmd": f"touch {sentinel}"},
        }
    )
    return {
        "lifecycle.yaml": json.dumps(data),
        "docs/charter.md": "->/etc/passwd",  # a link out of the repository: never followed
        ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n",
        "model.bin": "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n",
        ".gitmodules": (
            f'[submodule "evil"]\n\tpath = evil\n\turl = ext::sh -c "touch {sentinel}"\n'
        ),
    }


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
    full = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        **(env or {}),
    }
    subprocess.run(["git", *args], cwd=cwd, env=full, check=True, capture_output=True)


def build(student: Student, bare: Path, scratch: Path) -> None:
    """Make student's bare repository at `bare` (nothing when it should not exist)."""
    if not student.exists:
        return
    _git(bare.parent, "init", "-q", "--bare", "-b", "main", str(bare))
    if not student.commits and not student.host_readme:
        return
    work = scratch / f"work-{bare.stem}"
    _git(scratch, "init", "-q", "-b", "main", str(work))
    commits = list(student.commits)
    if student.host_readme:
        commits.insert(0, Commit({"README.md": f"# {student.name}\n"}, HOST))
    for commit in commits:
        _write(work, commit.files)
        _git(work, "add", "-A")
        who = {
            "GIT_AUTHOR_NAME": "S",
            "GIT_AUTHOR_EMAIL": commit.email,
            "GIT_AUTHOR_DATE": commit.date,
            "GIT_COMMITTER_NAME": "S",
            "GIT_COMMITTER_EMAIL": commit.email,
            "GIT_COMMITTER_DATE": commit.date,
        }
        _git(work, "commit", "-q", "--no-verify", "-m", "work", env=who)
    _git(work, "push", "-q", str(bare), "main")
    shutil.rmtree(work)


def _write(work: Path, files: dict[str, str | bytes | None]) -> None:
    for rel, content in files.items():
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or path.exists():
            path.unlink()
        if content is None:
            continue
        if isinstance(content, str) and content.startswith("->"):
            path.symlink_to(content[2:])
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def build_class(students: list[Student], folder: Path, url: Callable[[str], str]) -> str:
    """Bare repositories under folder; returns the roster CSV text with url(name) as repo."""
    folder.mkdir(parents=True, exist_ok=True)
    scratch = folder / ".scratch"
    scratch.mkdir(exist_ok=True)
    lines = ["name,repo,email,group"]
    for number, student in enumerate(students):
        build(student, folder / f"{student.name}.git", scratch)
        lines.append(f"{student.name},{url(student.name)},{student.email or ''},g{number % 3}")
    shutil.rmtree(scratch)
    return "\n".join(lines) + "\n"
