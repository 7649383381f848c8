"""The user's SSH keys and ~/.ssh: finding and creating keys, permissions, the agent."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import NotInteractiveError, SshError

# The names ssh tries by default and GitHub's docs look for, best first (no DSA: GitHub dropped it).
DEFAULT_KEY_NAMES = ("id_ed25519", "id_ecdsa", "id_rsa")

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


def run_tool(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a short helper without a terminal: stdin closed, output captured as text."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        argv, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False, **kwargs
    )


def require_tool(name: str) -> str:
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


def keygen_argv(path: Path, comment: str, *, passphrase: bool) -> list[str]:
    """ssh-keygen's argv. With a passphrase, no -N: ssh-keygen asks for it on the terminal."""
    argv = ["ssh-keygen", "-t", "ed25519", "-C", comment, "-f", str(path)]
    # An empty -N means "no passphrase" (scripts); it carries no secret.
    return argv if passphrase else [*argv, "-q", "-N", ""]


def create_key(path: Path, comment: str, *, passphrase: bool, interactive: bool) -> Path:
    """Create an ed25519 key pair at path; refuses to touch an existing file."""
    require_tool("ssh-keygen")
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
    result = subprocess.run(argv, check=False) if passphrase else run_tool(argv)
    if result.returncode != 0 or not path.is_file():
        raise SshError(f"ssh-keygen failed (exit {result.returncode})", hint=" ".join(argv))
    return path


def ensure_dir(directory: Path) -> None:
    """Create the SSH folder with mode 700 when missing (an existing one is left as it is).

    A link to nothing (dangling) or a folder that cannot be made is one clear SshError.
    """
    if directory.is_symlink() and not directory.exists():
        raise SshError(
            f"{directory} is a link to a folder that does not exist "
            f"({os.readlink(directory)}); nothing was changed",
            hint=f"create that folder (mkdir -m 700 {os.readlink(directory)}) or remove the link",
        )
    if not directory.exists():
        try:
            directory.mkdir(mode=DIR_MODE, parents=True)
            directory.chmod(DIR_MODE)  # mkdir's mode is filtered by the umask
        except OSError as exc:
            raise SshError(
                f"{directory} cannot be created ({exc.strerror}); nothing was changed",
                hint="check the permissions of your home folder",
            ) from None


def restore_public_half(private: Path) -> Path:
    """Write private's .pub from the private key (`ssh-keygen -y`, which asks for the
    passphrase itself on the terminal); SshError when it cannot."""
    from mlstart.core.files import atomic_write

    argv = [require_tool("ssh-keygen"), "-y", "-f", str(private)]
    result = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=False)
    if result.returncode != 0 or not result.stdout.startswith(("ssh-", "ecdsa-", "sk-")):
        raise SshError(
            f"the public half of {private} could not be made (wrong passphrase?)",
            hint=f"run it yourself: ssh-keygen -y -f {private} > {public_path(private)}",
        )
    target = public_path(private)
    atomic_write(target, result.stdout, mode=0o644, keep_mode=False)
    return target


def key_fingerprint(pub: Path) -> str:
    """SHA256 fingerprint of a public key (ssh-keygen reads only the .pub file)."""
    result = run_tool(["ssh-keygen", "-l", "-E", "sha256", "-f", str(pub)])
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


@dataclass(frozen=True)
class AgentState:
    kind: str  # "loaded" | "not_loaded" | "no_agent"
    fingerprints: tuple[str, ...] = ()


def agent_state() -> AgentState:
    """`ssh-add -l`: rc 0 keys listed, rc 1 agent empty, rc 2 no agent reachable."""
    if shutil.which("ssh-add") is None or not os.environ.get("SSH_AUTH_SOCK"):
        return AgentState("no_agent")
    result = run_tool(["ssh-add", "-l", "-E", "sha256"], timeout=10)
    if result.returncode == 2:
        return AgentState("no_agent")
    fingerprints = tuple(p.split()[1] for p in result.stdout.splitlines() if len(p.split()) > 1)
    return AgentState("loaded" if fingerprints else "not_loaded", fingerprints)
