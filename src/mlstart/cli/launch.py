"""Console entry point: sends the commands that must answer instantly past Click.

`mlstart status` and the git hooks run many times a day; on a small machine importing Click alone
costs about three times Python's own start-up (measured in benchmarks/). So a plain `status` or
`hook` call with simple arguments is parsed here by hand; anything else (``--help``, an unknown
option, every other command) goes to the Click application, which owns the full interface.
`mlstart class ROSTER` starts its SSH connections here, before Click and the class code import:
the handshake then overlaps with the imports instead of following them.
"""

from __future__ import annotations

import sys

_STATUS_FLAGS = {"--json", "--all", "--why"}
# The options of `mlstart class` that take a value (tests/classroom/test_units.py keeps it true).
CLASS_VALUE_OPTIONS = frozenset(
    {"--cache", "--jobs", "-j", "--timeout", "--max-size", "--at", "--sort", "--stale", "--require",
     "--html"}
)  # fmt: skip


def _fast_status(args: list[str]) -> int | None:
    flags = {a for a in args if a.startswith("-")}
    paths = [a for a in args if not a.startswith("-")]
    if not flags <= _STATUS_FLAGS or len(paths) > 1:
        return None
    from mlstart.cli.fast import run_status

    return run_status(
        paths[0] if paths else ".",
        as_json="--json" in flags,
        show_all="--all" in flags,
        show_why="--why" in flags,
    )


def _fast_hook(args: list[str]) -> int | None:
    if len(args) < 1 or args[0].startswith("-"):
        return None
    from mlstart.cli.fast import run_hook

    return run_hook(args[0], args[1:])


def class_roster(args: list[str]) -> str | None:
    """The ROSTER argument of `mlstart class ARGS`, or None when unsure (or asking for help)."""
    positional, value_next = [], False
    for arg in args:
        if value_next:
            value_next = False
        elif arg in ("--help", "-h", "--"):
            return None
        elif arg.startswith("-"):
            value_next = arg in CLASS_VALUE_OPTIONS  # `--cache=DIR` and `-j4` carry their value
        else:
            positional.append(arg)
    return positional[0] if len(positional) == 1 else None


def _early_class(args: list[str]) -> None:
    """`mlstart class ROSTER`: start the SSH connections to the roster's hosts while Click and
    the class code import (their handshake takes as long); the run takes them over. Anything
    unclear or wrong starts nothing and is left to the command to report."""
    roster = class_roster(args)
    if roster is None:
        return
    from pathlib import Path

    from mlstart.core.errors import MlstartError
    from mlstart.gitssh.sshmux import start_early
    from mlstart.workflow.roster import read_roster

    try:
        students = read_roster(Path(roster)).students
    except MlstartError:
        return
    start_early(student.repo for student in students)


def _end_now(code: int) -> None:
    """End `status` without the interpreter's teardown, which frees every object one by one
    (about 2 ms after a large project's status, a tenth of the command). The two streams are
    all it leaves open: they are flushed first."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader stopped early (`mlstart status | head`): not a failure
        os._exit(code)
    except (OSError, ValueError):  # the output could not be written (a full disk): a failure
        os._exit(code or 1)
    os._exit(code)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM is handled like Ctrl-C: what was started is undone, exit 130."""
    raise KeyboardInterrupt


def main() -> None:
    """Run mlstart: a fast path for `status` and `hook`, Click for everything else."""
    # The C module: `signal` would import enum, a millisecond on every `status`.
    import _signal  # type: ignore[import-not-found]

    _signal.signal(_signal.SIGTERM, _terminate)
    argv = sys.argv[1:]
    fast = {"status": _fast_status, "hook": _fast_hook}.get(argv[0] if argv else "")
    if fast is not None:
        code = fast(argv[1:])
        if code is not None and argv[0] == "status":
            _end_now(code)
        if code is not None:
            sys.exit(code)
    from mlstart.core.leftovers import drop_private_tempdir, use_private_tempdir

    temporary = use_private_tempdir()  # never the shared /tmp; a killed run's folder is swept
    try:
        if argv[:1] == ["class"]:
            _early_class(argv[1:])
        from mlstart.cli.app import run

        run(argv)
    finally:
        drop_private_tempdir(temporary)
