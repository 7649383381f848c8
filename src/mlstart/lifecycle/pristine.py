"""The pristine rendering: what the template wrote, read from the `mlstart/template` branch.

Evidence compares the team's files with it: a document section or a generated file still as
mlstart rendered it is not the team's work, and results measured on the bundled sample data
(whose SHA-256 the rendering gives) are not results. Reading it costs two git commands per
template commit (`ls-tree`, `cat-file --batch`); the outcome is kept in
`.git/mlstart/pristine.json`, so `mlstart status` reads one JSON file. A project without the
branch (made without Git, or a clone that did not fetch it) knows no pristine text, and takes the
files under `data/sample/` in the work tree as the sample. In a repository `mlstart init`
adopted, only mlstart's overlay (the charter, the record) is rendering; the rest is the team's.
"""

from __future__ import annotations

import hashlib
import json
import os
import re

from mlstart.core.safeio import MAX_FILE_BYTES, confine
from mlstart.lifecycle import gitstate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

TEMPLATE_REFS = ("refs/heads/mlstart/template", "refs/remotes/origin/mlstart/template")
SAMPLE_DIR = "data/sample"
CACHE_FILE = "pristine.json"
CACHE_FORMAT = 2
RECORD = ".mlstart/template.yml"  # mlstart.workflow.templates.RECORD (a layer above)
OVERLAY = frozenset({"docs/charter.md", RECORD})  # what `mlstart init` renders
MAX_TEXT_BYTES = 1_000_000  # a rendered document is small; anything larger is not kept
MAX_SAMPLE_FILES = 200
RENDERED = ".mlstart/rendered.json"  # the fingerprint of a project made without Git
RENDERED_TIP = "0" * 40  # stands for a template commit: blob ids are Git's SHA-1 ones


class Pristine:
    """The template's rendering of one project: file blob ids, document texts, sample hashes."""

    def __init__(
        self,
        tip: str | None,
        blobs: dict[str, str],
        texts: dict[str, str],
        sample: list[str],
    ):
        self.tip = tip
        self.blobs = blobs
        self.texts = texts
        self.sample = frozenset(sample)

    def text(self, path: str) -> str | None:
        """The rendered text of a document (Markdown), or None when the template has none."""
        return self.texts.get(path)

    def generated(self, root: str, path: str) -> bool:
        """Whether path (a file, or a folder and everything in it) is exactly as rendered."""
        if not self.tip:
            return False
        if confine(root, path) is None:
            return False
        if path in self.blobs:
            return _blob_id(root, path, len(self.tip)) == self.blobs[path]
        prefix = path.rstrip("/") + "/"
        rendered = {p: b for p, b in self.blobs.items() if p.startswith(prefix)}
        if not rendered:
            return False
        present = _files_under(root, path)
        if present is None or set(present) != set(rendered):
            return False
        return all(_blob_id(root, p, len(self.tip)) == rendered[p] for p in present)


def load(root: str, state_dir: str) -> Pristine:
    """The pristine rendering of the project at root (from the cache when it is current)."""
    gitdir = gitstate.git_dir(root)
    tip = None
    if gitdir is not None:
        tip = next(
            (sha for ref in TEMPLATE_REFS if (sha := gitstate.resolve_ref(gitdir, ref))), None
        )
    if tip is None:
        return _recorded(root) or Pristine(None, {}, {}, _work_tree_sample(root))
    cache = os.path.join(state_dir, CACHE_FILE)
    cached = _read_cache(cache, tip)
    if cached is not None:
        return cached
    pristine = _read_branch(root, tip)
    if pristine is None:
        return Pristine(None, {}, {}, _work_tree_sample(root))
    _write_cache(cache, pristine)
    return pristine


def record_rendering(root: str) -> None:
    """Keep a fingerprint of what was just rendered, for a project made without Git.

    Without the `mlstart/template` branch there is nothing else to compare the team's files
    with: `.mlstart/rendered.json` holds the rendered files' Git blob ids, the documents' texts
    and the sample's SHA-256s, as the branch would give them.
    """
    from pathlib import Path

    from mlstart.core.files import atomic_write

    blobs, texts, sample = {}, {}, []
    for path in sorted(Path(root).rglob("*")):
        relative = path.relative_to(root).as_posix()
        if not path.is_file() or path.is_symlink() or relative.startswith(".git/"):
            continue
        data = path.read_bytes()
        blobs[relative] = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        if relative.startswith(SAMPLE_DIR + "/"):
            sample.append(hashlib.sha256(data).hexdigest())
        elif relative.endswith(".md") and len(data) <= MAX_TEXT_BYTES:
            texts[relative] = data.decode("utf-8", "replace")
    body = {"format": CACHE_FORMAT, "blobs": blobs, "texts": texts, "sample": sample}
    target = Path(root) / RENDERED
    target.parent.mkdir(exist_ok=True)
    atomic_write(target, json.dumps(body, indent=1, sort_keys=True) + "\n")


