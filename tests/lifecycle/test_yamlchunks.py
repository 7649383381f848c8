"""Reading by entries (mlstart.core.yamlchunks) gives what a whole parse gives, or steps aside."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlstart.core import fastyaml, yamlchunks
from mlstart.core.safeio import MAX_DEPTH, UnsafeFileError
from mlstart.interview.answers import resolve
from mlstart.interview.plan import derive
from mlstart.lifecycle import store
from mlstart.lifecycle.document import event, new_document

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="PyYAML without libyaml")


def whole(text: str) -> object:
    try:
        return fastyaml.load(text, json_ready=True)
    except fastyaml.NotFast:
        return "NotFast"


def by_entries(text: str, previous: dict[Any, Any] | None = None) -> object:
    try:
        return yamlchunks.load(text, "x", previous or {})[0]
    except fastyaml.NotFast:
        return "NotFast"


def lifecycle_text(tmp_path: Path, events: int = 30) -> str:
    answers = resolve({"project_name": "chunks", "project_kind": "product"})
    doc = new_document(answers, derive(answers), "Ada")
    for index in range(events):
        doc["history"].append(event("done", "Ada", task=f"planning.t{index}", note="a: b # c"))
    store.write_document(str(tmp_path / "lifecycle.yaml"), doc)
    return (tmp_path / "lifecycle.yaml").read_text()


def test_a_lifecycle_file_reads_the_same_by_entries(tmp_path: Path) -> None:
    text = lifecycle_text(tmp_path)
    value, entries = yamlchunks.load(text, "x", {})
    assert value == fastyaml.load(text, json_ready=True)
    assert len(entries) > 60  # split down to tasks and events, not one entry per key
    region = yamlchunks.split(text)
    assert region is not None
    counted = yamlchunks._Reader("x", {}).region(region, 1)[1]
    assert counted == fastyaml.load_counted(text, json_ready=True)[1]


def test_after_an_edit_only_the_changed_entry_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = lifecycle_text(tmp_path)
    _, entries = yamlchunks.load(text, "x", {})
    edited = text.replace("status: todo", "status: done", 1)
    expected = fastyaml.load(edited, json_ready=True)
    parsed: list[str] = []
    real = fastyaml.load_counted

    def counting(part: str, *args: Any, **kwargs: Any) -> tuple[Any, int]:
        parsed.append(part)
        return real(part, *args, **kwargs)

    monkeypatch.setattr(fastyaml, "load_counted", counting)
    value, _ = yamlchunks.load(edited, "x", entries)
    assert value == expected
    assert len(parsed) == 1 and "status: done" in parsed[0]


def test_the_same_entry_twice_is_two_values(tmp_path: Path) -> None:
    text = "a:\n  - {x: 1}\n  - {x: 1}\n"
    entries = yamlchunks.load(text, "x", {})[1]
    again, _ = yamlchunks.load(text, "x", entries)
    assert again == {"a": [{"x": 1}, {"x": 1}]}
    assert again["a"][0] is not again["a"][1]  # a later change to one never shows in the other


TRICKY = [
    'a: "x\nb: y"\n',  # a quoted value running over a line that looks like a key
    "a: [1,\nb: 2]\n",  # a flow value likewise
    "a:\n  - 'x\n  - y'\n",
    "a: &x 1\nb: *x\n",  # an alias of an anchor in another entry
    "a: 1\na: 2\n",  # a key repeated across entries
    "a:\n  b: 1\n  b: 2\n",
    "a: |\n  text\n  more\nb: 2\n",
    "a: |2\n   indented\nb: 1\n",
    "a: >-\n  folded\n  text\n\nb: 1\n",
    "a:\n- 1\n- 2\nb: 3\n",  # a compact sequence at the key's indentation
    "a:\n  b:\n    c: 1\n  # comment\n  d: 2\n",
    '"q": 1\nb: 2\n',
    "? a\n: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "\ta: 1\n",
    "a:\n\t- 1\n",
    "null:\n  a: 1\n",
    "true:\n  a: 1\n",
    "a:\n  - x\n  -\n  - y\n",
    "a: x\n  continued\nb: 1\n",
    "a:\n    b: 1\n  c: 2\n",
    "a:\r\n  b: 1\r\n  c: [2]\r\n",
    "a: !!str 1\nb: 2\n",
    "%YAML 1.2\n---\na: 1\n",
    "\ufeffa:\n  b: 1\n",
    "a:\n  b: 1\n  - c\n",
    "- a\n- b\n",
    "a: 1 # comment\n# b: 2\nc:  # comment\n  d: 3\n",
    "a:\n  b: {c: [1, 2,\n    3]}\n  d: 'it''s'\n",
    "a:\n  - b: 1\n    c: 2\n  - b: 3\n",
    "a:\n  k-1.x_y: 2\n  2: 3\n",
    "a: 2026-12-01\nb:\n  c: 017\n  d: .inf\n",
    "",
    "# only a comment\n",
    "a: foo\u2028b: bar\n",  # characters str.splitlines breaks at, YAML may not
    "a: foo\x85b: bar\nc: 1\n",
    "a:\n  - x\u2029  - y\n",
    "a: 'x\x0cb: y'\n",
    "a:\r\n  b: 1\rc: 2\r\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_a_tricky_text_reads_as_a_whole_parse_or_is_left_to_it(text: str) -> None:
    result = by_entries(text)
    assert result in ("NotFast", whole(text))
    seeded = yamlchunks.load(text, "x", {})[1] if result != "NotFast" else {}
    assert by_entries(text, seeded) == result


def test_nesting_limits_hold_by_entries() -> None:
    deep = "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(MAX_DEPTH + 2))
    with pytest.raises(UnsafeFileError):
        fastyaml.load(deep + "  " * (MAX_DEPTH + 3) + "v: 1\n")
    with pytest.raises(UnsafeFileError):
        yamlchunks.load(deep + "  " * (MAX_DEPTH + 3) + "v: 1\n", "x", {})


KEYS = st.sampled_from(["a", "b", "id", "note", "phases", "x-y", "null", "on"])
TEXT = st.text(alphabet="ab :#-'\"\n&*!|>[]{},?%@`\t", max_size=12)
SCALAR = st.one_of(TEXT, st.integers(-5, 5), st.booleans(), st.none(), st.floats(-2, 2))
VALUES = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=12,
)
DOCS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=4)


def dump(doc: object, flow: bool | None, width: int) -> str:
    return yaml.safe_dump(doc, default_flow_style=flow, width=width, allow_unicode=True)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCS, DOCS, st.sampled_from([False, None]), st.integers(8, 60))
def test_reading_a_changed_document_with_the_old_entries_is_exact(
    before: dict[str, Any], after: dict[str, Any], flow: bool | None, width: int
) -> None:
    old, new = dump(before, flow, width), dump({**before, **after}, flow, width)
    seeded = yamlchunks.load(old, "x", {})[1] if by_entries(old) != "NotFast" else {}
    result = by_entries(new, seeded)
    assert result in ("NotFast", whole(new))


LINE_EDITS = st.sampled_from(["drop", "double", "indent", "dedent", "swap", "dash", "colon"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCS, st.integers(8, 60), LINE_EDITS, st.integers(0, 50))
def test_a_hand_broken_document_never_reads_other_than_whole(
    doc: dict[str, Any], width: int, how: str, where: int
) -> None:
    text = dump(doc, False, width)
    seeded = yamlchunks.load(text, "x", {})[1] if by_entries(text) != "NotFast" else {}
    lines = text.splitlines(keepends=True)
    at = where % len(lines)
    line = lines[at]
    edits = {
        "drop": [],
        "double": [line, line],
        "indent": ["  " + line],
        "dedent": [line[2:] if line.startswith("  ") else line],
        "swap": [lines[(at + 1) % len(lines)]],
        "dash": ["- " + line.lstrip(" ")],
        "colon": [line.rstrip("\n") + ":\n"],
    }
    broken = "".join([*lines[:at], *edits[how], *lines[at + 1 :]])
    assert by_entries(broken, seeded) in ("NotFast", whole(broken))


def test_many_new_entries_are_left_to_a_whole_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlchunks, "MAX_PARSED", 10)
    text = "a:\n" + "".join(f"  - {i}\n" for i in range(11))
    with pytest.raises(fastyaml.NotFast):
        yamlchunks.load(text, "x", {})
    entries = yamlchunks.load(text.replace("  - 10\n", ""), "x", {})[1]
    assert yamlchunks.load(text, "x", entries)[0] == {"a": list(range(11))}  # one new entry
