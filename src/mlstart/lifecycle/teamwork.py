"""Evidence of the team's own work: not the template's rendering, not the bundled sample.

A mixin of `mlstart.lifecycle.evidence.Evidence`, kept apart so the rules stay together: a
generated file or a document section still as mlstart rendered it does not count, nor does text
that says only "unknown", nor a result measured on the sample data; `main` pushed once is enough
for the repository task (later unpushed commits are a note).
"""

from __future__ import annotations

import os

from mlstart.core.safeio import confine
from mlstart.lifecycle import earned, gitstate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mlstart.lifecycle.pristine import Pristine

    Check = dict[str, Any]
    Result = dict[str, Any]


class TeamWork:
    """The checks' view of what the team did; needs `root`, `_text` and `_pristine`."""

    root: str
    data: dict[str, Any]
    _pristine: Pristine | None

    def _text(self, path: str) -> str | None:
        raise NotImplementedError

    def pristine(self) -> Pristine:
        """The template's rendering of this project (read once; cached in the state folder)."""
        if self._pristine is None:
            from mlstart.lifecycle import pristine

            self._pristine = pristine.load(self.root, _state_dir(self.root))
        return self._pristine

    def sample_fix(self) -> str:
        """How to run a command on the team's data instead of the sample."""
        package = (self.data.get("project") or {}).get("package") or "PACKAGE"
        return earned.SAMPLE_FIX.format(package=package)

    def _sampled(self, node: Any) -> bool:
        return node is not None and earned.from_sample(node, self.pristine().sample)

    def _untouched(self, check: Check, result: Result) -> Result:
        """A passing `path` check on a file the template generated, unchanged, fails."""
        path = check.get("path")
        if (
            result["state"] != "ok"
            or path is None
            or not self.pristine().generated(self.root, path)
        ):
            return result
        missing = f"{path} is as mlstart generated it"
        fix = f"adapt {path} to your project (the generated one is a start, not the work)"
        return {**result, "state": "fail", "missing": missing, "fix": fix}

    def _recorded_fields(self, path: str, result: Any, fields: list[str]) -> tuple[str, str, str]:
        """A result that must say what it was made from (a label set's data_hash, ...)."""
        absent = [f for f in fields if not isinstance(result, dict) or result.get(f) in (None, "")]
        if not absent:
            return "ok", "", ""
        missing = f"{path} records no {', '.join(absent)}: it cannot be told from the sample's"
        return "fail", missing, f"record {', '.join(absent)} when writing {path}"

    def _changed(self, check: Check) -> tuple[str, str, str]:
        """The team changed a file the template generated (a file it did not generate counts)."""
        path = check["changed"]
        where = confine(self.root, path)
        if where is None or not os.path.exists(where):
            return "fail", f"{path} does not exist", f"create {path}"
        if self.pristine().generated(self.root, path):
            return "fail", f"{path} is as mlstart generated it", f"adapt {path} to your project"
        return "ok", "", ""

    def _own_words(self, path: str, section: str, body: str, where: str) -> tuple[str, str, str]:
        """A section without markers counts when the team wrote something of substance in it."""
        rendered = self.pristine().text(path)
        if rendered is not None and section:
            lines = rendered.splitlines()
            found = earned.section(lines, section)
            rendered = "\n".join(lines[found[0] : found[1]]) if found else ""
        verdict = earned.judge(body, rendered)
        if verdict is None:
            return "ok", "", ""
        if verdict == "as-rendered":
            missing = f"{where} is as mlstart wrote it"
        else:
            missing = f"{where} says only 'unknown', 'tbd' or the like"
        return "fail", missing, f"write {where} in your own words: what you know and decided"

    def _pushed_once(self, git: dict[str, Any]) -> tuple[str, str, str]:
        """`main` reached a remote once: later unpushed commits are a note, not a failure."""
        branch = git["branch"] or "HEAD"
        pushed = git.get("upstream_head") or any(
            gitstate.resolve_ref(git["gitdir"], f"refs/remotes/{remote}/{branch}")
            for remote in git["remotes"]
        )
        if not pushed:
            return "fail", f"{branch} was never pushed", f"git push -u origin {branch}"
        if git["upstream"] and not gitstate.is_pushed(self.root, git):
            upstream = git["upstream"].removeprefix("refs/remotes/")
            return "ok", "", f"note: commits not pushed to {upstream} yet (git push)"
        return "ok", "", ""

    def _json(self, path: str) -> Any:
        from mlstart.core.safeio import UnsafeFileError, load_json

        text = self._text(path)
        try:
            return load_json(text, path) if text is not None else None
        except UnsafeFileError:  # not JSON, nested too deeply, too many values
            return None


def _state_dir(root: str) -> str:
    from mlstart.lifecycle.statefolder import state_dir

    return state_dir(root)
