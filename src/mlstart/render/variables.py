"""What a template asks, engine-neutral: each variable's name, type and choices.

Enough to decide whether a value may be passed to a template at all (mlstart passes its own
answers only where the template's type and choices accept them), and to describe a missing
answer. Copier's questions and cookiecutter's variables both become Variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Variable:
    """One variable of a template: its kind ('str', 'bool', 'int', ... or '' when unknown)
    and its choices (None: free text, or choices Jinja computes at run time)."""

    name: str
    kind: str = "str"
    choices: tuple[str, ...] | None = None
    dynamic: bool = False  # choices or type only known while rendering

    def accepts(self, value: Any) -> Any | None:
        """The template's own spelling of value when it takes it, else None."""
        if self.dynamic or not isinstance(value, str) or self.kind not in ("str", "", "select"):
            return None
        if self.choices is None:
            return value
        for choice in self.choices:
            if choice == value or choice.casefold() == value.casefold():
                return choice
        return None

    def valid(self, value: Any) -> bool:
        """Whether a saved answer still fits this variable's type and choices."""
        if self.dynamic:
            return True
        if self.choices is not None:
            name = next(iter(value)) if isinstance(value, dict) and len(value) == 1 else value
            return str(name) in self.choices
        checks = {
            "bool": lambda v: isinstance(v, bool),
            "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "str": lambda v: isinstance(v, str),
        }
        check = checks.get(self.kind)
        return True if check is None else bool(check(value))


def copier_variables(raw: Mapping[str, Any]) -> dict[str, Variable]:
    """Variables of a Copier configuration (copier.yml as loaded)."""
    found = {}
    for key, spec in raw.items():
        name = str(key)
        if name.startswith("_"):
            continue
        if not isinstance(spec, dict):  # `name: default` shorthand
            found[name] = Variable(name, _kind_of(spec))
            continue
        kind = str(spec.get("type") or _kind_of(spec.get("default", "")))
        choices = spec.get("choices")
        found[name] = Variable(
            name,
            kind,
            _choice_values(choices),
            dynamic="{{" in kind or isinstance(choices, str),
        )
    return found


def _choice_values(choices: Any) -> tuple[str, ...] | None:
    if isinstance(choices, dict):
        return tuple(str(v) for v in choices.values() if not isinstance(v, dict))
    if isinstance(choices, list):
        values = []
        for choice in choices:
            value = choice[-1] if isinstance(choice, list) and choice else choice
            values.append(str(value))
        return tuple(values)
    return None


def cookiecutter_variables(data: Mapping[str, Any]) -> dict[str, Variable]:
    """Variables of a cookiecutter context (choices of sub-questions by their names)."""
    found = {}
    for key, value in data.items():
        name = str(key)
        if name.startswith("_"):
            continue
        if isinstance(value, list) and value:
            names = [next(iter(o)) if isinstance(o, dict) and len(o) == 1 else o for o in value]
            found[name] = Variable(name, "select", tuple(str(n) for n in names))
        else:
            found[name] = Variable(name, _kind_of(value))
    return found


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, dict):
        return "dict"
    return "str"
