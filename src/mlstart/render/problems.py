"""Turning what a template engine raises into one TemplateError: file and line, and what to do.

Both engines raise Jinja's own exceptions (a syntax error, an undefined variable, an include
that does not exist), their own (a failing hook or task, a missing extension) and whatever a
Git clone or the file system raises. None of that may reach the user as a traceback: each
becomes a TemplateError naming the template's file and line where the traceback knows them.
"""

from __future__ import annotations

import re
import sys
import traceback
from pathlib import Path

from mlstart.core.errors import TemplateError

# Jinja extensions whose module name is not their package name on PyPI.
EXTENSION_PACKAGES = {
    "jinja2_time": "jinja2-time",
    "jinja2_strcase": "jinja2-strcase",
    "jinja2_slug": "jinja2-slug",
    "jinja_markdown": "jinja-markdown",
    "copier_templates_extensions": "copier-templates-extensions",
    "cookiecutter_extensions": "cookiecutter-extensions",
    "jinja2_ansible_filters": "jinja2-ansible-filters",
}
MISSING_MODULE = re.compile(r"No module named '([\w.]+)'")


def location(exc: BaseException, template: Path) -> str | None:
    """'path:line' of the innermost frame of exc inside the template folder, or None.

    Jinja rewrites tracebacks so that a template's frames carry the template file and line;
    a syntax error carries them as attributes instead.
    """
    root = str(template.resolve())
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if isinstance(filename, str) and not Path(filename).is_absolute():
        filename = str((template / filename).resolve())  # cookiecutter renders from its folder
    if isinstance(filename, str) and filename.startswith(root):
        return _relative(filename, root, lineno)
    found = None
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        for frame in traceback.extract_tb(current.__traceback__):
            if frame.filename.startswith(root):
                found = _relative(frame.filename, root, frame.lineno)
            elif frame.name in JINJA_FRAMES or frame.name.startswith("block "):
                found = _in_copy(frame.filename, template, frame.lineno) or found
        current = current.__cause__ or current.__context__
    return found


# The names Jinja gives the frames of template code in a traceback.
JINJA_FRAMES = ("template", "top-level template code")


def _in_copy(filename: str, template: Path, lineno: int | None) -> str | None:
    """A template file of the engine's own copy (a clone elsewhere), named as in `template`:
    the longest tail of its path that exists in the template folder."""
    parts = Path(filename).parts
    for start in range(1, len(parts)):
        tail = Path(*parts[start:])
        if (template / tail).is_file():
            return f"{tail.as_posix()}:{lineno}" if lineno else tail.as_posix()
    return None


def _relative(filename: str, root: str, lineno: int | None) -> str:
    relative = Path(filename).relative_to(root).as_posix()
    return f"{relative}:{lineno}" if lineno else relative


def install_command(module: str) -> str:
    """The command that installs a Jinja extension's package next to mlstart."""
    top = module.split(".")[0]
    package = EXTENSION_PACKAGES.get(top, top.replace("_", "-"))
    if "pipx" in Path(sys.prefix).parts:
        return f"pipx inject mlstart {package}"
    return f"{sys.executable} -m pip install {package}"


def missing_extension(text: str, template: Path) -> TemplateError | None:
    """The error for an extension that cannot be imported, or None if text is not about one."""
    match = MISSING_MODULE.search(text)
    if match is None:
        return None
    module = match.group(1)
    return TemplateError(
        f"the template {template.name} needs the Jinja extension {module}, which is not "
        "installed where mlstart runs",
        hint=f"install it into mlstart's own environment: {install_command(module)}",
    )


def describe(exc: BaseException, template: Path, what: str = "the template") -> TemplateError:
    """One clear error for anything an engine raised while rendering."""
    import jinja2

    where = location(exc, template)
    at = f" ({where})" if where else ""
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(
            f"{what} includes {exc.name}, which does not exist in it{at}",
            hint="the template is broken at that version: tell its authors, or pick another "
            "version with --vcs-ref",
        )
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            f"{what} has a Jinja syntax error{at}: {exc.message}",
            hint="the template is broken at that version: tell its authors, or pick another "
            "version with --vcs-ref",
        )
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(f"{what} uses a value it does not define{at}: {exc.message}")
    text = _first_lines(str(exc) or type(exc).__name__)
    extension = missing_extension(text, template)
    if extension is not None:
        return extension
    return TemplateError(f"{what} could not be rendered{at}: {text}")


def _first_lines(text: str, count: int = 6) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    more = " …" if len(lines) > count else ""
    return "\n".join(lines[:count]) + more
