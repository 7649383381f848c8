"""Read-only copies of other people's repositories: bare clones kept in a cache, and safe reads.

Used for a class of student repositories. Nothing from a repository runs: every git call here
turns hooks off (core.hooksPath=/dev/null), the LFS filters off (and GIT_LFS_SKIP_SMUDGE=1),
submodules off, fsmonitor off, and allows only the ssh, https, git and file transports (a URL like
`ext::sh -c ...` would run a command). Clones are bare, so no checkout, no attributes, no filters;
files are read as blobs, by size, with `git cat-file`. Each call has a time limit; a clone or
fetch also a size limit on the folder it fills.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import GitError, GitLimitError
from mlstart.gitssh.runner import run_git_bytes

SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "filter.lfs.smudge=",
    "filter.lfs.clean=",
    "filter.lfs.process=",
    "filter.lfs.required=false",
    "submodule.recurse=false",
    "fetch.recurseSubmodules=false",
    "protocol.allow=never",
    "protocol.ssh.allow=always",
    "protocol.https.allow=always",
    "protocol.git.allow=always",
    "protocol.file.allow=always",
    "credential.helper=",
    "core.askPass=",
)
SAFE_ENV = {
    "GIT_LFS_SKIP_SMUDGE": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
}
HEADS = "+refs/heads/*:refs/heads/*"
FIELD = "\x1f"


@dataclass(frozen=True)
class Limits:
    """Per-repository limits: seconds per git call, megabytes on disk, bytes per file read."""

    timeout_s: float = 120.0
    max_mb: float = 200.0
    max_file_bytes: int = 1_000_000


@dataclass(frozen=True)
class Commit:
    sha: str
    email: str
    authored: str  # ISO 8601
    committed: str


class Mirror:
    """One repository's bare clone in the cache, and the environment every call runs with."""

    def __init__(self, folder: Path, url: str, env: dict[str, str], limits: Limits):
        self.folder = folder
        self.url = url
        self.env = env
        self.limits = limits

    def _git(
        self, *args: str, input_bytes: bytes | None = None, watched: Path | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        config = [part for item in SAFE_CONFIG for part in ("-c", item)]
        return run_git_bytes(
            self.folder if self.folder.is_dir() else self.folder.parent,
            *config,
            *args,
            env=self.env,
            timeout=self.limits.timeout_s,
            input_bytes=input_bytes,
            limit=None if watched is None else lambda: self._too_big(watched),
        )

    def _too_big(self, folder: Path) -> str | None:
        if folder_bytes(folder) > self.limits.max_mb * 1_000_000:
            return f"larger than {self.limits.max_mb:g} MB"
        return None

    def update(self) -> str:
        """Clone on the first run, fetch on later ones; 'cloned' or 'fetched'. GitError if not."""
        if (self.folder / "HEAD").is_file():
            self._run(
                self.folder, "fetch", "--prune", "--no-tags", "--quiet", "--", self.url, HEADS
            )
            return "fetched"
        self.folder.parent.mkdir(parents=True, exist_ok=True)
        partial = self.folder.with_name(self.folder.name + ".partial")
        _remove(partial)
        try:
            self._run(
                partial, "clone", "--bare", "--no-tags", "--quiet", "--template=", "--",
                self.url, str(partial),
            )  # fmt: skip
        except BaseException:
            _remove(partial)
            raise
        os.replace(partial, self.folder)
        return "cloned"

    def _run(self, watched: Path, *args: str) -> None:
        """Run a clone or fetch that fills `watched`, within the time and size limits."""
        result = self._git(*args, watched=watched)
        if result.returncode != 0:
            raise GitError(_last_line(result.stderr) or f"git {args[0]} failed")
        problem = self._too_big(watched)  # a fast local clone can finish between two looks
        if problem is not None:
            _remove(watched)
            raise GitLimitError(problem)

    def branches(self) -> dict[str, str]:
        """Branch name -> commit, from the clone's refs."""
        result = self._git("for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads")
        pairs = (line.split(" ", 1) for line in result.stdout.decode().splitlines() if " " in line)
        return {name: sha for name, sha in pairs}

    def commit_before(self, branch: str, when: str) -> str | None:
        """The last commit on branch committed before `when` (any date git understands)."""
        result = self._git("rev-list", "-1", f"--before={when}", f"refs/heads/{branch}", "--")
        sha = result.stdout.decode().strip()
        return sha or None

    def commits(self, sha: str, most: int = 10_000) -> list[Commit]:
        """The history reachable from sha, newest first (at most `most` commits)."""
        result = self._git(
            "log", f"-n{most}", f"--format=%H{FIELD}%ae{FIELD}%aI{FIELD}%cI", sha, "--"
        )
        found = []
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            parts = line.split(FIELD)
            if len(parts) == 4:
                found.append(Commit(*parts))
        return found

    def tree(self, sha: str) -> dict[str, tuple[str, str, int]]:
        """path -> (mode, blob sha, size) of the regular files of a commit (no links, modules)."""
        result = self._git("ls-tree", "-r", "-l", "-z", "--full-tree", sha)
        files: dict[str, tuple[str, str, int]] = {}
        for entry in result.stdout.split(b"\0"):
            meta, _, raw = entry.partition(b"\t")
            fields = meta.split()
            if len(fields) == 4 and fields[1] == b"blob" and fields[0] in (b"100644", b"100755"):
                path = raw.decode("utf-8", "replace")
                files[path] = (fields[0].decode(), fields[2].decode(), int(fields[3]))
        return files

    def blobs(self, shas: list[str]) -> dict[str, bytes]:
        """The contents of blobs, in one `git cat-file --batch`."""
        if not shas:
            return {}
        result = self._git(
            "cat-file", "--batch", input_bytes="".join(s + "\n" for s in shas).encode()
        )
        out, found, at = result.stdout, {}, 0
        while at < len(out):
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) != 3:  # "<sha> missing"
                continue
            size = int(header[2])
            found[header[0].decode()] = out[at : at + size]
            at += size + 1
        return found


