"""Rendering Copier templates into a folder: the bundled template, the charter, any Copier template.

The only module (with `render_cookiecutter` for cookiecutter templates) that imports copier. It
also tells which engine a template folder is for (`template_kind`). Copier's own errors, and the
ValueError it raises for an answer its template refuses, become TemplateError.
"""

from __future__ import annotations

import contextlib
import os
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from mlstart.core.errors import TemplateError

ANSWERS_FILE = ".copier-answers.yml"
PHASES = ("planning", "data", "training", "deployment")
CHARTER = "docs/charter.md"
COPIER_FILES = ("copier.yml", "copier.yaml")
COOKIECUTTER_FILE = "cookiecutter.json"
# Copier features that run code or reach outside the project; Copier asks for --trust for these.
UNSAFE_KEYS = {"_tasks": "tasks", "_migrations": "migrations", "_jinja_extensions": "extensions"}
# Only the charter of the bundled template: everything excluded, then docs/charter.md let back in.
CHARTER_ONLY = ("*", "!docs", "docs/*", f"!{CHARTER}")
TRUST_HINT = "read the template's copier.yml; if you trust it, run the command again with --trust"


def bundled_template() -> Path:
    """The template shipped with mlstart: inside the wheel, or `template/` of a source checkout."""
    packaged = Path(str(resources.files("mlstart"))) / "template"
    source = Path(__file__).resolve().parents[3] / "template"
    for candidate in (packaged, source):
        if (candidate / "copier.yml").is_file():
            return candidate
    raise TemplateError(
        "the bundled template is missing from this installation",
        hint="reinstall mlstart: pip install --force-reinstall mlstart",
    )


def template_kind(folder: Path) -> str:
    """'copier' or 'cookiecutter', from the file at the template's root; TemplateError otherwise."""
    if any((folder / name).is_file() for name in COPIER_FILES):
        return "copier"
    if (folder / COOKIECUTTER_FILE).is_file():
        return "cookiecutter"
    raise TemplateError(
        f"{folder} is not a template: it has neither copier.yml (Copier) nor "
        f"cookiecutter.json (cookiecutter) at its root",
        hint="point --template at the folder (or Git URL) that holds one of those files",
    )


@dataclass(frozen=True)
class CopierConfig:
    """What mlstart needs to know of a Copier template before rendering it."""

    questions: tuple[str, ...]  # keys the template asks (and remembers)
    unsafe: tuple[str, ...]  # features that need --trust: tasks, migrations, extensions


def copier_config(folder: Path) -> CopierConfig:
    """Read a Copier template's questions and unsafe features from its copier.yml."""
    path = next((folder / n for n in COPIER_FILES if (folder / n).is_file()), None)
    if path is None:
        raise TemplateError(f"{folder} has no copier.yml")
    raw = _load_copier_yml(path)
    questions = tuple(str(k) for k in raw if not str(k).startswith("_"))
    unsafe = tuple(label for key, label in UNSAFE_KEYS.items() if raw.get(key))
    return CopierConfig(questions, unsafe)


