"""Evidence: evaluates the declarative checks of tasks against the repository.

Each check answers ok / fail / unknown with what is missing and what fixes it. Cheap checks
(a path, markers in a document, a metrics file, a config key, git state read from `.git`) run on
every `mlstart status`. Deep ones run only in `mlstart check`: the committed-file sizes (one
`git ls-tree`) and, with `--run` only, commands. A lifecycle file alone never runs code.
Between runs, `mlstart check` records deep results for the commit it saw, and status reuses them.
"""

from __future__ import annotations

import os

from mlstart.core.limits import MB
from mlstart.core.safeio import MAX_FILE_BYTES, UnsafeFileError, load_json, read_text
from mlstart.lifecycle import earned, gitstate, ladder, model
from mlstart.lifecycle.checkinfo import check_key, check_label, outside, unknown
from mlstart.lifecycle.projectpaths import ProjectPaths
from mlstart.lifecycle.teamwork import TeamWork

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from mlstart.core.progress import Progress
    from mlstart.core.pyenv import ProjectPython

    Check = dict[str, Any]
    Result = dict[str, Any]

DEGENERATE_FIX = "add secondary metrics, or pick a metric a constant predictor cannot meet"
RECORD_FILE = "evidence.json"
FIX_ALL = "mlstart check --run --all runs every phase's commands"
NOT_THIS_PHASE = {"state": "unknown", "missing": "not run: a task of another phase", "fix": FIX_ALL}


