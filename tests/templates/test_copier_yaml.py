"""Copier's reading of copier.yml with the C parser gives what Copier's own reading gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from copier import _template
from copier.errors import InvalidConfigFileError

from mlstart.render import copier_engine, copier_yaml
from tests.templates.shapes import COPIER_V2

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


def test_the_bundled_template_reads_the_same(tmp_path: Path) -> None:
    path = copier_engine.bundled_template() / "copier.yml"
    plain = _template.load_template_config(path)
    assert copier_yaml.read(_template.load_template_config, path) == plain
    assert _template.yaml is yaml  # Copier's module is as it was


def test_includes_and_merged_options_read_the_same(tmp_path: Path) -> None:
    (tmp_path / "copier.yml").write_text(
        COPIER_V2["copier.yml"] + "---\n!include extra/*.yml\n", encoding="utf-8"
    )
    (tmp_path / "extra").mkdir()
    (tmp_path / "extra" / "more.yml").write_text(
        "colour:\n  type: str\n  default: blue\n_skip_if_exists: [more.ini]\n", encoding="utf-8"
    )
    path = tmp_path / "copier.yml"
    fast = copier_yaml.read(_template.load_template_config, path)
    assert fast == _template.load_template_config(path)
    assert fast["colour"] == {"type": "str", "default": "blue"}
    assert fast["_skip_if_exists"] == ["settings.ini", "more.ini"]


def test_a_broken_file_is_copiers_own_error(tmp_path: Path) -> None:
    path = tmp_path / "copier.yml"
    path.write_text("a: [1, 2\nb: {\n", encoding="utf-8")
    with pytest.raises(InvalidConfigFileError):
        copier_yaml.read(_template.load_template_config, path, quiet=True)
    assert _template.yaml is yaml


def test_the_patch_is_scoped_to_the_block(tmp_path: Path) -> None:
    original = _template.load_template_config
    with copier_yaml.c_parser_for_copier():
        assert _template.load_template_config is not original
        path = copier_engine.bundled_template() / "copier.yml"
        assert _template.load_template_config(path) == original(path)
    assert _template.load_template_config is original
    with pytest.raises(RuntimeError), copier_yaml.c_parser_for_copier():
        raise RuntimeError("boom")
    assert _template.load_template_config is original
