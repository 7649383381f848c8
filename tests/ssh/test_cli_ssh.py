"""`mlstart ssh` through the CLI: key, permissions, config, known_hosts, gh offer, login test.

gh is not installed on the test machines, so the gh offer is tested with a fake `gh` script put
first on PATH (it records its arguments); everything else is real.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mlstart.gitssh import hosts, knownhosts, sshkeys
from tests.ssh.conftest import GitHub, run_cli
from tests.ssh.fakegithub import keygen


def ssh_dir(home: Path) -> Path:
    return home / ".ssh"


def private_body(key: Path) -> list[str]:
    """The base64 lines of a private key: none of them may ever appear in output."""
    return [line for line in key.read_text().splitlines() if line and "PRIVATE KEY" not in line]


def assert_no_private_key(output: str, key: Path) -> None:
    assert "PRIVATE KEY" not in output
    assert not any(line in output for line in private_body(key))


def test_creates_key_config_and_known_hosts(isolated_env: Path) -> None:
    result = run_cli("ssh", "--no-passphrase", "--no-test")
    assert result.exit_code == 0, result.output
    folder = ssh_dir(isolated_env)
    key = folder / "id_ed25519"
    modes = [stat.S_IMODE(p.stat().st_mode) for p in (folder, key, sshkeys.public_path(key))]
    assert modes == [0o700, 0o600, 0o644]
    assert sshkeys.public_path(key).read_text().strip() in result.output  # the public key, shown
    assert hosts.SETTINGS_URL in result.output
    assert_no_private_key(result.output, key)
    assert f"IdentityFile {key}" in (folder / "config").read_text()
    assert knownhosts.known_hosts_state(folder / "known_hosts").missing == []
    if os.geteuid() == 0:
        assert "Warning: running as root" in result.stderr


def test_without_terminal_a_passphrase_key_fails_with_instructions(isolated_env: Path) -> None:
    result = run_cli("ssh", "--no-test")
    assert result.exit_code == 3
    assert "--no-passphrase" in result.stderr
    assert not (ssh_dir(isolated_env) / "id_ed25519").exists()


def test_reuses_existing_key_and_keeps_users_files(isolated_env: Path) -> None:
    folder = ssh_dir(isolated_env)
    folder.mkdir(mode=0o755)
    key = keygen(folder / "id_rsa", "old key")  # any default name counts
    key.chmod(0o644)  # too open
    key_bytes = key.read_bytes()
    (folder / "config").write_text("Host work\n  User ada\n")
    (folder / "known_hosts").write_text("example.org ssh-ed25519 AAAAexample\n")
    result = run_cli("ssh", "--no-test")  # no --no-passphrase needed: nothing is created
    assert result.exit_code == 0, result.output
    assert "Reusing your key" in result.output
    assert key.read_bytes() == key_bytes and not (folder / "id_ed25519").exists()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert "Host work\n  User ada\n" in (folder / "config").read_text()
    backups = list(folder.glob("config.mlstart-backup-*"))
    assert [b.read_text() for b in backups] == ["Host work\n  User ada\n"]
    assert (folder / "known_hosts").read_text().startswith("example.org ssh-ed25519 AAAAexample\n")
    assert_no_private_key(result.output, key)
    second = run_cli("ssh", "--no-test")  # idempotent: no second backup, no new lines
    assert second.exit_code == 0 and "already has mlstart's block" in second.output
    assert len(list(folder.glob("config.mlstart-backup-*"))) == 1


def test_a_private_key_without_public_half_is_not_touched(isolated_env: Path) -> None:
    folder = ssh_dir(isolated_env)
    folder.mkdir(mode=0o700)
    key = keygen(folder / "id_ed25519", "k")
    sshkeys.public_path(key).unlink()
    before = key.read_bytes()
    result = run_cli("ssh", "--no-passphrase", "--no-test", "--key", str(key))
    assert result.exit_code == 1 and "ssh-keygen -y" in result.stderr
    assert key.read_bytes() == before


def test_changed_known_hosts_entry_is_reported_not_replaced(
    isolated_env: Path, tmp_path: Path
) -> None:
    folder = ssh_dir(isolated_env)
    folder.mkdir(mode=0o700)
    impostor = keygen(tmp_path / "impostor", "x")
    line = "github.com " + " ".join(Path(f"{impostor}.pub").read_text().split()[:2])
    (folder / "known_hosts").write_text(line + "\n")
    result = run_cli("ssh", "--no-passphrase", "--no-test")
    assert result.exit_code == 1
    assert "GitHub does not publish" in result.stderr and "ssh-keygen -R" in result.stderr
    assert (folder / "known_hosts").read_text().splitlines()[0] == line


@pytest.fixture
def fake_gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in `gh` (the real one is not installed here) that logs its arguments."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "gh.log"
    script = bin_dir / "gh"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" >> "{log}"\n'
        'case "$1 $2" in\n'
        '  "auth status") exit "${FAKE_GH_AUTH_RC:-0}" ;;\n'
        '  "ssh-key add") echo "Public key added to your account"; exit 0 ;;\n'
        "esac\nexit 1\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return log


def test_gh_upload_sends_only_the_public_key(isolated_env: Path, fake_gh: Path) -> None:
    result = run_cli("ssh", "--no-passphrase", "--no-test", "--gh-upload")
    assert result.exit_code == 0, result.output
    assert "Uploaded with gh" in result.output
    calls = fake_gh.read_text().splitlines()
    pub = sshkeys.public_path(ssh_dir(isolated_env) / "id_ed25519")
    assert calls[0] == "auth status --hostname github.com"
    assert calls[1].startswith(f"ssh-key add {pub} --title mlstart ")
    assert calls[1].endswith("--type authentication")


def test_gh_not_logged_in_is_explained(
    isolated_env: Path, fake_gh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_GH_AUTH_RC", "1")
    result = run_cli("ssh", "--no-passphrase", "--no-test", "--gh-upload")
    assert result.exit_code == 0
    assert "gh auth login" in result.output
    assert "ssh-key add" not in fake_gh.read_text()


def test_login_test_after_the_key_is_registered(github: GitHub, isolated_env: Path) -> None:
    assert run_cli("ssh", "--no-passphrase", "--no-test").exit_code == 0
    key = ssh_dir(isolated_env) / "id_ed25519"
    github.use_key(key)
    refused = run_cli("ssh", "--test")  # not on "GitHub" yet
    assert refused.exit_code == 1
    assert "auth_denied" in refused.stderr and hosts.SETTINGS_URL in refused.stderr
    github.server.authorize(sshkeys.public_path(key))  # the user pastes the key
    result = run_cli("ssh", "--test")
    assert result.exit_code == 0, result.output
    assert "Logged in to github.com as student" in result.output


def test_a_host_block_in_an_included_file_is_the_users_own(isolated_env: Path) -> None:
    """ssh -G follows Include: no second key, no second block for github.com."""
    folder = ssh_dir(isolated_env)
    (folder / "config.d").mkdir(parents=True)
    key = keygen(folder / "github_work", "work key")
    included = f"Host {hosts.HOST}\n  IdentityFile {key}\n  IdentitiesOnly yes\n"
    (folder / "config.d" / "github").write_text(included)
    main_config = f"Include {folder / 'config.d'}/*\n\nHost work\n  User ada\n"
    (folder / "config").write_text(main_config)
    result = run_cli("ssh", "--no-passphrase", "--no-test")
    assert result.exit_code == 0, result.output
    assert f"Reusing your key {key}" in result.output
    assert not (folder / "id_ed25519").exists()
    assert (folder / "config").read_text() == main_config  # no block added
    assert "already has settings for github.com" in result.output
    assert list(folder.glob("config.mlstart-backup-*")) == []


def test_effective_configuration_comes_from_ssh(isolated_env: Path) -> None:
    from mlstart.gitssh.sshresolve import effective

    folder = ssh_dir(isolated_env)
    folder.mkdir()
    (folder / "config").write_text(
        "Match host git.school.example\n  Port 2222\n  HostName 10.0.0.5\n  User git\n"
    )
    config = f"ssh -F {folder / 'config'}"
    school = effective("git.school.example", config)
    assert school is not None and school.configured
    assert (school.hostname, school.port, school.address()) == ("10.0.0.5", 2222, "10.0.0.5:2222")
    plain = effective(hosts.HOST, config)
    assert plain is not None and not plain.configured and plain.address() == hosts.HOST
