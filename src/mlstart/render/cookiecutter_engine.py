"""Rendering cookiecutter templates: their variables, and a run with (or without) their hooks.

The only module (with render.ccds) that imports cookiecutter. A run drives cookiecutter's own
steps (pre-prompt hook, context, prompts, files and hooks) on a local folder, inside one work
folder beside the destination that is removed afterwards, whatever happens: cookiecutter's copy
of the template for its pre-prompt hook and the hooks' temporary scripts go there too (the
process's temporary folder points into it during the run). Nothing touches ~/.cookiecutters.
cookiecutter-data-science v2's conventions (ccds.json) are in render.ccds.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlstart.core.errors import TemplateError
from mlstart.render import ccds, hook_effects, problems
from mlstart.render.copier_engine import quiet_stdout

HOOK_HINT = (
    "the hook is the template's own code: its output is above; fix the cause (or the answer "
    "it refused, with --set) and run the command again"
)


@dataclass
class CookieRun:
    """What one cookiecutter run made: its answers, and which hooks ran."""

    answers: dict[str, Any]
    hooks: list[str] = field(default_factory=list)
    # what the hooks did to the project: "added", "changed", "removed" -> paths
    effects: dict[str, list[str]] = field(default_factory=dict)


def cookiecutter_variables(folder: Path) -> dict[str, Any]:
    """The template's own variables (without the private `_` ones), from its context file."""
    data = ccds.load_context(folder)
    return {str(k): v for k, v in data.items() if not str(k).startswith("_")}


def render_cookiecutter(
    template: Path,
    dest: Path,
    context: Mapping[str, Any],
    *,
    interactive: bool = False,
    hooks: bool = True,
    checkout: str | None = None,
) -> CookieRun:
    """Run cookiecutter and move the project it made to dest (absent).

    `context` pre-answers variables; without `interactive` the others take their defaults.
    Without `hooks` the template's hooks do not run (an update re-renders without them).
    Returns every public variable as the run resolved it, for re-rendering later.
    """
    from mlstart.core.leftovers import prefix

    work = Path(tempfile.mkdtemp(prefix=prefix("cookiecutter"), dir=dest.parent))
    ran: list[str] = []
    effects: dict[str, set[str]] = {"added": set(), "changed": set(), "removed": set()}
    try:
        with _engine(work, ran, effects, quiet=not interactive):
            made, answers = _run(template, work, dict(context), interactive, hooks, checkout)
        os.rename(made, dest)
        found = {k: sorted(v) for k, v in effects.items() if v}
        return CookieRun(answers, ran, found)
    except TemplateError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        raise _describe(exc, template, ran) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(
    template: Path,
    work: Path,
    given: dict[str, Any],
    interactive: bool,
    hooks: bool,
    checkout: str | None,
) -> tuple[Path, dict[str, Any]]:
    from cookiecutter import generate
    from cookiecutter import hooks as cc_hooks
    from cookiecutter.prompt import prompt_for_config

    found = ccds.layout(template)
    with ccds.conventions(found, template), _import_path(template):
        repo_dir = Path(cc_hooks.run_pre_prompt_hook(str(template))) if hooks else template
        found = ccds.layout(repo_dir)
        given, choices = ccds.split_dict_choices(found, ccds.escape(given))
        context = _context(found, given)
        variables = context["cookiecutter"]
        dict_choices = ccds.resolve_dict_choices(variables, choices, interactive=interactive)
        asked = {k: v for k, v in variables.items() if k not in dict_choices}
        answers = prompt_for_config({"cookiecutter": asked}, not interactive)
        variables.update({k: answers.get(k, dict_choices.get(k)) for k in variables})
        public = {k: v for k, v in variables.items() if not str(k).startswith("_")}
        out = work / "out"
        variables.update(
            _template=str(template),
            _output_dir=str(out),
            _repo_dir=str(repo_dir),
            _checkout=checkout,
        )
        made = generate.generate_files(
            repo_dir=str(repo_dir), context=context, output_dir=str(out), accept_hooks=hooks
        )
    return Path(made), public


