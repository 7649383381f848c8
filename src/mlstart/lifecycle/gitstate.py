"""Git state for the lifecycle checks, read straight from `.git` where that is cheap.

`mlstart status` must not pay for a git process on every call (nor for GitPython), so HEAD, refs,
packed-refs and config are read as files. Only questions a file read cannot answer (is HEAD
behind its upstream? how big are the committed files?) run one `git` command, and only when asked.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess
    from typing import Any

SHA_LENGTHS = (40, 64)  # SHA-1 and SHA-256 repositories


SYMREF_DEPTH = 5  # as git: a chain of symbolic refs longer than this is a loop


def git_dir(root: str) -> str | None:
    """The repository folder of the work tree holding root (`.git` at root or above it, or
    where a `.git` file points: worktrees, submodules). With GIT_DIR set, git decides."""
    if os.environ.get("GIT_DIR"):
        result = _git(root, "rev-parse", "--absolute-git-dir")
        ok = result is not None and result.returncode == 0
        return result.stdout.decode("utf-8", "replace").strip() if ok and result else None
    here = os.path.abspath(root)
    while True:
        found = _dot_git(here)
        if found is not None:
            return found
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def _dot_git(folder: str) -> str | None:
    dot_git = os.path.join(folder, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    line = (_read(dot_git) or "").strip()
    if not line.startswith("gitdir:"):
        return None
    target = line.split(":", 1)[1].strip()
    return os.path.normpath(os.path.join(folder, target))


def common_dir(gitdir: str) -> str:
    """Where refs and config live: a linked work tree shares them with the main repository."""
    text = _read(os.path.join(gitdir, "commondir"))
    return os.path.normpath(os.path.join(gitdir, text.strip())) if text else gitdir


def _read(path: str) -> str | None:
    """A file of .git through the bounded reader (a FIFO or a device there never hangs)."""
    from mlstart.core.safeio import MAX_FILE_BYTES, UnsafeFileError, read_bytes

    try:
        return read_bytes(path, limit=MAX_FILE_BYTES).decode("utf-8", "replace")
    except UnsafeFileError:
        return None


def resolve_ref(gitdir: str, ref: str, depth: int = 0) -> str | None:
    """The commit a ref points at (loose file first, then packed-refs), or None.

    None too for a symbolic-ref loop (more than SYMREF_DEPTH links, as git) and for a name
    that is not a ref (`..`, absolute): a `.git` copied from a stranger is read, never trusted.
    """
    parts = ref.split("/")
    if depth > SYMREF_DEPTH or ref.startswith("/") or ".." in parts or "" in parts:
        return None
    common = common_dir(gitdir)
    for base in (gitdir, common):
        text = _read(os.path.join(base, *parts))
        if text is not None:
            value = text.strip()
            if value.startswith("ref:"):
                return resolve_ref(gitdir, value[4:].strip(), depth + 1)
            return value if len(value) in SHA_LENGTHS else None
    packed = _read(os.path.join(common, "packed-refs")) or ""
    for line in packed.splitlines():
        sha, _, name = line.partition(" ")
        if name == ref and len(sha) in SHA_LENGTHS:
            return sha
    return None


def read_config(gitdir: str) -> dict[str, dict[str, str]]:
    """The repository's own config: 'remote.origin' -> {'url': ...}; enough for remotes."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for raw in (_read(os.path.join(common_dir(gitdir), "config")) or "").splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            current = sections.setdefault(_section_name(line), {})
            continue
        key, _, value = line.partition("=")
        current[key.strip().lower()] = value.strip().strip('"')
    return sections


def _section_name(header: str) -> str:
    inner = header.strip("[]").strip()
    name, _, sub = inner.partition(" ")
    if sub:  # [remote "origin"]: the subsection is case-sensitive, the section is not
        return name.lower() + "." + sub.strip().strip('"')
    return inner.lower()


