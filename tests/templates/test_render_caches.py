"""The compiled-template cache and the scoped Copier patch change nothing in what is rendered."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlstart.interview.answers import resolve
from mlstart.interview.plan import derive
from mlstart.render import copier_engine, copier_patches, jinja_cache

RENDER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from mlstart.interview.answers import resolve\n"
    "from mlstart.interview.plan import derive\n"
    "from mlstart.render.copier_engine import render_bundled\n"
    "a = resolve({'project_name': 'demo'})\n"
    "render_bundled(Path(sys.argv[1]), a, derive(a))\n"
)


def render(dest: Path) -> None:
    answers = resolve({"project_name": "demo"})
    copier_engine.render_bundled(dest, answers, derive(answers))


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def cache_files() -> list[Path]:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "mlstart" / jinja_cache.CACHE_FOLDER
    return sorted(folder.iterdir()) if folder.is_dir() else []


def test_the_same_bytes_with_a_cold_a_warm_and_no_cache(tmp_path: Path) -> None:
    jinja_cache._COMPILED.clear()
    render(tmp_path / "cold")
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "mlstart" / jinja_cache.CACHE_FOLDER
    assert cache_files(), "the first run fills the cache"
    assert folder.stat().st_mode & 0o777 == 0o700
    jinja_cache._COMPILED.clear()
    render(tmp_path / "warm")
    jinja_cache._COMPILED.clear()
    subprocess.run(
        [sys.executable, "-c", RENDER, str(tmp_path / "none")],
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "other-cache")},
        check=True,
    )
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm") == tree(tmp_path / "none")


@pytest.mark.parametrize("damage", [b"", b"garbage", jinja_cache.MAGIC + b"\x00\x01", None])
def test_a_corrupt_cache_is_compiled_again(tmp_path: Path, damage: bytes | None) -> None:
    render(tmp_path / "first")
    for path in cache_files():
        if damage is None:  # a valid entry of something that is not code
            import marshal

            path.write_bytes(jinja_cache.MAGIC + marshal.dumps({"not": "code"}))
        else:
            path.write_bytes(damage)
    jinja_cache._COMPILED.clear()
    render(tmp_path / "second")
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    assert all(p.read_bytes().startswith(jinja_cache.MAGIC) for p in cache_files())


def test_concurrent_runs_share_the_cache(tmp_path: Path) -> None:
    runs = [
        subprocess.Popen([sys.executable, "-c", RENDER, str(tmp_path / f"p{n}")]) for n in range(3)
    ]
    assert [run.wait(timeout=600) for run in runs] == [0, 0, 0]
    assert tree(tmp_path / "p0") == tree(tmp_path / "p1") == tree(tmp_path / "p2")
    leftovers = [p for p in cache_files() if p.name.endswith(".tmp")]
    assert not leftovers


def test_a_cache_folder_of_another_user_is_not_used(tmp_path: Path) -> None:
    folder = Path(os.environ["XDG_CACHE_HOME"]) / "mlstart"
    folder.mkdir(parents=True, mode=0o700)
    if os.getuid() != 0:
        pytest.skip("needs root to give the folder to another user")
    os.chown(folder, 65534, 65534)
    jinja_cache._COMPILED.clear()
    render(tmp_path / "p")
    assert (tmp_path / "p" / "lifecycle.yaml").exists() or any((tmp_path / "p").iterdir())
    assert not (folder / jinja_cache.CACHE_FOLDER).exists()


def test_the_index_sync_is_skipped_only_outside_a_repository(tmp_path: Path) -> None:
    worker = copier_engine.worker_class()
    original = getattr(worker, copier_patches.INDEX_SYNC)
    with copier_patches.no_index_sync_outside_git(worker, tmp_path / "new"):
        assert getattr(worker, copier_patches.INDEX_SYNC) is not original
    assert getattr(worker, copier_patches.INDEX_SYNC) is original
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    with copier_patches.no_index_sync_outside_git(worker, tmp_path / "repo" / "sub"):
        assert getattr(worker, copier_patches.INDEX_SYNC) is original


def test_the_patch_is_restored_when_rendering_fails(tmp_path: Path) -> None:
    worker = copier_engine.worker_class()
    original = getattr(worker, copier_patches.INDEX_SYNC)
    with (
        pytest.raises(RuntimeError),
        copier_patches.no_index_sync_outside_git(worker, tmp_path / "x"),
    ):
        raise RuntimeError("boom")
    assert getattr(worker, copier_patches.INDEX_SYNC) is original


def test_rendering_outside_a_repository_starts_no_git_config(tmp_path: Path) -> None:
    log = tmp_path / "calls"
    shim = tmp_path / "bin"
    shim.mkdir()
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    (shim / "git").write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real} "$@"\n')
    (shim / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-c", RENDER, str(tmp_path / "p")], env=env, check=True)
    calls = log.read_text().splitlines() if log.exists() else []
    assert not [c for c in calls if c.startswith("config")], calls
    # No probe of the template folder: not a repository's root, not a bundle.
    assert not [c for c in calls if c.startswith(("init", "bundle", "rev-parse"))], calls


def test_a_template_from_another_folder_reuses_the_compiled_code(tmp_path: Path) -> None:
    """Copier renders a Git template from a fresh clone folder each run: the same text under
    the same name is not compiled (nor stored) again, and its code names the folder of this use
    (as Jinja names it in a traceback)."""
    from jinja2 import Environment, FileSystemLoader

    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "page.txt").write_text("{% for i in n %}{{ i }}{% endfor %}\n")
    jinja_cache._COMPILED.clear()
    with jinja_cache.compile_once():
        first = Environment(loader=FileSystemLoader(tmp_path / "one")).get_template("page.txt")
    stored = cache_files()
    jinja_cache._COMPILED.clear()
    with jinja_cache.compile_once():
        second = Environment(loader=FileSystemLoader(tmp_path / "two")).get_template("page.txt")
    assert cache_files() == stored
    assert first.render(n=[1, 2]) == second.render(n=[1, 2]) == "12"
    assert first.filename == str(tmp_path / "one" / "page.txt")
    assert second.filename == str(tmp_path / "two" / "page.txt")
    code = jinja_cache._refiled(compile("def f():\n    pass\n", "a", "exec"), "b")
    assert {
        code.co_filename,
        *(c.co_filename for c in code.co_consts if hasattr(c, "co_filename")),
    } == {"b"}


def test_a_bundle_file_is_still_a_template_source(tmp_path: Path) -> None:
    from copier import _vcs

    repo = tmp_path / "tpl"
    repo.mkdir()
    (repo / "copier.yml").write_text("name: {type: str, default: x}\n")
    git = ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "t"], check=True)
    bundle = tmp_path / "tpl.bundle"
    subprocess.run([*git, "bundle", "create", "-q", str(bundle), "--all"], check=True)
    plain = tmp_path / "plain"
    plain.mkdir()
    with copier_patches.no_git_probes_for_plain_folders():
        assert _vcs.get_repo(str(bundle)) is not None  # a file: Copier's own probe says yes
        assert _vcs.get_repo(str(plain)) is None  # a folder: no, without starting Git
        assert _vcs.get_repo(str(tmp_path / "missing")) is None
        assert _vcs.get_repo(str(repo)) is not None  # a repository's root: Git says so
        (repo / "sub").mkdir()
        assert not _vcs.is_git_repo_root(repo / "sub")  # inside one, not its root: Git says so
    assert _vcs.is_git_bundle.__module__ == "copier._vcs"  # restored
    assert _vcs.is_git_repo_root.__module__ == "copier._vcs"
