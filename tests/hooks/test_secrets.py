"""The secret scan's rules: files by name, secrets in text by shape (and what must pass)."""

from __future__ import annotations

import pytest

from mlstart.githooks.secrets import secret_file_kind, secret_in_text

FAKE = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0"


@pytest.mark.parametrize(
    "line",
    [
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN EC PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----",
        "-----BEGIN ENCRYPTED PRIVATE KEY-----",
        "-----BEGIN PGP PRIVATE KEY BLOCK-----",
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
        "PuTTY-User-Key-File-3: ssh-ed25519",
        "PuTTY-User-Key-File-2: ssh-rsa",
    ],
)
def test_private_key_formats(line: str) -> None:
    assert secret_in_text(line) == "a private key"


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("key = AKIAIOSFODNN7EXAMPLE", "an AWS access key id"),
        (f"aws_secret_access_key = {FAKE}", "an AWS secret access key"),
        ("token: ghp_" + "a" * 36, "a GitHub token"),
        ("glpat-" + "x" * 20, "a GitLab token"),
        ("xoxb-123456789012-abcdefghij", "a Slack token"),
        ("AIza" + "b" * 35, "a Google API key"),
        ('"type": "service_account",', "a Google service account key"),
        ("OPENAI_API_KEY=sk-proj-" + "c" * 30, "an OpenAI-style secret key"),
        ("sk_live_" + "d" * 24, "a Stripe secret key"),
        ("hf_" + "e" * 34, "a Hugging Face token"),
        ("//registry.npmjs.org/:_authToken=" + "f" * 36, "an npm token"),
        ("pypi-AgEIcHlwaS5vcmc" + "g" * 60, "a PyPI token"),
        ("DefaultEndpointsProtocol=https;AccountKey=" + "h" * 88, "an Azure storage key"),
        ("postgres://admin:hunter2secret@db.example.com/x", "a password in a URL"),
        ('password = "correct-horse-battery"', "a secret assigned in the code"),
    ],
)
def test_token_shapes(line: str, what: str) -> None:
    assert secret_in_text(line) == what


@pytest.mark.parametrize(
    "line",
    [
        "api_key = os.environ['API_KEY']",
        "postgres://user:${PASSWORD}@db/x",
        "password: <your password>",
        "See https://docs.python.org/3/library/secrets.html",
        "sha256: 3f9c0d1b2a8e7f6d5c4b3a291807f6e5d4c3b2a1",
    ],
)
def test_ordinary_text_passes(line: str) -> None:
    assert secret_in_text(line) is None


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (".env", "env"),
        (".envrc", "env"),
        ("app/.env.production", "env"),
        ("keys/id_ed25519", "key"),
        ("id_ecdsa_sk", "key"),
        ("deploy.ppk", "key"),
        ("certs/server.key", "key"),
        ("store.jks", "key"),
        (".aws/credentials", "credentials"),
        ("home/.netrc", "credentials"),
        (".git-credentials", "credentials"),
        (".pypirc", "credentials"),
        ("gcloud/application_default_credentials.json", "credentials"),
        ("infra/terraform.tfstate", "credentials"),
    ],
)
def test_secret_files_by_name(path: str, kind: str) -> None:
    assert secret_file_kind(path) == kind


@pytest.mark.parametrize("path", [".env.example", "id_ed25519.pub", "docs/keys.md", "envrc.md"])
def test_ordinary_files_pass(path: str) -> None:
    assert secret_file_kind(path) is None
