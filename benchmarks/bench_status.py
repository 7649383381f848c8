"""`mlstart status` start-up against `python -c pass` (small and large projects); `check` speed.

Targets: status under 4x `python -c pass` on a new project; on a repository with 10,000
commits and a lifecycle file with 500 tasks and 2,000 history events, `status --json` at most
3x and the first status after a hand edit (the parse cache misses) at most 10x; `mlstart
check` on a tree of 3,000 files under half a second; a cached status imports no Click, copier,
questionary, cookiecutter, GitPython or YAML library.

Bytecode is cached in a temporary PYTHONPYCACHEPREFIX and every command is run once before timing,
as an installed package (with its .pyc files) and a warm parse cache would be.
Run: `python benchmarks/bench_status.py` (or `python benchmarks/run.py status`).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import PYTHON_PASS, exe, isolated_env, paired, row

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
    """Top-level packages from HEAVY that `mlstart status` imports (should be none), as
    `python -X importtime` lists them."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mlstart", "status"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    names = {line.rpartition("|")[2].strip().split(".")[0] for line in result.stderr.splitlines()}
    return sorted(names & set(HEAVY)) if "import time:" in result.stderr else ["?"]


def run() -> list[tuple[str, float, str | None, object]]:
    """Rows for benchmarks/run.py: each status case paired with `python -c pass` (A B A B ...)."""
    base = Path(tempfile.mkdtemp(prefix="mlstart-bench-status-"))
    env = _env(base / "home")
    small, large, tree = small_project(base, env), large_project(base, env), tree_project(base, env)
    mlstart = exe("mlstart")
    python = "python -c pass"
    big = "10k commits, 500 tasks, 2k events"

    edits = iter(range(1_000_000))

    def touch() -> None:  # a hand edit of one task's title: the parse cache no longer matches
        path = large / "lifecycle.yaml"
        text = path.read_text()
        start = text.index("title: Extra task 8")
        end = text.index("\n", start)
        path.write_text(f"{text[:start]}title: Extra task 8, edit {next(edits)}{text[end:]}")

    cases = [
        ("mlstart status (new project)", [mlstart, "status"], small, None),
        ("mlstart status --json (new project)", [mlstart, "status", "--json"], small, None),
        (f"mlstart status, {big}", [mlstart, "status"], large, None),
        (f"mlstart status --json, {big}", [mlstart, "status", "--json"], large, None),
        (
            "mlstart status from a subfolder (same project)",
            [mlstart, "status"],
            large / "docs",
            None,
        ),
        (f"first mlstart status after a hand edit, {big}", [mlstart, "status"], large, touch),
        (
            f"first status --json after a hand edit, {big}",
            [mlstart, "status", "--json"],
            large,
            touch,
        ),
    ]
    rows: list[tuple[str, float, str | None, object]] = []
    baseline: list[float] = []
    for label, cmd, cwd, before in cases:
        pair = paired(
            lambda w, c=cmd: [c], PYTHON_PASS, env=env, cwd=cwd, runs=RUNS, before_a=before
        )
        baseline += pair.b
        rows.append(row(label, pair, python))
    rows.insert(0, (python, statistics.median(baseline), None, None))
    check = paired(
        lambda w: [[mlstart, "check"]], PYTHON_PASS, env=env, cwd=tree, runs=7, check=False
    )
    rows.append(row("mlstart check, 3,000 files in the tree", check, python))
    heavy = imported_heavy(small, env)
    print(f"  heavy modules imported by `mlstart status`: {', '.join(heavy) or 'none'}")
    return rows


if __name__ == "__main__":
    from run import main

    sys.exit(main(["status"]))
