"""`mlstart update` on a cookiecutter template change, against `cruft update` on the same change.

The template is shaped like cookiecutter-data-science (a nested project folder, choice
variables, a post-generation hook that removes what was not chosen, about thirty files) in a
local Git repository. Each project is made from the first commit (`mlstart new --template`,
`cruft create`), committed, then the template changes (a README line, a new file, a changed
Makefile) and each timed run brings a fresh copy of the project to it: `mlstart update` renders
once without the hooks and merges with Git (and commits); `cruft update -y` renders the old and
the new version and applies the difference (it does not commit). Run with
`python benchmarks/run.py update_cookiecutter`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from timing import exe, fresh_copy, isolated_env, paired, row

ROOT = "{{ cookiecutter.repo_name }}"
MODULE = f"{ROOT}/{{{{ cookiecutter.module_name }}}}"
POST_HOOK = """\
import shutil
from pathlib import Path

if "{{ cookiecutter.docs }}" == "none":
    shutil.rmtree("docs")
if "{{ cookiecutter.open_source_license }}" == "No license file":
    Path("LICENSE").unlink()
"""


def _template_files() -> dict[str, str]:
    variables = {
        "project_name": "project_name",
        "repo_name": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
        "module_name": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
        "author_name": "Your name",
        "description": "A short description of the project.",
        "python_version_number": "3.10",
        "environment_manager": ["virtualenv", "conda", "none"],
        "open_source_license": ["MIT", "No license file", "BSD-3-Clause"],
        "docs": ["mkdocs", "none"],
    }
    files = {
        "cookiecutter.json": json.dumps(variables, indent=2),
        "hooks/post_gen_project.py": POST_HOOK,
        f"{ROOT}/README.md": (
            "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.description }}\n"
        ),
        f"{ROOT}/LICENSE": "{{ cookiecutter.open_source_license }} licence\n",
        f"{ROOT}/Makefile": "PYTHON = python{{ cookiecutter.python_version_number }}\n",
        f"{ROOT}/.gitignore": "/data/\n__pycache__/\n",
        f"{ROOT}/pyproject.toml": '[project]\nname = "{{ cookiecutter.module_name }}"\n',
        f"{ROOT}/docs/mkdocs.yml": "site_name: {{ cookiecutter.project_name }}\n",
        f"{ROOT}/docs/docs/index.md": "# {{ cookiecutter.project_name }}\n",
        f"{MODULE}/__init__.py": "",
        f"{MODULE}/config.py": 'AUTHOR = "{{ cookiecutter.author_name }}"\n',
    }
    for folder in ("raw", "interim", "processed", "external"):
        files[f"{ROOT}/data/{folder}/.gitkeep"] = ""
    for name in ("dataset", "features", "plots", "modeling/train", "modeling/predict"):
        files[f"{MODULE}/{name}.py"] = f'"""{name} step of {{{{ cookiecutter.module_name }}}}."""\n'
    for name in ("models", "notebooks", "references", "reports/figures"):
        files[f"{ROOT}/{name}/.gitkeep"] = ""
    for index in range(8):
        files[f"{ROOT}/tests/test_part{index}.py"] = "def test_ok():\n    assert True\n"
    return files


def _run(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
    subprocess.run(cmd, env=env, cwd=cwd, check=True, capture_output=True)


def _commit(folder: Path, env: dict[str, str], message: str) -> None:
    _run(["git", "add", "--all"], env, folder)
    _run(["git", "commit", "-q", "-m", message], env, folder)


def _template_repo(root: Path, env: dict[str, str]) -> Path:
    repo = root / "template"
    for name, text in _template_files().items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _run(["git", "init", "-q", "-b", "main"], env, repo)
    _commit(repo, env, "v1")
    return repo


def _change(repo: Path, env: dict[str, str]) -> None:
    readme = repo / ROOT / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA line from template v2.\n")
    (repo / ROOT / "CONTRIBUTING.md").write_text("Be kind.\n", encoding="utf-8")
    (repo / ROOT / "Makefile").write_text(
        "PYTHON = python{{ cookiecutter.python_version_number }}\n\nlint:\n\truff check .\n"
    )
    _commit(repo, env, "v2")


def _projects(root: Path, repo: Path, env: dict[str, str]) -> tuple[Path, Path]:
    ours, theirs = root / "ours" / "demo", root / "theirs"
    url = repo.as_uri()
    _run([exe("mlstart"), "new", str(ours), "--defaults", "--trust", "--template", url], env)
    theirs.mkdir()
    _run([exe("cruft"), "create", url, "--no-input", "--output-dir", str(theirs)], env)
    made = next(p for p in theirs.iterdir() if p.is_dir())
    _run(["git", "init", "-q", "-b", "main"], env, made)
    _commit(made, env, "v1")
    return ours, made


def run() -> list[tuple[str, float, str | None, object]]:
    """Median times of bringing a project made from v1 to v2, both ways."""
    root = Path(tempfile.mkdtemp(prefix="mlstart-bench-cookiecutter-"))
    env = isolated_env(root / "home")
    try:
        repo = _template_repo(root, env)
        ours, theirs = _projects(root, repo, env)
        _change(repo, env)
        pair = paired(
            lambda w: [[exe("mlstart"), "update", "-C", str(fresh_copy(ours, w))]],
            lambda w: [[exe("cruft"), "update", "-y", "-p", str(fresh_copy(theirs, w))]],
            env=env,
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    cruft_label = "cruft update -y (cookiecutter v1 -> v2, no commit)"
    return [
        (cruft_label, sorted(pair.b)[len(pair.b) // 2], None, None),
        row("mlstart update (cookiecutter v1 -> v2, merged and committed)", pair, cruft_label),
    ]
