"""`mlstart status` start-up against `python -c pass` (small and large projects); `check` speed.

Targets (the lifecycle issue): status under 4x `python -c pass` (median), also on a repository
with 10,000 commits and a lifecycle file with 500 tasks and 2,000 history events; `mlstart check`
on a tree of 3,000 files under half a second; status imports no Click, copier, questionary,
cookiecutter, GitPython or YAML library.

Bytecode is cached in a temporary PYTHONPYCACHEPREFIX and every command is run once before timing,
as an installed package (with its .pyc files) and a warm parse cache would be.
Run: `python benchmarks/bench_status.py` (or `python benchmarks/run.py status`).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import exe, isolated_env

from mlstart.interview.answers import resolve
from mlstart.interview.plan import derive
from mlstart.lifecycle import store
from mlstart.lifecycle.document import event, new_document, task_node

HEAVY = ("click", "copier", "questionary", "cookiecutter", "git", "ruamel", "yaml", "filelock")
RUNS = 21


def _env(home: Path) -> dict[str, str]:
    env = isolated_env(home)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def _median(cmd: list[str], cwd: Path, env: dict[str, str], runs: int = RUNS) -> float:
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_ratio(cmd: list[str], cwd: Path, env: dict[str, str], runs: int = RUNS) -> float:
    """Median of cmd over median of `python -c pass`, runs interleaved so load hits both alike."""
    baseline = [sys.executable, "-c", "pass"]
    ours, theirs = [], []
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)  # warm-up
    for _ in range(runs):
        for command, times in ((baseline, theirs), (cmd, ours)):
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
    return statistics.median(ours) / statistics.median(theirs)


def _git(root: Path, env: dict[str, str], *args: str, stdin: bytes | None = None) -> None:
    subprocess.run(["git", *args], cwd=root, env=env, input=stdin, check=True, capture_output=True)


def small_project(base: Path, env: dict[str, str]) -> Path:
    """A default project: git repository, lifecycle.yaml, one commit."""
    root = base / "small"
    root.mkdir()
    _git(root, env, "init", "-q", "-b", "main")
    answers = resolve({"project_name": "bench"})
    store.write_new(root, answers, derive(answers), "Bench")
    _git(root, env, "add", "-A")
    _git(root, env, "commit", "-q", "-m", "start")
    return root


def large_project(base: Path, env: dict[str, str]) -> Path:
    """10,000 commits (git fast-import), 500 tasks and 2,000 events in lifecycle.yaml."""
    root = base / "large"
    root.mkdir()
    _git(root, env, "init", "-q", "-b", "main")
    _git(root, env, "fast-import", "--quiet", stdin=_history_stream(10_000))
    _git(root, env, "reset", "-q", "--hard", "main")
    answers = resolve({"project_name": "large", "project_kind": "product"})
    doc = new_document(answers, derive(answers), "Bench")
    count = sum(len(tasks) for tasks in doc["phases"].values())
    phases = list(doc["phases"])
    for index in range(500 - count):
        spec = {
            "id": f"{phases[index % 4]}.extra-{index}",
            "title": f"Extra task {index}",
            "required": index % 3 == 0,
            "check": {"path": f"docs/extra/{index}.md"},
            "status": "todo",
        }
        doc["phases"][phases[index % 4]].append(task_node(spec))
    for index in range(1999):
        doc["history"].append(event("done", "Bench", task=f"planning.extra-{index}", note="n"))
    store.write_document(str(root / "lifecycle.yaml"), doc)
    (root / "docs").mkdir()
    return root


def _history_stream(commits: int) -> bytes:
    lines = []
    for n in range(1, commits + 1):
        body = f"change {n}\n".encode()
        message = f"commit {n}\n".encode()
        lines.append(b"commit refs/heads/main\n")
        lines.append(f"committer Bench <b@example.com> {1_700_000_000 + n} +0000\n".encode())
        lines.append(f"data {len(message)}\n".encode() + message)
        lines.append(f"M 644 inline file{n % 50}.txt\ndata {len(body)}\n".encode() + body + b"\n")
    return b"".join(lines)


def tree_project(base: Path, env: dict[str, str], files: int = 3000) -> Path:
    """A project whose committed tree holds `files` files, with documents that carry markers."""
    root = base / "tree"
    root.mkdir(parents=True)
    _git(root, env, "init", "-q", "-b", "main")
    answers = resolve({"project_name": "tree"})
    store.write_new(root, answers, derive(answers), "Bench")
    for index in range(files):
        folder = root / "src" / "tree" / f"mod{index // 100}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{index}.py").write_text(f"X = {index}\n")
    (root / "docs").mkdir()
    (root / "docs" / "charter.md").write_text("# Charter\n\n## Background\n\nTODO(mlstart)\n")
    _git(root, env, "add", "-A")
    _git(root, env, "commit", "-q", "-m", "tree")
    return root


def imported_heavy(root: Path, env: dict[str, str]) -> list[str]:
    """Top-level packages from HEAVY that `mlstart status` imports (should be none)."""
    code = (
        "import sys\nsys.argv = ['mlstart', 'status']\nfrom mlstart.cli.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "names = {m.split('.')[0] for m in sys.modules}\n"
        f"print('HEAVY:' + ','.join(sorted(names & set({HEAVY!r}))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    line = next((x for x in result.stdout.splitlines() if x.startswith("HEAVY:")), "HEAVY:?")
    return [m for m in line.removeprefix("HEAVY:").split(",") if m]


def run() -> list[tuple[str, float, str | None]]:
    """Rows for benchmarks/run.py (medians); prints the paired ratios and the import check."""
    base = Path(tempfile.mkdtemp(prefix="mlstart-bench-status-"))
    env = _env(base / "home")
    small, large, tree = small_project(base, env), large_project(base, env), tree_project(base, env)
    mlstart = exe("mlstart")
    python = "python -c pass"
    cases = [
        ("mlstart status (new project)", [mlstart, "status"], small),
        ("mlstart status --json (new project)", [mlstart, "status", "--json"], small),
        ("mlstart status, 10k commits, 500 tasks, 2k events", [mlstart, "status"], large),
        ("mlstart status from a subfolder (same project)", [mlstart, "status"], large / "docs"),
    ]
    rows: list[tuple[str, float, str | None]] = [
        (python, _median([sys.executable, "-c", "pass"], base, env), None)
    ]
    rows += [(label, _median(cmd, cwd, env), python) for label, cmd, cwd in cases]
    rows.append(
        ("mlstart check, 3,000 files in the tree", _median([mlstart, "check"], tree, env, 7), None)
    )
    worst = 0.0
    for label, cmd, cwd in cases:
        ratio = paired_ratio(cmd, cwd, env)
        worst = max(worst, ratio)
        print(f"  paired ratio {ratio:5.2f}x python -c pass: {label}")
    check = rows[-1][1]
    print(
        f"  status: worst paired ratio {worst:.2f} (target < 4): {'ok' if worst < 4 else 'MISSED'}"
    )
    print(
        f"  check on 3,000 files: {check * 1000:.0f} ms (target < 500 ms): "
        f"{'ok' if check < 0.5 else 'MISSED'}"
    )
    heavy = imported_heavy(small, env)
    print(f"  heavy modules imported by `mlstart status`: {', '.join(heavy) or 'none'}")
    return rows


def main() -> int:
    """Print the medians and the ratios in one run."""
    rows = run()
    base = rows[0][1]
    for label, seconds, versus in rows:
        ratio = f"{seconds / base:5.2f}x python -c pass" if versus else ""
        print(f"  {label:<52} {seconds * 1000:8.1f} ms  {ratio}")
    return 0


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.exit(main())
