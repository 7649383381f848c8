"""`mlstart class` on 200 repositories over loopback SSH against a plain `git clone` shell loop.

Targets (issue 15): the first run at most 0.7x the time of cloning the same repositories one by
one with plain `git clone` in a shell loop; a second run with nothing changed at most 0.2x of the
first; peak memory flat as the class grows (peak RSS of mlstart at 200 repositories at most
1.5x that at 20). The server is the tests' fake GitHub (a real sshd on 127.0.0.1, see
tests/ssh/fakegithub.py); each timing is one run (a clone is not repeatable on the same cache).
Run: `python benchmarks/bench_class.py` (or `python benchmarks/run.py class`); needs sshd and
nss_wrapper like the SSH tests.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import isolated_env

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.classroom import build  # noqa: E402
from tests.ssh import fakegithub  # noqa: E402

SIZES = (20, 200)
# Runs mlstart and reports its own peak RSS (kB) on stderr when it exits.
RSS_WRAPPER = """
import atexit, resource, sys
atexit.register(lambda: sys.stderr.write(
    f"MAXRSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n"))
sys.argv = ["mlstart", *sys.argv[1:]]
from mlstart.cli.launch import main
main()
"""


def _class(count: int) -> list[build.Student]:
    """count students who did the first week (the common case), each its own repository."""
    plain = build.lifecycle(build.base_lifecycle())
    files = build.work_files(plain)
    return [
        build.Student(f"s{n:03d}", "done", [build.Commit(files)], "student@example.com")
        for n in range(count)
    ]


def _serve(server: fakegithub.FakeGitHub, students: list[build.Student], scratch: Path) -> None:
    local = scratch / "built"
    build.build_class(students, local, lambda name: name)
    for student in students:
        target = server.repos / fakegithub.LOGIN / f"{student.name}.git"
        shutil.copytree(local / f"{student.name}.git", target)
        server.create_repo(fakegithub.LOGIN, student.name)


def _roster(server: fakegithub.FakeGitHub, names: list[str], path: Path) -> Path:
    lines = ["name,repo,email"]
    lines += [f"{n},{server.url(fakegithub.LOGIN, n)},student@example.com" for n in names]
    path.write_text("\n".join(lines) + "\n")
    return path


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds, peak RSS in kB of the Python process or 0) of one run."""
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed: {result.stderr[-2000:]}")
    if '"state": "unreachable"' in result.stdout:
        raise RuntimeError(f"{argv[:3]}: repositories unreachable: {result.stdout[-2000:]}")
    rss = [int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("MAXRSS")]
    return seconds, (rss[-1] if rss else 0)


def run() -> list[tuple[str, float, str | None]]:
    scratch = Path(tempfile.mkdtemp(prefix="bench-class-"))
    server = fakegithub.start()
    try:
        env = isolated_env(scratch / "home")
        env["GIT_SSH_COMMAND"] = server.git_ssh_command()
        students = _class(max(SIZES))
        _serve(server, students, scratch)
        names = [s.name for s in students]
        big = _roster(server, names, scratch / "roster-200.csv")
        small = _roster(server, names[: SIZES[0]], scratch / "roster-20.csv")

        urls = " ".join(shlex.quote(server.url(fakegithub.LOGIN, n)) for n in names)
        loop = f'i=0; for u in {urls}; do i=$((i+1)); git clone -q "$u" "{scratch}/plain/$i"; done'
        plain, _ = _timed(["sh", "-c", loop], env)

        mlstart = [sys.executable, "-c", RSS_WRAPPER, "class"]
        cache = scratch / "cache"
        first, rss_200 = _timed([*mlstart, str(big), "--cache", str(cache), "--json"], env)
        second, _ = _timed([*mlstart, str(big), "--cache", str(cache), "--json"], env)
        _, rss_20 = _timed([*mlstart, str(small), "--cache", str(scratch / "c20"), "--json"], env)
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    loop_label = "git clone, one by one, 200 repositories (sh loop)"
    first_label = "mlstart class, 200 repositories, first run"
    print(f"  first run:  {first / plain:.2f}x the plain clone loop (target <= 0.7)")
    print(f"  second run: {second / first:.2f}x the first run (target <= 0.2)")
    ratio = rss_200 / max(rss_20, 1)
    print(
        f"  peak RSS: {rss_20 / 1024:.0f} MB at 20, {rss_200 / 1024:.0f} MB at 200 = {ratio:.2f}x"
    )
    return [
        (loop_label, plain, None),
        (first_label, first, loop_label),
        ("mlstart class, 200 repositories, nothing changed", second, first_label),
    ]


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    for label, seconds, versus in run():
        print(f"{label:<58} {seconds * 1000:9.1f} ms" + (f"  vs {versus}" if versus else ""))