def _context(layout: ccds.Layout, given: dict[str, Any]) -> dict[str, Any]:
    """cookiecutter's context from the template's context file, with the answers applied."""
    from cookiecutter.config import get_user_config
    from cookiecutter.generate import generate_context

    config = get_user_config()
    try:
        context = generate_context(
            context_file=str(layout.context_file),
            default_context=config["default_context"],
            extra_context=given,
        )
    except ValueError as exc:  # a value that is not one of a choice variable's options
        raise TemplateError(
            f"the template refused an answer: {exc}",
            hint="pass one of the template's choices: --set template.NAME=VALUE",
        ) from None
    variables = context.pop(layout.context_file.stem)
    context["cookiecutter"] = variables
    context["_cookiecutter"] = {k: v for k, v in variables.items() if not k.startswith("_")}
    return dict(context)


@contextlib.contextmanager
def _engine(
    work: Path, ran: list[str], effects: dict[str, set[str]], *, quiet: bool
) -> Iterator[None]:
    """Temporary files into work, hooks and their effects recorded, cookiecutter's log lines
    silenced."""
    from cookiecutter import generate
    from cookiecutter.hooks import find_hook

    scratch = work / "tmp"
    scratch.mkdir()
    saved_tempdir = tempfile.tempdir
    original = generate.run_hook_from_repo_dir
    logger = logging.getLogger("cookiecutter")
    saved_level = logger.level

    def recording(repo_dir: Any, hook_name: str, project_dir: Any, *args: Any) -> Any:
        ran.append(hook_name)
        if not find_hook(hook_name, os.path.join(repo_dir, "hooks")):
            return original(repo_dir, hook_name, project_dir, *args)  # no script: nothing to see
        before = hook_effects.snapshot(Path(project_dir), scratch)
        outcome = original(repo_dir, hook_name, project_dir, *args)
        after = hook_effects.snapshot(Path(project_dir), scratch, before)
        hook_effects.compare(before, after, effects)
        return outcome

    tempfile.tempdir = str(scratch)
    generate.run_hook_from_repo_dir = recording
    logger.setLevel(logging.CRITICAL)
    try:
        with quiet_stdout(quiet):
            yield
    finally:
        tempfile.tempdir = saved_tempdir
        generate.run_hook_from_repo_dir = original
        logger.setLevel(saved_level)


@contextlib.contextmanager
def _import_path(repo_dir: Path) -> Iterator[None]:
    """The template folder importable while it renders (cookiecutter's local extensions)."""
    saved = list(sys.path)
    sys.path.append(str(repo_dir))
    try:
        yield
    finally:
        sys.path[:] = saved


def _describe(exc: Exception, template: Path, ran: list[str]) -> TemplateError:
    from cookiecutter.exceptions import (
        ContextDecodingException,
        FailedHookException,
        UndefinedVariableInTemplate,
        UnknownExtension,
    )

    if isinstance(exc, FailedHookException):
        hook = ran[-1] if ran else "pre_prompt"
        script = next((p.name for p in (template / "hooks").glob(f"{hook}.*")), hook)
        return TemplateError(
            f"the template's hook hooks/{script} failed: {exc}; nothing was made", hint=HOOK_HINT
        )
    if isinstance(exc, UndefinedVariableInTemplate):
        elsewhere = ccds.prompts_elsewhere(template, exc.error.message or "")
        if elsewhere is not None:
            return elsewhere
        where = problems.location(exc.error, template) or problems.location(exc, template)
        at = f" ({where})" if where else ""
        return TemplateError(f"{exc.message}{at}: {exc.error.message}")
    if isinstance(exc, UnknownExtension):
        found = problems.missing_extension(str(exc), template)
        if found is not None:
            return found
    if isinstance(exc, ContextDecodingException):
        return TemplateError(f"the template's variables cannot be read: {exc}")
    return problems.describe(exc, template)
