"""`ssh -T git@github.com`: running it the way git would, and classifying the answer."""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlstart.gitssh.hosts import FINGERPRINTS_URL, HOST, SETTINGS_URL
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
    kind: str  # "ok", a kind from SSH_FAILURES, "passphrase_needed", or "unknown"
    login: str | None
    returncode: int
    output: str
    hint: str = ""


@dataclass(frozen=True)
class Target:
    """Where an SSH remote logs in: user, host and port (a course's own server, not only GitHub)."""

    user: str = "git"
    host: str = HOST
    port: int = 22

    @property
    def is_github(self) -> bool:
        return self.host in (HOST, "ssh.github.com")

    def login(self) -> str:
        """`ssh -T` form for messages: `git@host` or `-p PORT git@host`."""
        return (
            f"{self.user}@{self.host}"
            if self.port == 22
            else f"-p {self.port} {self.user}@{self.host}"
        )

    def address(self) -> str:
        return self.host if self.port == 22 else f"{self.host}:{self.port}"


GITHUB = Target()
_SCP_URL = re.compile(r"^(?:(?P<user>[^@/:]+)@)?(?P<host>[^/:]+):(?!//)")
_SSH_URL = re.compile(r"^ssh://(?:(?P<user>[^@/]+)@)?(?P<host>[^/:]+)(?::(?P<port>\d+))?/")


def target_of(url: str | None) -> Target | None:
    """The login target of an SSH remote URL (None for HTTPS, a path, or nothing)."""
    if not url:
        return None
    match = _SSH_URL.match(url) or _SCP_URL.match(url)
    if match is None:
        return None
    port = match.groupdict().get("port")
    return Target(match.group("user") or "git", match.group("host"), int(port) if port else 22)


# Answers of hosts other than GitHub that still mean "your key was accepted".
_OTHER_SUCCESS = re.compile(
    r"Welcome to GitLab, @(?P<gitlab>[^!\s]+)!|Hi there,? (?P<gitea>[^!\s]+)!"
    r"|successfully authenticated|authenticated via ssh key|Interactive git shell is not enabled"
)


def classify_ssh_output(returncode: int, output: str, target: Target = GITHUB) -> SshCheck:
    """Read `ssh -T`: success is the host's greeting (GitHub then exits 1), not the exit code."""
    greeting = _GREETING.search(output)
    if greeting:
        return SshCheck(True, "ok", greeting.group("login"), returncode, output)
    other = _OTHER_SUCCESS.search(output)
    if other:
        login = other.group("gitlab") or other.group("gitea")
        return SshCheck(True, "ok", login, returncode, output)
    for needle, kind, hint in SSH_FAILURES:
        if needle in output:
            return SshCheck(False, kind, None, returncode, output, host_hint(kind, target, hint))
    return SshCheck(
        False,
        "unknown",
        None,
        returncode,
        output,
        f"Unexpected answer (exit {returncode}); run `ssh -vT {target.login()}` and read which "
        "keys it offers.",
    )


def host_hint(kind: str, target: Target, github_hint: str) -> str:
    """The fix for a failure, naming the host actually used (GitHub's own words for GitHub)."""
    if target.is_github:
        return github_hint
    where, login = target.address(), target.login()
    hints = {
        "hostkey_changed": f"The host key of {where} differs from the one in known_hosts. Ask "
        "whoever runs the server for its fingerprint; only if it matches, remove the old entry "
        f"with `ssh-keygen -R {target.host}`. If it does not, do not connect.",
        "hostkey_unknown": f"{where} is not in known_hosts: connect once with `ssh {login}` and "
        "accept the key only if its fingerprint is the one your course or server publishes.",
        "auth_denied": f"{where} did not accept your key. Add your public key "
        "(`mlstart ssh` shows it) to your account on that server, check it is loaded "
        f"(`ssh-add -l`), and log in as `{target.user}`.",
        "network": f"{where} could not be reached: check the network, the host name and the "
        f"port ({target.port}).",
    }
    return hints.get(kind, github_hint)


def locked_key(target: Target, cwd: Path | None) -> Path | None:
    """The key ssh would have offered but could not unlock without a terminal (batch mode)."""
    from mlstart.gitssh.sshkeys import agent_state, key_is_encrypted
    from mlstart.gitssh.sshresolve import effective

    found = effective(target.host, ssh_command(cwd))
    keys = [k for k in (found.identity_files if found else []) if k.is_file()]
    locked = [k for k in keys if key_is_encrypted(k)]
    if not locked or agent_state().kind == "loaded":
        return None
    return locked[0]


def passphrase_hint(key: Path, target: Target) -> str:
    return (
        f"Your key {key} has a passphrase, and without a terminal ssh cannot ask for it, so it "
        f"was never offered to {target.address()}: load it once with `ssh-add {key}`, or run "
        "this on a terminal."
    )


def login_test(
    *,
    interactive: bool,
    cwd: Path | None = None,
    timeout: float = 60,
    target: Target = GITHUB,
) -> SshCheck:
    """Run `ssh -T user@host` the way git would, and classify the answer.

    Without a terminal it runs in batch mode in its own session, so ssh can neither ask for a
    passphrase nor open /dev/tty: it fails with a message instead of hanging, and a key that
    needed its passphrase is reported as that, not as a key the host refused.
    """
    require_tool("ssh")
    argv = shlex.split(ssh_command(cwd))
    if not interactive:
        argv += batch_options()
    if target.port != 22:
        argv += ["-p", str(target.port)]
    argv += ["-T", f"{target.user}@{target.host}"]
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
    check = classify_ssh_output(result.returncode, result.stdout + result.stderr, target)
    if not interactive and check.kind == "auth_denied":
        locked = locked_key(target, cwd)
        if locked is not None:
            hint = passphrase_hint(locked, target)
            return SshCheck(False, "passphrase_needed", None, check.returncode, check.output, hint)
    return check
