"""`mlstart ssh` under faults: a dangling ~/.ssh, a read-only config, a key without its .pub."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from mlstart.core.errors import SshError
from mlstart.gitssh import sshconfig, sshkeys


def test_a_dangling_ssh_folder_is_one_clear_error(tmp_path: Path) -> None:
    link = tmp_path / ".ssh"
    os.symlink(tmp_path / "gone", link)
    with pytest.raises(SshError, match="does not exist"):
        sshkeys.ensure_dir(link)
    assert not (tmp_path / "gone").exists()


def test_a_read_only_config_is_never_rewritten(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("Host example\n  User me\n")
    config.chmod(0o444)
    with pytest.raises(SshError, match="read-only") as refused:
        sshconfig.write_config_block(tmp_path / "id_ed25519", config)
    assert "Host github.com" in (refused.value.hint or "")
    assert config.read_text() == "Host example\n  User me\n"
    assert not list(tmp_path.glob("config.mlstart-backup-*"))


def test_the_public_half_is_made_from_the_private_key(tmp_path: Path) -> None:
    key = tmp_path / "id_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    expected = Path(f"{key}.pub").read_text().split()[:2]
    Path(f"{key}.pub").unlink()
    written = sshkeys.restore_public_half(key)
    assert written.read_text().split()[:2] == expected
