"""`mlstart update` after a template change, against `copier update` on the same change.

The template is a copy of mlstart's own (a real-sized Copier template) in a local Git
repository tagged v1; each project is made from v1, then the template changes (a line in the
README, a new file) and is tagged v2. Each timed run starts from a fresh copy of the project made
at v1: `mlstart update` renders once and merges with Git (and commits); `copier update
--defaults` renders the old and the new version and applies the difference (it does not commit).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from timing import exe, fresh_copy, isolated_env, paired, row

from mlstart.render import copier_engine as render


def _run(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
    subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True)


def _template_repo(root: Path, env: dict[str, str]) -> Path:
    repo = root / "template"
    shutil.copytree(render.bundled_template(), repo)
    _run(["git", "init", "-q", "-b", "main"], env, repo)
    _run(["git", "add", "--all"], env, repo)
    _run(["git", "commit", "-q", "-m", "v1"], env, repo)
    _run(["git", "tag", "v1.0.0"], env, repo)
    return repo


def _change(repo: Path, env: dict[str, str]) -> None:
    readme = repo / "project" / "README.md.jinja"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA line from template v2.\n")
    (repo / "project" / "CONTRIBUTING.md").write_text("Be kind.\n", encoding="utf-8")
    _run(["git", "add", "--all"], env, repo)
    _run(["git", "commit", "-q", "-m", "v2"], env, repo)
    _run(["git", "tag", "v2.0.0"], env, repo)


def _projects(root: Path, repo: Path, env: dict[str, str]) -> tuple[Path, Path]:
    ours, theirs = root / "ours" / "demo", root / "theirs" / "demo"
    _run([exe("mlstart"), "new", str(ours), "--defaults", "--template", str(repo)], env)
    _run([exe("copier"), "copy", "--defaults", "--quiet", str(repo), str(theirs)], env)
    # Copier records a local template's path relative to the project: make it absolute, so a
    # copy of the project elsewhere (each timed run's) still finds the template.
    answers = theirs / ".copier-answers.yml"
    lines = answers.read_text(encoding="utf-8").splitlines()
    lines = [f"_src_path: {repo}" if x.startswith("_src_path:") else x for x in lines]
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "--all"], ["commit", "-q", "-m", "v1"]):
        _run(["git", *args], env, theirs)
    return ours, theirs


def run() -> list[tuple[str, float, str | None, object]]:
    """Median times of bringing a v1 project to v2, both ways."""
    root = Path(tempfile.mkdtemp(prefix="mlstart-bench-update-"))
    env = isolated_env(root / "home")
    try:
        repo = _template_repo(root, env)
        ours, theirs = _projects(root, repo, env)
        _change(repo, env)

        def copy(project: Path, work: Path) -> str:
            return str(fresh_copy(project, work, "demo"))

        pair = paired(
            lambda w: [[exe("mlstart"), "update", copy(ours, w)]],
            lambda w: [[exe("copier"), "update", "--defaults", "--quiet", copy(theirs, w)]],
            env=env,
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    copier_label = "copier update --defaults (v1 -> v2, no commit)"
    return [
        (copier_label, sorted(pair.b)[len(pair.b) // 2], None, None),
        row("mlstart update (v1 -> v2, merged and committed)", pair, copier_label),
    ]
