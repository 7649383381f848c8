"""Console entry point: sends the commands that must answer instantly past Click.

`mlstart status` and the git hooks run many times a day; on a small machine importing Click alone
costs about three times Python's own start-up (measured in benchmarks/). So a plain `status` or
`hook` call with simple arguments is parsed here by hand; anything else (``--help``, an unknown
option, every other command) goes to the Click application, which owns the full interface.
"""

from __future__ import annotations

import sys

_STATUS_FLAGS = {"--json", "--all", "--why"}


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
        if code is not None:
            sys.exit(code)
    from mlstart.cli.app import run
    from mlstart.core.leftovers import drop_private_tempdir, use_private_tempdir

    temporary = use_private_tempdir()  # never the shared /tmp; a killed run's folder is swept
    try:
        run(argv)
    finally:
        drop_private_tempdir(temporary)
