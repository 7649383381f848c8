"""Copier's clone of a Git template skips `git submodule update` only when there is none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlstart.render import copier_clone, copier_engine
from tests.helpers import git
from tests.templates.conftest import as_git_repo, write

TEMPLATE = {"copier.yml": "name:\n  type: str\n  default: demo\n", "a.txt.jinja": "{{ name }}\n"}
RENDER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from mlstart.render.copier_engine import render_copier\n"
    "render_copier(sys.argv[1], Path(sys.argv[2]), {})\n"
)


def test_what_counts_as_no_submodule(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    as_git_repo(write(plain, {"a.txt": "a\n"}))
    assert copier_clone.has_no_submodule(plain)
    listed = tmp_path / "listed"
    as_git_repo(write(listed, {"a.txt": "a\n", ".gitmodules": ""}))
    assert not copier_clone.has_no_submodule(listed)
    linked = tmp_path / "linked"
    as_git_repo(write(linked, {"a.txt": "a\n"}))
    git(linked, "update-index", "--add", "--cacheinfo", f"160000,{'1' * 40},vendor")
    assert not copier_clone.has_no_submodule(linked)  # a gitlink without .gitmodules
    outside = write(tmp_path / "outside", {"a.txt": "a\n"})
    assert not copier_clone.has_no_submodule(outside)  # not a repository: Copier decides


def test_a_template_without_submodules_starts_no_submodule_update(tmp_path: Path) -> None:
    template = write(tmp_path / "tpl", TEMPLATE)
    as_git_repo(template)  # a local repository: Copier clones it
    log, shim = tmp_path / "calls", tmp_path / "bin"
    shim.mkdir()
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    (shim / "git").write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real} "$@"\n')
    (shim / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}"}
    dest = tmp_path / "p"
    subprocess.run([sys.executable, "-c", RENDER, str(template), str(dest)], env=env, check=True)
    assert (dest / "a.txt").read_text() == "demo\n"
    calls = log.read_text().splitlines()
    assert any(c.startswith("clone") for c in calls), calls  # Copier did clone it
    assert not [c for c in calls if c.startswith("submodule")], calls


def test_a_template_with_a_submodule_gets_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plumbum import local  # Copier's git runs with plumbum's copy of the environment

    allow = {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "protocol.file.allow"}
    allow["GIT_CONFIG_VALUE_0"] = "always"  # a submodule from a local path, for the test
    for key, value in allow.items():
        monkeypatch.setenv(key, value)
    vendor = as_git_repo(write(tmp_path / "vendor", {"lib.txt": "from the submodule\n"}))
    template = write(tmp_path / "tpl", TEMPLATE)
    as_git_repo(template)
    git(template, "submodule", "add", "-q", vendor, "vendor")
    git(template, "commit", "-q", "-m", "a submodule")
    dest = tmp_path / "p"
    with local.env(**allow):
        copier_engine.render_copier(str(template), dest, {})
    assert (dest / "vendor" / "lib.txt").read_text() == "from the submodule\n"
    assert (dest / "a.txt").read_text() == "demo\n"


def test_the_patch_is_scoped_to_the_block() -> None:
    from copier import _vcs

    original = _vcs.get_git
    with copier_clone.no_empty_submodule_update():
        assert _vcs.get_git is not original
        assert "git version" in _vcs.get_git()("version")
    assert _vcs.get_git is original
    with pytest.raises(RuntimeError), copier_clone.no_empty_submodule_update():
        raise RuntimeError("boom")
    assert _vcs.get_git is original
