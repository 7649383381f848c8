"""Which answers go to another template: `--set template.VAR`, and the well-known names.

A template's variables belong to the template. The interview's answers reach it only through
WELL_KNOWN, an explicit list of the names templates commonly give to the same facts (author,
project name and package, description, licence, Python version), and only where the template's
type and choices accept the value. A template variable that shares its name with an interview
question but is not in that list is the template's own question.

`--set template.VAR=VALUE` (or `template: {VAR: VALUE}` in an answers file) always answers the
template's variable; a plain `--set VAR=VALUE` answers the interview when VAR is an interview
question, and the template otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mlstart.core.errors import InvalidAnswersError
from mlstart.interview.questions import BY_KEY
from mlstart.render.variables import Variable

PREFIX = "template."
NESTED = "template"
# mlstart's answer -> the names templates give it, in order of preference.
WELL_KNOWN: dict[str, tuple[str, ...]] = {
    "project_name": ("project_name", "name", "project_title"),
    "package_name": (
        "package_name",
        "module_name",
        "project_slug",
        "python_package",
        "package",
        "pkg_name",
    ),
    "description": (
        "description",
        "project_description",
        "project_short_description",
        "short_description",
    ),
    "author_name": ("author_name", "author", "full_name", "author_full_name"),
    "author_email": ("author_email", "email"),
    "license": ("license", "licence", "open_source_license", "open_source_licence"),
    "python_version": ("python_version", "python_version_number", "python"),
}


def split_given(
    given: Mapping[str, Any], variables: Mapping[str, Variable]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(interview answers, template answers) of --answers/--set; unknown keys refused at once."""
    framing: dict[str, Any] = {}
    own: dict[str, Any] = {}
    unknown = []
    for key, value in _flatten(given).items():
        name = key.removeprefix(PREFIX)
        if key.startswith(PREFIX) and name in variables:
            own[name] = value
        elif key.startswith(PREFIX):
            unknown.append(key)
        elif key in BY_KEY:
            framing[key] = value
        elif key in variables:
            own[key] = value
        else:
            unknown.append(key)
    if unknown:
        listed = ", ".join(variables) or "(none)"
        raise InvalidAnswersError(
            [f"{k}: neither an interview question nor a variable of the template" for k in unknown],
            hint=f"the template's variables (set with --set template.NAME=VALUE): {listed}",
        )
    return framing, own


def _flatten(given: Mapping[str, Any]) -> dict[str, Any]:
    """`template: {VAR: VALUE}` of an answers file as `template.VAR` keys."""
    flat = {k: v for k, v in given.items() if k != NESTED}
    nested = given.get(NESTED)
    if isinstance(nested, Mapping):
        flat.update({f"{PREFIX}{k}": v for k, v in nested.items()})
    elif NESTED in given:
        flat[NESTED] = nested
    return flat


def mapped(framing: Mapping[str, Any], variables: Mapping[str, Variable]) -> dict[str, Any]:
    """The interview's answers under the template's names, where the template accepts them."""
    values: dict[str, Any] = {}
    for key, names in WELL_KNOWN.items():
        if key not in framing:
            continue
        for name in names:
            variable = variables.get(name)
            if variable is None or name in values:
                continue
            accepted = variable.accepts(framing[key])
            if accepted is not None:
                values[name] = accepted
                break
    return values


def set_command(name: str, variable: Variable | None = None) -> str:
    """The option that answers a template variable, with a value to replace."""
    value = variable.choices[0] if variable and variable.choices else "VALUE"
    return f"--set {PREFIX}{name}={value}"
