"""A fake GitHub for the tests: a real, unprivileged sshd on 127.0.0.1 serving bare repositories.

The server is real OpenSSH (own host key, own config, no system service). A forced command in
authorized_keys answers like github.com: `ssh -T` gets "Hi LOGIN! You've successfully
authenticated..." on stderr and exit 1; git-upload-pack / git-receive-pack on "OWNER/REPO.git"
run through git-shell; anything else is refused, an unknown repository is "Repository not found".

The client side keeps the production URL `git@github.com:OWNER/REPO.git`: `ssh_config` maps
github.com to the loopback port (HostKeyAlias github.com, the fake host key pinned in its own
known_hosts, StrictHostKeyChecking yes), and the tests hand that to mlstart through the standard
GIT_SSH_COMMAND. OpenSSH reads ~ from the passwd entry, not $HOME, so every path is explicit.

Privileges: as root (CI containers) sshd is started under an unused uid with `setpriv`, and the
`git` login account for that uid comes from nss_wrapper (Debian: libnss-wrapper), so nothing in
/etc changes. As a normal user sshd runs as you, and nss_wrapper maps `git` to your uid.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SSHD_CANDIDATES = ("/usr/sbin/sshd", "/usr/local/sbin/sshd", "/opt/homebrew/sbin/sshd")
NSS_WRAPPER_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/libnss_wrapper.so",
    "/usr/lib/aarch64-linux-gnu/libnss_wrapper.so",
    "/usr/lib64/libnss_wrapper.so",
    "/usr/lib/libnss_wrapper.so",
)
ROOT_SSHD_UID = 64999  # an unused uid for the dropped sshd when the tests run as root
LOGIN = "student"  # the GitHub account name the greeting reports

# Runs as the forced command of every key: $1 = account name, $2 = repository root.
FAKE_GITHUB_SHELL = r"""#!/bin/sh
login=$1
root=$2
cmd=${SSH_ORIGINAL_COMMAND:-}
if [ -z "$cmd" ]; then
  echo "Hi $login! You've successfully authenticated, but GitHub does not provide shell access." >&2
  exit 1
fi
verb=${cmd%% *}
arg=${cmd#* }
arg=${arg#\'}; arg=${arg%\'}; arg=${arg#/}
case "$verb" in
  git-upload-pack|git-receive-pack|git-upload-archive) ;;
  *) echo "Invalid command: only git operations are allowed" >&2; exit 1 ;;
esac
case "$arg" in
  *..*|*/*/*|*[!A-Za-z0-9._/-]*|"") echo "ERROR: Repository not found." >&2; exit 1 ;;
  */*) ;;
  *) echo "ERROR: Repository not found." >&2; exit 1 ;;
esac
case "$arg" in *.git) ;; *) arg="$arg.git" ;; esac
if [ ! -d "$root/$arg" ]; then
  echo "ERROR: Repository not found." >&2
  exit 1
