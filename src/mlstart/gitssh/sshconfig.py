"""mlstart's block in ~/.ssh/config, and which ssh command (and config) git should use."""

from __future__ import annotations

import datetime as _dt
import os
import re
import shlex
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import SshError
from mlstart.core.files import atomic_write
from mlstart.gitssh.hosts import HOST
from mlstart.gitssh.runner import run_git
from mlstart.gitssh.sshkeys import (
    CONFIG_MODE,
    DEFAULT_KEY_NAMES,
    ensure_dir,
    public_path,
    ssh_dir,
)
from mlstart.gitssh.sshresolve import effective

BLOCK_BEGIN = f"# >>> mlstart {HOST} >>>"
BLOCK_END = f"# <<< mlstart {HOST} <<<"

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


def write_config_block(key: Path, config: Path | None = None) -> ConfigResult:
    """Add (or refresh) mlstart's block in ~/.ssh/config; backs up an existing file first."""
    config = config or ssh_dir() / "config"
    ensure_dir(config.parent)
    target = config.resolve() if config.is_symlink() else config  # keep a dotfiles symlink
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    new, action = merge_config_block(old, config_block(key))
    if action == "added" and configured_elsewhere(config):
        return ConfigResult(config, "user-block")  # e.g. a Host block in an Include'd file
    if new == old:
        return ConfigResult(config, action)
    if target.exists() and not target.stat().st_mode & stat.S_IWUSR:
        raise SshError(  # read-only on purpose (a managed dotfile): never rewritten silently
            f"{config} is read-only, so mlstart does not change it",
            hint=f"add this block to it yourself (or make it writable and run again):\n"
            f"{config_block(key)}",
        )
    backup = backup_file(target) if target.exists() else None
    mode = stat.S_IMODE(target.stat().st_mode) & CONFIG_MODE if target.exists() else CONFIG_MODE
    atomic_write(target, new, mode=mode, keep_mode=False)
    return ConfigResult(config, action, backup)


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
    result = run_git(cwd or Path.cwd(), "config", "--get", "core.sshCommand")
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


def configured_elsewhere(config: Path) -> bool:
    """Whether the user's SSH configuration (with its Include and Match) already names the host.

    Asked of ssh itself (`ssh -G`), so a block in an included file counts as one.
    """
    if not config.is_file():
        return False
    found = effective(HOST, shlex.join(["ssh", "-F", str(config)]))
    return found is not None and found.configured


def find_key(directory: Path | None = None) -> Path | None:
    """The first key pair (private + .pub) found: the key ssh would use for the host (its
    effective configuration, includes followed), mlstart's block's key, then the defaults."""
    directory = directory or ssh_dir()
    configured = configured_identity(directory / "config")
    config = directory / "config"
    found = effective(HOST, shlex.join(["ssh", "-F", str(config)])) if config.is_file() else None
    if found is not None and found.configured:
        configured = [*found.identity_files, *configured]
    for private in [*configured, *(directory / name for name in DEFAULT_KEY_NAMES)]:
        if private.is_file() and public_path(private).is_file():
            return private
    return None
