"""Fixtures of the template tests: rendered projects, cached per answer set and phase."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.template.matrix import render, row_id

Render = Callable[[Mapping[str, Any], str], Path]


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Render:
    """Render an answer set at a phase once per session; later calls reuse the folder."""
    cache: dict[tuple[str, str], Path] = {}

    def make(answers: Mapping[str, Any], phase: str) -> Path:
        key = (row_id(answers), phase)
        if key not in cache:
            dest = tmp_path_factory.mktemp("render") / str(answers["project_name"])
            cache[key] = render(dest, answers, phase)
        return cache[key]

    return make