fi
exec git-shell -c "$verb '$root/$arg'"
"""

# git for the fixture's own bookkeeping: never reads the real user's config.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "GitHub",
    "GIT_AUTHOR_EMAIL": "noreply@github.com",
    "GIT_COMMITTER_NAME": "GitHub",
    "GIT_COMMITTER_EMAIL": "noreply@github.com",
}


class Unavailable(RuntimeError):
    """This machine cannot host the fake server (the message says what to install)."""


def _first(paths: tuple[str, ...]) -> str | None:
    return next((p for p in paths if os.path.exists(p)), None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def keygen(path: Path, comment: str) -> Path:
    """An ed25519 key without passphrase (test keys must never prompt)."""
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return path


def _git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@dataclass
class FakeGitHub:
    root: Path
    port: int
    ssh_config: Path
    known_hosts: Path
    client_key: Path
    repos: Path
    log: Path
    startup_seconds: float
    proc: subprocess.Popen[bytes]
    sshd_uid: int | None
    authorized: list[tuple[str, str]] = field(default_factory=list)  # (login, public key)

    # -- what the code under test gets ------------------------------------------------------------
    def ssh_argv(self, key: Path | None = None, *options: str) -> list[str]:
        """ssh routed to the fake: -F our config, -i one key (IdentityFile is cumulative)."""
        return ["ssh", "-F", str(self.ssh_config), "-i", str(key or self.client_key), *options]

    def git_ssh_command(self, key: Path | None = None, *options: str) -> str:
        return shlex.join(self.ssh_argv(key, *options))

    @staticmethod
    def url(owner: str, repo: str) -> str:
        return f"git@github.com:{owner}/{repo}.git"

    # -- accounts and repositories ----------------------------------------------------------------
    def authorize(self, pub: Path, login: str = LOGIN) -> None:
        """Like pasting a public key into github.com/settings/keys."""
        self.authorized.append((login, pub.read_text().strip()))
        shell = self.root / "server" / "fake-github-shell"
        lines = [
            f'restrict,command="{shell} {who} {self.repos}" {key}' for who, key in self.authorized
        ]
        keys = self.root / "server" / "authorized_keys"
        keys.write_text("\n".join(lines) + "\n")
        self._chown(keys)

    def new_key(self, name: str) -> Path:
        """A key GitHub does not know yet."""
        return keygen(self.root / "client" / name, f"{name}@example.com")

    def create_repo(self, owner: str, name: str, *, with_readme: bool = False) -> Path:
        """Like "New repository" on github.com: empty, or with a README commit."""
        path = self.repos / owner / f"{name}.git"
        path.parent.mkdir(parents=True, exist_ok=True)
        _git("init", "-q", "--bare", "-b", "main", str(path))
        if with_readme:
            work = Path(tempfile.mkdtemp(prefix="readme-", dir=self.root))
            _git("init", "-q", "-b", "main", str(work))
            (work / "README.md").write_text(f"# {name}\n")
            _git("add", "README.md", cwd=work)
            _git("commit", "-q", "-m", "Initial commit", cwd=work)
            _git("push", "-q", str(path), "main", cwd=work)
            shutil.rmtree(work)
        for item in (path.parent, path, *path.rglob("*")):
            self._chown(item)
        return path

    def remote_head(self, owner: str, name: str, branch: str = "main") -> str | None:
        path = self.repos / owner / f"{name}.git"
        result = subprocess.run(
            ["git", "-c", f"safe.directory={path}", "-C", str(path), "rev-parse", "--verify",
             "-q", f"refs/heads/{branch}"],
            env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return result.stdout.strip() or None

    def _chown(self, path: Path) -> None:
        if self.sshd_uid is not None:
            os.chown(path, self.sshd_uid, self.sshd_uid)

    # -- lifecycle --------------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop our own sshd (by its Popen handle) and remove its folder."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        shutil.rmtree(self.root, ignore_errors=True)


def _check_tools() -> tuple[str, str, bool]:
    """(sshd path, nss_wrapper path, as root) or Unavailable with what to install."""
    sshd = os.environ.get("MLSTART_TEST_SSHD") or _first(SSHD_CANDIDATES)
    if not sshd or not os.path.isabs(sshd):
        raise Unavailable("sshd not found (Debian/Ubuntu: apt-get install openssh-server)")
    for tool in ("ssh", "ssh-keygen", "git", "git-shell"):
        if shutil.which(tool) is None:
            raise Unavailable(f"{tool} not found")
    nss = _first(NSS_WRAPPER_CANDIDATES)
    if nss is None:
        raise Unavailable("nss_wrapper not found (Debian/Ubuntu: apt-get install libnss-wrapper)")
    as_root = os.geteuid() == 0
    if as_root and shutil.which("setpriv") is None:
        raise Unavailable("running as root needs setpriv (util-linux) to drop sshd's privileges")
    return sshd, nss, as_root


def _sshd_config(srv: Path, port: int) -> str:
    return "\n".join([
        "ListenAddress 127.0.0.1",
        f"Port {port}",
        f"HostKey {srv / 'ssh_host_ed25519_key'}",
        f"PidFile {srv / 'sshd.pid'}",
        f"AuthorizedKeysFile {srv / 'authorized_keys'}",
        "StrictModes no",  # the keys live under /tmp (mode 1777), which StrictModes refuses
        "UsePAM no",  # PAM needs root
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "AllowUsers git",
        "AllowTcpForwarding no",
        "AllowAgentForwarding no",
        "X11Forwarding no",
        "PermitTTY no",
        "PrintMotd no",
        "UseDNS no",
        "LogLevel VERBOSE",
        "",
    ])  # fmt: skip


def _client_config(cli: Path, port: int) -> str:
    return "\n".join([
        "Host github.com",
        "  HostName 127.0.0.1",
        f"  Port {port}",
        "  HostKeyAlias github.com",
        "  IdentitiesOnly yes",
        "  IdentityAgent none",
        f"  UserKnownHostsFile {cli / 'known_hosts'}",
        "  GlobalKnownHostsFile /dev/null",
        "  StrictHostKeyChecking yes",
        "  BatchMode yes",
        "  ConnectTimeout 5",
        # the default post-quantum KEX costs ~70 ms more per connection; tests connect often
        "  KexAlgorithms curve25519-sha256",
        "",
    ])  # fmt: skip


def _start_sshd(
    sshd: str, srv: Path, prefix: list[str], env: dict[str, str], uid: int | None
) -> tuple[subprocess.Popen[bytes], int]:
    """Start sshd on a free port, retrying when the port is taken between probe and bind."""
    log = srv / "sshd.log"
    for _attempt in range(5):
        port = _free_port()
        config = srv / "sshd_config"
        config.write_text(_sshd_config(srv, port))
        if uid is not None:
            os.chown(config, uid, uid)
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [*prefix, sshd, "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env,
            )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            if b"Server listening on" in log.read_bytes():
                return proc, port
            time.sleep(0.002)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    raise Unavailable("sshd did not start:\n" + log.read_text(errors="replace"))


def start() -> FakeGitHub:
    """Keys, config, and a listening sshd; raises Unavailable when this machine cannot."""
    sshd, nss, as_root = _check_tools()
    started = time.perf_counter()
    # A fresh 0755 folder: as root, pytest's 0700 basetemp would be unreadable to the dropped sshd.
    root = Path(tempfile.mkdtemp(prefix="fake-github-"))
    root.chmod(0o755)
    srv, cli, repos = root / "server", root / "client", root / "repos"
    for folder in (srv, cli, repos):
        folder.mkdir()
    cli.chmod(0o700)
    keygen(srv / "ssh_host_ed25519_key", "fake-github-host")
    client_key = keygen(cli / "id_ed25519", f"{LOGIN}@example.com")
    shell = srv / "fake-github-shell"
    shell.write_text(FAKE_GITHUB_SHELL)
    shell.chmod(0o755)

    uid = ROOT_SSHD_UID if as_root else None
    run_uid = uid if uid is not None else os.getuid()
    (srv / "passwd").write_text(f"git:x:{run_uid}:{run_uid}:fake github:{repos}:/bin/sh\n")
    (srv / "group").write_text(f"git:x:{run_uid}:\n")
    (srv / "shadow").write_text("git:*:19000:0:99999:7:::\n")  # "*" is not "locked" ("!" is)
    env = {
        **os.environ,
        "LD_PRELOAD": nss,
        "NSS_WRAPPER_PASSWD": str(srv / "passwd"),
        "NSS_WRAPPER_GROUP": str(srv / "group"),
        "NSS_WRAPPER_SHADOW": str(srv / "shadow"),
    }
    prefix = []
    if uid is not None:
        prefix = ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups"]
        for item in (srv, repos, *srv.iterdir()):
            os.chown(item, uid, uid)
    proc, port = _start_sshd(sshd, srv, prefix, env, uid)

    host_key = " ".join((srv / "ssh_host_ed25519_key.pub").read_text().split()[:2])
    (cli / "known_hosts").write_text(f"github.com {host_key}\n")  # pinned from the file, no scan
    (cli / "ssh_config").write_text(_client_config(cli, port))
    (cli / "ssh_config").chmod(0o600)
    server = FakeGitHub(
        root=root,
        port=port,
        ssh_config=cli / "ssh_config",
        known_hosts=cli / "known_hosts",
        client_key=client_key,
        repos=repos,
        log=srv / "sshd.log",
        startup_seconds=time.perf_counter() - started,
        proc=proc,
        sshd_uid=uid,
    )
    server.authorize(public(client_key))
    return server


def public(key: Path) -> Path:
    return key.with_name(key.name + ".pub")
