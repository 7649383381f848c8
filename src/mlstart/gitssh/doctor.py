"""The first-week checklist behind `mlstart doctor`, as data: Git, identity, SSH key, permissions,
agent, known host, login (only when asked: it uses the network), and inside a project the
repository, first commit, `origin` over SSH and the pushed branch. One fix per failure.

Read-only and silent: nothing here prints, prompts or changes a file. Only the login check
touches the network, and only with online=True.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from mlstart.core.errors import MlstartError
from mlstart.core.progress import SILENT, Progress, step
from mlstart.gitssh import hosts, identity, knownhosts, remote, sshconfig, sshkeys, sshlogin
from mlstart.gitssh.runner import run_git

OK, FAIL, WARN, SKIP = "ok", "fail", "warn", "skip"
MIN_GIT = (2, 28)  # `git init -b` and init.defaultBranch


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    status: str  # ok | fail | warn | skip
    detail: str
    fix: str | None = None


@dataclass(frozen=True)
class Report:
    items: list[Item]

    @property
    def ok(self) -> bool:
        """True when every item that was checked holds (warnings and skips do not fail)."""
        return all(item.status != FAIL for item in self.items)

    @property
    def failed(self) -> list[Item]:
        return [item for item in self.items if item.status == FAIL]

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "items": [asdict(item) for item in self.items]}


def _git(cwd: Path, *args: str) -> tuple[int, str]:
    result = run_git(cwd, *args)
    return result.returncode, result.stdout.strip()


# ---------------------------------------------------------------------------------------------
# machine checks
# ---------------------------------------------------------------------------------------------


def check_root() -> list[Item]:
    warning = sshkeys.root_warning()
    return (
        [Item("user", "not root", WARN, warning, "run mlstart as your own user")] if warning else []
    )


def check_git() -> Item:
    if shutil.which("git") is None:
        return Item(
            "git", "Git installed", FAIL, "git is not on PATH",
            "install Git: https://git-scm.com/downloads (Debian/Ubuntu: sudo apt install git)",
        )  # fmt: skip
    _, out = _git(Path.cwd(), "--version")
    found = re.search(r"(\d+)\.(\d+)", out)
    version = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
    if version < MIN_GIT:
        return Item(
            "git", "Git installed", WARN, f"{out}: older than 2.28 (no `git init -b main`)",
            "update Git: https://git-scm.com/downloads",
        )  # fmt: skip
    return Item("git", "Git installed", OK, out)


def check_identity(cwd: Path) -> list[Item]:
    current = identity.read_identity(cwd)
    name, email, branch = current.name, current.email, current.default_branch
    if current.complete:
        detail = f"{name.value} <{email.value}>; name from {name.where}, email from {email.where}"
        items = [Item("identity", "Git identity", OK, detail)]
    else:
        missing = " and ".join(v.key for v in (name, email) if not v.value)
        fix = (
            "mlstart doctor --fix (suggests GitHub's no-reply address), or "
            'git config --global user.name "Your Name" && git config --global user.email '
            f'"ID+USERNAME@{identity.NOREPLY_DOMAIN}"'
        )
        items = [Item("identity", "Git identity", FAIL, f"{missing} not set", fix)]
    if branch.value is None:
        fix = f"git config --global init.defaultBranch {identity.DEFAULT_BRANCH} (or --fix)"
        items.append(
            Item("default-branch", "default branch", WARN, "init.defaultBranch unset", fix)
        )
    else:
        items.append(
            Item("default-branch", "default branch", OK, f"{branch.value} ({branch.where})")
        )
    return items


def check_key() -> tuple[Item, Path | None]:
    key = sshconfig.find_key()
    if key is None:
        detail = f"no key pair in {sshkeys.ssh_dir()} ({', '.join(sshkeys.DEFAULT_KEY_NAMES)})"
        return Item("ssh-key", "SSH key", FAIL, detail, "mlstart ssh"), None
    fingerprint = sshkeys.key_fingerprint(sshkeys.public_path(key))
    return Item("ssh-key", "SSH key", OK, f"{key} {fingerprint}"), key


def check_permissions(key: Path | None) -> Item:
    problems = sshkeys.permission_problems(sshkeys.ssh_dir(), key)
    if not problems:
        return Item("permissions", "key and ~/.ssh permissions", OK, "only you can read them")
    detail = "too open: " + ", ".join(p.describe() for p in problems)
    fix = "; ".join(f"chmod {p.new:o} {p.path}" for p in problems) + " (or: mlstart ssh)"
    return Item("permissions", "key and ~/.ssh permissions", FAIL, detail, fix)


def check_agent(key: Path | None, permissions_ok: bool) -> Item:
    title = "agent has the key"
    if key is None or not permissions_ok:
        return Item("agent", title, SKIP, "no usable key yet")
    if not sshkeys.key_is_encrypted(key):
        return Item("agent", title, OK, "not needed: the key has no passphrase")
    state = sshkeys.agent_state()
    fingerprint = sshkeys.key_fingerprint(sshkeys.public_path(key))
    if fingerprint in state.fingerprints:
        return Item("agent", title, OK, f"{fingerprint} loaded")
    detail = "no agent running" if state.kind == "no_agent" else "the key is not loaded"
    fix = (
        f'eval "$(ssh-agent -s)" && ssh-add {key}' if state.kind == "no_agent" else f"ssh-add {key}"
    )
    return Item("agent", title, FAIL, detail, fix)


def check_known_hosts() -> Item:
    title = f"{hosts.HOST} in known_hosts"
    state = knownhosts.known_hosts_state()
    if state.foreign:
        return Item(
            "known-hosts", title, FAIL, "an entry GitHub does not publish",
            knownhosts.foreign_hint(state.foreign, state.path),
        )  # fmt: skip
    published = len(hosts.PUBLISHED_HOST_KEYS)
    present = published - len(state.missing)
    if present == 0:
        return Item("known-hosts", title, FAIL, f"not in {state.path}", "mlstart ssh")
    return Item("known-hosts", title, OK, f"{present} of {published} published keys")


def login_target(cwd: Path) -> sshlogin.Target:
    """The host the SSH login test is about: origin's, when origin is an SSH remote; else GitHub."""
    code, url = _git(cwd, "remote", "get-url", "origin")
    found = sshlogin.target_of(url) if code == 0 else None
    return found or sshlogin.GITHUB


