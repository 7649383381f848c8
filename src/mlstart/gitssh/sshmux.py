"""SSH multiplexing for a run over many repositories: one master connection per host, and
commands run over it without starting an ssh process.

`Multiplexer` starts the OpenSSH master connections (ControlMaster, sockets in a private folder)
and gives git the ssh command that shares them. `run` speaks the client side of OpenSSH's
multiplexing protocol (PROTOCOL.mux in OpenSSH's sources): hello, a new-session request with the
command, the three standard streams passed as file descriptors, then the exit message. `mlstart
class` reads each repository's ref advertisement that way; starting an ssh client per repository
was half of the time. A server allows few sessions per connection at once (OpenSSH's MaxSessions,
10 by default, counts a session until its close is done), so at most SESSIONS_PER_MASTER run at
once over one master, and a session the server refuses is asked for again. Any other problem
raises MuxError, and the caller falls back to a real ssh.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import select
import shlex
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from mlstart.core.errors import GitError
from mlstart.gitssh.runner import run_git_bytes

HELLO = 0x00000001
NEW_SESSION = 0x10000002
SESSION_OPENED = 0x80000006
EXIT_MESSAGE = 0x80000004
PERMISSION_DENIED = 0x80000002
FAILURE = 0x80000003
VERSION = 4
NO_ESCAPE = 0xFFFFFFFF
MAX_OUTPUT = 16 * 1024 * 1024
OPEN_TIMEOUT_S = 30
SOCKET_PATH_MAX = 100  # a Unix socket path is at most 104 bytes (macOS), 108 (Linux)
NO_PROMPT = {"SSH_ASKPASS": "", "GIT_TERMINAL_PROMPT": "0"}
SESSIONS_PER_MASTER = 8  # below OpenSSH's default MaxSessions (10), which counts closing ones
REFUSED_RETRIES = 50  # a refused session is asked for again this often, a little later each time


class MuxError(OSError):
    """The master connection could not run the command (the caller uses a real ssh)."""


class MuxTimeout(MuxError):
    """The command ran longer than allowed."""


class MuxRefused(MuxError):
    """The server refused the session (too many open at once); nothing ran."""


_SLOTS: dict[str, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def _slots(control_path: str) -> threading.BoundedSemaphore:
    with _SLOTS_LOCK:
        return _SLOTS.setdefault(control_path, threading.BoundedSemaphore(SESSIONS_PER_MASTER))


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">I", len(payload)) + payload)


def _receive(sock: socket.socket) -> bytes:
    size = struct.unpack(">I", _exactly(sock, 4))[0]
    if size > 256 * 1024:
        raise MuxError("an oversized message from the master")
    return _exactly(sock, size)


def _exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise MuxError("the master closed the connection")
        data += chunk
    return data


def run(control_path: str, command: str, stdin: bytes, timeout: float) -> tuple[int, bytes, bytes]:
    """(exit status, stdout, stderr) of command run over the master at control_path.

    At most SESSIONS_PER_MASTER at once per master; a session the server refuses is asked for
    again a little later (it never started), MuxRefused when it still is."""
    deadline = time.monotonic() + timeout
    slots = _slots(control_path)
    if not slots.acquire(timeout=timeout):
        raise MuxTimeout("timed out waiting for a session")
    try:
        for attempt in range(REFUSED_RETRIES):
            try:
                return _run_once(control_path, command, stdin, deadline)
            except MuxRefused:
                pause = 0.001 * (attempt + 1)
                if attempt == REFUSED_RETRIES - 1 or time.monotonic() + pause >= deadline:
                    raise
                time.sleep(pause)
        raise MuxRefused("refused")  # not reached: the last attempt raised
    finally:
        slots.release()


def _run_once(
    control_path: str, command: str, stdin: bytes, deadline: float
) -> tuple[int, bytes, bytes]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        sock.connect(control_path)
        _send(sock, struct.pack(">II", HELLO, VERSION))
        if struct.unpack(">I", _receive(sock)[:4])[0] != HELLO:
            raise MuxError("no hello from the master")
        request = struct.pack(">II", NEW_SESSION, 1) + _string(b"")
        request += struct.pack(">IIIII", 0, 0, 0, 0, NO_ESCAPE)  # no tty, X11, agent, subsystem
        request += _string(b"") + _string(command.encode())
        _send(sock, request)
        return _session(sock, stdin, deadline)


def _session(sock: socket.socket, stdin: bytes, deadline: float) -> tuple[int, bytes, bytes]:
    """Pass the three streams, read the output to its end, then the exit status."""
    in_read, in_write = os.pipe()
    out_read, out_write = os.pipe()
    err_read, err_write = os.pipe()
    try:
        for fd in (in_read, out_write, err_write):
            socket.send_fds(sock, [b"\0"], [fd])
        for fd in (in_read, out_write, err_write):
            os.close(fd)
        in_read = out_write = err_write = -1
        os.write(in_write, stdin)
        os.close(in_write)
        in_write = -1
        reply = _receive(sock)
        kind = struct.unpack(">I", reply[:4])[0]
        if kind == FAILURE and b"refused by peer" in reply:
            raise MuxRefused("the server refused the session")
        if kind != SESSION_OPENED:
            raise MuxError(f"the master refused the session ({kind:#x})")
        out, err = _drain(out_read, err_read, deadline)
        while True:
            message = _receive(sock)
            if struct.unpack(">I", message[:4])[0] == EXIT_MESSAGE:
                return struct.unpack(">I", message[8:12])[0], out, err
    finally:
        for fd in (in_read, in_write, out_write, err_write, out_read, err_read):
            if fd >= 0:
                os.close(fd)


def _drain(out_fd: int, err_fd: int, deadline: float) -> tuple[bytes, bytes]:
    """Both streams to their end (the remote command closed them), within the deadline."""
    chunks: dict[int, list[bytes]] = {out_fd: [], err_fd: []}
    open_fds, total = [out_fd, err_fd], 0
    while open_fds:
        left = deadline - time.monotonic()
        if left <= 0:
            raise MuxTimeout("timed out")
        ready, _, _ = select.select(open_fds, [], [], left)
        for fd in ready:
            data = os.read(fd, 65536)
            if not data:
                open_fds.remove(fd)
            total += len(data)
            chunks[fd].append(data)
        if total > MAX_OUTPUT:
            raise MuxError("too much output")
    return b"".join(chunks[out_fd]), b"".join(chunks[err_fd])


def ssh_target(url: str) -> tuple[str, str | None, str] | None:
    """(user@host, port, path) of an SSH URL as git reads it (scp-like or ssh://), else None."""
    if url.startswith("ssh://"):
        where, sep, path = url[len("ssh://") :].partition("/")
        host, port = where, ""
        if ":" in where.rpartition("@")[2]:
            host, _, port = where.rpartition(":")
        if not sep or not host:
            return None
        return _checked(host, port or None, "/" + path)
    colon, slash = url.find(":"), url.find("/")
    if "://" in url or colon <= 0 or (slash != -1 and slash < colon):
        return None
    return _checked(url[:colon], None, url[colon + 1 :])


def _checked(host: str, port: str | None, path: str) -> tuple[str, str | None, str] | None:
    """Refuse what ssh would read as an option, or what would break the quoted path."""
    if host.startswith("-") or "'" in path or "\\" in path or (port and not port.isdigit()):
        return None
    return host, port, path


class Multiplexer:
    """One SSH connection per host for the whole run (OpenSSH ControlMaster), closed at the end.

    Each clone or fetch over SSH otherwise pays a full handshake. The masters are this process's
    children, in the foreground; the control sockets live in a private temporary folder; `close`
    ends the masters and removes it.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="mlstart-ssh-", dir=_socket_base()))
        self.base = _ssh_command()
        self.sockets: dict[tuple[str, str | None], str] = {}
        self._masters: list[subprocess.Popen[bytes]] = []
        self._hosts: set[tuple[str, str | None]] = set()
        self._starting: list[tuple[tuple[str, str | None], list[str], subprocess.Popen[bytes]]] = []

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
        return {"GIT_SSH_COMMAND": f"{self.base} {shlex.join(options)}"}

    def open(self, urls: Iterable[str]) -> None:
        """Start the master connection of each SSH host among urls and wait until they serve."""
        self.start(urls)
        self.wait()

    def start(self, urls: Iterable[str]) -> None:
        """Start the master connection of each SSH host among urls, all at once; no waiting.

        Otherwise the first several repositories of a host race to become its master and the
        losers each pay a full handshake. The caller does its local work while they connect,
        then calls `wait`. A host already started is not started again; a host that cannot be
        reached is left to the repositories' own calls, which report it.
        """
        hosts = {target[:2] for target in map(ssh_target, urls) if target is not None}
        for host, port in sorted(hosts - self._hosts, key=str):
            self._hosts.add((host, port))
            where = [*(["-p", port] if port else []), "--", host]
            try:
                proc = subprocess.Popen(
                    [*self._master_ssh(), "-N", *where], stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    env={**os.environ, **NO_PROMPT}, start_new_session=True,
                )  # fmt: skip
            except OSError:
                continue
            self._masters.append(proc)
            self._starting.append(((host, port), where, proc))

    def _master_ssh(self) -> list[str]:
        """The ssh command of a master: in the foreground (ControlPersist=no; the first value
        of an option wins) and in a session of its own, so Ctrl-C stops mlstart, which then
        stops it."""
        options = ["-o", "ControlPersist=no", "-o", "ControlMaster=yes", "-o", "BatchMode=yes"]
        return [*shlex.split(self.base), *options, "-o", f"ControlPath={self.folder}/%C"]

    def wait(self, timeout: float = OPEN_TIMEOUT_S) -> None:
        """Until each started master serves (its socket is there), gives up, or timeout."""
        deadline = time.monotonic() + timeout
        pending = {}
        for key, where, proc in self._starting:  # `ssh -G` while the masters connect
            control = self._control_path(self._master_ssh(), where)
            if control is not None:
                pending[key] = (control, proc)
        self._starting.clear()
        pause = 0.0005
        while pending:
            for key, (control, proc) in list(pending.items()):
                if os.path.exists(control):
                    self.sockets[key] = control
                elif proc.poll() is None and time.monotonic() < deadline:
                    continue
                del pending[key]
            if pending:
                time.sleep(pause)  # a master needs tens of milliseconds: look often, cheaply
                pause = min(pause * 2, 0.002)

    @staticmethod
    def _control_path(ssh: list[str], where: list[str]) -> str | None:
        """The socket ssh would use for a host (`ssh -G` resolves the config; no network)."""
        try:
            result = subprocess.run(
                [*ssh, "-G", *where], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            return None
        for line in result.stdout.splitlines():
            key, _, value = line.partition(" ")
            if key == "controlpath" and value.strip():
                return value.strip()
        return None

    def close(self) -> None:
        """End every master connection this run opened, and remove the sockets' folder."""
        for proc in self._masters:
            if proc.poll() is None:
                proc.terminate()
        for proc in self._masters:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for control in self.folder.glob("*"):  # ssh removes its socket when it ends: the rest
            argv = [*shlex.split(self.base), "-o", f"ControlPath={control}", "-O", "exit", "x"]
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(argv, capture_output=True, timeout=10, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


_EARLY: list[Multiplexer] = []


def start_early(urls: Iterable[str]) -> None:
    """Start the masters for urls now, for a run that `take`s them later (`mlstart class` does
    so before its own code is imported); closed at exit when no run takes them."""
    mux = Multiplexer()
    mux.start(urls)
    if not _EARLY:
        atexit.register(_close_early)
    _EARLY.append(mux)


def take() -> Multiplexer:
    """The multiplexer `start_early` started (the caller closes it), or a new one."""
    return _EARLY.pop() if _EARLY else Multiplexer()


def _close_early() -> None:
    while _EARLY:
        _EARLY.pop().close()


def _socket_base() -> str | None:
    """Where the control sockets' private folder goes: the temporary folder when its path is
    short enough for a socket (ssh names them by a 40-character hash), else the system's."""
    base = tempfile.gettempdir()
    if len(os.path.join(base, "mlstart-ssh-12345678", "x" * 40)) < SOCKET_PATH_MAX:
        return None
    for candidate in (os.environ.get("XDG_RUNTIME_DIR"), "/tmp"):
        if candidate and os.path.isdir(candidate) and len(candidate) < 40:
            return candidate
    return None


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
