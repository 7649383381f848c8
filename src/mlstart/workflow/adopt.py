"""`mlstart init` in a repository made from a template: Copier's or cruft's record taken over.

A repository made by `copier copy` has `.copier-answers.yml` (`_src_path`, `_commit` and the
answers); one made by cruft has `.cruft.json` (`template`, `commit`, `context`). From either,
init learns the template, its version and its answers, renders that version again (the
pristine rendering the project started from) and makes it the first commit of the
`mlstart/template` branch. The lifecycle commit then has it as a second parent (its tree is the
user's, untouched), so Git's merge base for the next `mlstart update` is that rendering: the
update brings exactly what the template changed since, as `copier update` and `cruft update` do.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mlstart.core.errors import MlstartError
from mlstart.core.yamlio import YamlSyntaxError, load_plain
from mlstart.render.copier_engine import ANSWERS_FILE
from mlstart.workflow import templatebranch as tb
from mlstart.workflow import templates
from mlstart.workflow.templates import Record, RenderRequest

CRUFT_FILE = ".cruft.json"


@dataclass(frozen=True)
class Found:
    """A template named by a Copier or cruft record in the repository."""

    file: str  # the record it came from
    source: str
    kind: str
    commit: str | None
    answers: dict[str, Any]
    vcs_ref: str | None = None  # cruft's `checkout`: the branch or tag it follows


def find(root: Path) -> Found | None:
    """The template a Copier answers file or a cruft file names, or None."""
    copier = root / ANSWERS_FILE
    if copier.is_file():
        data = _read(copier, json_file=False)
        source = data.get("_src_path")
        if isinstance(source, str) and source:
            answers = {k: v for k, v in data.items() if not str(k).startswith("_")}
            commit = data.get("_commit")
            return Found(ANSWERS_FILE, source, "copier", _text(commit), answers)
    cruft = root / CRUFT_FILE
    if cruft.is_file():
        data = _read(cruft, json_file=True)
        context = data.get("context", {})
        values = context.get("cookiecutter", {}) if isinstance(context, dict) else {}
        source = data.get("template")
        if isinstance(source, str) and source and isinstance(values, dict):
            answers = {k: v for k, v in values.items() if not str(k).startswith("_")}
            commit, checkout = _text(data.get("commit")), _text(data.get("checkout"))
            return Found(CRUFT_FILE, source, "cookiecutter", commit, answers, checkout)
    return None


def _read(path: Path, *, json_file: bool) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if json_file else load_plain(text)
    except (OSError, ValueError, YamlSyntaxError) as exc:
        raise MlstartError(
            f"{path.name} cannot be read: {exc}",
            hint="fix it, or move it aside to adopt the repository without its template",
        ) from None
    return data if isinstance(data, dict) else {}


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def pristine(
    root: Path, found: Found, framing: dict[str, Any], *, trust: bool, paths: Any = None
) -> tuple[Record, str]:
    """Render the recorded version again and commit it as the template branch's first commit
    (a commit of its own, no parent); returns the record and that commit."""
    source = found.source
    if not templates.is_git_url(source):
        folder = Path(source).expanduser()
        source = str(folder if folder.is_absolute() else (root / folder).absolute())
    ref = found.commit or found.vcs_ref
    record = Record(source, found.kind, dict(framing), dict(found.answers), vcs_ref=ref)
    with templates.fetched(source, ref) as fetched:
        template = templates.open_template(source, fetched.folder, trust=trust, vcs_ref=ref)
        with tempfile.TemporaryDirectory(prefix="mlstart-adopt-") as tmp:
            dest = Path(tmp) / "rendering"
            request = RenderRequest(
                record,
                fetched.folder,
                trust=template.trust,
                variables=template.variables,
                commit=fetched.commit,
                paths=paths,
            )
            written = templates.render_rendering(dest, request)
            written = replace(written, vcs_ref=found.vcs_ref)
            templates.write(dest, written)
            tree = tb.build_tree(root, dest, tb.EMPTY_TREE, None)
    message = f"Template rendering at {written.version or ref or 'its default branch'}"
    commit = tb.out(root, "commit-tree", tree, "-m", f"{message} (mlstart init)")
    return replace(written, commit=written.commit or found.commit), commit


def join(root: Path, lifecycle_commit: str, rendering: str) -> str:
    """The lifecycle commit again, with the pristine rendering as its second parent (same tree,
    same message): from now on the rendering is an ancestor of the user's branch."""
    parents = tb.out(root, "rev-list", "--parents", "-n", "1", lifecycle_commit).split()[1:]
    message = tb.out(root, "log", "-1", "--format=%B", lifecycle_commit)
    args = [a for p in [*parents, rendering] for a in ("-p", p)]
    joined = tb.out(root, "commit-tree", tb.tree_of(root, lifecycle_commit), *args, "-m", message)
    tb.git(root, "update-ref", "HEAD", joined, lifecycle_commit)
    return joined
