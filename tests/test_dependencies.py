"""Dependencies declared on purpose: every import is declared, and Copier's internals still fit.

mlstart uses a few of Copier's private names (migrations and the template configuration). A new
Copier that moves or changes them must fail here, by name, before a user meets it.
"""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import inspect
import re
import sys
import tomllib

import pytest

from tests.helpers import REPO_ROOT

SOURCE = REPO_ROOT / "src" / "mlstart"


def declared() -> set[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    names = set()
    for requirement in project["dependencies"]:
        names.add(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-"))
    return names


def imported_modules() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"mlstart", "__future__"}


def test_every_imported_package_is_declared() -> None:
    owners = metadata.packages_distributions()
    wanted = declared()
    missing = []
    for module in sorted(imported_modules()):
        dists = {d.lower().replace("_", "-") for d in owners.get(module, [module])}
        if not dists & wanted:
            missing.append(f"{module} (from {', '.join(sorted(dists))})")
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_copier_is_bounded_above() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    copier = next(r for r in project["dependencies"] if r.lower().startswith("copier"))
    assert "<" in copier, copier


def test_copier_internals_mlstart_uses_are_still_there() -> None:
    """Each private name of Copier that mlstart uses, with the shape mlstart relies on."""
    version = metadata.version("copier")
    problems = []
    try:
        from copier._main import Worker, _operation
        from copier._template import Template, load_template_config
        from copier._types import Phase
        from copier.errors import ExtensionNotFoundError, UnsafeTemplateError
    except ImportError as exc:
        pytest.fail(f"copier {version} moved an internal mlstart imports: {exc}")
    if not (hasattr(_operation, "set") and hasattr(_operation, "reset")):
        problems.append("copier._main._operation is no longer a context variable")
    for name in ("_execute_tasks", "template", "run_copy", "run_update"):
        if not hasattr(Worker, name):
            problems.append(f"Worker.{name} is gone")
    if not hasattr(Template, "migration_tasks"):
        problems.append("Template.migration_tasks is gone")
    else:
        params = list(inspect.signature(Template.migration_tasks).parameters)
        if params[:3] != ["self", "stage", "from_template"]:
            problems.append(f"Template.migration_tasks takes {params}")
    template_fields = set(inspect.signature(Template).parameters)
    if not {"url", "ref"} <= template_fields:
        problems.append(f"Template() takes {sorted(template_fields)}")
    if not (hasattr(Phase, "use") and hasattr(Phase, "MIGRATE")):
        problems.append("Phase.use / Phase.MIGRATE are gone")
    if not callable(load_template_config):
        problems.append("load_template_config is not callable")
    assert issubclass(ExtensionNotFoundError, Exception)
    assert issubclass(UnsafeTemplateError, Exception)
    assert not problems, f"copier {version} changed what mlstart uses: {problems}"


def test_the_package_has_its_licence_urls_and_classifiers() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    assert (REPO_ROOT / "LICENSE").read_text().startswith("MIT License")
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(project["urls"])
    versions = [
        c for c in project["classifiers"] if c.startswith("Programming Language :: Python :: 3.")
    ]
    assert versions == [f"Programming Language :: Python :: 3.{m}" for m in (11, 12, 13)]
