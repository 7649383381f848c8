"""Write docs/cli.md (every command's --help) and docs/interview.md (the question bank).

Run after changing a command or a question: `python scripts/gen_docs.py`. tests/test_docs.py fails
when the committed pages differ from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from mlstart.cli.app import main
from mlstart.interview.questions import QUESTIONS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def cli_page() -> str:
    """docs/cli.md: the help of the group and of each command, as `mlstart CMD --help` prints it."""
    runner = CliRunner()
    parts = ["# Command reference\n\nGenerated from `--help` by `scripts/gen_docs.py`.\n"]
    for name in [None, *main.list_commands(None)]:  # type: ignore[arg-type]
        args = [name, "--help"] if name else ["--help"]
        text = runner.invoke(main, args, prog_name="mlstart", terminal_width=100).output
        parts.append(f"## `mlstart{' ' + name if name else ''}`\n\n```text\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


def interview_page() -> str:
    """docs/interview.md: every question, its key, kind, choices, default and what it changes."""
    rows = [
        "# The interview\n",
        "Generated from `src/mlstart/questions.py` by `scripts/gen_docs.py`. The keys are the ones",
        "to use in an answers file (`--answers`) and with `--set KEY=VALUE`. ★ marks the essential",
        "questions asked by default; `--full` asks the others too. A value of `unknown` turns into",
        "a 'Find out' task in the planning phase.\n",
        "| key | question | kind | choices | default | asked when | changes |",
        "|---|---|---|---|---|---|---|",
    ]
    for q in QUESTIONS:
        choices = ", ".join(q.all_choices()) or "—"
        default = "(from earlier answers)" if callable(q.default) else f"`{q.default!r}`"
        if q.key in RUNTIME_DEFAULTS:
            default = f"{RUNTIME_DEFAULTS[q.key]}, else {default}"
        when = "only if it applies" if q.when else "always"
        star = "★ " if q.essential else ""
        rows.append(
            f"| `{q.key}` | {star}{q.prompt} | {q.kind} | {choices} | {default} | {when} "
            f"| {q.changes} |"
        )
    return "\n".join(rows) + "\n"


# Defaults that mlstart new takes from elsewhere before falling back to the question's own.
RUNTIME_DEFAULTS = {
    "project_name": "the DEST folder's name",
    "author_name": "git's user.name",
    "author_email": "git's user.email",
}

PAGES = {"cli.md": cli_page, "interview.md": interview_page}


def main_() -> int:
    """Write the pages; with --check, only report whether they are current."""
    stale = []
    for name, build in PAGES.items():
        text = build()
        path = DOCS / name
        if "--check" in sys.argv:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            path.write_text(text)
    if stale:
        print(f"stale: {', '.join(stale)}; run python scripts/gen_docs.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main_())
