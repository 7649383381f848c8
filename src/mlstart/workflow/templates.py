"""Which template a project comes from, how to fetch it, and how to render it again.

A project's record, `.mlstart/template.yml`, names the template (the bundled one, a local
folder or a Git URL), its kind (copier, cookiecutter, or none for a repository `mlstart init`
adopted), the phase rendered so far (bundled template), the framing answers and the template's
own answers. A rendering is the template's output plus mlstart's overlay (the charter for other
templates, and the record itself); it is what the `mlstart/template` branch holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mlstart.core import trust as consent
from mlstart.core.errors import InvalidAnswersError, TemplateError
from mlstart.core.trust import Ask
from mlstart.interview import plan
from mlstart.interview.questions import BY_KEY
from mlstart.render import copier_engine as render

RECORD = ".mlstart/template.yml"
BUNDLED = "bundled"
NO_TEMPLATE = "none"  # the source of a repository `mlstart init` adopted
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
    if record.tasks is not None:
        data["tasks"] = record.tasks
    data["framing"] = dict(record.framing)
    if record.answers:
        data["answers"] = dict(record.answers)
    return HEADER + dump_roundtrip(data)


def parse(text: str, where: str) -> Record:
    """A record from its YAML text; TemplateError naming `where` when it is not one."""
    from mlstart.core.yamlio import YamlSyntaxError, load_plain

    try:
        data = load_plain(text)
    except YamlSyntaxError as exc:
        raise TemplateError(f"{where}: not valid YAML: {exc}") from None
    ok = isinstance(data, dict) and isinstance(data.get("source"), str)
    if not ok or data.get("kind") not in KINDS:
        raise TemplateError(f"{where}: not an mlstart template record (source and kind)")
    return Record(
        source=data["source"],
        kind=data["kind"],
        framing=dict(data.get("framing") or {}),
        answers=dict(data.get("answers") or {}),
        phase=data.get("phase"),
        charter=data.get("charter"),
        tasks=data.get("tasks"),
    )


def write(folder: Path, record: Record) -> None:
    path = folder / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(record), encoding="utf-8")


def later_phase(a: str | None, b: str | None) -> str | None:
    """The further of two phases ('all' beyond every phase); None only when both are."""
    known = [p for p in (a, b) if p in PHASE_ORDER]
    return max(known, key=PHASE_ORDER.index) if known else None


# --- fetching ---------------------------------------------------------------------------------


SHORTCUTS = {"gh:": "https://github.com/", "gl:": "https://gitlab.com/"}


def is_git_url(source: str) -> bool:
    return (
        "://" in source
        or source.startswith(("git@", "git+", *SHORTCUTS))
        or source.endswith(".git")
    )


def clone_url(source: str) -> str:
    """What `git clone` takes: Copier's and cookiecutter's shortcuts expanded, no `git+`."""
    for short, long in SHORTCUTS.items():
        if source.startswith(short):
            return long + source.removeprefix(short)
    return source.removeprefix("git+")


def copier_source(source: str) -> str:
    """What Copier takes: it recognises a URL as Git only with `git+` (file://, plain hosts)."""
    if "://" in source and not source.startswith(
        ("git+", "https://github.com/", "https://gitlab.com/")
    ):
        return f"git+{source}"
    return source


@contextlib.contextmanager
def fetched(source: str) -> Iterator[Path]:
    """A local folder holding the template: the bundled one, a folder, or a fresh clone.

    A repository without a template (`mlstart init`) gets the bundled one: its charter.
    """
    if source in (BUNDLED, NO_TEMPLATE):
        yield render.bundled_template()
        return
    if not is_git_url(source):
        folder = Path(source)
        if not folder.is_dir():
            raise TemplateError(
                f"the template {source} does not exist or is not a folder",
                hint="pass a folder that holds copier.yml or cookiecutter.json, or a Git URL",
            )
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="mlstart-template-") as tmp:
        yield _clone(source, Path(tmp) / "template")


def _clone(url: str, dest: Path) -> Path:
    from mlstart.workflow.templatebranch import git

    result = git(
        dest.parent, "clone", "--quiet", "--depth", "1", clone_url(url), str(dest), check=False
    )
    if result.returncode != 0:
        raise TemplateError(
            f"the template {url} could not be cloned: {result.stderr.strip()}",
            hint="check the URL and your access to it (`git clone URL` shows the same error)",
        )
    return dest


def normalise_source(source: str) -> str:
    """How a source is recorded: an absolute path for a folder, the URL as given otherwise."""
    return source if is_git_url(source) else str(Path(source).expanduser().absolute())


# --- what the template asks -------------------------------------------------------------------


@dataclass
class Template:
    """A fetched template, with the variables it asks for."""

    source: str
    kind: str
    folder: Path
    variables: tuple[str, ...] = ()
    trust: bool = False


