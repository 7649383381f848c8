"""The first hour, as a new student lives it, on a clean HOME with no Git identity at all.

Without a terminal `mlstart new` signs the first commit with a placeholder and prints the Git
commands that set the identity and put it on that commit; they are run as printed;
`new --install` builds the project's .venv; the printed next steps run as printed;
`check --run` passes the current
phase's commands with the project's Python; a commit goes through the hooks with the project's
environment active and mlstart nowhere on PATH.

The install needs a package index: MLSTART_TEST_INDEX (a URL or folder for pip's --index-url) when
given, else pip's own configuration, as the student's pip would use it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import mlstart_exe

pytestmark = pytest.mark.slow


def index_env() -> dict[str, str]:
    """pip's settings for a package index given by MLSTART_TEST_INDEX (a URL or a folder).

    Without it, pip's own configuration decides (on the CI machine: its local mirrors first,
    then the package index), as it would for the student.
    """
    index = os.environ.get("MLSTART_TEST_INDEX", "")
    if not index:
        return {}
    if "://" not in index:
        index = Path(index).resolve().as_uri()
    return {"PIP_INDEX_URL": index, "PIP_EXTRA_INDEX_URL": "", "UV_INDEX_URL": index}


@pytest.fixture
def student(tmp_path: Path) -> dict[str, str]:
    """A clean HOME: no ~/.gitconfig, no identity; mlstart on PATH as after `pip install`."""
    home = tmp_path / "home"
    home.mkdir()
    exe = Path(mlstart_exe()[0])
    if exe.name != "mlstart":
        pytest.skip("the mlstart console script is not installed")
    system_path = os.pathsep.join(
        p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != exe.parent
    )
    env = {
        "HOME": str(home),
        "PATH": f"{exe.parent}{os.pathsep}{system_path}",
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),  # absent
        "GIT_CONFIG_NOSYSTEM": "1",
        "LANG": "C.UTF-8",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        **index_env(),
    }
    for key in ("PIP_CACHE_DIR", "PIP_CONFIG_FILE", "PIP_FIND_LINKS", "PIP_CERT"):
        if key in os.environ:
            env[key] = os.environ[key]
    env["SYSTEM_PATH"] = system_path
    return env


def sh(command: str, cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> str:
    """Run a line as the student would type it; fail with its output when it exits otherwise."""
    done = subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
    )
    output = f"$ {command}\n{done.stdout}\n{done.stderr}"
    assert done.returncode in ok, output
    return done.stdout + done.stderr


def test_the_first_hour(tmp_path: Path, student: dict[str, str]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    # no terminal, no identity: the project is made, its first commit signed with the
    # placeholder, and the warning says how to set the identity and put it on that commit
    out = sh("mlstart new first --defaults", work, student)
    assert "git config --global user.name" in out and (work / "first" / ".git").is_dir()
    for line in re.findall(r"^\s*(git (?:config --global user\.\w+|commit --amend).*)$", out, re.M):
        sh(
            line.replace("Your Name", "Ida Student").replace("you@example.com", "ida@uni.test"),
            work / "first",
            student,
        )
    author = sh("git log -1 --format=%an", work / "first", student).strip()
    assert author == "Ida Student"

    out = sh("mlstart new demo --defaults --install", work, student)
    steps = out.split("Next:\n", 1)[1].splitlines()
    steps = [s.strip().split("   #")[0] for s in steps if s.strip() and "fill in" not in s]
    assert steps[0] == "cd demo" and not any("pip install" in s for s in steps)
    project = work / "demo"
    for step in steps[1:]:  # run as printed, in the project (the first step's cd)
        if step.startswith("mlstart check --run"):
            continue
        sh(step, project, student)
    assert (project / "reports" / "metrics" / "heuristic.json").is_file()

    current = _stdout("mlstart check --run --json", project, student)  # the phase's commands
    ran = [c for p in current["phases"] if p["current"] for t in p["tasks"] for c in t["checks"]]
    assert not [c for c in ran if c["kind"] == "cmd" and c["state"] == "fail"], ran
    report = _stdout("mlstart check --run --all --json", project, student)  # every phase's
    assert report["python"] == {
        "path": str(project / ".venv" / "bin" / "python"),
        "source": ".venv",
    }
    commands = [
        c
        for phase in report["phases"]
        for t in phase["tasks"]
        for c in t["checks"]
        if c["kind"] == "cmd"
    ]
    assert commands, "the template has command checks"
    tests = [c for c in commands if c["check"].endswith("python -m pytest -q")]
    assert tests and all(c["state"] == "ok" for c in tests), tests
    no_module = [c for c in commands if "No module named" in c.get("missing", "")]
    assert not no_module, no_module

    # the project's environment active (as `. .venv/bin/activate` leaves it): mlstart is not
    # on PATH, and the hook still runs it
    active = {
        **student,
        "VIRTUAL_ENV": str(project / ".venv"),
        "PATH": f"{project / '.venv' / 'bin'}{os.pathsep}{student['SYSTEM_PATH']}",
    }
    assert shutil.which("mlstart", path=active["PATH"]) is None
    (project / ".env").write_text("API_KEY=abc\n")
    sh("git add -f .env", project, active)
    refused = sh("git commit -m 'try a secret'", project, active, ok=(1,))
    assert "commit refused" in refused and ".env" in refused
    sh("git rm -q --cached .env", project, active)
    (project / "notes.md").write_text("first notes\n")
    sh("git add notes.md && git commit -q -m 'First notes'", project, active)
    log = sh("git log -1 --format='%an <%ae>'", project, active).strip()
    assert log == "Ida Student <ida@uni.test>"


def _stdout(command: str, cwd: Path, env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        shlex.split(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=1800
    )
    assert done.returncode in (0, 4), done.stderr
    data: dict[str, object] = json.loads(done.stdout)
    return data
