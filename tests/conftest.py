"""Test isolation: every test gets its own HOME, XDG folders, global git config and SSH folder.

A session guard records the real ~/.ssh and global git config before the run and fails the run
if any test changed them (OpenSSH reads ~ from the passwd entry, not $HOME, so tests that run ssh
must pass -F / -i / UserKnownHostsFile explicitly; the guard catches the ones that forget).
"""

from __future__ import annotations

import hashlib
import os
import pwd
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import AUTHOR

REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)
WATCHED = [REAL_HOME / ".ssh", REAL_HOME / ".gitconfig", REAL_HOME / ".config" / "git"]


def _fingerprint(path: Path) -> str:
    """A digest of a file or folder tree (names, modes, contents); 'absent' when missing."""
    if not path.exists():
        return "absent"
    digest = hashlib.sha256()
    items = [path] if path.is_file() else sorted(p for p in path.rglob("*"))
    for item in items:
        digest.update(str(item).encode())
        try:
            digest.update(oct(item.stat().st_mode).encode())
            if item.is_file():
                digest.update(item.read_bytes())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


@pytest.fixture(scope="session", autouse=True)
def guard_real_home() -> Iterator[None]:
    """Fail the session if any test touched the real ~/.ssh or global git config."""
    before = {str(p): _fingerprint(p) for p in WATCHED}
    yield
    after = {str(p): _fingerprint(p) for p in WATCHED}
    changed = [p for p in before if before[p] != after[p]]
    assert not changed, f"a test changed the real user's files: {changed}"


@pytest.fixture(scope="session", autouse=True)
def session_identity(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session- and module-scoped fixtures run before each test's own HOME exists: give them a
    test identity too, so no fixture depends on the developer's global Git configuration."""
    home = tmp_path_factory.mktemp("session-home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        f"[user]\n\tname = {AUTHOR[0]}\n\temail = {AUTHOR[1]}\n[init]\n\tdefaultBranch = main\n"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        yield


@pytest.fixture(autouse=True)
def isolated_env(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point HOME, XDG folders and git's global config at a fresh folder; no agent, no prompts."""
    home = tmp_path_factory.mktemp("home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        f"[user]\n\tname = {AUTHOR[0]}\n\temail = {AUTHOR[1]}\n[init]\n\tdefaultBranch = main\n"
    )
    values = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    for key in (
        "SSH_AUTH_SOCK",
        "GIT_SSH",
        "GIT_SSH_COMMAND",
        "GIT_SSH_VARIANT",
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_INDEX_FILE",
    ):
        monkeypatch.delenv(key, raising=False)
    yield home


@pytest.fixture
def no_identity(isolated_env: Path) -> Path:
    """A global git config with no user.name / user.email."""
    (isolated_env / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")
    return isolated_env