def open_template(
    source: str, folder: Path, *, trust: bool, ask: Ask | None = None, keep: bool = True
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
        variables, code = config.questions, " and ".join(config.unsafe)
    else:
        from mlstart.render.cookiecutter_engine import cookiecutter_variables

        variables = tuple(cookiecutter_variables(folder))
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
    return Template(source, kind, folder, variables, bool(code))


def split_given(
    given: Mapping[str, Any], variables: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(framing answers, template answers) of --answers/--set; a key both take goes to both."""
    unknown = [k for k in given if k not in BY_KEY and k not in variables]
    if unknown:
        raise InvalidAnswersError(
            [f"{k}: neither an interview question nor a variable of the template" for k in unknown],
            hint=f"the template's variables: {', '.join(variables) or '(none)'}",
        )
    framing = {k: v for k, v in given.items() if k in BY_KEY}
    own = {k: v for k, v in given.items() if k in variables}
    return framing, own


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
    variables: tuple[str, ...] | None = None  # the template's, when already read


def render_rendering(dest: Path, request: RenderRequest) -> Record:
    """Render the template and the overlay into dest (absent); returns the record written."""
    record = request.record
    derived = plan.derive(record.framing)
    if record.bundled:
        render.render_bundled(dest, record.framing, derived, phase=record.phase or "planning")
        result = record
    else:
        result = _render_other(dest, request, derived)
    result = replace(result, tasks=tasks_fingerprint(record.framing))
    write(dest, result)
    return result


def _render_other(dest: Path, request: RenderRequest, derived: dict[str, Any]) -> Record:
    record = request.record
    answers = {**record.answers, **request.given}
    variables = set(_variables(request))
    shared = {k: v for k, v in record.framing.items() if k in variables}
    if record.kind == "copier":
        # Copier gets the source itself, so its answers file records the real `_src_path`.
        answers = render.render_copier(
            copier_source(record.source),
            dest,
            answers,
            trust=request.trust,
            interactive=request.interactive,
            user_defaults=shared,
        )
    elif record.kind == "cookiecutter":
        from mlstart.render.cookiecutter_engine import render_cookiecutter

        answers = render_cookiecutter(
            request.folder, dest, {**shared, **answers}, interactive=request.interactive
        )
    else:
        dest.mkdir(parents=True, exist_ok=True)
    fingerprint = charter_fingerprint(record.framing)
    _place_charter(
        dest, record.framing, derived, fingerprint, request.previous_charter, record.charter
    )
    return replace(record, answers=answers, charter=fingerprint)


def _variables(request: RenderRequest) -> tuple[str, ...]:
    if request.variables is not None:
        return request.variables
    if request.record.kind == "copier":
        return render.copier_config(request.folder).questions
    if request.record.kind == "cookiecutter":
        from mlstart.render.cookiecutter_engine import cookiecutter_variables

        return tuple(cookiecutter_variables(request.folder))
    return ()


def _place_charter(
    dest: Path,
    framing: Mapping[str, Any],
    derived: Mapping[str, Any],
    fingerprint: str,
    previous: str | None,
    previous_fingerprint: str | None,
) -> None:
    """mlstart's charter beside another template's files (it wins over a file of that name).

    Rendering it costs a Copier run; when neither the answers nor mlstart's template changed,
    the previous rendering's charter is the same text, so it is reused.
    """
    target = dest / render.CHARTER
    target.parent.mkdir(parents=True, exist_ok=True)
    if previous is not None and previous_fingerprint == fingerprint:
        target.write_text(previous, encoding="utf-8")
        return
    with tempfile.TemporaryDirectory(prefix="mlstart-charter-") as tmp:
        made = render.render_charter(Path(tmp) / "out", framing, plan.derive(framing))
        shutil.copyfile(made, target)


def charter_fingerprint(framing: Mapping[str, Any]) -> str:
    """A digest of the framing answers and of the bundled template's text it renders from."""
    from mlstart import __version__

    digest = hashlib.sha256(json.dumps(dict(framing), sort_keys=True, default=str).encode())
    digest.update(__version__.encode())
    template = render.bundled_template()
    for path in sorted(template.rglob("*")):
        if path.is_file() and _charter_source(path.relative_to(template)):
            digest.update(str(path.relative_to(template)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def tasks_fingerprint(framing: Mapping[str, Any]) -> str:
    """A digest of the framing answers and of the task catalogue's code.

    Equal digests mean a refresh of lifecycle.yaml's tasks would change nothing, so `update`
    skips it (parsing and rewriting the file is a good part of an update's time).
    """
    from mlstart import __version__
    from mlstart.lifecycle import catalogue, document

    digest = hashlib.sha256(json.dumps(dict(framing), sort_keys=True, default=str).encode())
    digest.update(__version__.encode())
    for module in (catalogue, document):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def _charter_source(relative: Path) -> bool:
    """Files the charter depends on: copier.yml, shared includes, and the charter itself."""
    name = relative.as_posix()
    return name in render.COPIER_FILES or name.startswith("includes/") or "charter" in name


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
        record = Record(self.template.source, self.template.kind, dict(framing))
        request = RenderRequest(
            record,
            self.template.folder,
            dict(self.template_given),
            self.template.trust,
            self.interactive,
            variables=self.template.variables,
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
) -> Iterator[Chosen]:
    """Fetch and inspect the template before the first question (refusals come first).

    The user named the source on this machine, so it is remembered as confirmed (core.trust):
    a later `mlstart update` of the project renders it without asking again.
    """
    if source is None:
        yield Chosen(None, dict(given), {}, interactive)
        return
    with fetched(source) as folder:
        template = open_template(normalise_source(source), folder, trust=trust, ask=ask)
        consent.remember(template.source, code=False)
        framing, own = split_given(given, template.variables)
        yield Chosen(template, framing, own, interactive)
