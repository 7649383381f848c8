"""A second `mlstart class` run over SSH sees every change made on the remote since the first
(a new push, a force-push, a new branch, a deleted repository) and says what a run without a
cache says; an unchanged class costs one SSH connection and no process per repository."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from mlstart.gitssh import mirror, sshmux
from mlstart.gitssh.sshmux import Multiplexer
from tests.classroom.conftest import Class
from tests.helpers import git, mlstart_exe
from tests.ssh.conftest import GitHub, run_cli
from tests.ssh.fakegithub import LOGIN

STUDENTS = ("pushed", "forced", "branched", "deleted", "same")


def rows_of(roster: Path, cache: Path) -> dict[str, dict[str, Any]]:
    result = run_cli("class", str(roster), "--cache", str(cache), "--json")
    assert result.exit_code == 0, result.stderr
    return {row["name"]: row for row in json.loads(result.stdout)["students"]}


def connections(github: GitHub) -> int:
    """SSH connections the fake server has accepted so far."""
    return github.server.log.read_text(errors="replace").count("Accepted publickey")


@pytest.fixture
def remote_class(local_class: Class, github: GitHub, tmp_path: Path) -> dict[str, Any]:
    """Five students on the fake GitHub, each pushed from a work tree the test keeps."""
    source = local_class.roster.parent / "repos" / "done-planning.git"
    lines, students = ["name,repo,email"], {}
    for who in STUDENTS:
        name, url = github.new_repo()
        work = tmp_path / "work" / who
        git(tmp_path, "clone", "-q", str(source), str(work))
        git(work, "push", "-q", url, "main")
        students[who] = {"name": name, "url": url, "work": work}
        lines.append(f"{who},{url},student@example.com")
    roster = tmp_path / "roster.csv"
    roster.write_text("\n".join(lines) + "\n")
    return {"roster": roster, "students": students}


def _commit(work: Path, text: str, *amend: str) -> None:
    (work / "notes.md").write_text(text)
    git(work, "add", "notes.md")
    git(work, "commit", "-q", "--no-verify", *amend, "-m", "more work")


def test_a_second_run_sees_every_change(
    remote_class: dict[str, Any], github: GitHub, tmp_path: Path
) -> None:
    roster, students = remote_class["roster"], remote_class["students"]
    cache = tmp_path / "cache"
    first = rows_of(roster, cache)
    assert all(row["state"] == "ok" and row["done"] for row in first.values())

    pushed, forced = students["pushed"], students["forced"]
    _commit(pushed["work"], "new push\n")
    git(pushed["work"], "push", "-q", pushed["url"], "main")
    _commit(forced["work"], "rewritten\n", "--amend")  # the pushed commit replaced
    git(forced["work"], "push", "-q", "--force", forced["url"], "main")
    branched = students["branched"]
    git(branched["work"], "push", "-q", branched["url"], "main:feature")
    shutil.rmtree(github.server.repos / LOGIN / f"{students['deleted']['name']}.git")

    second = rows_of(roster, cache)
    for who in ("pushed", "forced"):
        head = github.head(students[who]["name"])
        assert second[who]["head"] == head != first[who]["head"], who
    assert second["pushed"]["commits"] == first["pushed"]["commits"] + 1
    assert second["forced"]["commits"] == first["forced"]["commits"]
    gone = second["deleted"]
    assert gone["state"] == "unreachable" and not gone["done"] and gone["lifecycle"] is None
    assert "Repository not found" in gone["error"]
    assert second["branched"] == first["branched"] and second["same"] == first["same"]
    assert any("refs/heads/feature" in _refs(folder) for folder in (cache / "repos").iterdir())
    # what a run with an empty cache says, row for row
    assert rows_of(roster, tmp_path / "fresh") == second


def _refs(folder: Path) -> str:
    result = subprocess.run(
        ["git", "-C", str(folder), "for-each-ref", "--format=%(refname)"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout


def test_an_unchanged_class_costs_one_connection_and_no_process(
    remote_class: dict[str, Any], github: GitHub, tmp_path: Path, monkeypatch: Any
) -> None:
    """Every branch list over the one master connection; no fetch, git or ssh per repository."""
    roster, cache = remote_class["roster"], tmp_path / "cache"
    first = rows_of(roster, cache)
    started: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        started.append(args)
        raise AssertionError(f"a process per repository: {args}")

    monkeypatch.setattr(mirror, "run_bounded", refuse)
    monkeypatch.setattr(mirror, "run_git_bytes", refuse)
    before = connections(github)
    assert rows_of(roster, cache) == first
    assert connections(github) - before == 1 and started == []


def test_more_sessions_at_once_than_the_server_allows(github: GitHub) -> None:
    """sshd refuses an 11th session on one connection (MaxSessions 10, counted until closed):
    sessions wait for a free one, or ask again, instead of each paying a new connection."""
    name, url = github.new_repo(with_readme=True)
    mux = Multiplexer()
    results: list[int] = []
    try:
        mux.open([url])
        (control,) = mux.sockets.values()

        def one() -> None:
            code, out, _ = sshmux.run(control, f"git-upload-pack '{LOGIN}/{name}.git'", b"0000", 60)
            results.append(code if b"refs/heads/main" in out else -1)

        threads = [threading.Thread(target=one) for _ in range(24)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        mux.close()
    assert results == [0] * 24
    assert not mux.folder.exists()


def _masters(github: GitHub) -> list[str]:
    """Running ssh master connections to this fake server (their command lines)."""
    config = str(github.server.ssh_config).encode()
    found = []
    for proc in Path("/proc").iterdir():
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0") if proc.name.isdigit() else []
        except OSError:
            continue
        if b"ControlMaster=yes" in argv and config in argv:
            found.append(b" ".join(argv).decode(errors="replace"))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_command_starts_its_connections_early_and_ends_them(
    remote_class: dict[str, Any], github: GitHub, tmp_path: Path
) -> None:
    """As installed: the master starts before the class code is imported, serves the run, and
    no master outlives it (nor one started for a run that stops on a bad option)."""
    argv = [*mlstart_exe(), "class", str(remote_class["roster"]), "--cache", str(tmp_path / "c")]
    for extra in (["--json"], ["--json"], ["--sort", "nonsense"]):
        before = connections(github)
        result = subprocess.run(
            [*argv, *extra], capture_output=True, text=True, timeout=300, check=False
        )
        bad = extra[0] == "--sort"  # stopped by Click, maybe before the master got in
        assert result.returncode == (2 if bad else 0), result.stderr
        opened = connections(github) - before
        assert opened == 1 or (bad and opened == 0)
        assert _masters(github) == []
    rows = json.loads(subprocess.run([*argv, "--json"], capture_output=True, text=True).stdout)
    assert {row["state"] for row in rows["students"]} == {"ok"}
