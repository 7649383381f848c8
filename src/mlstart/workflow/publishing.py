"""The `mlstart publish` use case: create the GitHub repository when asked, set origin, push.

`--create` uses the GitHub CLI (`gh repo create`, private unless said otherwise, always empty);
without gh, or logged out, the error gives the exact steps to do it by hand. No printing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mlstart.core.errors import MlstartError
from mlstart.core.progress import SILENT, Progress, step
from mlstart.gitssh import hosts, remote

_OWNER_REPO = re.compile(r"(?:[:/])(?P<owner>[^/:]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


@dataclass
class PublishRequest:
    url: str | None = None
    create: bool = False
    private: bool = True
    replace_origin: bool = False
    interactive: bool = False


def repository_name(root: Path, url: str | None) -> str:
    """OWNER/REPO from the URL when it names one, else the project folder's name."""
    found = _OWNER_REPO.search(url or "")
    return f"{found.group('owner')}/{found.group('repo')}" if found else root.name


def create_repository(root: Path, url: str | None, *, private: bool) -> str:
    """Create the repository on GitHub with gh; returns its SSH URL."""
    name = repository_name(root, url)
    state = hosts.gh_state()
    if state.state != "ready":
        why = "is not installed" if state.state == "missing" else "is not logged in"
        raise MlstartError(
            f"cannot create {name} on GitHub: the GitHub CLI (gh) {why}",
            hint=hosts.manual_creation_steps(name, private=private),
        )
    created = hosts.gh_create_repo(name, private=private)
    if created.state != "created":
        raise MlstartError(
            f"gh could not create {name}: {created.message}",
            hint=hosts.manual_creation_steps(name, private=private),
        )
    return created.message


def publish_project(
    root: Path,
    request: PublishRequest,
    confirm: remote.Confirm | None = None,
    progress: Progress = SILENT,
) -> tuple[remote.PublishResult, bool]:
    """(what publish did, whether it created the repository)."""
    url = request.url
    if request.create:
        with step(progress, f"Creating {repository_name(root, url)} on GitHub (gh)"):
            url = create_repository(root, url, private=request.private)
    with step(progress, f"Pushing to {url or 'origin'}", may_prompt=request.interactive):
        result = remote.publish(
            root,
            url,
            push=True,
            interactive=request.interactive,
            replace_origin=request.replace_origin,
            confirm=confirm,
        )
    return result, request.create