def _load_copier_yml(path: Path) -> dict[str, Any]:
    """The raw configuration, through Copier's own loader (it follows `!include`)."""
    try:
        from copier._template import load_template_config
    except ImportError:  # a Copier that moved its internals: a plain read is enough for keys
        from mlstart.core.yamlio import load_plain

        data = load_plain(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loaded: dict[str, Any] = load_template_config(path, quiet=True)
    except Exception as exc:  # Copier's config errors are of several classes; all mean the same
        raise TemplateError(f"{path} cannot be read: {exc}") from None
    return loaded


def refuse_untrusted(config: CopierConfig, *, trust: bool) -> None:
    """Copier's rule: a template that runs tasks (or migrations, extensions) needs --trust."""
    if config.unsafe and not trust:
        raise TemplateError(
            f"the template runs {' and '.join(config.unsafe)} (code on your machine), "
            "so it is refused without --trust",
            hint=TRUST_HINT,
        )


def hidden_data(derived: Mapping[str, Any], phase: str) -> dict[str, Any]:
    """The values mlstart computes and passes to the template besides the answers."""
    keys = ("verdict", "verdict_reasons", "feasibility", "metric_direction", "find_out")
    return {**{key: derived[key] for key in keys}, "phase": phase}


def render_bundled(
    dest: Path, answers: Mapping[str, Any], derived: Mapping[str, Any], *, phase: str = "planning"
) -> None:
    """Render the bundled template into dest (which must be empty or absent)."""
    render_copier(bundled_template(), dest, {**answers, **hidden_data(derived, phase)})


def render_charter(dest: Path, answers: Mapping[str, Any], derived: Mapping[str, Any]) -> Path:
    """Render only the bundled template's charter, as dest/docs/charter.md; returns its path."""
    data = {**answers, **hidden_data(derived, "planning")}
    render_copier(bundled_template(), dest, data, exclude=CHARTER_ONLY)
    return dest / CHARTER


def render_copier(
    template: Path | str,
    dest: Path,
    data: Mapping[str, Any],
    *,
    trust: bool = False,
    interactive: bool = False,
    user_defaults: Mapping[str, Any] | None = None,
    exclude: Sequence[str] = (),
) -> dict[str, Any]:
    """Run Copier with the given answers; returns the answers it remembers (no `_` keys).

    Without `interactive`, questions not in `data` take their defaults (from `user_defaults`
    first); with it, Copier asks them on the terminal.
    """
    import copier
    from copier.errors import CopierError, UnsafeTemplateError

    try:
        with warnings.catch_warnings(), _stdout_to_stderr(not interactive), _compile_once():
            warnings.simplefilter("ignore")  # Copier warns about dirty/untagged sources; noise here
            worker = copier.run_copy(
                str(template),
                str(dest),
                data=dict(data),
                defaults=not interactive,
                user_defaults=dict(user_defaults or {}),
                unsafe=trust,
                quiet=True,
                overwrite=True,
                exclude=list(exclude),
            )
    except UnsafeTemplateError as exc:
        raise TemplateError(f"the template is refused without --trust: {exc}", TRUST_HINT) from None
    except CopierError as exc:
        raise TemplateError(f"the template could not be rendered: {exc}") from exc
    except ValueError as exc:  # Copier's answer validation (a choice or validator refused it)
        raise TemplateError(f"the template refused an answer: {exc}") from exc
    return _remembered(worker)


# Compiled Jinja code by (environment settings, source, name): Copier compiles the same question
# defaults, validators and conditions hundreds of times per run (180 distinct texts, 830
# compilations for the bundled template); compiling each once halves a rendering's Jinja time.
_COMPILED: dict[tuple[Any, ...], Any] = {}


@contextlib.contextmanager
def _compile_once() -> Iterator[None]:
    """Memoise jinja2.Environment.compile while Copier runs (restored afterwards)."""
    from jinja2 import Environment

    original: Any = Environment.compile

    def compile_once(
        env: Environment,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        if raw or not isinstance(source, str):
            return original(env, source, name, filename, raw, defer_init)
        key = (_settings(env), source, name, filename, defer_init)
        if key not in _COMPILED:
            _COMPILED[key] = original(env, source, name, filename, raw, defer_init)
        return _COMPILED[key]

    Environment.compile = compile_once  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Environment.compile = original  # type: ignore[method-assign]


def _settings(env: Any) -> tuple[Any, ...]:
    """Everything of an environment that changes the code a template compiles to."""
    names = (
        "block_start_string",
        "block_end_string",
        "variable_start_string",
        "variable_end_string",
        "comment_start_string",
        "comment_end_string",
        "line_statement_prefix",
        "line_comment_prefix",
        "trim_blocks",
        "lstrip_blocks",
        "newline_sequence",
        "keep_trailing_newline",
        "optimized",
        "is_async",
    )
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape)
    filters = tuple(sorted(env.filters)), tuple(sorted(env.tests))
    return (
        type(env),
        *(getattr(env, n) for n in names),
        autoescape,
        filters,
        tuple(sorted(env.extensions)),
    )


def _remembered(worker: Any) -> dict[str, Any]:
    """The answers Copier keeps in its answers file: asked questions, not secret, not hidden."""
    template = worker.template
    hidden = set(worker.answers.hidden) | set(template.secret_questions)
    return {
        str(key): value
        for key, value in worker.answers.combined.items()
        if not str(key).startswith("_") and key in template.questions_data and key not in hidden
    }


@contextlib.contextmanager
def _stdout_to_stderr(active: bool) -> Iterator[None]:
    """Send what a template's tasks or hooks print to stderr, so `--json` output stays clean."""
    if not active:
        yield
        return
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real file descriptor 1 (embedded use): nothing to protect
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def quiet_stdout(active: bool = True) -> contextlib.AbstractContextManager[None]:
    """The same redirection, for the cookiecutter renderer."""
    return _stdout_to_stderr(active)
