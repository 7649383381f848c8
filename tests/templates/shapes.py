"""Templates shaped like the ones people use, built in the test: cookiecutter-data-science v2
(ccds.json, its own `ccds` package imported by the hooks, choices of sub-questions), Copier
templates in Git with tags (a question changing type, `_skip_if_exists`, `_migrations`,
messages), and broken ones (a failing hook, a missing include or extension)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.helpers import git
from tests.templates.conftest import write

CCDS_JSON = {
    "project_name": "project_name",
    "repo_name": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
    "module_name": "{{ cookiecutter.project_name.lower().replace(' ', '_').replace('-', '_') }}",
    "author_name": "Your name (or your organization/company/team)",
    "description": "A short description of the project.",
    "python_version_number": "3.10",
    "dataset_storage": [
        {"none": "none"},
        {"azure": {"container": "container-name"}},
        {"s3": {"bucket": "bucket-name", "aws_profile": "default"}},
    ],
    "environment_manager": ["virtualenv", "conda", "none"],
    "open_source_license": ["No license file", "MIT", "BSD-3-Clause"],
    "docs": ["mkdocs", "none"],
    "include_code_scaffold": ["Yes", "No"],
}

CCDS_POST = """\
import shutil
from pathlib import Path

from ccds.hook_utils.dependencies import basic, packages, write_dependencies

to_install = list(packages)
# {% if cookiecutter.dataset_storage.s3 %}
to_install += ["awscli"]
# {% endif %}
write_dependencies("requirements.txt", to_install, "{{ cookiecutter.custom_config }}")
if "{{ cookiecutter.open_source_license }}" == "No license file":
    Path("LICENSE").unlink()
if "{{ cookiecutter.docs }}" == "none":
    shutil.rmtree("docs")
"""

CCDS_FILES = {
    # the real one is a stub for the `ccds` command (here: not even valid JSON)
    "cookiecutter.json": '{\n  "project_name": "project_name",\n}\n',
    "ccds.json": json.dumps(CCDS_JSON, indent=2),
    "ccds/__init__.py": "",
    "ccds/version.py": '__version__ = "2.0.1"\n',
    "ccds/hook_utils/__init__.py": "",
    "ccds/hook_utils/dependencies.py": (
        'packages = ["pip", "python-dotenv"]\nbasic = ["numpy"]\n\n\n'
        "def write_dependencies(path, packages, custom):\n"
        '    with open(path, "w") as f:\n'
        '        f.write("\\n".join(packages) + "\\n")\n'
    ),
    "hooks/pre_prompt.py": "from ccds.version import __version__\n\nassert __version__\n",
    "hooks/post_gen_project.py": CCDS_POST,
    "{{ cookiecutter.repo_name }}/README.md": (
        "# {{ cookiecutter.project_name }}\n\n{{ cookiecutter.description }}\n"
    ),
    "{{ cookiecutter.repo_name }}/LICENSE": "{{ cookiecutter.open_source_license }}\n",
    "{{ cookiecutter.repo_name }}/Makefile": "PYTHON = {{ cookiecutter.python_version_number }}\n",
    "{{ cookiecutter.repo_name }}/.gitignore": "/data/\n*.log\n",
    "{{ cookiecutter.repo_name }}/data/raw/.gitkeep": "",
    "{{ cookiecutter.repo_name }}/docs/mkdocs.yml": "site_name: {{ cookiecutter.project_name }}\n",
    "{{ cookiecutter.repo_name }}/{{ cookiecutter.module_name }}/__init__.py": "",
    "{{ cookiecutter.repo_name }}/{{ cookiecutter.module_name }}/config.py": (
        'AUTHOR = "{{ cookiecutter.author_name }}"\n'
    ),
    "{{ cookiecutter.repo_name }}/tests/test_data.py": "def test_ok():\n    assert True\n",
}


def ccds_template(root: Path) -> Path:
    return write(root / "tpl-ccds2", CCDS_FILES)


def tagged_repo(folder: Path, versions: list[dict[str, str]], tags: list[str]) -> str:
    """A Git repository with one commit and tag per version (files replaced, not merged);
    returns its file:// URL."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    for files, tag in zip(versions, tags, strict=True):
        for path in folder.iterdir():
            if path.name != ".git":
                subprocess.run(["rm", "-rf", str(path)], check=True)
        write(folder, files)
        git(folder, "add", "--all")
        git(folder, "commit", "-q", "-m", f"version {tag}")
        git(folder, "tag", tag)
    return folder.as_uri()


ANSWERS_FILE = {"{{ _copier_conf.answers_file }}.jinja": "{{ _copier_answers | to_nice_yaml -}}\n"}

COPIER_V1 = {
    **ANSWERS_FILE,
    "copier.yml": """\
project_slug:
  type: str
  default: demo_pkg
flavour:
  type: str
  choices: [vanilla, chocolate]
  default: vanilla
tests:
  type: str
  default: "yes"
_skip_if_exists: [settings.ini]
_message_after_copy: "Next: run `make setup` in {{ project_slug }}"
""",
    "README.md.jinja": "# {{ project_slug }}\n\nFlavour: {{ flavour }}\n",
    "settings.ini.jinja": "[app]\nflavour = {{ flavour }}\n",
    "notes.txt": "one\ntwo\n",
}

COPIER_V2 = {
    **ANSWERS_FILE,
    "copier.yml": """\
project_slug:
  type: str
  default: demo_pkg
flavour:
  type: str
  choices: [mint, lemon]
  default: mint
tests:
  type: bool
  default: true
_skip_if_exists: [settings.ini]
_migrations:
  - version: v2
    command: "echo migrated-from-{{ _version_from }} > migration-ran.txt"
""",
    "README.md.jinja": "# {{ project_slug }}\n\nFlavour: {{ flavour }}\nTests: {{ tests }}\n",
    "settings.ini.jinja": "[app]\nflavour = {{ flavour }}\nversion = 2\n",
    "notes.txt": "one\ntwo\nthree\n",
}


def copier_versions(root: Path) -> str:
    """A Copier template in Git with tags v1 and v2 (v2: a choice and a type changed,
    settings.ini skipped if it exists, a migration)."""
    return tagged_repo(root / "tpl-versions", [COPIER_V1, COPIER_V2], ["v1", "v2"])
