"""known_hosts: reading the host's entries and seeding GitHub's published host keys."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mlstart.gitssh.hosts import FINGERPRINTS_URL, HOST, PUBLISHED_HOST_KEYS
from mlstart.gitssh.sshkeys import KNOWN_HOSTS_MODE, ensure_dir, require_tool, run_tool, ssh_dir

# ---------------------------------------------------------------------------------------------
# known_hosts
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HostKeyEntry:
    keytype: str
    blob: str
    line: int
    fingerprint: str = ""

    @property
    def published(self) -> bool:
        return any(self.keytype == t and self.blob == b for t, b, _ in PUBLISHED_HOST_KEYS)


@dataclass(frozen=True)
class KnownHostsState:
    path: Path
    entries: tuple[HostKeyEntry, ...]

    @property
    def missing(self) -> list[tuple[str, str, str]]:
        """Published keys not in the file yet."""
        have = {(e.keytype, e.blob) for e in self.entries}
        return [k for k in PUBLISHED_HOST_KEYS if (k[0], k[1]) not in have]

    @property
    def foreign(self) -> list[HostKeyEntry]:
        """Entries for the host whose key GitHub does not publish (stale, or not GitHub)."""
        return [e for e in self.entries if not e.published]


def _fingerprint_of(keytype: str, blob: str) -> str:
    result = subprocess.run(
        ["ssh-keygen", "-l", "-E", "sha256", "-f", "-"],
        input=f"{keytype} {blob}\n",
        capture_output=True,
        text=True,
        check=False,
    )
    parts = result.stdout.split()
    return parts[1] if len(parts) > 1 else "?"


def _parse_found(output: str) -> list[HostKeyEntry]:
    entries, line_no = [], 0
    for line in output.splitlines():
        found = re.match(r"# Host .* found: line (\d+)", line)
        if found:
            line_no = int(found.group(1))
            continue
        fields = line.split()
        if not fields or fields[0].startswith("#") or fields[0].startswith("@"):
            continue  # @cert-authority / @revoked lines are not plain host keys
        if len(fields) >= 3:
            entries.append(HostKeyEntry(fields[1], fields[2], line_no))
    return entries


def known_hosts_state(path: Path | None = None) -> KnownHostsState:
    """The file's entries for the host, hashed ones included (ssh-keygen -F finds them)."""
    path = path or ssh_dir() / "known_hosts"
    if not path.is_file():
        return KnownHostsState(path, ())
    require_tool("ssh-keygen")
    result = run_tool(["ssh-keygen", "-F", HOST, "-f", str(path)])
    entries = _parse_found(result.stdout) if result.returncode == 0 else []
    with_fp = [
        e
        if e.published
        else HostKeyEntry(e.keytype, e.blob, e.line, _fingerprint_of(e.keytype, e.blob))
        for e in entries
    ]
    return KnownHostsState(path, tuple(with_fp))


@dataclass(frozen=True)
class SeedResult:
    path: Path
    added: list[str]  # key types appended
    foreign: list[HostKeyEntry] = field(default_factory=list)


def seed_known_hosts(path: Path | None = None) -> SeedResult:
    """Append the published keys that are missing; existing lines are never changed."""
    path = path or ssh_dir() / "known_hosts"
    ensure_dir(path.parent)
    state = known_hosts_state(path)
    missing = state.missing
    if missing:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        prefix = "" if not text or text.endswith("\n") else "\n"
        lines = "".join(f"{HOST} {keytype} {blob}\n" for keytype, blob, _ in missing)
        with open(path, "a", encoding="utf-8") as handle:  # append: nothing else is touched
            handle.write(prefix + lines)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & ~KNOWN_HOSTS_MODE and path.stat().st_uid == os.geteuid():
            path.chmod(mode & KNOWN_HOSTS_MODE)  # a loose umask must not leave it writable
    return SeedResult(path, [k[0] for k in missing], state.foreign)


def foreign_hint(entries: list[HostKeyEntry], path: Path) -> str:
    """What to do about host key entries GitHub does not publish."""
    shown = ", ".join(f"line {e.line} {e.keytype} {e.fingerprint}" for e in entries)
    published = ", ".join(fp for _, _, fp in PUBLISHED_HOST_KEYS)
    return (
        f"{path} holds {HOST} keys GitHub does not publish ({shown}). GitHub's are: {published} "
        f"({FINGERPRINTS_URL}). If yours is the old RSA key (SHA256:nThbg6kX...), remove it "
        f"with `ssh-keygen -R {HOST} -f {path}` (keeps a .old copy) and run `mlstart ssh`; "
        "otherwise do not connect: someone may be impersonating the host."
    )
