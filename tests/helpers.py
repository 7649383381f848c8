"""Helpers shared by the test suites: run git, find the installed mlstart, the test author."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
AUTHOR = ("Ada Tester", "ada@example.com")


def git(cwd: Path, *args: str) -> str:
    """Run git in cwd and return its stdout (stripped); fails the test on error."""
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def mlstart_exe() -> list[str]:
    """The command line that runs the installed mlstart in a subprocess."""
    exe = shutil.which("mlstart", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "mlstart"]