def state(root: str) -> dict[str, Any]:
    """What the checks ask of git, from file reads only: repo, branch, head, remotes, upstream."""
    gitdir = git_dir(root)
    if gitdir is None:
        return {"repo": False, "head": None, "branch": None, "remotes": [], "upstream": None}
    head_text = (_read(os.path.join(gitdir, "HEAD")) or "").strip()
    branch = None
    if head_text.startswith("ref:"):
        ref = head_text[4:].strip()
        branch = ref.removeprefix("refs/heads/")
        head = resolve_ref(gitdir, ref)
    else:
        head = head_text if len(head_text) in SHA_LENGTHS else None
    config = read_config(gitdir)
    if any(name == "include" or name.startswith("includeif") for name in config):
        config = _config_from_git(root) or config  # included files: git knows them all
    remotes = [name[7:] for name, values in config.items() if name.startswith("remote.")]
    remotes = [r for r in remotes if config[f"remote.{r}"].get("url")]
    upstream = _upstream(config, branch)
    return {
        "repo": True,
        "gitdir": gitdir,
        "head": head,
        "branch": branch,
        "remotes": remotes,
        "upstream": upstream,
        "upstream_head": resolve_ref(gitdir, upstream) if upstream else None,
    }


def _config_from_git(root: str) -> dict[str, dict[str, str]] | None:
    """The config as git resolves it (includes followed), in read_config's shape."""
    result = _git(root, "config", "--list", "--null")
    if result is None or result.returncode != 0:
        return None
    sections: dict[str, dict[str, str]] = {}
    for entry in result.stdout.decode("utf-8", "replace").split("\0"):
        key, _, value = entry.partition("\n")
        section, _, name = key.rpartition(".")
        if section:
            sections.setdefault(section, {})[name.lower()] = value
    return sections


def _upstream(config: dict[str, dict[str, str]], branch: str | None) -> str | None:
    if branch is None:
        return None
    values = config.get(f"branch.{branch}", {})
    remote, merge = values.get("remote"), values.get("merge")
    if not remote or not merge or remote == ".":
        return None
    return f"refs/remotes/{remote}/{merge.removeprefix('refs/heads/')}"


def is_pushed(root: str, git: dict[str, Any]) -> bool:
    """Nothing unpushed (as of the last fetch): HEAD is its upstream, or an ancestor of it.

    Equal commits need no process; otherwise one `git merge-base --is-ancestor` decides.
    """
    if not git.get("head") or not git.get("upstream_head"):
        return False
    if git["head"] == git["upstream_head"]:
        return True
    result = _git(root, "merge-base", "--is-ancestor", git["head"], git["upstream_head"])
    return result is not None and result.returncode == 0


def committed_sizes(root: str) -> list[tuple[str, int]] | None:
    """(path, size in bytes) of every file in HEAD's tree: one `git ls-tree`; None without HEAD."""
    result = _git(root, "ls-tree", "-r", "-l", "-z", "--full-tree", "HEAD")
    if result is None or result.returncode != 0:
        return None
    files = []
    for entry in result.stdout.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) == 4 and fields[1] == b"blob" and fields[3].isdigit():
            files.append((path.decode("utf-8", "replace"), int(fields[3])))
    return files


def author(root: str) -> str:
    """Who is acting, for the history: git's user.name, else the login name."""
    name = _config_value(root, "user.name")
    if name:
        return name
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _config_value(root: str, key: str) -> str | None:
    result = _git(root, "config", "--get", key)
    if result is None or result.returncode != 0:
        return None
    value = result.stdout.decode("utf-8", "replace").strip()
    return value or None


def _git(root: str, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    """One git call when reading `.git` cannot be sure; None when git cannot run."""
    return run(root, *args)


def run(
    root: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[bytes] | None:
    """One git command in root (bytes out, optional input); None when git cannot run."""
    import subprocess  # here, not at the top: status reads git without starting a process

    from mlstart.core.errors import GitError
    from mlstart.gitssh.runner import run_git

    try:
        return run_git(root, *args, binary=True, input=stdin, timeout=60)
    except (OSError, subprocess.SubprocessError, GitError):
        return None
