"""`ssh -T git@github.com`: running it the way git would, and classifying the answer."""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlstart.gitssh.hosts import FINGERPRINTS_URL, HOST, LOGIN_TARGET, SETTINGS_URL
from mlstart.gitssh.sshconfig import batch_options, ssh_command
from mlstart.gitssh.sshkeys import require_tool

# ---------------------------------------------------------------------------------------------
# `ssh -T git@github.com`: run and classify
# ---------------------------------------------------------------------------------------------

_GREETING = re.compile(r"Hi (?P<login>[^!\s]+)! You've successfully authenticated")

# (needle, kind, fix) in order; checked against ssh's stdout + stderr together.
SSH_FAILURES: tuple[tuple[str, str, str], ...] = (
    (
        "REMOTE HOST IDENTIFICATION HAS CHANGED",
        "hostkey_changed",
        f"The host key differs from the one in known_hosts. Compare it with GitHub's published "
        f"fingerprints ({FINGERPRINTS_URL}); only if it matches one, remove the old entry with "
        f"`ssh-keygen -R {HOST}` and run `mlstart ssh`. If it matches none, do not connect.",
    ),
    (
        "Host key verification failed",
        "hostkey_unknown",
        f"{HOST} is not in known_hosts: run `mlstart ssh` to add GitHub's published host keys.",
    ),
    (
        "UNPROTECTED PRIVATE KEY FILE",
        "key_permissions",
        "Your private key is readable by others: chmod 600 ~/.ssh/id_* and chmod 700 ~/.ssh "
        "(or run `mlstart ssh`).",
    ),
    (
        "Bad owner or permissions on",
        "config_permissions",
        "~/.ssh/config must be writable only by you: chmod 600 ~/.ssh/config.",
    ),
    (
        "not accessible: No such file",
        "key_missing",
        "The configured IdentityFile does not exist: run `mlstart ssh` or fix the path.",
    ),
    (
        "Permission denied (publickey)",
        "auth_denied",
        f"GitHub did not accept your key. Paste your public key at {SETTINGS_URL} (or "
        "`gh ssh-key add ~/.ssh/id_ed25519.pub`), check it is loaded (`ssh-add -l`), and connect "
        "as git@github.com, not as your username.",
    ),
    ("Repository not found", "repo_missing", "Check OWNER/REPO, or create the repository."),
    ("Could not resolve hostname", "network", "Check your network connection and DNS."),
    (
        "Connection refused",
        "network",
        "Port 22 is blocked or wrong; try `ssh -T -p 443 git@ssh.github.com`.",
    ),
    ("timed out", "network", "Port 22 is blocked; try `ssh -T -p 443 git@ssh.github.com`."),
    ("Network is unreachable", "network", "Check your network connection."),
)


@dataclass(frozen=True)
class SshCheck:
    ok: bool
    kind: str  # "ok", a kind from SSH_FAILURES, or "unknown"
    login: str | None
    returncode: int
    output: str
    hint: str = ""


def classify_ssh_output(returncode: int, output: str) -> SshCheck:
    """Read `ssh -T git@github.com`: success is the greeting (GitHub then exits 1), not rc."""
    greeting = _GREETING.search(output)
    if greeting:
        return SshCheck(True, "ok", greeting.group("login"), returncode, output)
    for needle, kind, hint in SSH_FAILURES:
        if needle in output:
            return SshCheck(False, kind, None, returncode, output, hint)
    return SshCheck(
        False,
        "unknown",
        None,
        returncode,
        output,
        f"Unexpected answer (exit {returncode}); run `ssh -vT {LOGIN_TARGET}` and read which "
        "keys it offers.",
    )


def login_test(*, interactive: bool, cwd: Path | None = None, timeout: float = 60) -> SshCheck:
    """Run `ssh -T git@github.com` the way git would, and classify the answer.

    Without a terminal it runs in batch mode in its own session, so ssh can neither ask for a
    passphrase nor open /dev/tty: it fails with a message instead of hanging.
    """
    require_tool("ssh")
    argv = shlex.split(ssh_command(cwd))
    if not interactive:
        argv += batch_options()
    argv += ["-T", LOGIN_TARGET]
    try:
        result = subprocess.run(
            argv,
            stdin=None if interactive else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            start_new_session=not interactive,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return SshCheck(False, "network", None, -1, "", "ssh did not answer in time.")
    return classify_ssh_output(result.returncode, result.stdout + result.stderr)
