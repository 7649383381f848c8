"""The effective SSH configuration for a host, as ssh itself resolves it (`ssh -G HOST`).

`ssh -G` follows `Include`, `Match` and wildcards exactly as a connection would, so mlstart
never parses ~/.ssh/config by hand to know which key, host name, port and user a host gets.
Whether the configuration names the host at all is told by comparing it with the answer for a
host no configuration can mention.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

UNMATCHED = "mlstart-unmatched-host.invalid"


@dataclass(frozen=True)
class Effective:
    """What ssh would use for one host alias."""

    host: str
    hostname: str
    port: int
    user: str
    identity_files: list[Path] = field(default_factory=list)
    configured: bool = False  # the configuration says something about this host in particular

    def address(self) -> str:
        """`hostname` or `hostname:port` when the port is not 22, for messages."""
        return self.hostname if self.port == 22 else f"{self.hostname}:{self.port}"


def _ssh_argv(ssh_command: str) -> list[str] | None:
    """The ssh program and its options from a command line (None when it is not ssh)."""
    try:
        argv = shlex.split(ssh_command)
    except ValueError:
        return None
    if not argv or Path(argv[0]).name not in ("ssh", "ssh.exe"):
        return None
    return argv if shutil.which(argv[0]) else None


def _options(argv: list[str], host: str) -> dict[str, list[str]] | None:
    try:
        done = subprocess.run(
            [*argv, "-G", host],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=15,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    options: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        options.setdefault(key.lower(), []).append(value.strip())
    return options


def _path(value: str) -> Path:
    """An IdentityFile as mlstart's home sees it (ssh reads ~ from passwd; HOME decides here)."""
    if value.startswith("~/"):
        return Path.home() / value[2:]
    return Path(value.replace("%d", str(Path.home())))


def effective(host: str, ssh_command: str = "ssh") -> Effective | None:
    """The effective settings for host, or None when ssh is missing or cannot tell."""
    argv = _ssh_argv(ssh_command)
    if argv is None:
        return None
    mine, plain = _options(argv, host), _options(argv, UNMATCHED)
    if mine is None:
        return None

    def one(options: dict[str, list[str]], key: str, default: str) -> str:
        return (options.get(key) or [default])[0]

    configured = plain is None or any(
        (mine.get(key) or []) != (plain.get(key) or [])
        for key in ("identityfile", "port", "user", "identitiesonly", "proxyjump", "proxycommand")
    )
    configured = configured or one(mine, "hostname", host).lower() != host.lower()
    port = one(mine, "port", "22")
    return Effective(
        host=host,
        hostname=one(mine, "hostname", host),
        port=int(port) if port.isdigit() else 22,
        user=one(mine, "user", ""),
        identity_files=[_path(v) for v in mine.get("identityfile", [])],
        configured=configured,
    )