def _recorded(root: str) -> Pristine | None:
    """The fingerprint `record_rendering` kept, or None (absent, unreadable, or not its form)."""
    path = confine(root, RENDERED)
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            stored = json.loads(handle.read(MAX_FILE_BYTES))
        if stored.get("format") != CACHE_FORMAT:
            return None
        blobs = {str(k): str(v) for k, v in dict(stored["blobs"]).items()}
        texts = {str(k): str(v) for k, v in dict(stored["texts"]).items()}
        return Pristine(RENDERED_TIP, blobs, texts, [str(h) for h in stored["sample"]])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def sha256_file(path: str) -> str | None:
    """The SHA-256 of a file (what the generated project records as `data_hash`), or None."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _blob_id(root: str, relative: str, length: int) -> str | None:
    """Git's id of the file's content (line endings folded to LF, as a checkout may add CRs).

    None for a file outside the project (a link) or larger than any rendering writes.
    """
    path = confine(root, relative)
    try:
        if path is None or os.path.getsize(path) > MAX_FILE_BYTES:
            return None
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    ids = []
    for content in (data, data.replace(b"\r\n", b"\n")):
        algo = hashlib.sha256() if length == 64 else hashlib.sha1()
        algo.update(b"blob %d\0" % len(content))
        algo.update(content)
        ids.append(algo.hexdigest())
    return ids[1] if ids[0] != ids[1] else ids[0]


def _files_under(root: str, path: str) -> list[str] | None:
    folder = confine(root, path)
    if folder is None or not os.path.isdir(folder):
        return None
    found = []
    for here, _dirs, names in os.walk(folder):
        for name in names:
            rel = os.path.relpath(os.path.join(here, name), os.path.realpath(root)).replace(
                os.sep, "/"
            )
            found.append(rel)
            if len(found) > MAX_SAMPLE_FILES:
                return found
    return found


def _work_tree_sample(root: str) -> list[str]:
    files = _files_under(root, SAMPLE_DIR) or []
    paths = (confine(root, p) for p in files[:MAX_SAMPLE_FILES])
    hashes = (sha256_file(p) for p in paths if p is not None)
    return [h for h in hashes if h]


def _read_branch(root: str, tip: str) -> Pristine | None:
    """Blob ids of every rendered file, the Markdown texts and the sample's SHA-256s."""
    listing = gitstate.run(root, "ls-tree", "-r", "-z", "--full-tree", tip)
    if listing is None or listing.returncode != 0:
        return None
    blobs: dict[str, str] = {}
    for entry in listing.stdout.split(b"\0"):
        meta, _, raw = entry.partition(b"\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == b"blob":
            blobs[raw.decode("utf-8", "replace")] = fields[2].decode()
    wanted = [p for p in blobs if p.endswith(".md") or p.startswith(SAMPLE_DIR + "/")]
    wanted += [RECORD] if RECORD in blobs else []
    contents = _cat_blobs(root, [blobs[p] for p in wanted[: MAX_SAMPLE_FILES * 5]])
    if _overlay_only(contents.get(blobs.get(RECORD, ""), b"")):
        # `mlstart init` on an existing repository: its files are the team's, not a rendering
        blobs = {p: b for p, b in blobs.items() if p in OVERLAY}
        wanted = [p for p in wanted if p in OVERLAY]
    texts, sample = {}, []
    for path in wanted:
        data = contents.get(blobs[path])
        if data is None:
            continue
        if path == RECORD:
            continue
        if path.startswith(SAMPLE_DIR + "/"):
            sample.append(hashlib.sha256(data).hexdigest())
        elif len(data) <= MAX_TEXT_BYTES:
            texts[path] = data.decode("utf-8", "replace")
    return Pristine(tip, blobs, texts, sample)


def _overlay_only(record: bytes) -> bool:
    """Whether the template record says only mlstart's overlay was rendered (`kind: none`)."""
    return re.search(rb"^kind:\s*none\s*$", record, re.MULTILINE) is not None


def _cat_blobs(root: str, ids: list[str]) -> dict[str, bytes]:
    """The contents of blobs, by id, in one `git cat-file --batch`."""
    if not ids:
        return {}
    result = gitstate.run(root, "cat-file", "--batch", stdin="\n".join(ids) + "\n")
    if result is None or result.returncode != 0:
        return {}
    out, contents, at = result.stdout, {}, 0
    while at < len(out):
        end = out.find(b"\n", at)
        if end < 0:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue  # "<id> missing"
        size = int(header[2])
        contents[header[0].decode()] = out[at : at + size]
        at += size + 1
    return contents


def _read_cache(cache: str, tip: str) -> Pristine | None:
    try:
        with open(cache, encoding="utf-8") as handle:
            stored = json.load(handle)
        if stored.get("format") != CACHE_FORMAT or stored.get("tip") != tip:
            return None
        return Pristine(tip, dict(stored["blobs"]), dict(stored["texts"]), list(stored["sample"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_cache(cache: str, pristine: Pristine) -> None:
    """Keep what was read; a read-only .git only costs the next run two git commands."""
    from pathlib import Path

    from mlstart.core.files import atomic_write

    body: dict[str, Any] = {
        "format": CACHE_FORMAT,
        "tip": pristine.tip,
        "blobs": pristine.blobs,
        "texts": pristine.texts,
        "sample": sorted(pristine.sample),
    }
    try:
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        atomic_write(Path(cache), json.dumps(body))
    except OSError:
        pass
