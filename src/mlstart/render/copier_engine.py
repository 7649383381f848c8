"""Rendering Copier templates into a folder: the bundled template and any other Copier template.

The only module (with `render_cookiecutter` for cookiecutter templates) that imports copier; the
charter beside another template's files is rendered without it (render.bundled_files). It also
tells which engine a template folder is for (`template_kind`). Copier's own errors, and the
ValueError it raises for an answer its template refuses, become TemplateError.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from mlstart.core.errors import TemplateError
from mlstart.render import copier_clone, copier_yaml, problems
from mlstart.render.copier_patches import no_git_probes_for_plain_folders, no_index_sync_outside_git
from mlstart.render.jinja_cache import compile_once as _compile_once
from mlstart.render.variables import Variable, copier_variables

ANSWERS_FILE = ".copier-answers.yml"
PHASES = ("planning", "data", "training", "deployment")
CHARTER = "docs/charter.md"
COPIER_FILES = ("copier.yml", "copier.yaml")
COOKIECUTTER_FILE = "cookiecutter.json"
# Copier features that run code or reach outside the project; Copier asks for --trust for these.
UNSAFE_KEYS = {"_tasks": "tasks", "_migrations": "migrations", "_jinja_extensions": "extensions"}
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


def latest_tag(url: str) -> str | None:
    """The tag Copier renders a Git template at when no version is asked for (the latest by
    PEP 440, pre-releases left out), or None when it has none."""
    try:
        from copier._vcs import get_latest_tag

        with _stdout_to_stderr(True), contextlib.redirect_stderr(io.StringIO()):
            tag = get_latest_tag(url)
    except Exception:  # no tags to read, or a Copier that moved it: the default branch then
        return None
    return None if tag == "HEAD" else str(tag)


@dataclass(frozen=True)
class CopierConfig:
    """What mlstart needs to know of a Copier template before rendering it."""

    questions: tuple[str, ...]  # keys the template asks (and remembers)
    unsafe: tuple[str, ...]  # features that need --trust: tasks, migrations, extensions
    variables: dict[str, Variable] = field(default_factory=dict)
    skip_if_exists: tuple[str, ...] = ()  # paths an update leaves alone once they exist
    migrations: bool = False


@dataclass
class CopierRun:
    """What one Copier run made: the answers it remembers, the version, the messages."""

    answers: dict[str, Any]
    commit: str | None = None  # the template's commit hash (None: not from Git)
    version: str | None = None  # as Copier names it: a tag, or tag-N-gHASH
    messages: list[str] = field(default_factory=list)
    # whether the rendered version has `_migrations` (False: no migration can apply to an update)
    migrations: bool = True


def copier_config(folder: Path) -> CopierConfig:
    """Read a Copier template's questions and unsafe features from its copier.yml."""
    path = next((folder / n for n in COPIER_FILES if (folder / n).is_file()), None)
    if path is None:
        raise TemplateError(f"{folder} has no copier.yml")
    raw = _load_copier_yml(path)
    questions = tuple(str(k) for k in raw if not str(k).startswith("_"))
    unsafe = tuple(label for key, label in UNSAFE_KEYS.items() if raw.get(key))
    skip = raw.get("_skip_if_exists") or ()
    skip = (skip,) if isinstance(skip, str) else tuple(str(p) for p in skip)
    migrations = bool(raw.get("_migrations"))
    return CopierConfig(questions, unsafe, copier_variables(raw), skip, migrations)


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
            loaded: dict[str, Any] = copier_yaml.read(load_template_config, path, quiet=True)
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


def refuse_extensions_in_dry_run(config: CopierConfig) -> None:
    """A dry run runs nothing; rendering a template with Jinja extensions imports their code."""
    if UNSAFE_KEYS["_jinja_extensions"] in config.unsafe:
        raise TemplateError(
            "a dry run runs none of the template's code, and rendering this template loads its "
            "Jinja extensions (code), so it cannot be previewed",
            hint="read the template's changes in its repository, or run `mlstart update` "
            "(with --trust) and undo the merge with `git merge --abort` if you do not want it",
        )


def hidden_data(derived: Mapping[str, Any], phase: str) -> dict[str, Any]:
    """The values mlstart computes and passes to the template besides the answers."""
    from mlstart.interview.plan import TEMPLATE_KEYS

    return {**{key: derived[key] for key in TEMPLATE_KEYS}, "phase": phase}


def render_bundled(
    dest: Path, answers: Mapping[str, Any], derived: Mapping[str, Any], *, phase: str = "planning"
) -> None:
    """Render the bundled template into dest (which must be empty or absent)."""
    render_copier(bundled_template(), dest, {**answers, **hidden_data(derived, phase)})


def render_copier(
    template: Path | str,
    dest: Path,
    data: Mapping[str, Any],
    *,
    trust: bool = False,
    interactive: bool = False,
    user_defaults: Mapping[str, Any] | None = None,
    exclude: Sequence[str] = (),
    vcs_ref: str | None = None,
    local: Path | None = None,
    operation: str = "copy",
    run_nothing: bool = False,
) -> CopierRun:
    """Run Copier with the given answers; returns the answers it remembers (no `_` keys).

    Without `interactive`, questions not in `data` take their defaults (from `user_defaults`
    first); with it, Copier asks them on the terminal. `local` is a local copy of the template
    (to name its files in errors, and to find every missing answer at once). `run_nothing`
    (a dry run) skips the template's tasks, and refuses a template whose Jinja extensions (code)
    rendering would load.
    """
    if run_nothing and local is not None:
        refuse_extensions_in_dry_run(copier_config(local))
    options = {
        "data": dict(data),
        "defaults": not interactive,
        "user_defaults": dict(user_defaults or {}),
        "unsafe": trust,
        "skip_tasks": run_nothing,
        # on a terminal Copier shows the template's messages itself, each at its moment
        "quiet": not interactive,
        "overwrite": True,
        "exclude": list(exclude),
        "vcs_ref": vcs_ref,
        "operation": operation,  # which of the template's messages to show: copy or update
    }
    try:
        return _run_copy(str(template), dest, options, quiet=not interactive)
    except (KeyboardInterrupt, SystemExit, TemplateError):
        raise
    except Exception as exc:
        folder = local or (Path(template) if isinstance(template, Path) else Path(str(template)))
        raise _describe(exc, folder, str(template), options) from None


