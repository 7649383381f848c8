"""What counts as the team's own work: filled text, and results not measured on the sample data.

Pure rules on text and parsed JSON (the evidence module reads the files): the Markdown section
finder (headings inside fenced code blocks are not headings), the words a team added to what the
template rendered, placeholder-only text ("unknown", "tbd", "I don't know"), and whether a
metrics file, run record, split, profile or label report names the bundled sample's data hash.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections import Counter
    from collections.abc import Iterable
    from typing import Any

SAMPLE_MISSING = "measured on the sample data; run it on your data"
SAMPLE_FIX = "run it again on your data: python -m {package} --data YOUR.csv COMMAND"
# Words that say nothing: a section made only of these is not filled in.
_FILLER_WORDS = """
    unknown unknowns tbd tba tbc todo tk idk dunno n a na nan none null nil pending later soon
    i don't dont do not know known sure no idea yet to be determined decided defined confirmed
    clarified filled in out placeholder xxx xx x lorem ipsum fill me here something stuff etc
    same as above see below ask someone we it is are will be been the a an this that still for
    now at the moment currently have has
"""
FILLER = frozenset(_FILLER_WORDS.split())
# Patterns as text: `re` is imported where they are used (status evaluates none of them).
_WORD = r"[a-z0-9]+(?:'[a-z]+)?"
_FENCE = r"^\s{0,3}(`{3,}|~{3,})"
MAX_SCAN_NODES = 100_000
PRIMARY_KEYS = ("data_hash", "source_sha256")


def section(lines: list[str], name: str) -> tuple[int, int] | None:
    """(first, end) line indexes of the body under the heading that starts with name.

    The section runs to the next heading of the same or a higher level. Lines inside fenced code
    blocks (``` or ~~~) are never headings.
    """
    wanted = name.strip().lower()
    start = level = None
    for index, depth, title in headings(lines):
        if start is None:
            if title.startswith(wanted):
                start, level = index + 1, depth
        elif level is not None and depth <= level:
            return start, index
    return (start, len(lines)) if start is not None else None


def headings(lines: list[str]) -> Iterable[tuple[int, int, str]]:
    """(line index, level, lower-case title) of every ATX heading outside fenced code."""
    import re

    fence_start = re.compile(_FENCE).match
    fence: str | None = None
    for index, line in enumerate(lines):
        opened = fence_start(line)
        if opened:
            mark = opened.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        stripped = line.lstrip()
        if not stripped.startswith("#"):
            continue
        depth = len(stripped) - len(stripped.lstrip("#"))
        rest = stripped[depth:]
        if depth <= 6 and (not rest or rest[0] in " \t"):
            yield index, depth, rest.strip().strip("#").strip().lower()


def words(text: str) -> list[str]:
    """The words of a text, lower-case, typographic apostrophes folded."""
    import re

    return re.findall(_WORD, text.lower().replace("\u2019", "'"))


def added_words(text: str, rendered: str | None) -> Counter[str]:
    """The words of text that the rendering did not have (all of them without a rendering)."""
    from collections import Counter  # here: the status path needs it only for documents

    ours = Counter(words(text))
    return ours - Counter(words(rendered)) if rendered is not None else ours


def judge(text: str, rendered: str | None) -> str | None:
    """Why the text is not the team's own writing ('as-rendered', 'placeholder'), or None."""
    added = added_words(text, rendered)
    if not added:
        return "as-rendered" if rendered is not None else "placeholder"
    if all(word.strip("'") in FILLER for word in added):
        return "placeholder"
    return None


def data_hashes(node: Any) -> set[str]:
    """Every SHA-256-looking string in a parsed JSON document (data_hash, sha256, ...)."""
    found: set[str] = set()
    stack, seen = [node], 0
    while stack and seen < MAX_SCAN_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and len(item) == 64 and _is_hex(item):
            found.add(item.lower())
    return found


def _is_hex(text: str) -> bool:
    try:
        int(text, 16)
    except ValueError:
        return False
    return True


def from_sample(node: Any, sample: frozenset[str]) -> bool:
    """Whether a result was produced from the sample data.

    Its own data hash decides (`data_hash`, `source_sha256`, as the generated project writes
    them); a result without one (a manifest) is from the sample when it names the sample's hash.
    """
    if not sample:
        return False
    if isinstance(node, dict):
        own = [node[k] for k in PRIMARY_KEYS if isinstance(node.get(k), str) and node[k]]
        if own:
            return all(value.lower() in sample for value in own)
    return bool(data_hashes(node) & sample)
