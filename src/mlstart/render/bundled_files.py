"""Files of mlstart's own template rendered by Jinja alone, byte for byte as Copier renders them.

A project from another template gets mlstart's charter; a Copier run for that one file costs
Copier's import and its pass over the whole bundled template (most of a small `new --template`).
The bundled template gives its files nothing Copier-specific to see: no `_jinja_extensions`, no
`_copier_*` variable in these files, no `!include` in copier.yml. So one sandboxed environment set
up as Copier sets it up (the Ansible filters Copier always loads, its envops with
keep_trailing_newline by default) and the context Copier builds (the data given, then every
question in order: its value, or its default rendered, cast to its type) give the same bytes.
tests/render/test_bundled_files.py compares them with Copier's output over the answer matrix.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mlstart.core.errors import TemplateError

# The extension Copier adds to every environment (its own YieldExtension only serves `{% yield %}`
# in file names, which the bundled template has none of).
EXTENSIONS = ("jinja2_ansible_filters.AnsibleCoreFiltersExtension",)
CONFIG = "copier.yml"
SUBDIRECTORY = "project"


def config(template: Path) -> dict[str, Any]:
    """The template's copier.yml, read as Copier reads it (PyYAML's safe loader, YAML 1.1)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load((template / CONFIG).read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"{template / CONFIG} cannot be read: {exc}") from None
    return data if isinstance(data, dict) else {}


def environment(template: Path, settings: Mapping[str, Any] | None = None) -> Any:
    """The sandboxed Jinja environment Copier renders the template's files with."""
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment

    found = config(template) if settings is None else settings
    if found.get("_jinja_extensions"):
        raise TemplateError(f"{template}: Jinja extensions need Copier to render this template")
    envops = dict(found.get("_envops") or {})
    envops.setdefault("keep_trailing_newline", True)  # Copier's default (copier issue 464)
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(template)), extensions=list(EXTENSIONS), **envops
    )


def render(template: Path, relative: str, data: Mapping[str, Any]) -> str:
    """The text Copier writes for the template's `project/<relative>.jinja` given data."""
    from mlstart.render.jinja_cache import compile_once

    settings = config(template)
    env = environment(template, settings)
    with compile_once():  # the charter and its includes are compiled once per user, not per run
        values = context(env, settings, data)
        return str(env.get_template(f"{SUBDIRECTORY}/{relative}.jinja").render(values))


def context(env: Any, settings: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """What Copier's Jinja sees: data, with each question's value (given, or its default as
    Copier renders it from the answers before it) cast to the question's type."""
    answers: dict[str, Any] = {}
    for key, spec in settings.items():
        name = str(key)
        if name.startswith("_"):
            continue
        question = spec if isinstance(spec, dict) else {"default": spec}
        seen = {**data, **answers}
        if name in data:
            value = data[name]
        elif "default" in question:
            value = _rendered(env, question["default"], seen)
        else:
            continue  # no answer and no default: Copier leaves it out too
        kind = question.get("type") or _type_of(question.get("default"))
        answers[name] = _cast(str(_rendered(env, kind, seen)), value)
    return {**data, **answers}


def _rendered(env: Any, value: Any, context: Mapping[str, Any]) -> Any:
    """Copier's render_value: a text is a template; a list, its items; anything else as is."""
    if isinstance(value, str):
        return value if _literal(env, value) else env.from_string(value).render(context)
    if isinstance(value, list):
        return [_rendered(env, item, context) for item in value]
    return value


def _literal(env: Any, text: str) -> bool:
    """Whether Jinja renders text as itself: no delimiter of env's in it, no line ending it
    would rewrite (most types and defaults are such words; rendering each costs a compilation)."""
    if "\r" in text or (text.endswith("\n") and not env.keep_trailing_newline):
        return False
    starts = (env.block_start_string, env.variable_start_string, env.comment_start_string)
    prefixes = (env.line_statement_prefix, env.line_comment_prefix)
    return not any(mark in text for mark in (*starts, *prefixes) if mark)


def _type_of(default: Any) -> str:
    """Copier's type for a question without one: its default's, or yaml."""
    name = type(default).__name__
    return name if name in CASTS else "yaml"


def _to_bool(value: Any) -> bool:
    """Copier's cast_to_bool: numbers by their value, YAML's words, else Python's truth."""
    try:
        return bool(float(value))
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        lower = value.strip().lower()
        if lower in {"", "n", "no", "f", "false", "off", "~", "null", "none"}:
            return False
        if lower in {"y", "yes", "t", "true", "on"}:
            return True
    return bool(value)


def _to_str(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, str) else value


def _yaml(value: Any) -> Any:
    import yaml

    return yaml.safe_load(value) if isinstance(value, str) else value


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


CASTS: dict[str, Callable[[Any], Any]] = {
    "bool": _to_bool,
    "float": float,
    "int": int,
    "json": _json,
    "str": _to_str,
    "yaml": _yaml,
    "path": str,
}


def _cast(kind: str, value: Any) -> Any:
    """Copier's cast of an answer to its question's type (None stays None for json and yaml)."""
    if value is None:
        return None
    cast = CASTS.get(kind)
    if cast is None:
        raise TemplateError(f'unsupported type "{kind}" in the bundled template\'s copier.yml')
    return cast(value)
