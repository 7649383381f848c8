"""The `mlstart ssh` use case: key, permissions, config block, known_hosts, gh offer, login test.

Questions go through a Prompter (the interview's interface; None when there is no terminal, and
then every question takes its scripted answer); what happens is told through `say`, so the Click
layer decides how it looks. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mlstart.core.errors import SshError
from mlstart.core.progress import SILENT, Progress, step
from mlstart.gitssh import hosts, identity, knownhosts, sshconfig, sshkeys, sshlogin
from mlstart.interview.prompter import Prompter


class Say(Protocol):
    """Tells the person what happens: tone "info", "ok" (a success) or "warn" (needs attention)."""

    def __call__(self, message: str, tone: str = "info") -> None: ...


@dataclass(frozen=True)
class SshRequest:
    key: Path | None = None
    no_passphrase: bool = False
    gh_upload: bool | None = None  # None: ask on a terminal
    test: bool | None = None  # None: ask on a terminal


@dataclass
class SshResult:
    """What the set-up found and did (`mlstart ssh --json`)."""

    key: Path
    key_created: bool = False
    config: str = ""  # added | updated | unchanged | user-block
    known_hosts_added: list[str] = field(default_factory=list)
    public_key: str = ""
    fingerprint: str = ""
    uploaded: bool = False
    login: dict[str, Any] | None = None  # None: not tested

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["key"] = str(self.key)
        return data


def set_up_ssh(
    request: SshRequest, prompter: Prompter | None, say: Say, progress: Progress = SILENT
) -> SshResult:
    """Run the whole SSH set-up. Raises SshError on what needs the user."""
    warning = sshkeys.root_warning()
    if warning:
        say(f"Warning: {warning}", "warn")
    key, created = _key(request.key, request.no_passphrase, prompter, say)
    result = SshResult(key, key_created=created)
    problems = _setup_files(key, say, result)
    _show_public_key(key, say, result)
    result.uploaded = _offer_gh(key, request.gh_upload, prompter, say)
    if problems:
        raise SshError("known_hosts needs your attention", hint=problems[0])
    result.login = _login(request.test, prompter, say, progress)
    return result


def _comment() -> str:
    email = identity.read_value("user.email").value
    return email or "mlstart key"


def _key(
    path: Path | None, no_passphrase: bool, prompter: Prompter | None, say: Say
) -> tuple[Path, bool]:
    """Reuse the key found (or named), or create one; never overwrites anything."""
    key = path.expanduser() if path else sshconfig.find_key()
    if key is not None and key.is_file() and sshkeys.public_path(key).is_file():
        say(f"Reusing your key {key}")
        return key, False
    if key is not None and key.is_file():
        pub = sshkeys.public_path(key)
        question = f"{key} has no public half ({pub.name}); make it from the private key?"
        if prompter is not None and prompter.confirm(question, default=True):
            say("ssh-keygen asks for the key's passphrase, if it has one.")
            sshkeys.restore_public_half(key)
            say(f"Wrote {pub}", "ok")
            return key, False
        raise SshError(
            f"{key} has no public half ({pub.name})",
            hint=f"recreate it: ssh-keygen -y -f {key} > {pub}",
        )
    key = key or sshkeys.ssh_dir() / "id_ed25519"
    say(f"Creating an ed25519 key at {key}")
    if not no_passphrase:
        say("ssh-keygen will ask for a passphrase (it protects the key if stolen).")
    interactive = prompter is not None
    sshkeys.create_key(key, _comment(), passphrase=not no_passphrase, interactive=interactive)
    return key, True


def _setup_files(key: Path, say: Say, result: SshResult) -> list[str]:
    """Permissions, config block, known_hosts; returns problems to report at the end."""
    for change in sshkeys.tighten_permissions(sshkeys.ssh_dir(), key):
        state = "tightened" if change.owned else "NOT yours, left alone"
        say(f"Permissions {state}: {change.describe()}")
    config = sshconfig.write_config_block(key)
    messages = {
        "added": f"Added mlstart's block for {hosts.HOST} to {config.path}",
        "updated": f"Updated mlstart's block in {config.path}",
        "unchanged": f"{config.path} already has mlstart's block",
        "user-block": f"Your SSH configuration already has settings for {hosts.HOST} (your own "
        f"Host block, in {config.path} or a file it includes); left as it is "
        f"(make sure it names IdentityFile {key})",
    }
    say(messages[config.action])
    result.config = config.action
    if config.backup:
        say(f"  backup: {config.backup}")
    seeded = knownhosts.seed_known_hosts()
    result.known_hosts_added = list(seeded.added)
    if seeded.added:
        say(
            f"Added GitHub's published host keys ({', '.join(seeded.added)}) to {seeded.path}",
            "info",
        )
    else:
        say(f"{seeded.path} already has GitHub's published host keys")
    return [knownhosts.foreign_hint(seeded.foreign, seeded.path)] if seeded.foreign else []


def _show_public_key(key: Path, say: Say, result: SshResult) -> None:
    pub = sshkeys.public_path(key)
    result.fingerprint = sshkeys.key_fingerprint(pub)
    result.public_key = pub.read_text(encoding="utf-8").strip()
    say(f"\nYour PUBLIC key ({pub}, {result.fingerprint}):\n")
    say(result.public_key)
    say(f"\nPaste it at {hosts.SETTINGS_URL} (Key type: Authentication Key).")


def _offer_gh(key: Path, upload: bool | None, prompter: Prompter | None, say: Say) -> bool:
    state = hosts.gh_state()
    if state.state == "missing":
        return False
    if state.state == "logged_out":
        say(
            "gh is installed but not logged in: `gh auth login`, then mlstart ssh --gh-upload",
            "info",
        )
        return False
    if upload is None:
        upload = prompter is not None and prompter.confirm(
            "Upload the public key with `gh ssh-key add`?"
        )
    if upload:
        result = hosts.gh_add_key(sshkeys.public_path(key))
        if result.state == "added":
            say(f"Uploaded with gh. {result.message}".strip())
            return True
        say(f"gh could not add the key: {result.message}", "warn")
    return False


def _login(
    test: bool | None, prompter: Prompter | None, say: Say, progress: Progress
) -> dict[str, Any] | None:
    if test is None:
        test = prompter is not None and prompter.confirm(
            "Test the login now (after the key is on GitHub)?"
        )
    if not test:
        say(
            f"Test it later with: ssh -T {hosts.LOGIN_TARGET}  (or mlstart doctor --online)", "info"
        )
        return None
    with step(progress, f"Testing the SSH login to {hosts.HOST}", may_prompt=prompter is not None):
        result = sshlogin.login_test(interactive=prompter is not None)
    if not result.ok:
        raise SshError(f"SSH login to {hosts.HOST} failed ({result.kind})", hint=result.hint)
    say(f"Logged in to {hosts.HOST} as {result.login}.", "ok")
    return {"ok": True, "kind": result.kind, "login": result.login}
