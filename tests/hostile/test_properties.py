"""Property tests: every loader turns any input into a result or one clean error, and user text
goes through lifecycle.yaml, the template record and answers files unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlstart.core.errors import MlstartError
from mlstart.core.safeio import load_json
from mlstart.core.yamlio import (
    YamlSyntaxError,
    dump_roundtrip,
    load_plain,
    load_roundtrip,
    load_text,
)
from mlstart.interview.answers import load_answers_file, parse_value
from mlstart.interview.questions import BY_KEY, means_unknown
from mlstart.lifecycle import store
from mlstart.workflow import templates
from mlstart.workflow.templates import Record
from mlstart.workflow.tracking import skip
from tests.lifecycle.conftest import answers_for

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
INDICATORS = [
    "? ",
    ": ",
    "- ",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "#",
    "'",
    '"',
    "{",
    "[",
    ",",
]
# User text: any printable text, often starting with a YAML indicator, or shaped like a number.
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(INDICATORS),
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    ),
    st.sampled_from(["0o17", "0x1F", "1e3", "yes", "no", "null", "~", "2024-01-01", ".nan", "-"]),
).filter(lambda t: t.strip() != "")
ANY_TEXT = st.text(max_size=300)
ANY_BYTES = st.binary(max_size=300)


def _clean(call, *args):  # type: ignore[no-untyped-def]
    """Run a loader: a result, or an error of mlstart's (never anything else)."""
    try:
        return call(*args)
    except (MlstartError, YamlSyntaxError):
        return None


@SETTINGS
@given(ANY_TEXT)
def test_yaml_loaders_take_any_text(text: str) -> None:
    for loader in (load_plain, load_roundtrip, load_text):
        _clean(loader, text)


@SETTINGS
@given(ANY_TEXT)
def test_the_json_loader_takes_any_text(text: str) -> None:
    _clean(load_json, text, "x.json")


@SETTINGS
@given(ANY_TEXT)
def test_the_lifecycle_parser_takes_any_text(text: str) -> None:
    _clean(store.parse, text, "lifecycle.yaml")


@SETTINGS
@given(ANY_TEXT)
def test_the_record_parser_takes_any_text(text: str) -> None:
    _clean(templates.parse, text, ".mlstart/template.yml")


@SETTINGS
@given(ANY_BYTES, st.sampled_from([".yml", ".json"]))
def test_the_answers_loader_takes_any_bytes(data: bytes, suffix: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"answers{suffix}"
        path.write_bytes(data)
        loaded = _clean(load_answers_file, path)
        assert loaded is None or isinstance(loaded, dict)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("props") / "proj"
    root.mkdir()
    store.write_new(root, *answers_for(), "Ada Tester")
    return root


@SETTINGS
@given(reason=TEXT)
def test_user_text_round_trips_through_lifecycle_yaml(
    base: Path, tmp_path_factory: pytest.TempPathFactory, reason: str
) -> None:
    root = tmp_path_factory.mktemp("rt") / "proj"
    shutil.copytree(base, root)
    skip(root, "planning.approach", reason)
    data = store.parse((root / "lifecycle.yaml").read_text(encoding="utf-8"), "x")[1]
    task = next(t for t in data["phases"]["planning"] if t["id"] == "planning.approach")
    assert task["reason"] == reason
    assert data["history"][-1]["reason"] == reason


@SETTINGS
@given(TEXT.filter(lambda t: not means_unknown(t)))  # "?", "tbd": the interview's "don't know"
def test_answers_round_trip_through_an_answers_file(text: str) -> None:
    """What Copier writes (PyYAML) and what mlstart writes, read back as the same text."""
    import tempfile

    question = BY_KEY["description"]
    for dumped in (yaml.safe_dump({"description": text}), dump_roundtrip({"description": text})):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "answers.yml"
            path.write_text(dumped, encoding="utf-8")
            raw = load_answers_file(path)["description"]
            assert parse_value(question, raw, {}) == text
    as_json = json.dumps({"description": text})
    assert parse_value(question, json.loads(as_json)["description"], {}) == text


@SETTINGS
@given(TEXT, TEXT)
def test_user_text_round_trips_through_the_template_record(problem: str, other: str) -> None:
    record = Record("bundled", "copier", {"problem": problem}, {"own": other}, phase="planning")
    assert templates.parse(templates.dump(record), "record") == record
