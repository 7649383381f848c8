"""Validation of a template record read from a repository: types, sizes, a safe source.

The record (`.mlstart/template.yml`) comes with the repository, so it is input from whoever made
the clone: every field is checked before anything uses it, and a source that Git could take as
an option (`-u...`) or as a command transport (`ext::`) is refused.
"""

from __future__ import annotations

from typing import Any

KINDS = ("copier", "cookiecutter", "none")
PHASES = ("planning", "data", "training", "deployment", "all")

MAX_SOURCE = 2048


def record_problem(data: Any) -> str | None:
    """What makes data not a record (types, sizes, a source git could take as an option)."""
    if not isinstance(data, dict):
        return "expected a mapping"
    source = data.get("source")
    if not isinstance(source, str) or not source.strip() or len(source) > MAX_SOURCE:
        return f"source must be text of 1 to {MAX_SOURCE} characters"
    if source.startswith("-") or any(ord(c) < 32 or ord(c) == 127 for c in source):
        return "source starts with '-' or holds control characters"
    if source.startswith("ext::") or "::" in source.split("/", 1)[0]:
        return "source uses a Git transport that runs commands (ext::)"
    if data.get("kind") not in KINDS:
        return f"kind must be one of {', '.join(KINDS)}"
    for key in ("framing", "answers"):
        value = data.get(key)
        if value is not None and not (
            isinstance(value, dict) and all(isinstance(k, str) for k in value)
        ):
            return f"{key} must be a mapping of names to answers"
    if data.get("phase") is not None and data.get("phase") not in PHASES:
        return f"phase must be one of {', '.join(PHASES)}"
    for key in ("charter", "tasks"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and len(value) <= 64):
            return f"{key} must be a short fingerprint"
    return _version_problem(data) or _hooks_problem(data.get("hooks"))


def _version_problem(data: dict[str, Any]) -> str | None:
    """vcs_ref, commit, version: short text that git cannot take as an option."""
    for key in ("vcs_ref", "commit", "version"):
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value or len(value) > 256:
            return f"{key} must be text of 1 to 256 characters"
        if value.startswith("-") or any(ord(c) <= 32 or ord(c) == 127 for c in value):
            return f"{key} starts with '-' or holds spaces or control characters"
    return None


def _hooks_problem(value: Any) -> str | None:
    """hooks: what a cookiecutter template's hooks did, as lists of paths."""
    if value is None:
        return None
    ok = isinstance(value, dict) and all(
        key in ("added", "changed", "removed")
        and isinstance(paths, list)
        and all(isinstance(p, str) and p and not p.startswith(("/", "-")) for p in paths)
        and not any(".." in p.split("/") for p in paths)
        for key, paths in value.items()
    )
    return None if ok else "hooks must map added/changed/removed to lists of relative paths"
