"""Unit tests on temporary files: ~/.ssh/config block, known_hosts seeding, permissions, keys."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from mlstart.core.errors import NotInteractiveError, SshError
from mlstart.gitssh import hosts, knownhosts, sshconfig, sshkeys
from tests.ssh.fakegithub import keygen


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- published host keys -------------------------------------------------------------------------


def test_published_keys_hash_to_published_fingerprints(tmp_path: Path) -> None:
    for keytype, blob, fingerprint in hosts.PUBLISHED_HOST_KEYS:
        out = subprocess.run(
            ["ssh-keygen", "-l", "-E", "sha256", "-f", "-"],
            input=f"{keytype} {blob}\n", capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert out.split()[1] == fingerprint


# -- ~/.ssh/config -------------------------------------------------------------------------------

USER_CONFIG = """# my settings
ServerAliveInterval 60

Host work
  HostName work.example.com
  User ada

Host *
  IdentitiesOnly no
"""


def test_block_goes_before_the_first_host_and_keeps_everything(tmp_path: Path) -> None:
    block = sshconfig.config_block(tmp_path / "id_ed25519")
    text, action = sshconfig.merge_config_block(USER_CONFIG, block)
    assert action == "added"
    assert text.replace(block + "\n", "") == USER_CONFIG  # nothing of the user's is lost
    # global options stay global: the block starts after them, before `Host work`
    assert (
        text.index("ServerAliveInterval")
        < text.index(sshconfig.BLOCK_BEGIN)
        < text.index("Host work")
    )


def test_block_is_idempotent_and_updated_in_place(tmp_path: Path) -> None:
    first, _ = sshconfig.merge_config_block(USER_CONFIG, sshconfig.config_block(tmp_path / "a"))
    again, action = sshconfig.merge_config_block(first, sshconfig.config_block(tmp_path / "a"))
    assert (again, action) == (first, "unchanged")
    updated, action = sshconfig.merge_config_block(first, sshconfig.config_block(tmp_path / "b"))
    assert action == "updated" and updated.count(sshconfig.BLOCK_BEGIN) == 1
    assert f"IdentityFile {tmp_path / 'b'}" in updated and "Host work" in updated


def test_users_own_github_block_is_left_alone(tmp_path: Path) -> None:
    text = "Host github.com\n  HostName ssh.github.com\n  Port 443\n"
    assert sshconfig.merge_config_block(text, sshconfig.config_block(tmp_path / "k")) == (
        text,
        "user-block",
    )


def test_write_config_backs_up_and_keeps_mode(tmp_path: Path) -> None:
    config = tmp_path / ".ssh" / "config"
    config.parent.mkdir(mode=0o700)
    config.write_text(USER_CONFIG)
    config.chmod(0o644)
    result = sshconfig.write_config_block(tmp_path / ".ssh" / "id_ed25519", config)
    assert result.action == "added" and result.backup is not None
    assert result.backup.read_text() == USER_CONFIG
    assert mode(config) == 0o600  # tightened, never loosened
    assert USER_CONFIG.splitlines()[0] in config.read_text()
    again = sshconfig.write_config_block(tmp_path / ".ssh" / "id_ed25519", config)
    assert (again.action, again.backup) == ("unchanged", None)
    assert len(list(config.parent.glob("config.mlstart-backup-*"))) == 1


def test_write_config_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "ssh_config"
    real.parent.mkdir()
    real.write_text(USER_CONFIG)
    link = tmp_path / ".ssh" / "config"
    link.parent.mkdir(mode=0o700)
    link.symlink_to(real)
    sshconfig.write_config_block(tmp_path / "key", link)
    assert link.is_symlink() and sshconfig.BLOCK_BEGIN in real.read_text()


# -- known_hosts ---------------------------------------------------------------------------------


def test_seed_empty_known_hosts(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    result = knownhosts.seed_known_hosts(path)
    assert len(result.added) == 3 and not result.foreign
    assert knownhosts.known_hosts_state(path).missing == []
    assert knownhosts.seed_known_hosts(path).added == []  # idempotent
    assert len(path.read_text().splitlines()) == 3


def test_seed_keeps_other_lines_and_appends_only_missing(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    keytype, blob, _ = hosts.PUBLISHED_HOST_KEYS[0]
    before = f"example.org ssh-ed25519 AAAAexample\ngithub.com {keytype} {blob}"  # no final \n
    path.write_text(before)
    result = knownhosts.seed_known_hosts(path)
    assert result.added == ["ecdsa-sha2-nistp256", "ssh-rsa"]
    assert path.read_text().startswith(before + "\n")


def test_hashed_entries_are_recognised(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text("".join(f"github.com {t} {b}\n" for t, b, _ in hosts.PUBLISHED_HOST_KEYS))
    subprocess.run(["ssh-keygen", "-H", "-f", str(path)], check=True, capture_output=True)
    assert "github.com" not in path.read_text()
    assert knownhosts.seed_known_hosts(path).added == []


def test_a_foreign_entry_is_reported_and_kept(tmp_path: Path) -> None:
    impostor = keygen(tmp_path / "impostor", "impostor")
    blob = " ".join(Path(f"{impostor}.pub").read_text().split()[:2])
    path = tmp_path / "known_hosts"
    path.write_text(f"github.com {blob}\n")
    result = knownhosts.seed_known_hosts(path)
    assert [e.line for e in result.foreign] == [1]
    assert result.foreign[0].fingerprint.startswith("SHA256:")
    assert path.read_text().splitlines()[0] == f"github.com {blob}"  # never deleted
    hint = knownhosts.foreign_hint(result.foreign, path)
    assert "ssh-keygen -R github.com" in hint and "do not connect" in hint


# -- permissions ---------------------------------------------------------------------------------


def test_permissions_are_only_tightened(tmp_path: Path) -> None:
    folder = tmp_path / ".ssh"
    folder.mkdir()
    folder.chmod(0o755)
    key = keygen(folder / "id_ed25519", "k")
    key.chmod(0o640)
    sshkeys.public_path(key).chmod(0o600)  # stricter than 644: stays
    (folder / "config").write_text("")
    (folder / "config").chmod(0o664)
    changes = sshkeys.tighten_permissions(folder, key)
    assert {c.path.name: (c.old, c.new) for c in changes} == {
        ".ssh": (0o755, 0o700),
        "id_ed25519": (0o640, 0o600),
        "config": (0o664, 0o600),
    }
    assert (mode(folder), mode(key), mode(sshkeys.public_path(key))) == (0o700, 0o600, 0o600)
    assert sshkeys.tighten_permissions(folder, key) == []


# -- keys ----------------------------------------------------------------------------------------


def test_keygen_never_gets_a_passphrase_on_argv(tmp_path: Path) -> None:
    argv = sshkeys.keygen_argv(tmp_path / "k", "ada@example.com", passphrase=True)
    assert "-N" not in argv and "-P" not in argv  # ssh-keygen asks on the terminal
    scripted = sshkeys.keygen_argv(tmp_path / "k", "c", passphrase=False)
    assert scripted[scripted.index("-N") + 1] == ""  # empty: no passphrase, no secret


def test_create_key_never_overwrites(tmp_path: Path) -> None:
    key = keygen(tmp_path / "id_ed25519", "old")
    before = key.read_bytes()
    with pytest.raises(SshError, match="never overwrites"):
        sshkeys.create_key(key, "new", passphrase=False, interactive=False)
    assert key.read_bytes() == before


def test_passphrase_key_without_terminal_fails_instead_of_prompting(tmp_path: Path) -> None:
    with pytest.raises(NotInteractiveError) as caught:
        sshkeys.create_key(tmp_path / "id_ed25519", "c", passphrase=True, interactive=False)
    assert "--no-passphrase" in (caught.value.hint or "")
    assert not (tmp_path / "id_ed25519").exists()


def test_encrypted_key_detection(tmp_path: Path) -> None:
    plain = keygen(tmp_path / "plain", "p")
    assert not sshkeys.key_is_encrypted(plain)


def test_root_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "root" in (sshkeys.root_warning() or "")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert sshkeys.root_warning() is None


def test_gh_upload_refuses_anything_but_a_public_key(tmp_path: Path) -> None:
    key = keygen(tmp_path / "id_ed25519", "k")
    with pytest.raises(SshError, match=r"only a \.pub file"):
        hosts.gh_add_key(key)
