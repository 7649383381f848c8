"""The one error family of mlstart: every failure a user can cause or fix is an MlstartError.

Each error carries a message, an optional hint (what to do next) and an exit code. The CLI turns
them into output and an exit status in one place (`mlstart.cli.errors_to_exit`). Imports nothing
from mlstart, so every layer may raise these.
"""

from __future__ import annotations


class ExitCode:
    """Exit codes of every mlstart command. Documented in docs/exit-codes.md; keep both in step."""

    OK = 0
    ERROR = 1  # a user-fixable problem: bad input, a refused action, a failed step
    USAGE = 2  # the command line is wrong: unknown option, bad choice, options that need others
    NOT_INTERACTIVE = 3  # answers are needed but there is no terminal to ask them on
    CHECK_FAILED = 4  # `check`/`doctor`: something required does not hold yet
    GATE_BLOCKED = 5  # `advance`: the gate to the next phase does not hold
    CONFLICT = 6  # `update`/`advance`: the merge left conflicts to resolve
    EVIDENCE_MISSING = 7  # `done`: the task's check does not hold (override: --force --reason)
    INTERRUPTED = 130  # Ctrl-C


class MlstartError(Exception):
    """Base of every error mlstart reports to a user (message, hint, exit code)."""

    exit_code: int = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None, *, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(MlstartError):
    """The command line itself is wrong (malformed option, options that need each other)."""

    exit_code = ExitCode.USAGE


class InvalidAnswersError(MlstartError):
    """One or more answers (from --answers, --set or a file) are invalid; lists all of them."""

    def __init__(
        self, problems: list[str], hint: str | None = None, *, exit_code: int | None = None
    ):
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid answers:\n{lines}", hint, exit_code=exit_code)
        self.problems = problems


class NotInteractiveError(MlstartError):
    """A question would need a terminal, and there is none."""

    exit_code = ExitCode.NOT_INTERACTIVE


class Interrupted(MlstartError):
    """The user pressed Ctrl-C; whatever was started has been undone."""

    exit_code = ExitCode.INTERRUPTED


class DestinationError(MlstartError):
    """The destination folder cannot take a new project (not empty, inside a repository, ...)."""


class TemplateError(MlstartError):
    """The template could not be found, recognised or rendered."""


class GitError(MlstartError):
    """Git is missing, or a Git step failed."""


class GitTimeoutError(GitError):
    """A git command ran longer than its time limit and was stopped."""


class GitLimitError(GitError):
    """A git command was stopped because it went over a limit (size, files)."""


class IdentityMissingError(GitError):
    """Git has no user.name / user.email, so no commit can be made."""


class SshError(MlstartError):
    """An SSH key, config or connection problem."""


class NotAProjectError(MlstartError):
    """The folder is not inside a project with a lifecycle.yaml."""


class LifecycleFileError(MlstartError):
    """lifecycle.yaml is unreadable, invalid or from a newer mlstart; it is never overwritten."""


class TaskError(MlstartError):
    """A task id matches no task, or more than one."""


class GateBlockedError(MlstartError):
    """The gate to the next phase does not hold."""

    exit_code = ExitCode.GATE_BLOCKED


class CheckFailedError(MlstartError):
    """Required checks of the current phase (or of the doctor) do not hold."""

    exit_code = ExitCode.CHECK_FAILED


class EvidenceMissingError(MlstartError):
    """`mlstart done` on a task whose check does not hold (without --force --reason)."""

    exit_code = ExitCode.EVIDENCE_MISSING


class MergeConflictError(MlstartError):
    """A template merge left conflicts in the user's files."""

    exit_code = ExitCode.CONFLICT


_OS_REASONS = {
    "ENOSPC": ("the disk is full", "free some space, then run the command again"),
    "EDQUOT": ("your disk quota is used up", "free some space, then run the command again"),
    "EROFS": ("the file system is read-only", "run it where you can write (a writable folder)"),
    "EACCES": ("permission denied", "check the owner and permissions of that file or folder"),
    "EPERM": ("operation not permitted", "check the owner and permissions of that file or folder"),
    "ENAMETOOLONG": (
        "a name is longer than the file system allows",
        "choose a shorter name or a folder with a shorter path",
    ),
    "ELOOP": ("too many levels of symbolic links (a link loop)", "fix or remove the link"),
    "EMFILE": ("too many open files", "close other programs, then run the command again"),
}


class FileSystemError(MlstartError):
    """The file system refused an operation (full, read-only, permissions, a name too long)."""


def os_failure(exc: OSError) -> FileSystemError:
    """One clear error for an OSError: what failed, where, and what to do (exit code 1).

    Writes go through an atomic replace, so a failure leaves the earlier files as they were.
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    reason, hint = _OS_REASONS.get(name, (exc.strerror or str(exc), None))
    where = f": {exc.filename}" if exc.filename else ""
    return FileSystemError(f"{reason}{where}; nothing was half-written", hint)
