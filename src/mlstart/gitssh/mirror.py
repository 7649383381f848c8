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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import GitError, GitLimitError, GitTimeoutError
from mlstart.gitssh import sshmux
from mlstart.gitssh.runner import run_bounded, run_git_bytes
from mlstart.gitssh.sshmux import ssh_target

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
SHA_LENGTHS = (40, 64)
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

    def __init__(
        self,
        folder: Path,
        url: str,
        env: dict[str, str],
        limits: Limits,
        sockets: Mapping[tuple[str, str | None], str] | None = None,
    ):
        self.folder = folder
        self.url = url
        self.env = env
        self.limits = limits
        # (user@host, port) -> its master's socket: the caller's dict, filled once masters serve
        self.sockets = sockets if sockets is not None else {}
        self._branches: dict[str, str] | None = None  # read once, again after a clone or fetch

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
            if self.remote_heads() == self.branches():
                return "unchanged"  # one round trip, no fetch, no pack
            self._branches = None
            self._run(
                self.folder, "fetch", "--prune", "--no-tags", "--quiet", "--no-auto-gc",
                "--no-write-fetch-head", "--", self.url, HEADS,
            )  # fmt: skip
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
        self._branches = None
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

    def remote_heads(self) -> dict[str, str]:
        """Branch name -> commit on the remote; GitError when it cannot be reached.

        Over SSH, the ref advertisement is read straight from `git-upload-pack` on the shared
        connection (what `git ls-remote` does, less a git and a shell process per repository);
        other transports ask `git ls-remote`.
        """
        target = ssh_target(self.url)
        if target is not None:
            return self._ssh_heads(*target)
        result = self._git("ls-remote", "--heads", "--", self.url)
        if result.returncode != 0:
            raise GitError(_last_line(result.stderr) or "git ls-remote failed")
        lines = result.stdout.decode("utf-8", "replace").splitlines()
        return _heads(line.replace("\t", " ", 1) for line in lines)

    def _ssh_heads(self, host: str, port: str | None, path: str) -> dict[str, str]:
        command = f"git-upload-pack '{path}'"
        control = self.sockets.get((host, port))
        if control is not None and os.path.exists(control):
            try:
                code, out, err = sshmux.run(control, command, b"0000", self.limits.timeout_s)
            except (TimeoutError, sshmux.MuxTimeout):
                raise GitTimeoutError(
                    f"git ls-remote took longer than {self.limits.timeout_s:g} s"
                ) from None
            except OSError:
                pass  # the master is gone or refused: a real ssh below
            else:
                if code != 0 and not out:
                    raise GitError(_last_line(err) or "the remote did not answer")
                return _heads(_pkt_lines(out))
        ssh = shlex.split(self.env.get("GIT_SSH_COMMAND") or "ssh")
        argv = [*ssh, *(["-p", port] if port else []), "--", host, command]
        cwd = self.folder if self.folder.is_dir() else self.folder.parent
        result = run_bounded(
            argv, cwd, env=self.env, timeout=self.limits.timeout_s, input_bytes=b"0000",
            label="git ls-remote",
        )  # fmt: skip
        if result.returncode != 0 and not result.stdout:
            raise GitError(_last_line(result.stderr) or "the remote did not answer")
        return _heads(_pkt_lines(result.stdout))

    def branches(self) -> dict[str, str]:
        """Branch name -> commit in the clone, read from its files (no git process), once."""
        if self._branches is None:
            self._branches = self._read_branches()
        return dict(self._branches)

    def _read_branches(self) -> dict[str, str]:
        heads: dict[str, str] = {}
        packed = self.folder / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8", errors="replace").splitlines():
                sha, _, ref = line.partition(" ")
                if ref.startswith("refs/heads/") and len(sha) in SHA_LENGTHS:
                    heads[ref.removeprefix("refs/heads/")] = sha
        loose = self.folder / "refs" / "heads"
        for path in loose.rglob("*") if loose.is_dir() else ():
            if path.is_file():
                sha = path.read_text(encoding="utf-8", errors="replace").strip()
                if len(sha) in SHA_LENGTHS:
                    heads[path.relative_to(loose).as_posix()] = sha
        return heads

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


def _pkt_lines(data: bytes) -> list[str]:
    """The text of git's pkt-lines up to the first flush-pkt (the ref advertisement)."""
    lines, at = [], 0
    while at + 4 <= len(data):
        try:
            size = int(data[at : at + 4], 16)
        except ValueError:
            break
        if size == 0 or size < 4:
            break
        lines.append(data[at + 4 : at + size].decode("utf-8", "replace").rstrip("\n"))
        at += size
    return lines


def _heads(lines: Iterable[str]) -> dict[str, str]:
    """Branches from 'SHA REF' lines (capabilities after a NUL dropped)."""
    heads = {}
    for line in lines:
        sha, _, ref = line.split("\0", 1)[0].partition(" ")
        if ref.startswith("refs/heads/") and len(sha) in SHA_LENGTHS:
            heads[ref.removeprefix("refs/heads/")] = sha
    return heads


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