class Evidence(TeamWork, ProjectPaths):
    """Evaluates checks for one project; caches what it read (a document, git state) per run."""

    def __init__(
        self,
        root: str,
        data: dict[str, Any],
        *,
        deep: bool = False,
        run: bool = False,
        progress: Progress | None = None,
        run_tasks: frozenset[str] | None = None,
    ):
        self.root = root
        self.data = data
        self.deep = deep
        self.run = run
        self.run_tasks = run_tasks  # with run: only these tasks' commands run (None: all)
        self._task_id: str | None = None
        self.progress = progress
        self._python: ProjectPython | None = None
        self._texts: dict[str, str | None] = {}
        self._results: dict[str, Result] = {}
        self._git_state: dict[str, Any] | None = None
        self._sizes: list[tuple[str, int]] | None = None
        self._pristine = None
        self._real_folders: dict[str, str | None] = {}  # folder -> its real path (or outside)
        self.recorded = self._recorded()

    # --- public ---------------------------------------------------------------------------

    def task(self, task: dict[str, Any]) -> tuple[str | None, list[Result]]:
        """(verdict, results) of a task's checks: 'ok', 'fail', 'unknown', or None (no check)."""
        checks = model.checks_of(task)
        if not checks:
            return None, []
        self._task_id = task.get("id")
        results = [self.check(c, task.get("fix")) for c in checks]
        if not any("cmd" in c for c in checks):  # a run is the evidence where a task has one
            results = [self._untouched(c, r) for c, r in zip(checks, results, strict=True)]
        states = {r["state"] for r in results}
        verdict = "fail" if "fail" in states else "unknown" if "unknown" in states else "ok"
        return verdict, results

    def check(self, check: Check, fix: str | None = None) -> Result:
        """The result of one check: {check, state, missing, fix}."""
        key = check_key(check)
        if "cmd" in check and self._held_back():
            return {"check": check_label(check), "kind": "cmd", **NOT_THIS_PHASE}
        if key not in self._results:
            kind = next(k for k in check if k in model.CHECK_KINDS)
            if not self._evaluates(kind):
                result = self.recorded.get(key) or unknown(kind)
            else:
                state, missing, default_fix = self._evaluate(kind, check)
                result = {"state": state, "missing": missing, "fix": default_fix}
                if state == "ok" and default_fix:  # a passing check's text is a note
                    result.update(fix="", note=default_fix)
            self._results[key] = {"check": check_label(check), "kind": kind, **result}
        result = dict(self._results[key])
        if result["state"] != "ok" and fix:
            result["fix"] = fix
        return result

    def _held_back(self) -> bool:
        """A command of a task outside the phase being checked: not run this time."""
        return self.run and self.run_tasks is not None and self._task_id not in self.run_tasks

    def _evaluates(self, kind: str) -> bool:
        """Whether this run evaluates a kind itself (else it reuses the last recorded result)."""
        if kind == "cmd":
            return self.run
        return self.deep or kind not in model.DEEP_CHECKS

    def record(self) -> None:
        """Keep this run's deep results for the current commit, so status can show them."""
        deep = dict(self.recorded)
        for key, result in self._results.items():
            kind = result["kind"]
            if kind in model.DEEP_CHECKS and self._evaluates(kind):
                deep[key] = {k: result[k] for k in ("state", "missing", "fix")}
        import json
        from pathlib import Path

        from mlstart.core.files import atomic_write

        folder = _state_dir(self.root)
        try:
            os.makedirs(folder, exist_ok=True)
            text = json.dumps({"head": self.git()["head"], "results": deep})
            atomic_write(Path(folder) / RECORD_FILE, text)
        except OSError:
            pass  # a read-only .git costs only the memory of the last check

    def git(self) -> dict[str, Any]:
        """Git state from `.git`, read once."""
        if self._git_state is None:
            self._git_state = gitstate.state(self.root)
        return self._git_state

    def _evaluate(self, kind: str, check: Check) -> tuple[str, str, str]:
        if kind == "git":
            return self._git_check(check["git"])
        method = getattr(self, f"_{kind}")
        result: tuple[str, str, str] = method(check)
        return result

    # --- recorded deep results ------------------------------------------------------------

    def _recorded(self) -> dict[str, Result]:
        try:
            name = os.path.join(_state_dir(self.root), RECORD_FILE)
            stored = load_json(read_text(name, limit=MAX_FILE_BYTES), name)
        except UnsafeFileError:
            return {}
        if not isinstance(stored, dict) or stored.get("head") != self.git()["head"]:
            return {}
        results = stored.get("results")
        return results if isinstance(results, dict) else {}

    # --- the check kinds ------------------------------------------------------------------

    def _path(self, check: Check) -> tuple[str, str, str]:
        path = check["path"]
        real, exists = self._lookup(path)
        if real is None:
            return outside(path)
        if not exists:
            return "fail", f"{path} does not exist", f"create {path}"
        if not path.endswith(".json"):
            return "ok", "", ""
        result = self._json(path)
        if self._sampled(result):
            return "fail", f"{path}: {earned.SAMPLE_MISSING}", self.sample_fix()
        return self._recorded_fields(path, result, check.get("fields") or [])

    def _filled(self, check: Check) -> tuple[str, str, str]:
        path, _, section = check["filled"].partition("#")
        if self._abs(path) is None:
            return outside(path)
        text = self._text(path)
        fix = f"fill in the places marked {model.MARKER} in {path}, and delete the markers"
        if text is None:
            return "fail", f"{path} does not exist", f"write {path}"
        lines = text.splitlines()
        start, end = 0, len(lines)
        if section:
            found = earned.section(lines, section)
            if found is None:
                return "fail", f"{path} has no section '{section}'", f"add a '## {section}' section"
            start, end = found
        marked = [i for i in range(start, end) if model.MARKER in lines[i]]
        where = f"section '{section}' of {path}" if section else path
        if not marked:
            return self._own_words(path, section, "\n".join(lines[start:end]), where)
        count = f"{len(marked)} {model.MARKER} marker{'s' if len(marked) > 1 else ''}"
        return "fail", f"{where}: {count} left (first on line {marked[0] + 1})", fix

    def _git_check(self, what: str) -> tuple[str, str, str]:
        git = self.git()
        if not git["repo"]:
            return "fail", "not a Git repository", "git init -b main"
        if not git["head"]:
            return "fail", "no commit yet", 'git add -A && git commit -m "Start the project"'
        if what == "commits":
            return "ok", "", ""
        if what == "remote":
            if git["remotes"]:
                return "ok", "", ""
            return "fail", "no remote", "`mlstart publish` (or git remote add origin URL)"
        return self._pushed_once(git)

    def _no_large_files(self, check: Check) -> tuple[str, str, str]:
        if self._sizes is None:
            self._sizes = gitstate.committed_sizes(self.root) or []
        limit = float(check["no_large_files"]) * MB  # every path, as the pre-commit hook
        big = [(p, s) for p, s in self._sizes if s > limit]
        if not big:
            return "ok", "", ""
        listed = ", ".join(f"{p} ({s / MB:.1f} MB)" for p, s in big[:5])
        more = f" and {len(big) - 5} more" if len(big) > 5 else ""
        fix = "git rm --cached FILE, ignore it in .gitignore, and track it with DVC or Git LFS"
        return "fail", f"files over {limit / MB:g} MB in Git: {listed}{more}", fix

    def _metric(self, check: Check) -> tuple[str, str, str]:
        path = check["metric"]
        metrics, problem = self._metrics(path)
        if metrics is None:
            fix = f"run the evaluation that writes {path}"
            return "fail", problem, self._metrics_fix(problem, fix)
        absent = [f for f in check.get("fields", []) if metrics.get(f) in (None, "")]
        if absent:
            return "fail", f"{path} lacks {', '.join(absent)}", f"record them when writing {path}"
        targets = self.data.get("targets") or {}
        floor: Any = targets.get("min_useful")
        direction = targets.get("direction", "higher")
        useful = not check.get("useful") or not model.is_number(floor)
        if not useful and not ladder.meets(metrics["value"], float(floor), direction):
            value = metrics["value"]
            missing = f"{path}: {metrics['metric']} {value:g} is short of {floor:g}"
            return "fail", missing, "improve the model (or revisit the target in planning)"
        if check.get("useful") and metrics.get("degenerate") is True:  # a constant can do it
            reason = str(metrics.get("degenerate_reason"))[:200]
            return "fail", f"{path}: the result is degenerate ({reason})", DEGENERATE_FIX
        return "ok", "", ""

    def _beats(self, check: Check) -> tuple[str, str, str]:
        return self._compare(check["beats"], check["over"])

    def _promotion(self, check: Check) -> tuple[str, str, str]:
        folder = check["promotion"].rstrip("/")
        stage = self.data.get("stage", model.STAGES[0])
        following = model.next_stage(stage)
        if following is None or ladder.target_reached(self.data):
            return "ok", "", ""
        return self._compare(f"{folder}/{following}.json", f"{folder}/{stage}.json")

    def stages(self, stage: str, following: str) -> tuple[str, str, str]:
        """Whether the following stage's metrics beat the stage's (state, missing, fix)."""
        return self._compare(ladder.metrics_file(following), ladder.metrics_file(stage))

    def _compare(self, candidate: str, baseline: str) -> tuple[str, str, str]:
        """Whether the candidate's metrics beat the baseline's by the minimum gain."""
        new, problem = self._metrics(candidate)
        if new is None:
            fix = f"train and evaluate the candidate; it writes {candidate}"
            return "fail", problem, self._metrics_fix(problem, fix)
        old, problem = self._metrics(baseline)
        if old is None:
            fix = f"evaluate the current stage; it writes {baseline}"
            return "fail", problem, self._metrics_fix(problem, fix)
        if not new.get("data_hash") or new.get("data_hash") != old.get("data_hash"):
            missing = f"{candidate} and {baseline} were not measured on the same data (data_hash)"
            return "fail", missing, "evaluate both on the same frozen evaluation set"
        targets = self.data.get("targets") or {}
        gain_needed = targets.get("min_gain") or 0.0
        ok, gain = ladder.beats(
            new["value"], old["value"], targets.get("direction", "higher"), gain_needed
        )
        if ok:
            return "ok", "", ""
        missing = (
            f"{candidate} ({new['value']:g}) beats {baseline} ({old['value']:g}) by {gain:g}; "
            f"{gain_needed:g} is needed"
        )
        return "fail", missing, "improve the candidate, or stay on the current stage"

    def _config(self, check: Check) -> tuple[str, str, str]:
        key, file = check["config"], check.get("file")
        if file is None:
            value: Any = self.data
        elif file.endswith((".yaml", ".yml")) and not self.deep:
            return "unknown", "a YAML config is read by `mlstart check`", "mlstart check"
        else:
            value = self._config_file(file)
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value not in (None, "", [], {}):
            return "ok", "", ""
        where = file or model.FILE_NAME
        return "fail", f"{key} is not set in {where}", f"set {key} in {where}"

    def _cmd(self, check: Check) -> tuple[str, str, str]:
        command = check["cmd"]
        if not self.run:
            return (
                "unknown",
                f"`{command}` runs only with `mlstart check --run`",
                "mlstart check --run",
            )
        from mlstart.lifecycle.commands import run_check_command

        if self.progress is not None:
            self.progress.begin(command)
        state, missing, fix = run_check_command(self.root, command, self.python)
        if self.progress is not None:
            self.progress.end("ok" if state == "ok" else "failed", ok=state == "ok")
        return state, missing, fix

    @property
    def python(self) -> ProjectPython:
        """The interpreter the project's commands run with (found once)."""
        if self._python is None:
            from mlstart.core import pyenv

            self._python = pyenv.find(self.root, self.data.get("python"))
        return self._python

    # --- helpers --------------------------------------------------------------------------

    def _text(self, path: str) -> str | None:
        """A project file's text (bounded reader); None if missing, unreadable or outside."""
        if path not in self._texts:
            real = self._abs(path)
            try:
                self._texts[path] = None if real is None else read_text(real, what=path)
            except UnsafeFileError:
                self._texts[path] = None
        return self._texts[path]

    def _metrics(self, path: str) -> tuple[dict[str, Any] | None, str]:
        """The metrics file as a mapping with a numeric value of the primary metric, or why not."""
        if self._abs(path) is None:
            return None, outside(path)[1]
        if (text := self._text(path)) is None:
            return None, f"{path} does not exist or is not a readable text file"
        try:
            metrics = load_json(text, path)
        except UnsafeFileError as exc:
            return None, exc.message
        if not isinstance(metrics, dict) or not model.is_number(metrics.get("value")):
            return None, f"{path} has no numeric 'value'"
        wanted = (self.data.get("targets") or {}).get("metric")
        if wanted and metrics.get("metric") != wanted:
            return None, f"{path} measures {metrics.get('metric')!r}, not the primary {wanted}"
        if self._sampled(metrics):
            return None, f"{path}: {earned.SAMPLE_MISSING}"
        return metrics, ""

    def _metrics_fix(self, problem: str, fix: str) -> str:
        return self.sample_fix() if problem.endswith(earned.SAMPLE_MISSING) else fix

    def _config_file(self, file: str) -> Any:
        text = self._text(file)
        if text is None:
            return None
        try:
            if file.endswith(".json"):
                return load_json(text, file)
            if file.endswith(".toml"):
                import tomllib

                return tomllib.loads(text)
            from mlstart.core.yamlio import load_plain

            return load_plain(text, file)
        except (ValueError, RecursionError, UnsafeFileError):
            return None


def _state_dir(root: str) -> str:
    from mlstart.lifecycle.statefolder import state_dir

    return state_dir(root)
