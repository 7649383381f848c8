"""Where a cookiecutter template keeps its variables, and cookiecutter-data-science v2's ways.

cookiecutter reads `cookiecutter.json`. cookiecutter-data-science v2 keeps a one-line stub
there for its own `ccds` command, which reads `ccds.json` instead and changes three things:
a choice may be a list of one-key objects whose values are sub-questions (`dataset_storage`:
`{"s3": {"bucket": ..., "aws_profile": ...}}`), an undefined variable renders as empty rather
than failing, and the hooks import the template's own `ccds` package. mlstart does the same
when a template has `ccds.json`. A template whose variables live anywhere else gets a message
naming the file that holds them.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlstart.core.errors import TemplateError

COOKIECUTTER_FILE = "cookiecutter.json"
CCDS_FILE = "ccds.json"
NO_ATTRIBUTE = re.compile(r"has no attribute '(\w+)'|'(\w+)' is undefined")


@dataclass(frozen=True)
class Layout:
    """The file that holds a cookiecutter template's variables, and whether it is ccds's."""

    context_file: Path
    ccds: bool


def layout(folder: Path) -> Layout:
    if (folder / CCDS_FILE).is_file():
        return Layout(folder / CCDS_FILE, True)
    return Layout(folder / COOKIECUTTER_FILE, False)


def load_context(folder: Path) -> dict[str, Any]:
    """The variables of the template's context file, as written (choices as lists)."""
    path = layout(folder).context_file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        others = _other_json(folder, path)
        hint = (
            f"its prompts may live in {', '.join(others)}, read by the template's own command; "
            "ask its authors, or point --template at a copy whose cookiecutter.json holds them"
            if others
            else "fix the file (it must be one JSON object), or ask the template's authors"
        )
        raise TemplateError(f"{path.name} of the template cannot be read: {exc}", hint) from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path.name} of the template: expected a JSON object of variables")
    return data


def _other_json(folder: Path, but: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.json") if p != but and p.is_file())


def prompts_elsewhere(folder: Path, message: str) -> TemplateError | None:
    """For a variable the template uses but its context file lacks: the file that defines it."""
    match = NO_ATTRIBUTE.search(message)
    if match is None:
        return None
    name = match.group(1) or match.group(2)
    context_file = layout(folder).context_file
    for candidate in sorted(folder.glob("*.json")):
        if candidate == context_file:
            continue
        try:
            data = json.loads(candidate.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and name in data:
            return TemplateError(
                f"the template uses the variable {name}, which {context_file.name} does not "
                f"define: its prompts come from {candidate.name}, which its own command reads, "
                "not cookiecutter",
                hint=f"pass each such variable with --set template.{name}=VALUE, or render it "
                f"from a copy whose {context_file.name} is {candidate.name}",
            )
    return None


# --- choices of sub-questions (ccds's dataset_storage) ----------------------------------------


def choice_names(value: Any) -> list[str] | None:
    """The option names of a list-of-objects choice, or None for any other variable."""
    if isinstance(value, list) and value and all(_one_key(o) for o in value):
        return [next(iter(option)) for option in value]
    return None


def _one_key(option: Any) -> bool:
    return isinstance(option, dict) and len(option) == 1


def split_dict_choices(
    found: Layout, given: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(answers cookiecutter takes, answers to list-of-objects choices) of a ccds template."""
    if not found.ccds:
        return given, {}
    data = json.loads(found.context_file.read_text(encoding="utf-8"))
    choices = {k: v for k, v in given.items() if choice_names(data.get(k)) is not None}
    return {k: v for k, v in given.items() if k not in choices}, choices


def resolve_dict_choices(
    variables: dict[str, Any], given: dict[str, Any], *, interactive: bool
) -> dict[str, Any]:
    """{name: {option: sub-answers}} for each list-of-objects choice, as ccds resolves them."""
    resolved = {}
    for key, options in variables.items():
        names = choice_names(options)
        if names is None or key.startswith("_"):
            continue
        resolved[key] = _resolve_one(key, options, names, given.get(key), interactive)
    return resolved


def _resolve_one(
    key: str, options: list[dict[str, Any]], names: list[str], answer: Any, interactive: bool
) -> dict[str, Any]:
    chosen, overrides = _chosen(key, names, answer)
    if chosen is None and interactive:
        from cookiecutter.prompt import read_user_choice

        chosen = read_user_choice(key, names)
    chosen = chosen if chosen is not None else names[0]
    sub = options[names.index(chosen)][chosen]
    if not isinstance(sub, dict):
        return {chosen: sub}
    values = {k: overrides.get(k, v) for k, v in sub.items()}
    if interactive and answer is None:
        from cookiecutter.prompt import read_user_variable

        values = {k: read_user_variable(k, v) for k, v in values.items()}
    return {chosen: values}


def _chosen(key: str, names: list[str], answer: Any) -> tuple[str | None, dict[str, Any]]:
    """The option an answer names ("s3", or {"s3": {"bucket": ...}}), and its sub-answers."""
    if answer is None:
        return None, {}
    if isinstance(answer, dict) and len(answer) == 1:
        name, sub = next(iter(answer.items()))
        overrides = sub if isinstance(sub, dict) else {}
    else:
        name, overrides = str(answer), {}
    if name not in names:
        raise TemplateError(
            f"the template refused an answer: {key}={name!r} is not one of {', '.join(names)}",
            hint=f"pass one of them: --set template.{key}={names[0]}",
        )
    return name, overrides


# --- while rendering --------------------------------------------------------------------------


@contextlib.contextmanager
def conventions(found: Layout, repo_dir: Path) -> Iterator[None]:
    """ccds's rendering rules: undefined renders empty, hooks import the template's package."""
    if not found.ccds:
        yield
        return
    import jinja2
    from cookiecutter import environment

    saved_undefined = environment.StrictUndefined
    saved_path = os.environ.get("PYTHONPATH")
    environment.StrictUndefined = jinja2.Undefined
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(repo_dir), saved_path]))
    try:
        yield
    finally:
        environment.StrictUndefined = saved_undefined
        if saved_path is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved_path


def escape(value: Any) -> Any:
    """Values that cookiecutter must take as typed: it renders defaults as Jinja, so `{{ x }}`
    in an answer would be evaluated; wrapped in a raw block it comes out unchanged."""
    if isinstance(value, str) and any(mark in value for mark in ("{{", "{%", "{#")):
        return "{% raw %}" + value + "{% endraw %}"
    if isinstance(value, dict):
        return {k: escape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape(v) for v in value]
    return value