def folder_bytes(folder: Path) -> int:
    """Total size of the files under folder (0 when it does not exist)."""
    total = 0
    for base, _dirs, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(base, name)).st_size
    return total


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def _last_line(stderr: bytes) -> str:
    """The line of git's error output that says what went wrong (without 'fatal: ')."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line and not line.startswith("hint:")]
    for prefix in ("ERROR:", "fatal:", "error:"):
        found = [line for line in lines if line.startswith(prefix)]
        if found:
            return found[0].removeprefix(prefix).strip()[:300]
    return lines[-1][:300] if lines else ""


class Multiplexer:
    """One SSH connection per host for the whole run (OpenSSH ControlMaster), closed at the end.

    Each clone or fetch over SSH otherwise pays a full handshake. The control sockets live in a
    private temporary folder; `close` ends the master connections and removes it.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="mlstart-ssh-"))
        self.base = _ssh_command()

    def env(self) -> dict[str, str]:
        """GIT_SSH_COMMAND: the user's ssh command (or plain ssh) with multiplexing added."""
        options = [
            "-o",
            "ControlMaster=auto",
            "-o",
            f"ControlPath={self.folder}/%C",
            "-o",
            "ControlPersist=30",
            "-o",
            "BatchMode=yes",
        ]
        return {**SAFE_ENV, "GIT_SSH_COMMAND": f"{self.base} {shlex.join(options)}"}

    def close(self) -> None:
        """End every master connection this run opened, and remove the sockets' folder."""
        for socket in self.folder.glob("*"):
            argv = [*shlex.split(self.base), "-o", f"ControlPath={socket}", "-O", "exit", "x"]
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(argv, capture_output=True, timeout=10, check=False)
        _remove(self.folder)


def _ssh_command() -> str:
    """The ssh command git would use: GIT_SSH_COMMAND, else core.sshCommand, else ssh."""
    command = os.environ.get("GIT_SSH_COMMAND")
    if command:
        return command
    try:
        result = run_git_bytes(Path.cwd(), "config", "--get", "core.sshCommand", timeout=10)
    except GitError:
        return "ssh"
    return result.stdout.decode().strip() or "ssh"
