"""The indented JSON writer of `status --json` writes what json.dumps writes, byte for byte."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from mlstart.core.jsontext import dumps

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(values)
def test_the_same_text_as_json_dumps(value: object) -> None:
    from mlstart.core.jsontext import for_output

    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert for_output(value, terminal=False) == json.dumps(value, ensure_ascii=False)


def test_keys_that_are_not_text_are_left_to_json_dumps() -> None:
    data = {1: [True, None], "é\n": 1.5}
    assert dumps(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_a_terminal_gets_indented_text_and_a_pipe_one_line() -> None:
    from pathlib import Path

    from mlstart.core.jsontext import for_output

    data = {"a": [1, {"b": "é"}], "path": Path("/x")}
    indented = for_output(data, terminal=True, default=str)
    assert indented == json.dumps(data, indent=2, ensure_ascii=False, default=str)
    piped = for_output(data, terminal=False, default=str)
    assert "\n" not in piped and json.loads(piped) == json.loads(indented)
