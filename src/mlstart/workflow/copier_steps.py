"""Copier's migrations on `mlstart update`: selected and run as `copier update` runs them.

Migrations are the template's commands for moving a project from one version to the next
(`_migrations` in copier.yml). The ones whose version lies after the project's recorded template
commit and up to the new one run in the project folder: the "before" ones ahead of the merge,
the "after" ones once it is committed, each stage's changes in a commit of their own. They are
code, so they run only with consent (the template's `trust`), and `--dry-run` lists them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlstart.core.yamlio import YamlSyntaxError, load_plain
from mlstart.render import copier_update
from mlstart.render.copier_engine import ANSWERS_FILE
from mlstart.workflow import templatebranch as tb
from mlstart.workflow.fetch import copier_source
from mlstart.workflow.templates import Record

MESSAGE = "Run the template's {stage}-update migrations (mlstart update)"


def previous_commit(root: Path, tip: str, record: Record) -> str | None:
    """The template commit the project was last rendered from: recorded, or Copier's own."""
    if record.commit:
        return record.commit
    text = tb.show(root, tip, ANSWERS_FILE)
    try:
        data = load_plain(text) if text else None
    except YamlSyntaxError:
        return None
    commit = data.get("_commit") if isinstance(data, dict) else None
    return str(commit) if commit else None


def migrate(
    root: Path,
    old: str | None,
    new: Record,
    local: Path,
    *,
    stage: str,
    run: bool,
) -> list[str]:
    """The migrations of this stage between the old commit and the new record's; run them
    (and commit what they changed) when `run`. Nothing without a recorded old commit, and
    nothing (no Copier run, no clone of either version) when the new version has no
    `_migrations`: Copier takes the migrations from the new version's copier.yml alone."""
    if new.kind != "copier" or old is None or new.commit is None or old == new.commit:
        return []
    if not new.has_migrations:
        return []
    before = _untracked(root)
    commands = copier_update.migrations(
        copier_source(new.source),
        root,
        old_ref=old,
        new_ref=new.commit,
        answers=new.answers,
        stage=stage,
        run=run,
        local=local,
    )
    if run and commands:
        _commit_changes(root, before, MESSAGE.format(stage=stage))
    return commands


def _untracked(root: Path) -> set[str]:
    text = tb.git(root, "ls-files", "--others", "--exclude-standard", "-z").stdout
    return {p for p in text.split("\0") if p}


def _commit_changes(root: Path, untracked_before: set[str], message: str) -> Any:
    """Commit what the migrations changed: tracked files, and files they made (not the user's
    untracked files, which were there before)."""
    tb.git(root, "add", "--update")
    made = sorted(_untracked(root) - untracked_before)
    if made:
        tb.git(root, "add", "--", *made)
    staged = tb.git(root, "diff", "--cached", "--quiet", check=False).returncode != 0
    return tb.commit(root, message) if staged else None
