"""The user's SSH side: keys, ~/.ssh permissions, mlstart's block in ~/.ssh/config, known_hosts
seeding with GitHub's published host keys, the agent, `gh ssh-key add`, and the `ssh -T` check.

Rules kept here, so no caller can forget them: an existing key, config line or known_hosts entry
is never overwritten or deleted; a private key is never read for display, copied or logged (only
``*.pub`` is shown); a passphrase never travels on argv or in the environment (ssh-keygen asks
for it on the terminal); permissions are only ever tightened; host keys come from constants,
never from ``ssh-keyscan`` or ``StrictHostKeyChecking=no``.

Which ssh runs, and with which config, follows the user: ``GIT_SSH_COMMAND`` (or git's
``core.sshCommand``) when set, otherwise ``ssh -F ~/.ssh/config`` with ``~`` = ``Path.home()``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from mlstart.errors import NotInteractiveError, SshError

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

# The names ssh tries by default and GitHub's docs look for, best first (no DSA: GitHub dropped it).
DEFAULT_KEY_NAMES = ("id_ed25519", "id_ecdsa", "id_rsa")

BLOCK_BEGIN = f"# >>> mlstart {HOST} >>>"
BLOCK_END = f"# <<< mlstart {HOST} <<<"

# Most permissive mode each file may keep; anything looser is tightened, nothing is loosened.
DIR_MODE = 0o700
PRIVATE_MODE = 0o600
PUBLIC_MODE = 0o644
CONFIG_MODE = 0o600
KNOWN_HOSTS_MODE = 0o644


def ssh_dir() -> Path:
    """The user's SSH folder: ``Path.home() / ".ssh"`` (HOME decides, as for git)."""
    return Path.home() / ".ssh"


def root_warning() -> str | None:
    """A warning when running as root: files would belong to root, and sudo hides your key."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return (
            "running as root: what mlstart creates will belong to root, and git/ssh under sudo "
            "do not use your own key. Run mlstart as your normal user."
        )
    return None


def _run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a short helper without a terminal: stdin closed, output captured as text."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False, **kwargs
    )


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SshError(
            f"`{name}` is not installed",
            hint="install OpenSSH (Debian/Ubuntu: apt install openssh-client; "
            "Windows: Git for Windows ships it; macOS has it)",
        )
    return path


# ---------------------------------------------------------------------------------------------
# keys
# ---------------------------------------------------------------------------------------------


def public_path(private: Path) -> Path:
    return private.with_name(private.name + ".pub")


def find_key(directory: Path | None = None) -> Path | None:
    """The first key pair (private + .pub) found: mlstart's configured key, then the defaults."""
    directory = directory or ssh_dir()
    configured = configured_identity(directory / "config")
    for private in [*configured, *(directory / name for name in DEFAULT_KEY_NAMES)]:
        if private.is_file() and public_path(private).is_file():
            return private
    return None


def keygen_argv(path: Path, comment: str, *, passphrase: bool) -> list[str]:
    """ssh-keygen's argv. With a passphrase, no -N: ssh-keygen asks for it on the terminal."""
    argv = ["ssh-keygen", "-t", "ed25519", "-C", comment, "-f", str(path)]
    # An empty -N means "no passphrase" (scripts); it carries no secret.
    return argv if passphrase else [*argv, "-q", "-N", ""]


def create_key(path: Path, comment: str, *, passphrase: bool, interactive: bool) -> Path:
    """Create an ed25519 key pair at path; refuses to touch an existing file."""
    _require_tool("ssh-keygen")
    for existing in (path, public_path(path)):
        if existing.exists() or existing.is_symlink():
            raise SshError(
                f"{existing} already exists; mlstart never overwrites a key",
                hint="reuse it (run `mlstart ssh` without --key), or pass --key with a new name, "
                "e.g. --key ~/.ssh/id_ed25519_github",
            )
    if passphrase and not interactive:
        raise NotInteractiveError(
            "creating a key with a passphrase needs a terminal (ssh-keygen asks for it there)",
            hint="run `mlstart ssh` in a terminal, or pass --no-passphrase for scripts and CI",
        )
    ensure_dir(path.parent)
    argv = keygen_argv(path, comment, passphrase=passphrase)
    # With a passphrase, ssh-keygen inherits the terminal and prompts the user itself.
    result = subprocess.run(argv, check=False) if passphrase else _run(argv)
    if result.returncode != 0 or not path.is_file():
        raise SshError(f"ssh-keygen failed (exit {result.returncode})", hint=" ".join(argv))
    return path


def ensure_dir(directory: Path) -> None:
    """Create the SSH folder with mode 700 when missing (an existing one is left as it is)."""
    if not directory.exists():
        directory.mkdir(mode=DIR_MODE, parents=True)
        directory.chmod(DIR_MODE)  # mkdir's mode is filtered by the umask


def key_fingerprint(pub: Path) -> str:
    """SHA256 fingerprint of a public key (ssh-keygen reads only the .pub file)."""
    result = _run(["ssh-keygen", "-l", "-E", "sha256", "-f", str(pub)])
    parts = result.stdout.split()
    return parts[1] if result.returncode == 0 and len(parts) > 1 else ""


