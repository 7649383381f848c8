"""The C-parser reading (mlstart.core.fastyaml) gives what ruamel's round-trip reading gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlstart.core import fastyaml
from mlstart.core.safeio import UnsafeFileError
from mlstart.core.yamlio import load_roundtrip
from mlstart.lifecycle import store
from mlstart.lifecycle.plain import to_plain

pytestmark = pytest.mark.skipif(not fastyaml.available(), reason="PyYAML without libyaml")

SCALARS = [
    "1e3", "1.0e3", "+1", "-1", "017", "00", "-0", "0o17", "0x1F", "0b11", "1_000", "1:20",
    ".5", "5.", ".inf", "-.inf", ".NaN", "yes", "no", "on", "off", "y", "n", "True", "TRUE",
    "tRue", "Null", "~", "", "2026-12-01", "2026-1-1", "2026-12-01T10:00:00", "2026-02-30",
    "1.2.3", "=", "<<", "0.", "1e", "+.5", "-.5e-3", "1e+3", "1e999", "0xG", "-", "+", ".",
    "2 features missing", "'quoted 1'", '"2.0"', "plain text", "null text", "true story",
]  # fmt: skip


def same(text: str) -> tuple[object, object]:
    try:
        fast: object = fastyaml.load(text, json_ready=True)
    except fastyaml.NotFast:
        fast = "NotFast"
    try:
        slow: object = to_plain(load_roundtrip(text))
    except Exception as exc:
        slow = type(exc).__name__
    return fast, slow


@pytest.mark.parametrize("scalar", SCALARS)
def test_a_plain_value_reads_as_ruamel_reads_it(scalar: str) -> None:
    fast, slow = same(f"key: {scalar}\nlist: [{scalar or '~'}]\n{scalar or 'x'}: 1\n")
    assert fast in ("NotFast", slow)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "a: &x [1]\nb: *x\n",  # alias
        "<<: {a: 1}\n",  # merge key
        "a: !!str 1\n",  # tag
        "%YAML 1.1\n---\na: yes\n",  # directive
        "a: 1\n---\nb: 2\n",  # two documents
        "a: [1\n",  # not YAML
        "? [1, 2]\n: x\n",  # a key that is not text
        "1: x\n",
    ],
)
def test_what_it_does_not_know_is_left_to_ruamel(text: str) -> None:
    with pytest.raises(fastyaml.NotFast):
        fastyaml.load(text)


def test_limits_are_kept() -> None:
    with pytest.raises(UnsafeFileError):
        fastyaml.load("a: " + "[" * 70 + "]" * 70 + "\n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789+-._:eExXoObBtTfFnNulrsaiy~ -", min_size=0, max_size=12))
def test_any_numberlike_value_reads_as_ruamel_reads_it(value: str) -> None:
    fast, slow = same(f"key: '{value}'\nplain: {value}\n" if "'" not in value else "k: 1\n")
    assert fast in ("NotFast", slow)


def test_a_lifecycle_file_reads_the_same_both_ways(tmp_path: object) -> None:
    from mlstart.interview.answers import resolve
    from mlstart.interview.plan import derive
    from mlstart.lifecycle.document import event, new_document

    answers = resolve({"project_name": "demo", "project_kind": "product"})
    doc = new_document(answers, derive(answers), "Ann")
    for index in range(50):
        doc["history"].append(event("done", "Ann", task=f"planning.x{index}", note="a: b #c"))
    from mlstart.core.yamlio import dump_roundtrip

    text = dump_roundtrip(doc)
    assert store.parse_plain(text, "lifecycle.yaml") == store.parse(text, "lifecycle.yaml")[1]
