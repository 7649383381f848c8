"""`mlstart hook NAME`: the logic behind the Git hook shims installed in generated projects.

Usually reached through the fast path in mlstart.cli.launch (no Click); this command gives
it `--help` and serves calls the fast path does not take.
"""

from __future__ import annotations

import click


@click.command(hidden=True, context_settings={"ignore_unknown_options": True})
@click.argument("name")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def hook(ctx: click.Context, name: str, args: tuple[str, ...]) -> None:
    """Run the Git hook NAME (called by the shims in .git/hooks; not for everyday use).

    \b
    Example:
      mlstart hook pre-commit
    """
    from mlstart.cli.fast import run_hook

    ctx.exit(run_hook(name, list(args)))
