"""Installing mlstart's Git hook shims (the `hooks/` folder) into a repository's hooks folder.

The shims are thin: each calls `mlstart hook NAME` (logic in `mlstart.githooks.handlers`).
A hook that is not one of ours is never overwritten; one of ours is refreshed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import sys
from importlib import resources
from pathlib import Path

from mlstart.core.files import atomic_write
from mlstart.gitssh.runner import run_git

MARKER = "mlstart-hook-shim"


def shims_dir() -> Path:
    """The shipped shims: `mlstart/hooks` inside a wheel, else `hooks/` of a source checkout."""
    packaged = Path(str(resources.files("mlstart"))) / "hooks"
    source = Path(__file__).resolve().parents[3] / "hooks"
    for candidate in (packaged, source):
        if candidate.is_dir() and any(_is_shim(p) for p in candidate.iterdir()):
            return candidate
    raise FileNotFoundError("mlstart's hook shims are missing from this installation")


def _is_shim(path: Path) -> bool:
    if not path.is_file() or "." in path.name:
        return False
    try:
        return MARKER in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def hooks_dir(repo_root: Path) -> Path:
    """Where Git looks for this repository's hooks (honours core.hooksPath)."""
    result = run_git(repo_root, "rev-parse", "--git-path", "hooks")
    if result.returncode == 0 and result.stdout.strip():
        path = Path(result.stdout.strip())
        return path if path.is_absolute() else repo_root / path
    return repo_root / ".git" / "hooks"


def recorded_values() -> dict[str, str]:
    """What a shim records about the mlstart installing it: its console script, interpreter, and
    the source checkout it runs from (empty when installed from a wheel)."""
    bindir = os.path.dirname(sys.executable)
    exe = shutil.which("mlstart", path=bindir) or ""
    source = Path(__file__).resolve().parents[3]
    from_source = (source / "pyproject.toml").is_file() and (source / "src" / "mlstart").is_dir()
    return {
        "MLSTART_EXE": exe,
        "MLSTART_PYTHON": sys.executable,
        "MLSTART_SOURCE": str(source) if from_source else "",
    }


def shim_text(shim: Path, values: dict[str, str]) -> str:
    """The shim with its `NAME=''` lines filled in (shell-quoted)."""
    lines = shim.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        name = line.split("=", 1)[0]
        if name in values and line.rstrip("\n") == f"{name}=''":
            quoted = shlex.quote(values[name]) if values[name] else "''"
            lines[index] = f"{name}={quoted}\n"
    return "".join(lines)


def install_hooks(repo_root: Path, target: Path | None = None) -> list[Path]:
    """Copy every shim into the repository's hooks folder; returns the hooks written.

    Each records the mlstart that installed it (`recorded_values`), and falls back to PATH.
    An existing hook that is not an mlstart shim (the user's own, another tool's) is left
    alone and not returned.
    """
    values = recorded_values()
    target = target or hooks_dir(repo_root)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for shim in sorted(shims_dir().iterdir()):
        if not _is_shim(shim):
            continue
        dest = target / shim.name
        if dest.exists() and not _is_shim(dest):
            continue
        atomic_write(dest, shim_text(shim, values), mode=0o755)
        mode = os.stat(dest).st_mode
        os.chmod(dest, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH | stat.S_IRUSR)
        written.append(dest)
    return written


def kept_hooks(repo_root: Path, target: Path | None = None) -> list[Path]:
    """Hooks of the user's (or another tool's) that stand where a shim would go: left alone.

    `target` is the hooks folder when the caller has asked Git for it already."""
    target = target or hooks_dir(repo_root)
    return [
        target / shim.name
        for shim in sorted(shims_dir().iterdir())
        if _is_shim(shim) and (target / shim.name).exists() and not _is_shim(target / shim.name)
    ]


def chain_line(name: str) -> str:
    """The line that runs mlstart's checks from a hook of the user's own."""
    return f'command -v mlstart >/dev/null 2>&1 && {{ mlstart hook {name} "$@" || exit 1; }}'
