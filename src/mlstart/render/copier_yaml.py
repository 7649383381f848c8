"""Copier's own reading of copier.yml, with PyYAML's C parser (libyaml) where PyYAML has it.

Copier reads copier.yml with a pure-Python `yaml.SafeLoader` subclass (for its `!include`
tag); for mlstart's bundled template that is about 20 ms per reading, and an update reads it
three times (the template's questions, its `_skip_if_exists`, and Copier's own rendering).
The same function of Copier's runs here with `yaml.CSafeLoader` as the base of its loader: the
same constructors, the same `!include`, the same merging of options, about ten times faster.
A file the C parser refuses is read again as Copier reads it, so any error is Copier's own.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mlstart.render.copier_patches import replaced

Loader = Callable[..., dict[str, Any]]


def read(load: Loader, conf_path: Path, quiet: bool = False) -> dict[str, Any]:
    """Copier's `load_template_config(conf_path, quiet)` (`load`), parsed by libyaml when it can."""
    module = sys.modules.get(getattr(load, "__module__", ""))
    fast = _c_yaml()
    if module is None or fast is None or getattr(module, "yaml", None) is not sys.modules["yaml"]:
        return load(conf_path, quiet=quiet)
    module.yaml = fast  # type: ignore[attr-defined]  # only while this one call runs
    try:
        return load(conf_path, quiet=True)  # quiet: an error is reported by the reading below
    except Exception:  # refused by libyaml: Copier's own reading decides, below
        pass
    finally:
        module.yaml = sys.modules["yaml"]  # type: ignore[attr-defined]
    return load(conf_path, quiet=quiet)


def c_parser_for_copier() -> contextlib.AbstractContextManager[None]:
    """While the block runs, Copier's templates read their copier.yml through `read`."""

    def make(original: Loader) -> tuple[Loader] | None:
        if _c_yaml() is None:  # no libyaml: Copier's own reading as it is
            return None

        def load_template_config(conf_path: Path, quiet: bool = False) -> dict[str, Any]:
            """Copier's reading of copier.yml, with the C parser."""
            return read(original, conf_path, quiet)

        return (load_template_config,)

    return replaced("copier._template", make, "load_template_config")


_FAST: list[types.SimpleNamespace | None] = []


def _c_yaml() -> types.SimpleNamespace | None:
    """PyYAML's names with CSafeLoader as SafeLoader; None without libyaml."""
    if not _FAST:
        import yaml

        if getattr(yaml, "__with_libyaml__", False) and hasattr(yaml, "CSafeLoader"):
            fast = types.SimpleNamespace(**vars(yaml))
            fast.SafeLoader = yaml.CSafeLoader
            _FAST.append(fast)
        else:
            _FAST.append(None)
    return _FAST[0]
