"""The fast paths of `mlstart status` and `mlstart hook`: plain output, no Click, nothing heavy.

Same use cases and renderers as the Click commands; only argument parsing and error printing
differ. Errors print exactly as the Click layer prints them (without colour).
"""

from __future__ import annotations

import sys

from mlstart.core.errors import ExitCode, MlstartError


def _report(error: MlstartError) -> int:
    print(f"Error: {error.message}", file=sys.stderr)
    if error.hint:
        print(f"Hint: {error.hint}", file=sys.stderr)
    return error.exit_code


def run_status(path: str, *, as_json: bool, show_all: bool, show_why: bool = False) -> int:
    """`mlstart status [PATH] [--json] [--all] [--why]`."""
    from mlstart.views.status import render_json, render_text
    from mlstart.workflow.status import read_status

    try:
        report = read_status(path)
    except MlstartError as error:
        return _report(error)
    except OSError as error:
        from mlstart.core.errors import os_failure

        return _report(os_failure(error))
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    if as_json:
        from mlstart.core.jsontext import for_output

        text = for_output(render_json(report), terminal=sys.stdout.isatty())
    else:
        text = render_text(report, show_all=show_all, show_why=show_why)
    return _print(text)


def _print(text: str) -> int:
    """Print, and end quietly when the reader stops early (`mlstart status | head`)."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        import os

        # Python would report the broken pipe again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as error:  # e.g. a full disk under `mlstart status > file`
        from mlstart.core.errors import os_failure

        return _report(os_failure(error))
    return ExitCode.OK


def run_hook(name: str, args: list[str]) -> int:
    """`mlstart hook NAME [ARGS]`: the logic behind the git hook shims."""
    from mlstart.githooks.handlers import run_hook as impl

    try:
        return impl(name, args)
    except MlstartError as error:
        return _report(error)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
