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
    return None
