"""Fixtures for the class and report tests: a class of 30+ repositories in the states that occur,
as bare repositories on disk (local paths) and on the fake GitHub (loopback SSH)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.classroom import build
from tests.ssh.conftest import fake_github, github  # noqa: F401  (fixtures used here)
from tests.ssh.fakegithub import LOGIN, FakeGitHub


@dataclass
class Class:
    roster: Path
    students: list[build.Student]

    def expected(self, name: str) -> str:
        return next(s.state for s in self.students if s.name == name)


@pytest.fixture(scope="session")
def sentinel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file that exists only if something from a student's repository ran."""
    return tmp_path_factory.mktemp("sentinel") / "ran"


@pytest.fixture(scope="session")
def students(sentinel: Path) -> list[build.Student]:
    return build.classroom(32, str(sentinel))


@pytest.fixture(scope="session")
def local_class(tmp_path_factory: pytest.TempPathFactory, students: list[build.Student]) -> Class:
    """The class as bare repositories in a folder; the roster names them by relative path."""
    folder = tmp_path_factory.mktemp("class-local")
    text = build.build_class(students, folder / "repos", lambda name: f"repos/{name}.git")
    roster = folder / "roster.csv"
    roster.write_text(text)
    return Class(roster, students)


@pytest.fixture(scope="session")
def ssh_class(
    fake_github: FakeGitHub,  # noqa: F811
    local_class: Class,
    tmp_path_factory: pytest.TempPathFactory,
) -> Class:
    """The same class on the fake GitHub, named by git@github.com:student/NAME.git URLs."""
    for student in local_class.students:
        source = local_class.roster.parent / "repos" / f"{student.name}.git"
        if source.exists():
            shutil.copytree(source, fake_github.repos / LOGIN / f"{student.name}.git")
            fake_github.create_repo(LOGIN, student.name)  # owner and modes for the server
    lines = local_class.roster.read_text().splitlines()
    for index, student in enumerate(local_class.students, start=1):
        lines[index] = lines[index].replace(
            f"repos/{student.name}.git", fake_github.url(LOGIN, student.name)
        )
    roster = tmp_path_factory.mktemp("class-ssh") / "roster.csv"
    roster.write_text("\n".join(lines) + "\n")
    return Class(roster, local_class.students)