def key_is_encrypted(private: Path) -> bool:
    """True when the key has a passphrase: ssh-keygen cannot load it with an empty one."""
    result = subprocess.run(
        ["ssh-keygen", "-y", "-P", "", "-f", str(private)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,  # the derived public key; not needed, never shown
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return result.returncode != 0


# ---------------------------------------------------------------------------------------------
# permissions
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeChange:
    path: Path
    old: int
    new: int
    owned: bool  # only files the user owns are changed

    def describe(self) -> str:
        return f"{self.path}: {self.old:o} -> {self.new:o}"


def _limits(directory: Path, key: Path | None) -> list[tuple[Path, int]]:
    items = [
        (directory, DIR_MODE),
        (directory / "config", CONFIG_MODE),
        (directory / "known_hosts", KNOWN_HOSTS_MODE),
    ]
    if key is not None:
        items += [(key, PRIVATE_MODE), (public_path(key), PUBLIC_MODE)]
    return items


def permission_problems(directory: Path | None = None, key: Path | None = None) -> list[ModeChange]:
    """Files whose mode is looser than allowed, with the tightened mode (mode AND limit)."""
    directory = directory or ssh_dir()
    problems = []
    for path, limit in _limits(directory, key):
        if not path.exists() or path.is_symlink():
            continue
        info = path.stat()
        mode = stat.S_IMODE(info.st_mode)
        if mode & ~limit:
            owned = info.st_uid == os.geteuid()
            problems.append(ModeChange(path, mode, mode & limit, owned))
    return problems


def tighten_permissions(directory: Path | None = None, key: Path | None = None) -> list[ModeChange]:
    """Remove the excess bits on files the user owns; returns every problem found."""
    problems = permission_problems(directory, key)
    for change in problems:
        if change.owned:
            change.path.chmod(change.new)
    return problems


# ---------------------------------------------------------------------------------------------
# ~/.ssh/config: one marked block, inserted before the first Host/Match section
# ---------------------------------------------------------------------------------------------

_HOST_LINE = re.compile(r"^\s*(host|match)\b\s*=?\s*(.*)$", re.IGNORECASE)
_IDENTITY_LINE = re.compile(r"^\s*identityfile\s*=?\s*(.+?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ConfigResult:
    path: Path
    action: str  # "added" | "updated" | "unchanged" | "user-block"
    backup: Path | None = None


def _tilde(path: Path) -> str:
    """`~/...` when ssh would expand ~ to the same folder, else the absolute path.

    OpenSSH expands ~ from the passwd entry, not $HOME, so ~ is only right when they agree.
    """
    try:
        import pwd

        passwd_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    except (ImportError, KeyError):
        passwd_home = None
    if passwd_home is not None and passwd_home == Path.home():
        try:
            return "~/" + path.relative_to(passwd_home).as_posix()
        except ValueError:
            pass
    return str(path)


def config_block(key: Path) -> str:
    """mlstart's block for the host: which key to offer, and keep it in the agent."""
    lines = [BLOCK_BEGIN, "# Added by `mlstart ssh`; edit outside these markers.", f"Host {HOST}"]
    if sys.platform == "darwin":  # Apple's ssh stores the passphrase in the keychain
        lines += ["  IgnoreUnknown UseKeychain", "  UseKeychain yes"]
    identity = _tilde(key)
    identity = f'"{identity}"' if " " in identity else identity
    lines += [
        "  AddKeysToAgent yes",
        f"  IdentityFile {identity}",
        "  IdentitiesOnly yes",
        BLOCK_END,
    ]
    return "\n".join(lines) + "\n"


def _split_block(text: str) -> tuple[str, str | None, str]:
    """(before, mlstart block or None, after)."""
    begin = text.find(BLOCK_BEGIN)
    end = text.find(BLOCK_END, begin + 1) if begin >= 0 else -1
    if begin < 0 or end < 0:
        return text, None, ""
    end = text.find("\n", end)
    end = len(text) if end < 0 else end + 1
    return text[:begin], text[begin:end], text[end:]


def user_host_block(text: str) -> bool:
    """True when the user's own lines (outside mlstart's markers) have a `Host github.com`."""
    before, _, after = _split_block(text)
    for line in (before + after).splitlines():
        match = _HOST_LINE.match(line)
        if match and match.group(1).lower() == "host" and HOST in match.group(2).split():
            return True
    return False


def configured_identity(config: Path) -> list[Path]:
    """IdentityFile paths named in mlstart's block (the key `mlstart ssh` set up)."""
    if not config.is_file():
        return []
    _, block, _ = _split_block(config.read_text(encoding="utf-8", errors="replace"))
    paths = []
    for line in (block or "").splitlines():
        match = _IDENTITY_LINE.match(line)
        if match:
            raw = match.group(1).strip('"')
            paths.append(Path.home() / raw[2:] if raw.startswith("~/") else Path(raw))
    return paths


def merge_config_block(text: str, block: str) -> tuple[str, str]:
    """The config text with mlstart's block in place, and what changed.

    A new block goes right before the first Host/Match line: lines above it are global
    options, and a block placed above them would capture them for github.com alone.
    """
    before, current, after = _split_block(text)
    if current is not None:
        return (text, "unchanged") if current == block else (before + block + after, "updated")
    if user_host_block(text):
        return text, "user-block"
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if _HOST_LINE.match(line)), len(lines))
    head = "".join(lines[:at])
    if head and not head.endswith("\n"):
        head += "\n"
    separator = "\n" if at < len(lines) else ""
    return head + block + separator + "".join(lines[at:]), "added"


def backup_file(path: Path) -> Path:
    """Copy path next to itself under a name that is not taken yet; returns the copy."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.mlstart-backup-{stamp}")
    counter = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.mlstart-backup-{stamp}-{counter}")
        counter += 1
    shutil.copy2(path, backup)
    return backup


def _atomic_write(path: Path, text: str, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_config_block(key: Path, config: Path | None = None) -> ConfigResult:
    """Add (or refresh) mlstart's block in ~/.ssh/config; backs up an existing file first."""
    config = config or ssh_dir() / "config"
    ensure_dir(config.parent)
    target = config.resolve() if config.is_symlink() else config  # keep a dotfiles symlink
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    new, action = merge_config_block(old, config_block(key))
    if new == old:
        return ConfigResult(config, action)
    backup = backup_file(target) if target.exists() else None
    mode = stat.S_IMODE(target.stat().st_mode) & CONFIG_MODE if target.exists() else CONFIG_MODE
    _atomic_write(target, new, mode)
    return ConfigResult(config, action, backup)


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
    _require_tool("ssh-keygen")
    result = _run(["ssh-keygen", "-F", HOST, "-f", str(path)])
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


# ---------------------------------------------------------------------------------------------
# which ssh: the user's GIT_SSH_COMMAND / core.sshCommand, else ssh -F ~/.ssh/config
# ---------------------------------------------------------------------------------------------


def user_ssh_command(cwd: Path | None = None) -> str | None:
    """The ssh command the user chose for git (GIT_SSH_COMMAND, then core.sshCommand)."""
    custom = os.environ.get("GIT_SSH_COMMAND", "").strip()
    if custom:
        return custom
    if shutil.which("git") is None:
        return None
    result = _run(["git", "config", "--get", "core.sshCommand"], cwd=cwd or Path.cwd())
    return result.stdout.strip() or None


def ssh_command(cwd: Path | None = None) -> str:
    """The ssh command line (shell form) mlstart uses: the user's, or ssh -F ~/.ssh/config."""
    custom = user_ssh_command(cwd)
    if custom:
        return custom
    config = ssh_dir() / "config"
    # -F: ssh reads ~ from the passwd entry; HOME is what mlstart treats as the user's home.
    return shlex.join(["ssh", "-F", str(config)]) if config.is_file() else "ssh"


def batch_options() -> list[str]:
    """Options that make ssh fail instead of prompting (no passphrase, no host key question)."""
    return ["-o", "BatchMode=yes", "-o", "ConnectTimeout=15"]


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
    _require_tool("ssh")
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


# ---------------------------------------------------------------------------------------------
# agent and gh
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgentState:
    kind: str  # "loaded" | "not_loaded" | "no_agent"
    fingerprints: tuple[str, ...] = ()


def agent_state() -> AgentState:
    """`ssh-add -l`: rc 0 keys listed, rc 1 agent empty, rc 2 no agent reachable."""
    if shutil.which("ssh-add") is None or not os.environ.get("SSH_AUTH_SOCK"):
        return AgentState("no_agent")
    result = _run(["ssh-add", "-l", "-E", "sha256"], timeout=10)
    if result.returncode == 2:
        return AgentState("no_agent")
    fingerprints = tuple(p.split()[1] for p in result.stdout.splitlines() if len(p.split()) > 1)
    return AgentState("loaded" if fingerprints else "not_loaded", fingerprints)


@dataclass(frozen=True)
class GhResult:
    state: str  # "missing" | "logged_out" | "ready" | "added" | "failed"
    message: str = ""


def gh_state() -> GhResult:
    """Is the GitHub CLI installed and logged in to github.com (never asks for the token)?"""
    if shutil.which("gh") is None:
        return GhResult("missing")
    try:
        result = _run(["gh", "auth", "status", "--hostname", HOST], timeout=30)
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
        result = _run(argv, timeout=60)
    except subprocess.TimeoutExpired:
        return GhResult("failed", "gh did not answer in time")
    if result.returncode == 0:
        return GhResult("added", (result.stdout + result.stderr).strip())
    hint = (result.stderr or result.stdout).strip()
    if result.returncode == 4 or "admin:public_key" in hint:
        hint += f"\nRun `gh auth refresh -h {HOST} -s admin:public_key`, then try again."
    return GhResult("failed", hint)
