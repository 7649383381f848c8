"""`mlstart class`: a roster of 32 repositories in every state, over loopback SSH and as paths."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from mlstart.gitssh import sshmux
from mlstart.gitssh.sshmux import Multiplexer
from tests.classroom import build
from tests.classroom.conftest import Class
from tests.helpers import mlstart_exe
from tests.ssh.conftest import GitHub, run_cli
from tests.ssh.fakegithub import LOGIN

AT = ["--at", build.DEADLINE]


def run_class(roster: Path, cache: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli("class", str(roster), "--cache", str(cache), *args)
    return result.exit_code, result.stdout, result.stderr


def rows_of(stdout: str) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in json.loads(stdout)["students"]}


def check(row: dict[str, Any], item: str) -> bool | None:
    value: bool | None = next(i["ok"] for i in row["checklist"] if i["id"] == item)
    return value


def assert_states(rows: dict[str, dict[str, Any]], klass: Class, *, at_deadline: bool) -> None:
    """Each row says what its repository's state is."""
    for name, row in rows.items():
        state = klass.expected(name)
        life = row["lifecycle"] or {}
        if state == "done" or (state == "late" and not at_deadline):
            assert row["done"], (name, row)
            assert life["phase"] in ("planning", "data")
        elif state == "not-pushed":
            assert row["state"] == "ok" and not row["pushed"] and not row["done"]
            assert check(row, "commits") is True and check(row, "pushed") is False
        elif state in ("no-lifecycle", "late"):
            assert life["error"] == "no lifecycle.yaml" and not row["done"]
        elif state == "broken":
            assert life["error"] and not row["done"], name
            assert check(row, "lifecycle") is False
        elif state == "hostile":
            assert life["error"] is None and life["phase"] == "planning"
            assert "planning.evil" in life["blockers"]  # its check never ran: unknown, not done
            assert check(row, "charter") is False  # the link to /etc/passwd is not followed
        elif state in ("unreachable", "empty"):
            assert row["state"] == state and not row["done"] and row["error"]
        elif state == "wrong-email":
            assert row["authored"] == 0 and check(row, "authored") is False and not row["done"]
        elif state == "stuck":
            assert check(row, "charter") is False and life["phase"] == "planning"
        else:
            raise AssertionError(f"unexpected state {state}")


def test_class_over_ssh(ssh_class: Class, github: GitHub, tmp_path: Path, sentinel: Path) -> None:
    code, out, err = run_class(ssh_class.roster, tmp_path / "cache", "--json", "--jobs", "4")
    assert code == 0, err
    rows = rows_of(out)
    assert len(rows) == len(ssh_class.students) >= 30
    assert_states(rows, ssh_class, at_deadline=False)
    assert "Repository not found" in rows["unreachable"]["error"]
    assert not sentinel.exists()
    # A second run fetches, and says the same.
    code, again, _ = run_class(ssh_class.roster, tmp_path / "cache", "--json")
    assert code == 0 and rows_of(again) == rows


def test_class_as_local_paths(local_class: Class, tmp_path: Path, sentinel: Path) -> None:
    code, out, err = run_class(local_class.roster, tmp_path / "cache", "--json", *AT)
    assert code == 0, err
    rows = rows_of(out)
    assert_states(rows, local_class, at_deadline=True)
    assert not sentinel.exists()
    summary = json.loads(out)["summary"]
    assert summary["students"] == 32 and summary["unreadable"] == 2
    assert summary["done"] == sum(1 for s in local_class.students if s.state == "done")


def test_lifecycle_columns(local_class: Class, tmp_path: Path) -> None:
    rows = rows_of(run_class(local_class.roster, tmp_path / "c", "--json", *AT)[1])
    loop = rows["loop-back"]["lifecycle"]
    assert loop["loop_backs"] == 1 and loop["phase"] == "data"
    assert loop["phase_since"] == "2026-09-30T10:00:00+00:00"
    # the fixture marks the planning tasks done by hand; those the evidence does not back
    # count as overrides (done-data has them too), plus the forced advance
    unbacked = rows["done-data"]["lifecycle"]["overrides"]
    assert rows["override"]["lifecycle"]["overrides"] == unbacked + 1
    done = rows["done-data"]["lifecycle"]
    assert 0 < done["required"]["planning"][0] < done["required"]["planning"][1]
    assert done["verdict"] == "ml-candidate" and done["stage"] == "heuristic"
    assert rows["done-planning"]["first_commit"] == build.COMMITTED
    assert rows["done-planning"]["last_activity"] == build.COMMITTED
    assert rows["no-email"]["authored"] is None and check(rows["no-email"], "authored") is None


