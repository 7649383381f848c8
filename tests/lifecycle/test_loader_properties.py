"""Property test: the loader turns any text into a valid result or a clean LifecycleFileError."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlstart.core.errors import LifecycleFileError
from mlstart.core.yamlio import dump_roundtrip
from mlstart.lifecycle import model, schema, store
from mlstart.lifecycle.document import new_document
from tests.lifecycle.conftest import answers_for

VALID = dump_roundtrip(new_document(*answers_for(privacy="personal"), "Ada"))
LINES = VALID.splitlines(keepends=True)
TOKENS = [
    ":",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "\t",
    "? ",
    "'",
    '"',
    "2024-13-45",
    "1e999",
    ".nan",
    "null",
    "~",
    "yes",
    "0x1F",
    "#",
    "\\",
    "\x00",
    "\u00e9",
    "|",
    ">",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "<<: *a\n",
    "!!binary AA==",
    "@",
    "schema_version: 2\n",
    "phase: done\n",
    "status: maybe\n",
    "id: Bad Id\n",
    "check: {cmd: x, path: y}\n",
    "check: {path: /etc}\n",
]


def _parse(text: str) -> None:
    try:
        data = store.parse(text, "lifecycle.yaml")[1]
    except LifecycleFileError as error:
        assert error.message.startswith("lifecycle.yaml")
        return
    schema.validate(data)  # a result is always a valid one
    assert data["schema_version"] == model.SCHEMA_VERSION


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "indent"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "indent":
            lines[index] = draw(st.sampled_from([" ", "  ", "\t", ""])) + lines[index].lstrip()
        else:
            line = lines[index]
            cut = draw(st.integers(0, len(line)))
            token = draw(st.sampled_from(TOKENS) | st.text(max_size=8))
            end = cut if action == "insert" else min(len(line), cut + draw(st.integers(0, 6)))
            lines[index] = line[:cut] + token + line[end:]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_load_or_fail_cleanly(text: str) -> None:
    _parse(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_random_text_loads_or_fails_cleanly(text: str) -> None:
    _parse(text)


def test_the_valid_file_loads() -> None:
    assert store.parse(VALID, "lifecycle.yaml")[1]["phase"] == "planning"


def test_an_alias_loop_and_an_alias_bomb_fail_cleanly() -> None:
    for text in ("a: &a [*a]\n", "a: &a\n  b: *a\n"):
        with pytest.raises(LifecycleFileError):
            store.parse(text, "lifecycle.yaml")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [{', '.join([f'*{prev}'] * 10)}]\n"
    try:
        store.parse(bomb, "lifecycle.yaml")
    except LifecycleFileError as error:
        assert "too large" in error.message
