"""The Click layer: the `mlstart` group, its lazily loaded commands, and the one error-to-exit map.

Commands live one group of related commands per module in this package; each parses options, calls
one use case, and prints. Only this package imports click.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import click

from mlstart import __version__
from mlstart.cli.options import color_setting, project_option
from mlstart.core.errors import ExitCode, MlstartError

# name -> "module:function", loaded on first use: `status` never imports what `new` needs.
COMMANDS: dict[str, str] = {
    "new": "mlstart.cli.new_cmd:new",
    "init": "mlstart.cli.project_cmds:init",
    "update": "mlstart.cli.project_cmds:update",
    "status": "mlstart.cli.status_cmd:status",
    "check": "mlstart.cli.lifecycle_cmds:check",
    "done": "mlstart.cli.lifecycle_cmds:done",
    "skip": "mlstart.cli.lifecycle_cmds:skip",
    "reopen": "mlstart.cli.lifecycle_cmds:reopen",
    "advance": "mlstart.cli.lifecycle_cmds:advance",
    "back": "mlstart.cli.lifecycle_cmds:back",
    "log": "mlstart.cli.lifecycle_cmds:log",
    "report": "mlstart.cli.report_cmd:report",
    "class": "mlstart.cli.class_cmd:class_",
    "score": "mlstart.cli.score_cmd:score",
    "doctor": "mlstart.cli.git_cmds:doctor",
    "ssh": "mlstart.cli.git_cmds:ssh",
    "publish": "mlstart.cli.git_cmds:publish",
    "help": "mlstart.cli.help_cmd:help_",
    "hook": "mlstart.cli.hook_cmd:hook",
}


def report(error: MlstartError) -> int:
    """Print an error as one message and a hint on stderr; return its exit code."""
    click.secho(f"Error: {error.message}", fg="red", err=True)
    if error.hint:
        click.echo(f"Hint: {error.hint}", err=True)
    return error.exit_code


class LazyGroup(click.Group):
    """A group whose commands are imported on demand, and whose errors map to exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:  # a command not built yet in this version
                return None
            raise
        command: click.Command = getattr(module, attr)
        return command

    def _available(self, name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module_name) is not None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, each line's first sentence whole (wrapped, never cut with '...')."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=300)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MlstartError as error:
            ctx.exit(report(error))
        except OSError as error:  # disk full, read-only, permissions, a name too long
            from mlstart.core.errors import os_failure

            ctx.exit(report(os_failure(error)))
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing was left behind.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="mlstart")
@project_option
@click.pass_context
def main(ctx: click.Context) -> None:
    """Start an ML project the way production teams do, then keep track of where it stands.

    \b
    Start here:
      mlstart new my-project   interview, plan, repository, environment
      mlstart status           phase, stage, what is next, what blocks the gate
      mlstart doctor           check Git, SSH and GitHub set-up
      mlstart help             the documentation topics (mlstart help json)
    """
    color = color_setting()
    if color is not None:
        ctx.color = color


def run(argv: list[str] | None = None) -> None:
    """Entry for the console script (through mlstart.cli.launch)."""
    main.main(args=argv if argv is not None else sys.argv[1:], prog_name="mlstart")
