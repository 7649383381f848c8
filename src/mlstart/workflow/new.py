"""The `mlstart new` use case: preflight, interview, plan, render, lifecycle, Git, all or nothing.

Everything is built in a staging folder beside the destination and moved into place only when
every step has succeeded, so an error or Ctrl-C at any point leaves the destination as it was.
No printing here: the CLI shows the result.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from mlstart.core.errors import (
    DestinationError,
    IdentityMissingError,
    MlstartError,
    NotInteractiveError,
)
from mlstart.core.progress import SILENT, Progress, step
from mlstart.gitssh import identity as identity_step
from mlstart.gitssh import runner as gitops
from mlstart.gitssh.identity import Change
from mlstart.interview import answers as answer_rules
from mlstart.interview import plan
from mlstart.interview.prompter import Prompter
from mlstart.workflow import templatebranch, templates

COMMIT_MESSAGE = (
    "Start {name} with mlstart\n\nRendered from the mlstart template; see docs/charter.md."
)


@dataclass
class NewRequest:
    """What the user asked `mlstart new` for."""

    dest: Path | None  # None: a folder named after the project, in `base`
    given: dict[str, Any] = field(default_factory=dict)  # --answers merged with --set (wins)
    defaults: dict[str, Any] = field(default_factory=dict)  # e.g. the project name from DEST
    full: bool = False
    all_phases: bool = False
    use_git: bool = True
    hooks: bool = True
    remote: str | None = None
    push: bool = False
    template: str | None = None  # --template: a Copier or cookiecutter folder or Git URL
    trust: bool = False  # --trust: allow a Copier template's tasks
    vcs_ref: str | None = None  # --vcs-ref: the template's tag, branch or commit
    interactive: bool = False  # the template's own questions may be asked on the terminal
    base: Path | None = None  # where a project without dest goes (default: the current folder)
    install: bool | None = False  # create .venv and install the project; None: ask
    interview: bool = True  # ask the interview's questions (False: --defaults; identity only)


@dataclass
class NewResult:
    """What `mlstart new` made."""

    dest: Path
    answers: dict[str, Any]
    derived: dict[str, Any]
    files: list[str]
    commit: str | None = None
    hooks: list[str] = field(default_factory=list)
    kept_hooks: list[str] = field(default_factory=list)  # a template's own, left in place
    git_settings: list[str] = field(default_factory=list)  # "key (scope): old -> new"
    publish: Any = None
    publish_error: MlstartError | None = None  # the project was made; `mlstart publish` retries
    template: str | None = None  # the --template source; None for mlstart's own template
    messages: list[str] = field(default_factory=list)  # the template's own messages
    version: str | None = None  # the template's version, when it comes from Git
    install: Any = None  # environment.InstallResult when the environment was installed
    warnings: list[str] = field(default_factory=list)  # what the person should still do


def check_destination(dest: Path, *, use_git: bool) -> None:
    """Refuse a destination that is a file, is not empty, or lies inside a Git repository."""
    if dest.exists() and not dest.is_dir():
        raise DestinationError(f"{dest} exists and is not a folder")
    if dest.is_dir() and any(dest.iterdir()):
        raise DestinationError(
            f"{dest} is not empty; nothing in it was touched",
            hint="choose a new folder name, or `mlstart init` to add the lifecycle to a project",
        )
    if use_git:
        enclosing = gitops.enclosing_repository(dest)
        if enclosing is not None:
            raise DestinationError(
                f"{dest} is inside the Git repository {enclosing}",
                hint="create the project outside it, or pass --no-git to skip Git",
            )


def create_project(
    request: NewRequest, prompter: Prompter | None, progress: Progress = SILENT
) -> NewResult:
    """Interview (when a prompter is given), render, write the lifecycle, commit; all or nothing.

    Then, outside the all-or-nothing part (the project stands whatever happens): install its
    environment when asked, and publish it when a remote was given.
    """
    # ".." folded, links kept
    dest = Path(os.path.abspath(request.dest or request.base or Path.cwd()))
    if request.dest is not None:
        check_destination(dest, use_git=request.use_git)
    identity, git_settings = _identity(dest, request, prompter)
    placeholder = identity == PLACEHOLDER_IDENTITY
    set_locally = bool(git_settings) or placeholder
    defaults = dict(request.defaults)
    if identity[0]:
        defaults.update(author_name=identity[0], author_email=identity[1])
    ask = prompter.ask if prompter is not None and request.interview else None
    with ExitStack() as stack:
        chosen = stack.enter_context(_fetched(request, progress))
        given = chosen.framing_given
        answers = answer_rules.resolve(given, ask, full=request.full, defaults=defaults)
        if request.dest is None:
            dest = dest / answers["project_name"]
            check_destination(dest, use_git=request.use_git)
        derived = plan.derive(answers)
        install = _wants_install(request, prompter)
        # a template's own questions may come during rendering: then nothing may move
        asks = bool(request.template and request.interactive)
        with _staging(dest) as stage, step(progress, "Rendering the project", may_prompt=asks):
            local = cast("tuple[str, str] | None", identity if set_locally else None)
            keep = any(c.scope == "local" for c in git_settings)
            result = _build(stage, answers, derived, request, local, chosen, keep_identity=keep)
            _move_into_place(stage, dest)
    result.dest = dest
    result.git_settings = [c.describe() for c in git_settings]
    if placeholder:
        result.warnings.append(PLACEHOLDER_WARNING)
    _write_global_settings(git_settings)
    _after_creation(result, request, prompter, progress, install=install)
    return result


@contextmanager
def _fetched(request: NewRequest, progress: Progress) -> Iterator[templates.Chosen]:
    """The chosen template; fetching another one (a clone, a download) shows progress."""
    opened = templates.chosen(
        request.template,
        request.given,
        trust=request.trust,
        interactive=request.interactive,
        vcs_ref=request.vcs_ref,
    )
    if request.template is None:
        with opened as chosen:
            yield chosen
        return
    with ExitStack() as stack:
        # a consent question (--trust) may come while it is opened: a still line then
        with step(progress, f"Fetching the template {request.template}", may_prompt=True):
            chosen = stack.enter_context(opened)
        yield chosen


def _after_creation(
    result: NewResult,
    request: NewRequest,
    prompter: Prompter | None,
    progress: Progress,
    *,
    install: bool,
) -> None:
    """The steps that may fail without undoing the project: install, publish."""
    if install:
        from mlstart.workflow import environment

        result.install = environment.install(result.dest, progress)
    if request.remote:
        try:
            what = f"Pushing to {request.remote}" if request.push else "Setting origin"
            with step(progress, what, may_prompt=prompter is not None):
                result.publish = _publish(result.dest, request, prompter)
        except MlstartError as error:  # the project stands; only publishing it failed
            result.publish_error = error


def _wants_install(request: NewRequest, prompter: Prompter | None) -> bool:
    """--install/--no-install, else the question (default yes), else no (no one to ask)."""
    if request.install is not None:
        return request.install
    if prompter is None:
        return False
    return prompter.confirm(
        "Create the project's environment (.venv) and install it with its dev tools now?",
        default=True,
    )


def _identity(
    dest: Path, request: NewRequest, prompter: Prompter | None
) -> tuple[tuple[str, str] | tuple[None, None], list[Change]]:
    """The commit identity, and the Git settings to write for it (empty when Git had one).

    With no identity, a terminal user is asked for it and offered to set it globally (the next
    repository needs it too) or for this repository only; without a terminal, explicit
    `--set author_name=... --set author_email=...` answers serve for this repository. The
    changes are shown (old -> new) before anything is written; no value that is set is replaced.
    """
    if not request.use_git:
        return (None, None), []
    gitops.require_git()
    try:
        return gitops.require_identity(dest), []
    except IdentityMissingError:
        given = _given_identity(request.given)
        if prompter is None and given is None:
            # Nobody to ask: the first commit is signed with the interview's placeholder, for
            # this commit only (nothing is written to Git's settings), and the summary says how
            # to put the person's own name on it.
            return PLACEHOLDER_IDENTITY, []
    current = identity_step.read_identity(gitops.existing_parent(dest))
    if prompter is not None:
        name, email = prompter.ask_identity(current.name.value, current.email.value)
        everywhere = prompter.confirm(
            "Use this name and email for all your repositories (git config --global)? "
            "No: for this project only",
            default=True,
        )
    else:
        assert given is not None
        (name, email), everywhere = given, False
    scope = "global" if everywhere else "local"
    changes = [
        Change(key, old.value, value, scope)
        for key, value, old in (
            ("user.name", name, current.name),
            ("user.email", email, current.email),
        )
        if old.value is None
    ]
    if current.default_branch.value is None:
        changes.append(Change("init.defaultBranch", None, gitops.BRANCH, "global"))
    if prompter is not None:
        prompter.show(["Git settings to write:", *(f"  {c.describe()}" for c in changes)])
    return (name, email), changes


PLACEHOLDER_IDENTITY = ("Your Name", "you@example.com")  # the interview's own defaults
PLACEHOLDER_WARNING = (
    "Git does not know who you are, so the first commit is signed "
    f"'{PLACEHOLDER_IDENTITY[0]} <{PLACEHOLDER_IDENTITY[1]}>'. Set your name and email once, "
    "then put them on that commit (inside the project):\n"
    '  git config --global user.name "Your Name"\n'
    '  git config --global user.email "you@example.com"\n'
    "  git commit --amend --reset-author --no-edit\n"
    "(or run mlstart new in a terminal, which asks for them)"
)
GIVEN_IDENTITY_HINT = (
    "or, for this project only: --set author_name='Your Name' --set author_email=you@example.com"
)


def _given_identity(given: Mapping[str, Any]) -> tuple[str, str] | None:
    """The author name and email passed as answers, when both are there and valid."""
    name, email = str(given.get("author_name") or ""), str(given.get("author_email") or "")
    if not name.strip() or not email.strip():
        return None
    if identity_step.validate_name(name) or identity_step.validate_email(email):
        return None
    return name.strip(), email.strip()


def _write_global_settings(changes: list[Change]) -> None:
    """Global settings wait until the project exists: a failed run changes nothing anywhere."""
    global_changes = [c for c in changes if c.scope == "global"]
    if global_changes:
        identity_step.apply_changes(global_changes, replace=False)


def _build(
    stage: Path,
    answers: Mapping[str, Any],
    derived: Mapping[str, Any],
    request: NewRequest,
    local_identity: tuple[str, str] | None,
    chosen: templates.Chosen,
    *,
    keep_identity: bool = True,
) -> NewResult:
    record = chosen.render(stage, answers, all_phases=request.all_phases)
    _write_lifecycle(stage, answers, derived, local_identity, bundled=chosen.template is None)
    templates.settle_tasks(stage)
    result = NewResult(stage, dict(answers), dict(derived), [], template=request.template)
    result.messages, result.version = record.messages, record.version
    if request.use_git:
        message = COMMIT_MESSAGE.format(name=answers["project_name"])
        result.commit = gitops.init_and_commit(stage, message, local_identity, keep=keep_identity)
        result.files = gitops.committed_files(stage)
        templatebranch.start(stage, result.commit)  # the pristine rendering: every update's base
        if request.hooks:
            result.hooks, result.kept_hooks = _install_hooks(stage)
    else:
        from mlstart.lifecycle import pristine

        result.files = sorted(str(p.relative_to(stage)) for p in stage.rglob("*") if p.is_file())
        pristine.record_rendering(str(stage))  # what the team's files are compared with
    return result


def _write_lifecycle(
    stage: Path,
    answers: Mapping[str, Any],
    derived: Mapping[str, Any],
    local_identity: tuple[str, str] | None,
    *,
    bundled: bool,
) -> None:
    from mlstart.lifecycle import store

    if local_identity is not None:
        author = f"{local_identity[0]} <{local_identity[1]}>"
    else:
        author = f"{answers.get('author_name', '')} <{answers.get('author_email', '')}>"
    store.write_new(stage, answers, derived, author, fit_layout=not bundled, private_folder=True)


def _install_hooks(root: Path) -> tuple[list[str], list[str]]:
    """(the shims installed, the hooks of the user's or a template's code kept in place, such as
    those `pre-commit install` wrote)."""
    from mlstart.githooks.install import hooks_dir, install_hooks, kept_hooks

    target = hooks_dir(root)  # asked of Git once
    written = [path.name for path in install_hooks(root, target)]
    return written, [path.name for path in kept_hooks(root, target)]


def _publish(dest: Path, request: NewRequest, prompter: Prompter | None) -> Any:
    from mlstart.gitssh.remote import publish

    assert request.remote is not None
    return publish(dest, request.remote, push=request.push, interactive=prompter is not None)


@contextmanager
def _staging(dest: Path) -> Iterator[Path]:
    """A fresh folder beside dest (same file system, so the final move is a rename)."""
    from mlstart.core.leftovers import prefix, sweep

    created = _make_parents(dest.parent)
    sweep(dest.parent)  # what a killed `new` left here
    tmp = Path(tempfile.mkdtemp(prefix=prefix(f"new-{dest.name}"), dir=dest.parent))
    try:
        yield tmp / dest.name
    except BaseException:
        for folder in created:  # parents this run made, deepest first
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _make_parents(folder: Path) -> list[Path]:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return missing


def _move_into_place(stage: Path, dest: Path) -> None:
    """Rename the finished project to dest; into an existing empty dest, move each entry."""
    if not dest.exists():
        os.rename(stage, dest)
        return
    moved: list[Path] = []
    try:
        for entry in sorted(stage.iterdir()):
            target = dest / entry.name
            os.rename(entry, target)
            moved.append(target)
    except BaseException:
        for target in moved:
            os.rename(target, stage / target.name)
        raise


def require_answers_source(*, interactive: bool, defaults: bool, answers_file: bool) -> None:
    """Without a terminal, answers must come from --defaults or --answers: never a hung prompt."""
    if not (interactive or defaults or answers_file):
        raise NotInteractiveError(
            "no terminal to ask the questions on",
            hint="pass --defaults to take every default, or --answers FILE (and --set KEY=VALUE)",
        )
