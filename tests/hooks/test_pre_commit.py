"""`mlstart hook pre-commit` against real repositories: what it refuses, why, and the fix."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from mlstart.githooks import handlers as hooks_impl
from tests.helpers import git

VALID_YAML = "a: 1\n"
BROKEN_YAML = "phase: [planning\n  stage: heuristic\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("hi\n")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "init")
    return root


def stage(repo: Path, name: str, content: str | bytes) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    git(repo, "add", "-f", name)


def run(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = hooks_impl.pre_commit([], cwd=str(repo))
    return code, capsys.readouterr().err


def test_clean_commit_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "src/app.py", "print('hello')\n")
    assert run(repo, capsys) == (0, "")


def test_nothing_staged_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, capsys) == (0, "")


def test_big_data_file_is_refused_with_dvc_hint(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLSTART_MAX_FILE_MB", "0.01")
    stage(repo, "data/raw/big.csv", "x,y\n" + "1,2\n" * 5000)
    stage(repo, "models/model.pkl", b"\0" * 20000)
    code, err = run(repo, capsys)
    assert code == 1
    assert "data/raw/big.csv" in err and "models/model.pkl" in err
    assert "DVC" in err and "Git LFS" in err


def test_size_limit_from_git_config(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLSTART_MAX_FILE_MB", raising=False)
    stage(repo, "data/sample/s.csv", "a\n" * 4000)
    assert run(repo, capsys)[0] == 0  # 8 kB is under the default 5 MB
    git(repo, "config", hooks_impl.LIMIT_CONFIG, "0.001")
    assert run(repo, capsys)[0] == 1


def test_the_one_size_limit_applies_to_every_path(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLSTART_MAX_FILE_MB", "0.001")
    stage(repo, "docs/big.md", "word " * 1000)
    code, err = run(repo, capsys)
    assert code == 1 and "docs/big.md" in err and "limit" in err


@pytest.mark.parametrize("name", [".env", "config/.env.production", ".env.local"])
def test_env_files_are_refused(name: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, name, "DEBUG=1\n")
    code, err = run(repo, capsys)
    assert code == 1
    assert name in err and ".gitignore" in err


def test_env_example_is_fine(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, ".env.example", "API_KEY=\n")
    assert run(repo, capsys)[0] == 0


@pytest.mark.parametrize("name", ["id_ed25519", "keys/server.pem", "deploy.key"])
def test_key_files_are_refused(name: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, name, "x\n")
    code, err = run(repo, capsys)
    assert code == 1 and "private key" in err


def test_public_key_is_fine(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "id_ed25519.pub", "ssh-ed25519 AAAA test\n")
    assert run(repo, capsys)[0] == 0


def test_private_key_text_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(repo.parent / "k")],
        capture_output=True,
        check=False,
    )
    if key.returncode != 0:
        text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n"
    else:
        text = (repo.parent / "k").read_text()
    stage(repo, "notes/creds.txt", "see below\n" + text)
    code, err = run(repo, capsys)
    assert code == 1
    assert "notes/creds.txt" in err and "private key" in err


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("aws = 'AKIA" + "ABCDEFGHIJKLMNOP'", "AWS"),
        ("token = 'ghp_" + "a" * 36 + "'", "GitHub"),
        ("OPENAI_API_KEY = 'sk-" + "x1" * 15 + "'", "secret"),
        ("api_key: 'Zx9" + "q" * 20 + "'", "secret"),
    ],
)
def test_key_like_text_is_refused(
    line: str, what: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stage(repo, "src/config.py", f"{line}\n")
    code, err = run(repo, capsys)
    assert code == 1
    assert "src/config.py" in err and what in err and "environment variable" in err


def test_ordinary_code_mentioning_keys_passes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stage(repo, "src/settings.py", 'API_KEY = os.environ["API_KEY"]\npassword = ""\n')
    assert run(repo, capsys)[0] == 0


def test_only_added_lines_are_scanned(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "a.txt", "token = 'ghp_" + "b" * 36 + "'\n")
    git(repo, "commit", "-q", "--no-verify", "-m", "old secret")
    stage(repo, "a.txt", "token = 'ghp_" + "b" * 36 + "'\nmore\n")
    assert run(repo, capsys)[0] == 0


def test_invalid_lifecycle_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stage(repo, "lifecycle.yaml", BROKEN_YAML)
    code, err = run(repo, capsys)
    assert code == 1
    assert "lifecycle.yaml" in err and "fix:" in err


def test_lifecycle_problem_uses_yaml_check_for_syntax() -> None:
    problem = hooks_impl.lifecycle_problem(BROKEN_YAML)
    assert problem is not None and "YAML" in problem


def test_lifecycle_not_staged_is_not_checked(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "lifecycle.yaml").write_text(BROKEN_YAML)
    stage(repo, "src/x.py", "x = 1\n")
    assert run(repo, capsys)[0] == 0


def test_unknown_hook_never_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    assert hooks_impl.run_hook("post-frobnicate", []) == 0
    assert "post-frobnicate" in capsys.readouterr().err


def test_all_problems_are_listed_at_once(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLSTART_MAX_FILE_MB", "0.001")
    stage(repo, ".env", "X=1\n")
    stage(repo, "data/x.csv", "a\n" * 2000)
    code, err = run(repo, capsys)
    assert code == 1 and "2 problem(s)" in err and "--no-verify" in err


def test_cwd_defaults_to_the_current_folder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    stage(repo, ".env", "X=1\n")
    assert hooks_impl.run_hook("pre-commit", []) == 1
    assert os.getcwd() == str(repo)
