"""The logic of the Git hooks that generated projects run (`mlstart hook NAME`).

The shims in `hooks/` only call `mlstart hook NAME`; everything they check lives and is tested
here. `pre-commit` refuses, with the reason and the fix: an invalid `lifecycle.yaml`; any
staged file over the one size limit; staged private keys, `.env`/`.envrc` and credentials
files, and text that looks like a key or token (the rules: githooks/secrets.py).
Light on purpose (runs on every commit): the standard library
and `git` in a subprocess, nothing else; problems go to stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

from mlstart.core.limits import LARGE_FILE_MB
from mlstart.githooks.secrets import secret_file_kind, secret_in_text

DEFAULT_LIMIT_MB = LARGE_FILE_MB  # the one limit (mlstart.core.limits)
LIMIT_CONFIG = "mlstart.maxFileMB"  # git config key; the env var MLSTART_MAX_FILE_MB wins
GUARDED_DIRS = ("data/", "models/")
LIFECYCLE = "lifecycle.yaml"
SKIP_FIX = "to commit anyway (not recommended), use: git commit --no-verify"


@dataclass(frozen=True)
class Problem:
    """One reason to refuse a commit, and how to fix it."""

    path: str
    reason: str
    fix: str

    def render(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"  - {where}{self.reason}\n    fix: {self.fix}"


def _git(args: list[str], cwd: str | None = None) -> subprocess.CompletedProcess[bytes]:
    from mlstart.gitssh.runner import run_git

    return run_git(cwd or ".", *args, binary=True)


def _git_input(
    args: list[str], text: str, cwd: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    from mlstart.gitssh.runner import run_git

    return run_git(cwd or ".", *args, binary=True, input=text)


def staged_paths(cwd: str | None = None) -> list[str]:
    """Paths added, copied, modified or renamed in the index (what the commit will contain)."""
    out = _git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], cwd).stdout
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def size_limit_bytes(cwd: str | None = None) -> int:
    """The one size limit of staged files (MB: MLSTART_MAX_FILE_MB, git config, or 5)."""
    raw = os.environ.get("MLSTART_MAX_FILE_MB")
    if raw is None:
        raw = _git(["config", "--get", LIMIT_CONFIG], cwd).stdout.decode().strip() or None
    try:
        megabytes = float(raw) if raw is not None else DEFAULT_LIMIT_MB
    except ValueError:
        megabytes = DEFAULT_LIMIT_MB
    return int(megabytes * 1024 * 1024)


def check_sizes(paths: list[str], cwd: str | None = None) -> list[Problem]:
    """Staged files larger than the one limit (every path, not only data/ and models/).

    One `git cat-file --batch-check` for all staged files: sizes of the staged blobs.
    """
    if not paths:
        return []
    limit = size_limit_bytes(cwd)
    listing = "".join(f":{path}\n" for path in paths)
    result = _git_input(["cat-file", "--batch-check=%(objectsize)"], listing, cwd)
    sizes = result.stdout.decode("utf-8", "replace").splitlines()
    problems = []
    for path, size_text in zip(paths, sizes, strict=False):
        size = int(size_text) if size_text.isdigit() else 0
        if size > limit:
            kind = "data and model files" if path.startswith(GUARDED_DIRS) else "files"
            problems.append(
                Problem(
                    path,
                    f"{size / 1024 / 1024:.1f} MB is over the {limit / 1024 / 1024:g} MB limit "
                    f"for {kind} in Git",
                    f"git rm --cached {path!r}; track it with DVC (dvc add) or Git LFS "
                    f"(git lfs track), or raise the limit: git config {LIMIT_CONFIG} N",
                )
            )
    return problems


_FILE_FIXES = {
    "env": (
        "environment files (.env, .envrc) hold secrets and must not be committed",
        "add it to .gitignore; commit a .env.example without values instead",
    ),
    "key": (
        "this looks like a private key or certificate file",
        "add it to .gitignore, and keep keys outside the repository",
    ),
    "credentials": (
        "this is a credentials file (cloud, package index, Git or database logins)",
        "add it to .gitignore, and keep credentials in your home folder, never in a repository",
    ),
}


def check_secret_files(paths: list[str]) -> list[Problem]:
    """Staged files whose name says they hold a secret (.env, private keys, credentials)."""
    problems = []
    for path in paths:
        kind = secret_file_kind(path)
        if kind is not None:
            reason, fix = _FILE_FIXES[kind]
            problems.append(Problem(path, reason, f"git rm --cached {path!r}; {fix}"))
    return problems


def added_lines(cwd: str | None = None) -> list[tuple[str, str]]:
    """(path, line) for every line the staged changes add (text files only)."""
    diff = ["diff", "--cached", "-U0", "--no-color", "--no-ext-diff", "--diff-filter=ACMR"]
    out = _git(["-c", "core.quotePath=false", *diff], cwd)
    lines: list[tuple[str, str]] = []
    path = ""
    for raw in out.stdout.decode("utf-8", "replace").splitlines():
        if raw.startswith("+++ "):
            path = raw[6:] if raw.startswith("+++ b/") else raw[4:]
        elif raw.startswith("+") and not raw.startswith("+++"):
            lines.append((path, raw[1:]))
    return lines


def check_secret_text(lines: list[tuple[str, str]]) -> list[Problem]:
    """Added lines that contain a private key block or something shaped like a token."""
    problems: list[Problem] = []
    reported: set[tuple[str, str]] = set()
    for path, line in lines:
        found = secret_in_text(line)
        if found is None or (path, found) in reported:
            continue
        reported.add((path, found))
        problems.append(
            Problem(
                path,
                f"the staged text contains what looks like {found}",
                "remove it from the file (read it from an environment variable or a "
                "git-ignored .env instead), re-stage, and revoke the secret if it was ever pushed",
            )
        )
    return problems


def check_lifecycle(paths: list[str], cwd: str | None = None) -> list[Problem]:
    """The staged lifecycle.yaml must be valid (when the commit changes it)."""
    if LIFECYCLE not in paths:
        return []
    staged = _git(["show", f":{LIFECYCLE}"], cwd)
    if staged.returncode != 0:
        return []
    text = staged.stdout.decode("utf-8", "replace")
    problem = lifecycle_problem(text)
    if problem is None:
        return []
    return [
        Problem(
            LIFECYCLE,
            problem,
            "fix the file by hand (the message names the line and key), or undo your edit "
            f"with: git checkout -- {LIFECYCLE}; `mlstart status` shows the same error",
        )
    ]


def lifecycle_problem(text: str) -> str | None:
    """Why this lifecycle file text is invalid, or None (mlstart's own validator when present)."""
    from mlstart.core.errors import MlstartError

    try:
        from mlstart.lifecycle import store
    except ImportError:  # an mlstart without the lifecycle store: check the YAML only
        return _yaml_problem(text)
    parse: Callable[[str, str], object] | None = getattr(store, "parse", None)
    try:
        if parse is not None:
            parse(text, LIFECYCLE)
        else:
            return _yaml_problem(text)
    except MlstartError as error:
        return error.message
    return None


def _yaml_problem(text: str) -> str | None:
    try:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import YAMLError
    except ImportError:
        return None
    try:
        YAML(typ="safe").load(text)
    except YAMLError as error:
        return f"not valid YAML: {error}"
    return None


def pre_commit(args: list[str], cwd: str | None = None) -> int:
    """Refuse a commit that would add secrets, big data files or an invalid lifecycle file."""
    del args
    paths = staged_paths(cwd)
    if not paths:
        return 0
    problems = [
        *check_lifecycle(paths, cwd),
        *check_sizes(paths, cwd),
        *check_secret_files(paths),
        *check_secret_text(added_lines(cwd)),
    ]
    if not problems:
        return 0
    print(f"mlstart pre-commit: commit refused ({len(problems)} problem(s)):", file=sys.stderr)
    for problem in problems:
        print(problem.render(), file=sys.stderr)
    print(f"  ({SKIP_FIX})", file=sys.stderr)
    return 1


HOOKS: dict[str, Callable[[list[str]], int]] = {"pre-commit": pre_commit}


def run_hook(name: str, args: list[str]) -> int:
    """Run hook `name`; an unknown hook never blocks Git (a newer shim, an older mlstart)."""
    hook = HOOKS.get(name)
    if hook is None:
        print(f"mlstart: no hook named {name!r} in this version; skipped", file=sys.stderr)
        return 0
    return hook(args)
