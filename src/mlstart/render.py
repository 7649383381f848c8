"""Rendering templates into a folder: finds the bundled Copier template and runs Copier on it.

The only module (with its siblings for other template kinds) that imports copier. Copier's own
errors, and the ValueError it raises for an answer its template refuses, become TemplateError.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from mlstart.errors import TemplateError

ANSWERS_FILE = ".copier-answers.yml"
PHASES = ("planning", "data", "training", "deployment")


def bundled_template() -> Path:
    """The template shipped with mlstart: inside the wheel, or `template/` of a source checkout."""
    packaged = Path(str(resources.files("mlstart"))) / "template"
    source = Path(__file__).resolve().parents[2] / "template"
    for candidate in (packaged, source):
        if (candidate / "copier.yml").is_file():
            return candidate
    raise TemplateError(
        "the bundled template is missing from this installation",
        hint="reinstall mlstart: pip install --force-reinstall mlstart",
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


def render_copier(
    template: Path | str, dest: Path, data: Mapping[str, Any], *, trust: bool = False
) -> None:
    """Run Copier non-interactively with the given answers."""
    import copier
    from copier.errors import CopierError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Copier warns about dirty/untagged sources; noise here
            copier.run_copy(
                str(template),
                str(dest),
                data=dict(data),
                defaults=True,
                unsafe=trust,
                quiet=True,
                overwrite=True,
            )
    except CopierError as exc:
        raise TemplateError(f"the template could not be rendered: {exc}") from exc
    except ValueError as exc:  # Copier's answer validation (a choice or validator refused it)
        raise TemplateError(f"the template refused an answer: {exc}") from exc