def worker_class() -> Any:
    """Copier's Worker (public as copier.Worker, which warns that it is internal)."""
    try:
        from copier._main import Worker
    except ImportError:  # pragma: no cover - a Copier that moved it
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from copier import Worker
    return Worker


@contextlib.contextmanager
def scoped_changes(worker_class: Any, dest: Path) -> Iterator[None]:
    """Every change mlstart makes to Copier while it runs into dest, each undone after: no
    per-file index sync outside a repository, no Git probes of a plain template folder, the C
    parser for copier.yml, no empty submodule step in its clones."""
    with (
        no_index_sync_outside_git(worker_class, dest),
        no_git_probes_for_plain_folders(),
        copier_yaml.c_parser_for_copier(),
        copier_clone.no_empty_submodule_update(),
    ):
        yield


def _run_copy(src: str, dest: Path, options: dict[str, Any], *, quiet: bool) -> CopierRun:
    options = dict(options)
    operation = options.pop("operation", "copy")
    make_worker = worker_class()
    with (
        warnings.catch_warnings(),
        _stdout_to_stderr(quiet),
        _compile_once(),
        scoped_changes(make_worker, dest),
        make_worker(src_path=src, dst_path=dest, **options) as worker,
    ):
        warnings.simplefilter("ignore")  # Copier warns about dirty/untagged sources; noise here
        worker.run_copy()
        template = worker.template
        texts = (template.message_before_copy, template.message_after_copy)
        if operation == "update":
            texts = (template.message_before_update, template.message_after_update)
        messages = [_message(worker, text) for text in texts] if worker.quiet else []
        return CopierRun(
            _remembered(worker),
            template.commit_hash,
            template.commit,
            [m for m in messages if m],
            _has_migrations(template),
        )


def _has_migrations(template: Any) -> bool:
    """Whether the rendered template has `_migrations` (Copier selects migrations from these
    alone); True when Copier's configuration cannot be read, so Copier decides as before."""
    try:
        return bool(template.config_data.get("migrations"))
    except Exception:
        return True


def _message(worker: Any, text: str) -> str:
    if not text:
        return ""
    try:
        return str(worker._render_string(text)).strip()
    except Exception:  # a message that does not render is still worth showing as written
        return text.strip()


REQUIRED = re.compile(r'Question "(\w+)" is required')


def _describe(exc: Exception, folder: Path, src: str, options: dict[str, Any]) -> TemplateError:
    from copier.errors import ExtensionNotFoundError, UnsafeTemplateError

    if isinstance(exc, UnsafeTemplateError):
        return TemplateError(f"the template is refused without --trust: {exc}", TRUST_HINT)
    if isinstance(exc, ExtensionNotFoundError):
        found = problems.missing_extension(str(exc), folder)
        if found is not None:
            return found
    if isinstance(exc, ValueError) and REQUIRED.search(str(exc)):
        return missing_answers(_all_missing(src, options, folder), folder)
    if isinstance(exc, ValueError):  # Copier's answer validation (a choice or validator)
        return TemplateError(
            f"the template refused an answer: {exc}",
            hint="pass an answer it accepts: --set template.NAME=VALUE",
        )
    return problems.describe(exc, folder)


def _all_missing(src: str, options: dict[str, Any], folder: Path) -> list[str]:
    """Every question without an answer or default: Copier stops at the first, so each found
    one gets a stand-in value and a dry run (`pretend`) looks for the next."""
    import tempfile

    import copier

    variables = copier_config(folder).variables if folder.is_dir() else {}
    data = dict(options["data"])
    missing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mlstart-probe-") as tmp:
        for _ in range(100):
            try:
                with warnings.catch_warnings(), _stdout_to_stderr(True):
                    warnings.simplefilter("ignore")
                    probe = {**options, "data": data, "pretend": True, "quiet": True}
                    probe.pop("operation", None)
                    copier.run_copy(src, Path(tmp) / "probe", **probe)
                break
            except ValueError as exc:
                match = REQUIRED.search(str(exc))
                if match is None or match.group(1) in missing:
                    break
                missing.append(match.group(1))
                data[match.group(1)] = _stand_in(variables.get(match.group(1)))
            except Exception:
                break
    return missing


def _stand_in(variable: Variable | None) -> Any:
    if variable is not None and variable.choices:
        return variable.choices[0]
    kind = variable.kind if variable is not None else "str"
    return {"bool": False, "int": 0, "float": 0.0, "json": None, "yaml": None}.get(kind, "x")


def missing_answers(names: Sequence[str], folder: Path) -> TemplateError:
    """Every required answer that is missing, each with the --set that supplies it."""
    variables = copier_config(folder).variables if folder.is_dir() else {}
    lines = []
    for name in names:
        variable = variables.get(name)
        value = variable.choices[0] if variable and variable.choices else "VALUE"
        lines.append(f"  {name}: --set template.{name}={value}")
    return TemplateError(
        f"the template needs {len(names)} answer(s) it has no default for:\n" + "\n".join(lines),
        hint="pass them with --set (or run on a terminal to be asked); nothing was made",
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
