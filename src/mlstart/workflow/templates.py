"""Which template a project comes from, how to fetch it, and how to render it again.

A project's record, `.mlstart/template.yml`, names the template (the bundled one, a local
folder or a Git URL), its kind (copier, cookiecutter, or none for a repository `mlstart init`
adopted), the phase rendered so far (bundled template), the framing answers and the template's
own answers. A rendering is the template's output plus mlstart's overlay (the charter for other
templates, and the record itself); it is what the `mlstart/template` branch holds.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlstart.core import trust as consent
from mlstart.core.errors import TemplateError
from mlstart.core.trust import Ask
from mlstart.interview import plan
from mlstart.render import copier_engine as render
from mlstart.render.variables import Variable
from mlstart.workflow import template_answers
from mlstart.workflow.charter import charter_fingerprint, place_charter, tasks_fingerprint
from mlstart.workflow.fetch import (
    BUNDLED,
    NO_TEMPLATE,
    Fetched,
    copier_source,
    describe,
    fetched,
    is_git_url,
    normalise_source,
)

RECORD = ".mlstart/template.yml"
__all__ = ["BUNDLED", "NO_TEMPLATE", "Fetched", "fetched", "is_git_url", "normalise_source"]
KINDS = ("copier", "cookiecutter", "none")
PHASE_ORDER = ("planning", "data", "training", "deployment", "all")
HEADER = """\
# Written by mlstart: how to render this project's template again (`mlstart update`).
# Change answers with `mlstart update --set KEY=VALUE` rather than by hand.
"""


@dataclass
class Record:
    """What re-rendering a project needs (the content of .mlstart/template.yml)."""

    source: str  # "bundled", an absolute folder path, or a Git URL
    kind: str  # copier | cookiecutter | none
    framing: dict[str, Any] = field(default_factory=dict)  # the interview's answers
    answers: dict[str, Any] = field(default_factory=dict)  # the template's own answers
    phase: str | None = None  # bundled template: the furthest phase rendered so far
    charter: str | None = None  # fingerprint of what the charter was rendered from
    tasks: str | None = None  # fingerprint of what lifecycle.yaml's tasks were last built from
    vcs_ref: str | None = None  # the version asked for (--vcs-ref); None: the latest
    commit: str | None = None  # the template commit the last rendering used
    version: str | None = None  # that commit as people name it (its tag)
    hooks: dict[str, list[str]] = field(default_factory=dict)  # cookiecutter: hooks' effects
    messages: list[str] = field(default_factory=list, compare=False)  # not recorded
    # not recorded: False when the version just rendered has no `_migrations` (Copier)
    has_migrations: bool = field(default=True, compare=False)

    @property
    def bundled(self) -> bool:
        return self.source == BUNDLED

    @property
    def overlay(self) -> list[str] | None:
        """The paths that are rendering when the template is not (None: the whole tree is)."""
        return [render.CHARTER, RECORD] if self.kind == "none" else None


def dump(record: Record) -> str:
    from mlstart.core.yamlio import dump_roundtrip

    data: dict[str, Any] = {"source": record.source, "kind": record.kind}
    if record.phase is not None:
        data["phase"] = record.phase
    if record.charter is not None:
        data["charter"] = record.charter
    for key in ("tasks", "vcs_ref", "commit", "version"):
        if getattr(record, key) is not None:
            data[key] = getattr(record, key)
    if record.hooks:
        data["hooks"] = {k: list(v) for k, v in record.hooks.items()}
    data["framing"] = dict(record.framing)
    if record.answers:
        data["answers"] = dict(record.answers)
    return HEADER + dump_roundtrip(data)


def parse(text: str, where: str) -> Record:
    """A record from its YAML text; TemplateError naming `where` when it is not one."""
    from mlstart.core.safeio import MAX_SMALL_BYTES, UnsafeFileError
    from mlstart.core.yamlio import YamlSyntaxError, load_plain

    if len(text) > MAX_SMALL_BYTES or "\x00" in text:
        raise TemplateError(f"{where}: larger than {MAX_SMALL_BYTES} bytes or binary; not read")
    try:
        data = load_plain(text, where)
    except YamlSyntaxError as exc:
        raise TemplateError(f"{where}: not valid YAML: {exc}") from None
    except UnsafeFileError as exc:
        raise TemplateError(exc.message) from None
    from mlstart.workflow.recordcheck import record_problem

    problem = record_problem(data)
    if problem:
        raise TemplateError(
            f"{where}: not a valid mlstart template record: {problem}",
            hint="the record comes with the repository; restore it from mlstart/template",
        )
    return Record(
        source=data["source"],
        kind=data["kind"],
        framing=dict(data.get("framing") or {}),
        answers=dict(data.get("answers") or {}),
        phase=data.get("phase"),
        charter=data.get("charter"),
        tasks=data.get("tasks"),
        vcs_ref=_text_or_none(data.get("vcs_ref")),
        commit=_text_or_none(data.get("commit")),
        version=_text_or_none(data.get("version")),
        hooks=_hooks(data.get("hooks")),
    )


def _text_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _hooks(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(k): [str(p) for p in v] for k, v in value.items() if isinstance(v, list)}


def write(folder: Path, record: Record) -> None:
    """Write the record atomically, after checking that it reads back as the same record."""
    from mlstart.core.files import atomic_write

    path = folder / RECORD
    text = dump(record)
    if parse(text, RECORD) != record:
        raise TemplateError(f"{RECORD} would not read back as written; nothing was written")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text)


def later_phase(a: str | None, b: str | None) -> str | None:
    """The further of two phases ('all' beyond every phase); None only when both are."""
    known = [p for p in (a, b) if p in PHASE_ORDER]
    return max(known, key=PHASE_ORDER.index) if known else None


# --- what the template asks -------------------------------------------------------------------


@dataclass
class Template:
    """A fetched template, with the variables it asks for."""

    source: str
    kind: str
    folder: Path
    variables: dict[str, Variable] = field(default_factory=dict)
    trust: bool = False
    vcs_ref: str | None = None
    commit: str | None = None


def open_template(
    source: str,
    folder: Path,
    *,
    trust: bool,
    ask: Ask | None = None,
    keep: bool = True,
    vcs_ref: str | None = None,
) -> Template:
    """Detect the kind, read the variables; a template that is code needs consent (core.trust).

    Code: a Copier template with tasks, migrations or extensions, and every cookiecutter
    template (its hooks run and its Jinja is not sandboxed). Consent is --trust, a confirmation
    remembered for this user, or a yes to `ask`; `keep=False` never remembers (a folder inside
    the repository). The returned template's `trust` says whether its code may run.
    """
    kind = render.template_kind(folder)
    if kind == "copier":
        config = render.copier_config(folder)
        variables, code = config.variables, " and ".join(config.unsafe)
    else:
        variables = template_variables(folder, kind)
        code = "hooks and unsandboxed Jinja (a cookiecutter template)"
    if code:
        consent.require(
            source,
            code=True,
            why=f"the template runs {code}: code on your machine",
            trust=trust,
            ask=ask,
            keep=keep,
        )
    return Template(source, kind, folder, variables, bool(code), vcs_ref)


def template_variables(folder: Path, kind: str) -> dict[str, Variable]:
    """The variables of a template folder of the given kind ({} for none)."""
    if kind == "copier":
        return render.copier_config(folder).variables
    if kind == "cookiecutter":
        from mlstart.render.ccds import load_context
        from mlstart.render.variables import cookiecutter_variables

        return cookiecutter_variables(load_context(folder))
    return {}


# --- rendering --------------------------------------------------------------------------------


@dataclass
class RenderRequest:
    """One rendering of a project: the record to render, and how."""

    record: Record
    folder: Path  # the fetched template (the bundled one for source "bundled")
    given: dict[str, Any] = field(default_factory=dict)  # template answers that win this time
    trust: bool = False
    interactive: bool = False
    previous_charter: str | None = None  # reused when the fingerprint is unchanged
    variables: dict[str, Variable] | None = None  # the template's, when already read
    hooks: bool = True  # cookiecutter: run the template's hooks
    commit: str | None = None  # the commit the fetched template is at (cookiecutter)
    operation: str = "copy"  # "update": the template's update messages, not its copy ones
    paths: Any = None  # lifecycle.yaml's `paths:` (part of the tasks fingerprint)
    dry_run: bool = False  # run none of the template's code (tasks, hooks, extensions)


def render_rendering(dest: Path, request: RenderRequest) -> Record:
    """Render the template and the overlay into dest (absent); returns the record written."""
    record = request.record
    derived = plan.derive(record.framing)
    if record.bundled:
        render.render_bundled(dest, record.framing, derived, phase=record.phase or "planning")
        result = record
    else:
        result = _render_other(dest, request, derived)
    result = replace(result, tasks=tasks_fingerprint(record.framing, request.paths))
    write(dest, result)
    return result


def _render_other(dest: Path, request: RenderRequest, derived: dict[str, Any]) -> Record:
    record = request.record
    answers = {**record.answers, **request.given}
    variables = _variables(request)
    shared = template_answers.mapped(record.framing, variables)
    result = replace(record)
    if record.kind == "copier":
        # Copier gets the source itself, so its answers file records the real `_src_path`.
        run = render.render_copier(
            copier_source(record.source),
            dest,
            answers,
            trust=request.trust,
            interactive=request.interactive,
            user_defaults=shared,
            vcs_ref=record.vcs_ref,
            local=request.folder,
            operation=request.operation,
            run_nothing=request.dry_run,
        )
        result = replace(
            record,
            commit=run.commit,
            version=run.version,
            messages=run.messages,
            has_migrations=run.migrations,
        )
        answers = run.answers
    elif record.kind == "cookiecutter":
        answers, effects = _render_cookiecutter(dest, request, {**shared, **answers})
        result = replace(record, hooks=effects)
        if request.commit is not None:
            version = describe(request.folder, request.commit)
            result = replace(result, commit=request.commit, version=version)
    else:
        dest.mkdir(parents=True, exist_ok=True)
    fingerprint = charter_fingerprint(record.framing)
    place_charter(
        dest, record.framing, derived, fingerprint, request.previous_charter, record.charter
    )
    return replace(result, answers=answers, charter=fingerprint)


def _render_cookiecutter(dest: Path, request: RenderRequest, context: dict[str, Any]) -> Any:
    from mlstart.render.cookiecutter_engine import render_cookiecutter

    run = render_cookiecutter(
        request.folder,
        dest,
        context,
        interactive=request.interactive,
        hooks=request.hooks,
        checkout=request.record.vcs_ref,
    )
    return run.answers, (run.effects if request.hooks else request.record.hooks)


def _variables(request: RenderRequest) -> dict[str, Variable]:
    if request.variables is not None:
        return request.variables
    return template_variables(request.folder, request.record.kind)


def settle_tasks(folder: Path) -> None:
    """Fingerprint the record's tasks with lifecycle.yaml's `paths:`, written after the record
    (a project not in mlstart's layout), so the first `update` does not refresh for nothing."""
    from mlstart.core.yamlio import load_plain

    record_path, lifecycle = folder / RECORD, folder / "lifecycle.yaml"
    if not (record_path.is_file() and lifecycle.is_file()):
        return
    data = load_plain(lifecycle.read_text(encoding="utf-8"))
    paths = data.get("paths") if isinstance(data, dict) else None
    if paths:
        record = parse(record_path.read_text(encoding="utf-8"), str(record_path))
        write(folder, replace(record, tasks=tasks_fingerprint(record.framing, paths)))


# --- a new project ----------------------------------------------------------------------------


@dataclass
class Chosen:
    """The template `mlstart new` renders; --answers/--set split between it and the interview."""

    template: Template | None  # None: the bundled template
    framing_given: dict[str, Any]
    template_given: dict[str, Any]
    interactive: bool = False

    def render(self, dest: Path, framing: Mapping[str, Any], *, all_phases: bool) -> Record:
        """The project's first rendering into dest (absent), with its record."""
        if self.template is None:
            record = Record(
                BUNDLED, "copier", dict(framing), phase="all" if all_phases else "planning"
            )
            return render_rendering(dest, RenderRequest(record, render.bundled_template()))
        template = self.template
        record = Record(template.source, template.kind, dict(framing), vcs_ref=template.vcs_ref)
        request = RenderRequest(
            record,
            self.template.folder,
            dict(self.template_given),
            self.template.trust,
            self.interactive,
            variables=self.template.variables,
            commit=self.template.commit,
        )
        return render_rendering(dest, request)


@contextlib.contextmanager
def chosen(
    source: str | None,
    given: Mapping[str, Any],
    *,
    trust: bool = False,
    interactive: bool = False,
    ask: Ask | None = None,
    vcs_ref: str | None = None,
) -> Iterator[Chosen]:
    """Fetch and inspect the template before the first question (refusals come first).

    The user named the source on this machine, so it is remembered as confirmed (core.trust):
    a later `mlstart update` of the project renders it without asking again.
    """
    if source is None:
        if vcs_ref is not None:
            raise TemplateError("--vcs-ref needs --template: it names a version of that template")
        yield Chosen(None, dict(given), {}, interactive)
        return
    with fetched(source, vcs_ref) as found:
        template = open_template(
            normalise_source(source), found.folder, trust=trust, ask=ask, vcs_ref=vcs_ref
        )
        consent.remember(template.source, code=False)
        template.commit = found.commit
        framing, own = template_answers.split_given(given, template.variables)
        yield Chosen(template, framing, own, interactive)
