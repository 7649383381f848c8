"""The charter rendered by Jinja alone (render.bundled_files) is byte for byte Copier's, and
`new --template` with a cookiecutter template never imports Copier."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from mlstart.render import bundled_files
from mlstart.render import copier_engine as render
from tests.template.matrix import complete, hidden, row_id, rows
from tests.template.test_render import TRICKY

# Copier renders only the charter: everything excluded, then docs/charter.md let back in.
CHARTER_ONLY = ("*", "!docs", "docs/*", f"!{render.CHARTER}")
ANSWER_SETS = [
    complete({"project_name": "Tricky Project", "data_availability": "partial", **TRICKY}),
    complete({"project_name": "  Ünïcode   name!  ", "data_availability": "unknown"}),
    complete({"task_type": "classification", "entity": "customer", "rows_repeat": True}),
    *rows(),
]


def by_copier(data: Mapping[str, Any]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        render.render_copier(render.bundled_template(), out, data, exclude=CHARTER_ONLY)
        return (out / render.CHARTER).read_text(encoding="utf-8")


@pytest.mark.parametrize("answers", ANSWER_SETS, ids=row_id)
def test_the_charter_by_jinja_alone_is_copiers(answers: dict[str, Any]) -> None:
    data = {**answers, **hidden(answers, "planning")}
    ours = bundled_files.render(render.bundled_template(), render.CHARTER, data)
    assert ours == by_copier(data)


@pytest.mark.parametrize(
    "text",
    [
        "str",
        "ml-project",
        "100 % # not a comment\n",
        "a\r\nb",
        "{{ 7*7 }}",
        "{# c #}x",
        "{% if 1 %}y{% endif %}",
        "",
    ],
)
@pytest.mark.parametrize("keep", [True, False])
def test_a_text_without_jinja_renders_as_itself(text: str, keep: bool) -> None:
    env = bundled_files.environment(
        render.bundled_template(), {"_envops": {"keep_trailing_newline": keep}}
    )
    assert bundled_files._rendered(env, text, {}) == env.from_string(text).render({})


# Runs mlstart as its console script does, then lists the heavy packages the run imported.
RUN_AND_LIST = """\
import json, sys
from mlstart.cli.launch import main
listing, sys.argv = sys.argv[1], ["mlstart", *sys.argv[2:]]
try:
    main()
finally:
    found = sorted({name.partition(".")[0] for name in sys.modules})
    open(listing, "w").write(json.dumps(found))
"""
# Nothing of these serves a cookiecutter template's project made without a terminal.
NOT_ON_THE_PATH = {"copier", "questionary", "prompt_toolkit", "pydantic", "plumbum", "git"}


def test_new_with_a_cookiecutter_template_imports_no_copier(
    ccds_template: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "modules.json"
    args = ["new", str(tmp_path / "demo"), "--defaults", "--no-install", "--trust"]
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, str(listing), *args, "--template", str(ccds_template)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "demo" / render.CHARTER).is_file()
    imported = set(json.loads(listing.read_text(encoding="utf-8")))
    assert "cookiecutter" in imported
    assert not imported & NOT_ON_THE_PATH