def test_stale_sort_csv_and_table(local_class: Class, tmp_path: Path) -> None:
    _, out, _ = run_class(local_class.roster, tmp_path / "c", "--json", "--stale", "14", *AT)
    assert json.loads(out)["summary"]["stale"] == ["stuck"]
    _, out, _ = run_class(local_class.roster, tmp_path / "c", "--csv", "--sort", "phase", *AT)
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 32 and table[0]["phase"] == ""  # unreadable ones first
    assert table[-1]["phase"] == "data"
    _, out, _ = run_class(local_class.roster, tmp_path / "c", "--stale", "14", *AT)
    assert "did the first-week assignment" in out and "1 stale (> 14 days" in out
    assert "stuck" in out and "the repository is empty" in out


def test_require_phase_exits_4(local_class: Class, tmp_path: Path) -> None:
    code, _, err = run_class(local_class.roster, tmp_path / "c", "--require", "data", *AT)
    assert code == 4
    assert "not in data yet" in err and "done-planning" in err and "done-data" not in err
    code, _, _ = run_class(local_class.roster, tmp_path / "c", "--require", "planning", *AT)
    assert code == 4  # unreadable and broken repositories have not reached planning either


def test_roster_problems_are_reported_and_skipped(local_class: Class, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    repo = local_class.roster.parent / "repos" / "done-planning.git"
    roster.write_text(
        "Name,Repo,Email\n"
        f"ok,{repo},student@example.com\n"
        ",nowhere\n"
        "norepo,,\n"
        f"bad,{repo},not-an-email\n"
        f"ok,{repo},\n"
        "ext,ext::sh -c touch,\n"
        "\n"
    )
    code, out, err = run_class(roster, tmp_path / "c", "--json")
    assert code == 0
    data = json.loads(out)
    assert [r["name"] for r in data["students"]] == ["ok"]
    lines = [p.split(":")[1] for p in data["roster_problems"]]
    assert lines == ["3", "4", "5", "6", "7"], data["roster_problems"]
    assert "roster.csv:7:" in err and "row skipped" in err


def test_roster_without_required_columns(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("student,url\nada,x\n")
    code, _, err = run_class(roster, tmp_path / "c")
    assert code == 1 and "no name or repo column" in err


def test_hooks_from_git_config_never_run(
    local_class: Class, tmp_path: Path, isolated_env: Path
) -> None:
    """Even a hook the instructor's own git config names stays off while reading students."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    mark = tmp_path / "hook-ran"
    for name in ("reference-transaction", "post-checkout", "post-merge"):
        (hooks / name).write_text(f"#!/bin/sh\ntouch {mark}\n")
        (hooks / name).chmod(0o755)
    with (isolated_env / ".gitconfig").open("a") as config:
        config.write(f"[core]\n\thooksPath = {hooks}\n")
    code, _, _ = run_class(local_class.roster, tmp_path / "c", "--json")
    assert code == 0 and not mark.exists()


def test_timeout_and_size_limit(local_class: Class, tmp_path: Path, monkeypatch: Any) -> None:
    slow = tmp_path / "slow-ssh"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(slow))
    big = tmp_path / "big"
    student = build.Student("big", "big", [build.Commit({"blob.bin": _noise(3_000_000)})])
    build.build(student, tmp_path / "big.git", tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text(f"name,repo\nslow,git@example.invalid:x/y.git\nbig,{tmp_path / 'big.git'}\n")
    _, out, _ = run_class(roster, tmp_path / "c", "--json", "--timeout", "1", "--max-size", "1")
    rows = rows_of(out)
    assert rows["slow"]["state"] == "timeout" and "longer than 1 s" in rows["slow"]["error"]
    assert rows["big"]["state"] == "too-large"
    assert not (tmp_path / "c" / "repos").exists() or not any(
        p.name.endswith(".partial") for p in (tmp_path / "c" / "repos").iterdir()
    )
    assert not big.exists()


def _noise(size: int) -> bytes:
    import os

    return os.urandom(size)


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01"])
def test_bad_date(local_class: Class, tmp_path: Path, bad: str) -> None:
    code, _, err = run_class(local_class.roster, tmp_path / "c", "--at", bad)
    assert code == 1 and "not a date" in err


def test_progress_bar_on_a_terminal(local_class: Class, tmp_path: Path) -> None:
    """On a terminal, progress goes to standard error; piped, there is none."""
    pexpect = pytest.importorskip("pexpect")
    exe, *rest = mlstart_exe()
    child = pexpect.spawn(
        exe, [*rest, "class", str(local_class.roster), "--cache", str(tmp_path / "c"), "--csv"],
        env=dict(os.environ), encoding="utf-8", timeout=120, dimensions=(40, 200),
    )  # fmt: skip
    child.expect(r"Fetching .*32/32")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    _, out, err = run_class(local_class.roster, tmp_path / "c", "--csv")
    assert "Fetching" not in out + err


def test_a_deleted_repository_becomes_a_row(local_class: Class, tmp_path: Path) -> None:
    """Cached from an earlier run, then deleted upstream: a row saying so, not stale data."""
    repo = tmp_path / "ada.git"
    shutil.copytree(local_class.roster.parent / "repos" / "done-planning.git", repo)
    roster = tmp_path / "roster.csv"
    roster.write_text(f"name,repo\nada,{repo}\n")
    assert rows_of(run_class(roster, tmp_path / "c", "--json")[1])["ada"]["done"]
    shutil.rmtree(repo)
    row = rows_of(run_class(roster, tmp_path / "c", "--json")[1])["ada"]
    assert row["state"] == "unreachable" and not row["done"] and row["lifecycle"] is None


def test_class_over_ssh_in_its_own_process(
    ssh_class: Class, github: GitHub, tmp_path: Path
) -> None:
    """As installed (private temporary folder, long paths): every reachable row is read."""
    result = subprocess.run(
        [*mlstart_exe(), "class", str(ssh_class.roster), "--cache", str(tmp_path / "c"), "--json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    states = {name: row["state"] for name, row in rows_of(result.stdout).items()}
    assert states.pop("unreachable") == "unreachable" and states.pop("empty") == "empty"
    assert set(states.values()) == {"ok"}


def test_commands_over_the_master_connection(ssh_class: Class, github: GitHub) -> None:
    """The multiplexing client runs git-upload-pack over the shared connection, no ssh process."""
    url = github.server.url(LOGIN, "done-planning")
    mux = Multiplexer()
    try:
        mux.open([url, github.server.url(LOGIN, "empty")])
        (control,) = mux.sockets.values()
        code, out, _ = sshmux.run(
            control, f"git-upload-pack '{LOGIN}/done-planning.git'", b"0000", 30
        )
        assert code == 0 and b"refs/heads/main" in out
        code, out, err = sshmux.run(control, f"git-upload-pack '{LOGIN}/nope.git'", b"0000", 30)
        assert code == 1 and out == b"" and b"Repository not found" in err
    finally:
        mux.close()
    assert not mux.folder.exists()


def test_default_cache_is_private_in_the_user_cache(local_class: Class, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    repo = local_class.roster.parent / "repos" / "done-planning.git"
    roster.write_text(f"name,repo\nada,{repo}\n")
    assert run_cli("class", str(roster)).exit_code == 0
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "mlstart"
    assert (cache / "class" / "repos").is_dir() and cache.stat().st_mode & 0o777 == 0o700


def test_a_relative_cache_folder_works(
    local_class: Class, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--cache ./c`, as a user types it: the first run clones, the second reads the cache."""
    monkeypatch.chdir(tmp_path)
    first = run_cli("class", str(local_class.roster), "--cache", "./c", "--json")
    second = run_cli("class", str(local_class.roster), "--cache", "c", "--json")
    assert first.exit_code == second.exit_code == 0, first.stderr + second.stderr
    assert rows_of(first.stdout) == rows_of(second.stdout)
    assert not [r for r in rows_of(first.stdout).values() if "partial" in str(r)]
    assert (tmp_path / "c" / "repos").is_dir()
