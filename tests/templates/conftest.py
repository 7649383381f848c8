"""Real templates built in temporary folders: Copier (plain, with tasks), cookiecutter (plain,
laid out like cookiecutter-data-science), a Git copy for file:// URLs; and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mlstart.cli.app import main
from mlstart.render import copier_engine as render
from tests.helpers import git


def run(*args: str, cwd: Path | None = None) -> Result:
    """mlstart in-process, as a user runs it (errors become exit codes, never tracebacks)."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def as_git_repo(folder: Path) -> str:
    """Commit folder as a Git repository and return its file:// URL."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    git(folder, "add", "--all")
    git(folder, "commit", "-q", "-m", "template")
    return folder.as_uri()


def tree_digest(root: Path) -> dict[str, str]:
    """path -> bytes of every file outside .git (to compare 'byte for byte')."""
    return {
        str(p.relative_to(root)): p.read_bytes().hex()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


COPIER_FILES = {
    "copier.yml": """\
project_slug:
  type: str
  default: demo_pkg
greeting:
  type: str
  default: Hello
flavour:
  type: str
  choices: [vanilla, chocolate]
  default: vanilla
""",
    "{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml -}}\n",
    "README.md.jinja": "# {{ project_slug }}\n\n{{ greeting }}, world.\n\nBuilt with care.\n",
    "config.toml.jinja": '[tool]\nflavour = "{{ flavour }}"\nlevel = 1\n',
    "{{ project_slug }}/__init__.py.jinja": '"""{{ project_slug }}."""\n',
    "notes.txt": "line one\nline two\nline three\n",
}


@pytest.fixture
def copier_template(tmp_path: Path) -> Path:
    """A plain-folder Copier template with three questions (one a choice)."""
    return write(tmp_path / "tpl-copier", COPIER_FILES)


@pytest.fixture
def copier_with_tasks(tmp_path: Path) -> Path:
    files = dict(COPIER_FILES)
    files["copier.yml"] += "_tasks:\n  - touch task-ran.txt\n"
    return write(tmp_path / "tpl-tasks", files)


COOKIECUTTER_FILES = {
    "cookiecutter.json": json.dumps(
        {
            "project_name": "Demo",
            "repo_name": "{{ cookiecutter.project_name.lower().replace(' ', '-') }}",
            "licence": ["MIT", "BSD"],
            "greeting": "Hello",
        }
    ),
    "{{ cookiecutter.repo_name }}/README.md": (
        "# {{ cookiecutter.project_name }}\n\n"
        "{{ cookiecutter.greeting }}, world.\n\nBuilt with care.\n"
    ),
    "{{ cookiecutter.repo_name }}/LICENSE": "{{ cookiecutter.licence }} licence\n",
    "{{ cookiecutter.repo_name }}/notes.txt": "line one\nline two\nline three\n",
}


@pytest.fixture
def cookiecutter_template(tmp_path: Path) -> Path:
    return write(tmp_path / "tpl-cookiecutter", COOKIECUTTER_FILES)


CCDS_HOOK_PRE = """\
import re
import sys

module_name = "{{ cookiecutter.module_name }}"
if not re.match(r"^[_a-zA-Z][_a-zA-Z0-9]+$", module_name):
    print(f"ERROR: {module_name} is not a valid Python module name!")
    sys.exit(1)
"""

CCDS_HOOK_POST = """\
import shutil
from pathlib import Path

if "{{ cookiecutter.open_source_license }}" == "No license file":
    Path("LICENSE").unlink()
if "{{ cookiecutter.docs }}" == "none":
    shutil.rmtree("docs")
if "{{ cookiecutter.include_code_scaffold }}" == "No":
    for path in Path("{{ cookiecutter.module_name }}").glob("*.py"):
        if path.name != "__init__.py":
            path.unlink()
Path("post-hook-ran.txt").write_text("{{ cookiecutter.environment_manager }}\\n")
print("post-generation hook says hello on stdout")
"""

CCDS_FILES = {
    "cookiecutter.json": json.dumps(
        {
            "project_name": "project_name",
            "repo_name": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
            "module_name": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
            "author_name": "Your name (or your organization/company/team)",
            "description": "A short description of the project.",
            "python_version_number": "3.10",
            "environment_manager": ["virtualenv", "conda", "pipenv", "none"],
            "dependency_file": ["requirements.txt", "pyproject.toml", "environment.yml"],
            "open_source_license": ["No license file", "MIT", "BSD-3-Clause"],
            "docs": ["mkdocs", "none"],
            "include_code_scaffold": ["Yes", "No"],
        }
    ),
    "hooks/pre_gen_project.py": CCDS_HOOK_PRE,
    "hooks/post_gen_project.py": CCDS_HOOK_POST,
    "{{ cookiecutter.repo_name }}/README.md": (
        "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.description }}\n\n"
        "## Project Organization\n\nThe layout of cookiecutter-data-science.\n"
    ),
    "{{ cookiecutter.repo_name }}/.gitignore": "/data/\n__pycache__/\n",
    "{{ cookiecutter.repo_name }}/LICENSE": "{{ cookiecutter.open_source_license }}\n",
    "{{ cookiecutter.repo_name }}/Makefile": (
        "PYTHON_VERSION = {{ cookiecutter.python_version_number }}\n\nrequirements:\n\t"
        "pip install -r {{ cookiecutter.dependency_file }}\n"
    ),
    "{{ cookiecutter.repo_name }}/data/raw/.gitkeep": "",
    "{{ cookiecutter.repo_name }}/notebooks/.gitkeep": "",
    "{{ cookiecutter.repo_name }}/docs/mkdocs.yml": "site_name: {{ cookiecutter.project_name }}\n",
    "{{ cookiecutter.repo_name }}/docs/docs/index.md": "# {{ cookiecutter.project_name }}\n",
    "{{ cookiecutter.repo_name }}/{{ cookiecutter.module_name }}/__init__.py": "",
    "{{ cookiecutter.repo_name }}/{{ cookiecutter.module_name }}/config.py": (
        'PROJECT = "{{ cookiecutter.project_name }}"\n'
    ),
    "{{ cookiecutter.repo_name }}/{{ cookiecutter.module_name }}/dataset.py": (
        "def main():\n    pass\n"
    ),
}


@pytest.fixture
def ccds_template(tmp_path: Path) -> Path:
    """Laid out like cookiecutter-data-science: nested repo folder, pre/post hooks, choices."""
    return write(tmp_path / "tpl-ccds", CCDS_FILES)


@pytest.fixture
def bundled_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the bundled template that mlstart uses instead of the installed one."""
    copy = tmp_path / "bundled"
    shutil.copytree(render.bundled_template(), copy)
    monkeypatch.setattr(render, "bundled_template", lambda: copy)
    yield copy


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "-q", "-m", message)
