"""The first commit: the tree plain `git add --all` makes, its blobs written as one pack."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mlstart.gitssh.runner import init_and_commit
from tests.helpers import git


def project(root: Path) -> Path:
    files = {
        "README.md": "# demo\n",
        "empty.txt": "",
        "bin/run.sh": "#!/bin/sh\necho hi\n",
        "crlf.txt": "one\r\ntwo\r\n",
        ".gitattributes": "crlf.txt text eol=lf\n",
        ".gitignore": "ignored.log\n",
        "ignored.log": "not committed\n",
        **{f"pkg/m{i}.py": f"X = {i}\n" for i in range(50)},
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode())
    os.chmod(root / "bin" / "run.sh", 0o755)
    os.symlink("README.md", root / "link.md")
    return root


def test_the_tree_plain_git_makes_with_the_blobs_in_one_pack(tmp_path: Path) -> None:
    ours = project(tmp_path / "ours")
    plain = tmp_path / "plain"
    shutil.copytree(ours, plain, symlinks=True)
    init_and_commit(ours, "first")
    git(plain, "init", "-q", "-b", "main")
    git(plain, "add", "--all")
    assert git(ours, "rev-parse", "HEAD^{tree}").strip() == git(plain, "write-tree").strip()
    git(ours, "fsck", "--strict", "--no-dangling")
    counts = dict(
        line.split(": ") for line in git(ours, "count-objects", "-v").splitlines() if ": " in line
    )
    assert counts["packs"] == "1"
    assert int(counts["count"]) < 20  # trees, the commit, the empty and converted blobs: loose
    assert git(ours, "status", "--porcelain") == ""