def check_login(online: bool, cwd: Path, progress: Progress = SILENT) -> Item:
    target = login_target(cwd)
    title = f"SSH login to {target.address()}"
    if not online:
        return Item("ssh-login", title, SKIP, "not checked: pass --online (uses the network)")
    with step(progress, f"Testing the SSH login to {target.address()}"):
        result = sshlogin.login_test(interactive=False, cwd=cwd, target=target)
    if result.ok:
        return Item("ssh-login", title, OK, f"authenticated as {result.login}")
    return Item("ssh-login", title, FAIL, result.kind, result.hint)


# ---------------------------------------------------------------------------------------------
# project checks
# ---------------------------------------------------------------------------------------------


def _has_lifecycle(cwd: Path) -> bool:
    return any((folder / "lifecycle.yaml").is_file() for folder in (cwd, *cwd.parents))


def check_origin(root: Path) -> Item:
    title = "origin over SSH"
    code, url = _git(root, "remote", "get-url", "origin")
    if code != 0:
        fix = "mlstart publish --remote git@github.com:OWNER/REPO.git"
        return Item("origin", title, FAIL, "no remote named origin", fix)
    if remote.is_ssh_url(url):
        return Item("origin", title, OK, url)
    try:
        fix = f"git remote set-url origin {remote.to_ssh_url(url)} (or: mlstart publish)"
    except MlstartError:
        fix = "git remote set-url origin git@github.com:OWNER/REPO.git"
    return Item("origin", title, FAIL, f"{url} is not SSH", fix)


def check_pushed(root: Path) -> Item:
    title = "branch pushed"
    code, branch = _git(root, "symbolic-ref", "--short", "-q", "HEAD")
    if code != 0:
        return Item("pushed", title, FAIL, "HEAD is detached", "git switch main")
    code, upstream = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    if code != 0:
        return Item("pushed", title, FAIL, f"{branch} has no upstream", "mlstart publish")
    _, ahead = _git(root, "rev-list", "--count", "@{u}..HEAD")
    if ahead not in {"", "0"}:
        return Item(
            "pushed", title, FAIL, f"{ahead} commit(s) not pushed to {upstream}", "git push"
        )
    return Item("pushed", title, OK, f"{branch} -> {upstream}, nothing unpushed")


def check_project(cwd: Path) -> list[Item]:
    code, top = _git(cwd, "rev-parse", "--show-toplevel")
    if code != 0:
        if _has_lifecycle(cwd):
            fix = 'git init -b main && git add -A && git commit -m "Initial commit"'
            return [Item("repository", "Git repository", FAIL, "project without Git", fix)]
        return [Item("repository", "Git repository", SKIP, "not inside a project")]
    root = Path(top)
    items = [Item("repository", "Git repository", OK, str(root))]
    code, head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    if code != 0:
        fix = 'git add -A && git commit -m "Initial commit"'
        return [*items, Item("first-commit", "first commit", FAIL, "no commit yet", fix)]
    items.append(Item("first-commit", "first commit", OK, head[:8]))
    return [*items, check_origin(root), check_pushed(root)]


def run(cwd: Path | None = None, *, online: bool = False, progress: Progress = SILENT) -> Report:
    """Every check, in the order a student works through them."""
    cwd = cwd or Path.cwd()
    items = [*check_root(), check_git()]
    if items[-1].status == FAIL:  # nothing else can be checked without git
        return Report(items)
    items += check_identity(cwd)
    key_item, key = check_key()
    permissions = check_permissions(key)
    steps: list[Callable[[], Item]] = [
        lambda: check_agent(key, permissions.status == OK),
        check_known_hosts,
        lambda: check_login(online, cwd, progress),
    ]
    items += [key_item, permissions, *(step() for step in steps)]
    return Report(items + check_project(cwd))
