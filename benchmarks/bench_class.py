"""`mlstart class` on 200 repositories over loopback SSH against a plain `git clone` shell loop.

Targets (issue 15): the first run at most 0.7x the time of cloning the same repositories one by
one with plain `git clone` in a shell loop; a second run with nothing changed at most 0.2x of the
first; peak memory flat as the class grows (peak RSS of mlstart at 200 repositories at most
1.5x that at 20). The server is the tests' fake GitHub (a real sshd on 127.0.0.1, see
tests/ssh/fakegithub.py). The first and second runs are timed in pairs (a first run into an
empty cache, then a second run on it, PAIRS times; MLSTART_BENCH_CLASS_PAIRS to change), and the
ratio second/first is the median of the per-pair ratios with their min and max: one pair alone
swings by a third on a shared machine. The second run's output must equal the first's. The fake
server runs on the same cores: its own processes (sshd, its forced command, git-shell,
git-upload-pack) are most of a second run's CPU, which a real host would spend elsewhere.
Run: `python benchmarks/bench_class.py` (or `python benchmarks/run.py class`); needs sshd and
nss_wrapper like the SSH tests.
"""

from __future__ import annotations

import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from timing import Pair, isolated_env

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.classroom import build  # noqa: E402
from tests.ssh import fakegithub  # noqa: E402

Row = tuple[str, float, str | None, tuple[float, float, float] | None]
SIZES = (20, 200)
PAIRS = int(os.environ.get("MLSTART_BENCH_CLASS_PAIRS", "5"))
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


@dataclass
class Run:
    seconds: float
    rss_kb: int  # peak RSS of the Python process, 0 when not reported
    cpu: float  # user + system seconds of the process and the children it waited for
    stdout: str


def _timed(argv: list[str], env: dict[str, str]) -> Run:
    """One run, refused when it fails or any repository was unreachable."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed: {result.stderr[-2000:]}")
    if '"state": "unreachable"' in result.stdout:
        raise RuntimeError(f"{argv[:3]}: repositories unreachable: {result.stdout[-2000:]}")
    rss = [int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("MAXRSS")]
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(seconds, rss[-1] if rss else 0, cpu, result.stdout)


def _connections(server: fakegithub.FakeGitHub) -> int:
    """SSH connections the server has accepted so far (one per master, one per plain ssh)."""
    return server.log.read_text(errors="replace").count("Accepted publickey")


def _pairs(
    server: fakegithub.FakeGitHub, argv: list[str], cache: Path, env: dict[str, str]
) -> tuple[Pair, Pair, list[int], int]:
    """(wall, CPU) of first and second runs in pairs, connections per second run, peak RSS."""
    wall, cpu, connections, rss = Pair([], []), Pair([], []), [], 0
    for _ in range(PAIRS):
        shutil.rmtree(cache, ignore_errors=True)
        first = _timed([*argv, "--cache", str(cache), "--json"], env)
        opened = _connections(server)
        second = _timed([*argv, "--cache", str(cache), "--json"], env)
        connections.append(_connections(server) - opened)
        if second.stdout != first.stdout:
            raise RuntimeError("the second run's output differs from the first's")
        wall.a.append(second.seconds)
        wall.b.append(first.seconds)
        cpu.a.append(second.cpu)
        cpu.b.append(first.cpu)
        rss = max(rss, first.rss_kb)
    return wall, cpu, connections, rss


def run() -> list[Row]:
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
        plain = _timed(["sh", "-c", loop], env).seconds

        mlstart = [sys.executable, "-c", RSS_WRAPPER, "class"]
        wall, cpu, connections, rss_200 = _pairs(server, [*mlstart, str(big)], scratch / "c", env)
        rss_20 = _timed([*mlstart, str(small), "--cache", str(scratch / "c20"), "--json"], env)
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return _report(plain, wall, cpu, connections, rss_200, rss_20.rss_kb)


def _report(
    plain: float, wall: Pair, cpu: Pair, connections: list[int], rss_200: int, rss_20: int
) -> list[Row]:
    loop_label = "git clone, one by one, 200 repositories (sh loop)"
    first_label = "mlstart class, 200 repositories, first run"
    first, second = statistics.median(wall.b), statistics.median(wall.a)
    print(f"  first run:  {first / plain:.2f}x the plain clone loop (target <= 0.7)")
    med, lo, hi = wall.ratio
    print(f"  second run: {med:.2f}x [{lo:.2f}-{hi:.2f}] the first (target <= 0.2), {PAIRS} pairs")
    med, lo, hi = cpu.ratio
    print(f"  CPU of mlstart's processes, second/first: {med:.2f}x [{lo:.2f}-{hi:.2f}]")
    print(f"  SSH connections per second run: {connections} (1: all over the master)")
    ratio = rss_200 / max(rss_20, 1)
    print(
        f"  peak RSS: {rss_20 / 1024:.0f} MB at 20, {rss_200 / 1024:.0f} MB at 200 = {ratio:.2f}x"
    )
    return [
        (loop_label, plain, None, None),
        (first_label, first, loop_label, None),
        ("mlstart class, 200 repositories, nothing changed", second, first_label, wall.ratio),
    ]


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    for label, seconds, versus, _ratio in run():
        print(f"{label:<58} {seconds * 1000:9.1f} ms" + (f"  vs {versus}" if versus else ""))
