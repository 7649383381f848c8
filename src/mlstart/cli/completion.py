"""Shell completion (bash, zsh, fish) beyond Click's own: task ids, `--set` keys, help topics.

Click completes commands, options and choices (phase names) itself once the shell is set up:
`eval "$(_MLSTART_COMPLETE=bash_source mlstart)"` (zsh_source, fish_source; see the README).
These functions complete the values Click cannot know: the task ids of the project in the
current folder (or -C DIR), the interview's keys and choices after `--set`, help topics.
A completion never fails loudly: anything unreadable completes nothing.
"""

from __future__ import annotations

import os

import click
from click.shell_completion import CompletionItem


def _project_start(ctx: click.Context) -> str:
    here = ctx.meta.get("mlstart.cwd") if ctx is not None else None
    return str(here or os.getcwd())


def task_ids(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The ids of the tasks of the project in the current folder (or -C DIR)."""
    try:
        from mlstart.lifecycle import model, store

        root = store.find_root_str(_project_start(ctx))
        data = store.load(os.path.join(root, model.FILE_NAME), history=False)
    except Exception:  # completion must never break the shell
        return []
    items = []
    for phase in data.get("phases", {}).values():
        for task in phase or []:
            if str(task.get("id", "")).startswith(incomplete):
                items.append(CompletionItem(task["id"], help=str(task.get("title", ""))[:60]))
    return items


def set_values(
    _ctx: click.Context, _param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """`KEY=` for the interview's keys, then the question's choices after the `=`."""
    from mlstart.interview.questions import QUESTIONS

    key, sep, value = incomplete.partition("=")
    if not sep:
        return [
            CompletionItem(f"{q.key}=", help=q.prompt[:60])
            for q in QUESTIONS
            if q.key.startswith(key)
        ]
    question = next((q for q in QUESTIONS if q.key == key), None)
    choices = question.all_choices() if question is not None else ()
    return [CompletionItem(f"{key}={c}") for c in choices if c.startswith(value)]
