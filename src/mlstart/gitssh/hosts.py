"""GitHub as an SSH host: its name, its published host keys, and the `gh` command."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import SshError
from mlstart.gitssh.sshkeys import run_tool

HOST = "github.com"
LOGIN_TARGET = f"git@{HOST}"
SETTINGS_URL = "https://github.com/settings/ssh/new"
FINGERPRINTS_URL = (
    "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/"
    "githubs-ssh-key-fingerprints"
)

# GitHub's published host keys and their SHA256 fingerprints (docs page above; the RSA key is
# the one rotated in on 2023-03-24). A unit test checks that each key hashes to its fingerprint.
PUBLISHED_HOST_KEYS: tuple[tuple[str, str, str], ...] = (
    (
        "ssh-ed25519",
        "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
        "SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU",
    ),
    (
        "ecdsa-sha2-nistp256",
        "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrY"
        "MjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=",
        "SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM",
    ),
    (
        "ssh-rsa",
        "AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnG"
        "LVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/h"
        "WCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8C"
        "SSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FN"
        "yeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4k"
        "qx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5"
        "hpQs+p1vN1/wsjk=",
        "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
    ),
)


@dataclass(frozen=True)
class GhResult:
    state: str  # "missing" | "logged_out" | "ready" | "added" | "failed"
    message: str = ""


def gh_state() -> GhResult:
    """Is the GitHub CLI installed and logged in to github.com (never asks for the token)?"""
    if shutil.which("gh") is None:
        return GhResult("missing")
    try:
        result = run_tool(["gh", "auth", "status", "--hostname", HOST], timeout=30)
    except subprocess.TimeoutExpired:
        return GhResult("logged_out", "gh auth status did not answer")
    return GhResult("ready" if result.returncode == 0 else "logged_out")


def gh_add_key(pub: Path) -> GhResult:
    """`gh ssh-key add KEY.pub` (idempotent on GitHub's side). Only the .pub is ever passed."""
    if not pub.name.endswith(".pub"):
        raise SshError(f"refusing to upload {pub}: only a .pub file may leave this machine")
    title = f"mlstart {socket.gethostname()} {_dt.date.today().isoformat()}"
    argv = ["gh", "ssh-key", "add", str(pub), "--title", title, "--type", "authentication"]
    try:
        result = run_tool(argv, timeout=60)
    except subprocess.TimeoutExpired:
        return GhResult("failed", "gh did not answer in time")
    if result.returncode == 0:
        return GhResult("added", (result.stdout + result.stderr).strip())
    hint = (result.stderr or result.stdout).strip()
    if result.returncode == 4 or "admin:public_key" in hint:
        hint += f"\nRun `gh auth refresh -h {HOST} -s admin:public_key`, then try again."
    return GhResult("failed", hint)


NEW_REPO_URL = "https://github.com/new"
_HTTPS_REPO = re.compile(r"https://github\.com/(?P<owner>[^/\s]+)/(?P<repo>[^/\s]+?)(?:\.git)?/?$")


def gh_create_repo(name: str, *, private: bool = True) -> GhResult:
    """`gh repo create NAME --private`: an EMPTY repository (no README, licence or .gitignore,
    so the first push is a fast-forward). On success, message is its SSH URL."""
    argv = ["gh", "repo", "create", name, "--private" if private else "--public"]
    try:
        result = run_tool(argv, timeout=120)
    except subprocess.TimeoutExpired:
        return GhResult("failed", "gh did not answer in time")
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        return GhResult("failed", output or f"gh exited {result.returncode}")
    found = next((m for m in map(_HTTPS_REPO.match, output.split()) if m), None)
    if found is None:
        return GhResult("failed", f"gh created it but printed no URL: {output}")
    return GhResult("created", f"git@{HOST}:{found.group('owner')}/{found.group('repo')}.git")


def manual_creation_steps(name: str, *, private: bool = True) -> str:
    """How to create the repository by hand, exactly (for when gh cannot do it)."""
    visibility = "Private" if private else "Public"
    return (
        f"create it by hand: open {NEW_REPO_URL}, name it {name.split('/')[-1]}, choose "
        f"{visibility}, and leave 'Add a README file', '.gitignore' and 'license' unset: the "
        "repository must be created EMPTY, or the first push is refused. Then run "
        f"`mlstart publish --remote git@{HOST}:YOUR-LOGIN/{name.split('/')[-1]}.git`. "
        "(With the GitHub CLI installed and `gh auth login` done, `mlstart publish --create` "
        "does it for you.)"
    )
