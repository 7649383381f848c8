"""`mlstart help [TOPIC]`: the documentation that ships inside the package, printed on demand.

The pages are the repository's docs/ folder, packed into the wheel as `mlstart/docs`; in a
source checkout they are read from docs/ directly. Hints say `mlstart help TOPIC`, never a
path that an installed package would not have.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click

from mlstart.core.errors import MlstartError


def docs_dir() -> Path:
    """The shipped pages: `mlstart/docs` inside a wheel, else `docs/` of a source checkout."""
    packaged = Path(str(resources.files("mlstart"))) / "docs"
    source = Path(__file__).resolve().parents[3] / "docs"
    for candidate in (packaged, source):
        if (candidate / "cli.md").is_file():
            return candidate
    raise MlstartError("the documentation is missing from this installation")


def topics() -> dict[str, str]:
    """Topic name -> the page's title (its first heading)."""
    found = {}
    for page in sorted(docs_dir().glob("*.md")):
        first = page.read_text(encoding="utf-8").lstrip().splitlines()[:1]
        found[page.stem] = first[0].lstrip("# ").strip() if first else page.stem
    return found


def _complete_topic(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """The documentation pages `mlstart help` prints, for shell completion."""
    from click.shell_completion import CompletionItem

    try:
        pages = topics()
    except Exception:
        return []
    return [CompletionItem(n, help=t) for n, t in pages.items() if n.startswith(incomplete)]


@click.command("help")
@click.argument("topic", required=False, shell_complete=_complete_topic)
def help_(topic: str | None) -> None:
    """Print a documentation page (no TOPIC: list them).

    \b
    Examples:
      mlstart help
      mlstart help exit-codes
      mlstart help json | less
    """
    pages = topics()
    if topic is None:
        width = max(len(name) for name in pages)
        click.echo("Documentation topics (mlstart help TOPIC):\n")
        for name, title in pages.items():
            click.echo(f"  {name:<{width}}  {title}")
        return
    name = topic.removesuffix(".md").lower()
    if name not in pages:
        raise click.UsageError(f"no help topic {topic!r}; topics: {', '.join(pages)}")
    text = (docs_dir() / f"{name}.md").read_text(encoding="utf-8")
    if sys.stdout.isatty():
        click.echo_via_pager(text)
    else:
        click.echo(text.rstrip())
