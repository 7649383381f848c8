"""Unit tests: reading `ssh -T` and `git push` output, and turning URLs into the SSH form."""

from __future__ import annotations

import pytest

from mlstart.core.errors import MlstartError
from mlstart.gitssh import remote, sshlogin

GREETING = (
    "Hi octocat! You've successfully authenticated, but GitHub does not provide shell access."
)
CHANGED = """@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
Offending ED25519 key in /home/ada/.ssh/known_hosts:3
Host key verification failed."""
UNPROTECTED = """@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
Permissions 0644 for '/home/ada/.ssh/id_ed25519' are too open.
This private key will be ignored.
Load key "/home/ada/.ssh/id_ed25519": bad permissions
git@github.com: Permission denied (publickey)."""


@pytest.mark.parametrize(
    ("returncode", "output", "kind"),
    [
        (1, GREETING, "ok"),
        (1, f"PTY allocation request failed on channel 0\n{GREETING}\nConnection closed.", "ok"),
        (255, "git@github.com: Permission denied (publickey).", "auth_denied"),
        (255, CHANGED, "hostkey_changed"),
        (
            255,
            "No ED25519 host key is known for github.com and you have requested strict "
            "checking.\nHost key verification failed.",
            "hostkey_unknown",
        ),
        (255, UNPROTECTED, "key_permissions"),
        (255, "Bad owner or permissions on /home/ada/.ssh/config", "config_permissions"),
        (
            255,
            "Warning: Identity file /x/id_ed25519 not accessible: No such file or directory.\n"
            "git@github.com: Permission denied (publickey).",
            "key_missing",
        ),
        (255, "ssh: connect to host github.com port 22: Connection refused", "network"),
        (255, "ssh: Could not resolve hostname github.com: Name or service not known", "network"),
        (255, "ssh: connect to host github.com port 22: Connection timed out", "network"),
        (0, "something else entirely", "unknown"),
    ],
)
def test_ssh_t_classifier(returncode: int, output: str, kind: str) -> None:
    check = sshlogin.classify_ssh_output(returncode, output)
    assert check.kind == kind
    assert check.ok == (kind == "ok")
    assert (check.hint != "") == (kind != "ok")


def test_success_is_the_greeting_not_the_exit_code() -> None:
    assert sshlogin.classify_ssh_output(1, GREETING).login == "octocat"
    assert not sshlogin.classify_ssh_output(0, "").ok  # rc 0 without the greeting is no success


@pytest.mark.parametrize(
    ("output", "kind"),
    [
        (
            "git@github.com: Permission denied (publickey).\nfatal: Could not read from remote "
            "repository.",
            "key_refused",
        ),
        (
            "ERROR: Repository not found.\nfatal: Could not read from remote repository.",
            "repo_missing",
        ),
        (
            " ! [rejected]        main -> main (fetch first)\nerror: failed to push some refs\n"
            "hint: Updates were rejected because the remote contains work that you do",
            "remote_not_empty",
        ),
        ("[rejected] (non-fast-forward)", "remote_not_empty"),
        (CHANGED, "hostkey_changed"),
        ("Host key verification failed.", "hostkey_unknown"),
        ("remote: error: GH007: Your push would publish a private email address.", "private_email"),
        ("ssh: connect to host github.com port 22: Connection refused", "network"),
        ("fatal: something new", "unknown"),
    ],
)
def test_push_failure_classifier(output: str, kind: str) -> None:
    error = remote.classify_push_failure(output)
    assert error.kind == kind
    assert error.hint


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:ada/churn.git", "git@github.com:ada/churn.git"),
        ("git@github.com:ada/churn", "git@github.com:ada/churn.git"),
        ("https://github.com/ada/churn", "git@github.com:ada/churn.git"),
        ("https://github.com/ada/churn.git/", "git@github.com:ada/churn.git"),
        ("https://token@github.com/ada/churn.git", "git@github.com:ada/churn.git"),
        ("ssh://git@github.com:22/ada/churn.git", "ssh://git@github.com:22/ada/churn.git"),
        ("git@gitlab.example.org:team/model.git", "git@gitlab.example.org:team/model.git"),
    ],
)
def test_to_ssh_url(url: str, expected: str) -> None:
    assert remote.to_ssh_url(url) == expected
    assert remote.is_ssh_url(expected)


@pytest.mark.parametrize(
    "url",
    [
        "ada/churn",
        "ext::sh -c touch% /tmp/pwned",
        "git@github.com:ada/../../etc.git",
        "git@github.com:ada/with space.git",
        "ada@github.com:ada/churn.git",  # GitHub only accepts the user git
        "file:///tmp/repo.git",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(MlstartError):
        remote.to_ssh_url(url)
