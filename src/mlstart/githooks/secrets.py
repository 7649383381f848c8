"""What the pre-commit secret scan recognises: secret files by name, secrets in text by shape.

A hand-kept table, not a scanner library: detect-secrets (the maintained choice) costs 150 to
470 ms to import on this project's reference machine, three to eight times all of mlstart's
hook start-up, on every commit, and adds requests and PyYAML to the hook's imports; its
entropy detectors also flag hashes and data. The rules below follow the formats of gitleaks'
and detect-secrets' rule sets for what people commit by mistake. Standard library only.
"""

from __future__ import annotations

import re

# Private keys in text: PEM (RSA, EC, DSA, PKCS#8, encrypted), OpenSSH, PGP, SSH2, PuTTY.
PRIVATE_KEY = re.compile(
    r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
    r"|---- BEGIN SSH2 (?:ENCRYPTED )?PRIVATE KEY ----"
    r"|^PuTTY-User-Key-File-\d+:"
)

TOKENS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key id", re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b")),
    (
        "an AWS secret access key",
        re.compile(r"(?i)aws_?secret_?access_?key\s*[:=]\s*['\"]?[A-Za-z0-9/+=]{40}\b"),
    ),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})")),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_\-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Slack webhook", re.compile(r"https://hooks\.slack\.com/services/T[A-Z0-9]+/\S+")),
    ("a Discord webhook", re.compile(r"https://discord(?:app)?\.com/api/webhooks/\d+/\S+")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b")),
    ("a Google service account key", re.compile(r"\"type\"\s*:\s*\"service_account\"")),
    ("an OpenAI-style secret key", re.compile(r"\bsk-(?:proj-|ant-)?[A-Za-z0-9_\-]{20,}")),
    ("a Stripe secret key", re.compile(r"\b(?:sk|rk)_live_[0-9A-Za-z]{20,}")),
    ("a Hugging Face token", re.compile(r"\bhf_[A-Za-z0-9]{30,}\b")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b|_authToken\s*=\s*\S{20,}")),
    ("a PyPI token", re.compile(r"\bpypi-AgE[A-Za-z0-9_\-]{50,}")),
    ("an Azure storage key", re.compile(r"AccountKey=[A-Za-z0-9+/=]{60,}")),
    ("a Telegram bot token", re.compile(r"\b\d{8,10}:AA[A-Za-z0-9_\-]{33}\b")),
    (
        "a password in a URL",
        re.compile(r"\b[a-z][a-z0-9+.\-]*://[^/\s:@'\"]+:(?!\$\{|<|\*{3})[^/\s:@'\"]{6,}@[\w.\-]+"),
    ),
    (
        "a secret assigned in the code",
        re.compile(
            r"(?i)\b(?:api[_-]?key|secret(?:[_-]?key)?|access[_-]?token|auth[_-]?token|password)"
            r"\b\s*[:=]\s*['\"][^'\"\s]{12,}['\"]"
        ),
    ),
)

# Files that hold secrets by their name (their content is not needed to refuse them).
KEY_FILES = re.compile(
    r"(?:^|/)(?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?|[^/]*\.(?:pem|key|p12|pfx|ppk|jks|keystore|p8))$"
)
CREDENTIAL_FILES = re.compile(
    r"(?:^|/)(?:\.netrc|_netrc|\.git-credentials|\.pypirc|\.pgpass|\.boto|\.npmrc"
    r"|\.aws/credentials|credentials\.json|application_default_credentials\.json"
    r"|\.docker/config\.json|\.kube/config|[^/]*\.tfstate)$"
)
ENV_FILE = re.compile(r"(?:^|/)\.env(?:rc)?(?:\.[^/]*)?$")
ENV_OK = re.compile(r"(?:^|/)\.env\.(?:example|sample|template|dist)$")


def secret_in_text(line: str) -> str | None:
    """What secret a line looks like it holds ("a private key", "a GitHub token"), or None."""
    if PRIVATE_KEY.search(line):
        return "a private key"
    return next((name for name, pattern in TOKENS if pattern.search(line)), None)


def secret_file_kind(path: str) -> str | None:
    """'env', 'key' or 'credentials' for a path whose name says it holds a secret, else None."""
    if ENV_FILE.search(path) and not ENV_OK.search(path):
        return "env"
    if KEY_FILES.search(path) and not path.endswith(".pub"):
        return "key"
    if CREDENTIAL_FILES.search(path):
        return "credentials"
    return None
