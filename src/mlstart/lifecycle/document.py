"""The round-trip YAML document of lifecycle.yaml: build a new one, merge a catalogue, add events.

Works on ruamel's CommentedMap/CommentedSeq so that every change touches only the keys it
means to, and the user's comments, order and formatting elsewhere stay as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from mlstart.lifecycle import catalogue, model
from mlstart.lifecycle.plain import to_plain

CATALOGUE_FIELDS = ("title", "required", "check", "fix")
PROGRESS_FIELDS = ("note", "reason", "at", "by")


PATHS_NOTE = (
    "\nWhere this project keeps its code, tests, data, reports and models: the checks look"
    "\nthere ({how}). Edit them if they are wrong; `mlstart update` then rewrites the checks."
)


def _built(
    answers: Mapping[str, Any], derived: Mapping[str, Any], paths: Any
) -> dict[str, list[dict[str, Any]]]:
    """The catalogue's tasks, their paths moved to the project's layout."""
    from mlstart.lifecycle import layout

    tasks = catalogue.build(answers, derived)
    layout.relocate(tasks, paths, catalogue.Context(answers, derived).pkg)
    return tasks


def now() -> str:
    """The current local time, to the second, with its UTC offset (ISO 8601)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def flow(value: Any) -> Any:
    """Plain data as round-trip nodes; mappings and lists in flow style, e.g. {git: commits}."""
    if isinstance(value, Mapping):
        node = CommentedMap((k, flow(v)) for k, v in value.items())
        node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(flow(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    return value


def task_node(task: Mapping[str, Any]) -> CommentedMap:
    """A task as a block mapping (one key a line) whose check stays on one line."""
    node = CommentedMap()
    for key, value in task.items():
        node[key] = flow(value) if key == "check" else value
    return node


def event(kind: str, author: str, **fields: Any) -> CommentedMap:
    """A history event, on one line: {at: ..., event: done, by: ..., task: ..., note: ...}."""
    values: dict[str, Any] = {"at": now(), "event": kind, "by": author}
    values.update({k: v for k, v in fields.items() if v is not None and v != []})
    node: CommentedMap = flow(values)
    return node


def new_document(
    answers: Mapping[str, Any],
    derived: Mapping[str, Any],
    author: str,
    paths: tuple[dict[str, str], str] | None = None,
) -> CommentedMap:
    """A complete new lifecycle document: phase planning, stage heuristic, tasks, 'created'.

    `paths` (with how they were found): the project's layout when it is not mlstart's
    (lifecycle.layout); written as an editable `paths:` mapping the checks follow.
    """
    doc = CommentedMap()
    doc["schema_version"] = model.SCHEMA_VERSION
    doc["project"] = CommentedMap(_project(answers))
    doc["phase"] = model.PHASES[0]
    doc["stage"] = model.STAGES[0]
    doc["plan"] = CommentedMap(_plan(derived))
    doc["targets"] = CommentedMap(catalogue.targets(answers, derived))
    if paths is not None:
        doc["paths"] = CommentedMap(paths[0])
        doc.yaml_set_comment_before_after_key("paths", before=PATHS_NOTE.format(how=paths[1]))
    phases = CommentedMap()
    for phase, tasks in _built(answers, derived, doc.get("paths")).items():
        phases[phase] = CommentedSeq(task_node(t) for t in tasks)
    doc["phases"] = phases
    note = f"plan: {derived.get('verdict', '?')}, feasibility {derived.get('feasibility', '?')}"
    doc["history"] = CommentedSeq([event("created", author, note=note)])
    doc.yaml_set_start_comment(catalogue_header())
    doc.yaml_set_comment_before_after_key("phases", before="\nTasks by phase: `mlstart done ID`")
    doc.yaml_set_comment_before_after_key("history", before="\nEvery change, oldest first.")
    return doc


def catalogue_header() -> str:
    """The comment at the top of a new file (without the leading '# ')."""
    return "\n".join(line.removeprefix("# ") for line in model.HEADER.strip().splitlines())


def _project(answers: Mapping[str, Any]) -> dict[str, Any]:
    context = catalogue.Context(answers, {})
    return {
        "name": str(answers.get("project_name", "ml-project")),
        "kind": context.kind,
        "package": context.pkg,
    }


def _plan(derived: Mapping[str, Any]) -> dict[str, Any]:
    """The plan as lifecycle.yaml keeps it: verdict with reasons, archetype, the three drivers."""
    plan: dict[str, Any] = {"verdict": str(derived.get("verdict", "ml-candidate"))}
    if derived.get("verdict_reasons"):
        plan["reasons"] = list(derived["verdict_reasons"])
    if derived.get("verdict_notes"):
        plan["notes"] = list(derived["verdict_notes"])
    if derived.get("archetype"):
        plan["archetype"] = str(derived["archetype"])
    if derived.get("archetype_advice"):
        plan["advice"] = str(derived["archetype_advice"])
    if derived.get("drivers"):
        plan["drivers"] = {name: _driver(d) for name, d in derived["drivers"].items()}
    plan["feasibility"] = str(derived.get("feasibility", "medium"))
    plan["target_stage"] = str(derived.get("target_stage", "simple"))
    return plan


def _driver(driver: Mapping[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {"level": driver["level"]}
    if driver.get("nines") is not None:
        entry["nines"] = driver["nines"]
        entry["cost"] = f"about {driver['cost_multiplier']:g}x the cost of 90 % right"
    entry["reason"] = driver["reason"]
    return entry


# --- merging a newer catalogue -----------------------------------------------------------------


def merge_catalogue(
    doc: CommentedMap, answers: Mapping[str, Any], derived: Mapping[str, Any], author: str
) -> dict[str, list[str]]:
    """Bring doc's tasks, targets and plan to the catalogue for these answers, keeping progress.

    A task keeps its status, note, reason and history; its title, check and required flag follow
    the catalogue. A catalogue task no longer asked for is dropped only if nobody worked on it;
    tasks the user added (ids the catalogue never makes) always stay, in their place.
    """
    _update_mapping(doc, "project", _project(answers))
    _update_mapping(doc, "plan", _plan(derived), drop=model.PLAN_KEYS)
    _update_mapping(doc, "targets", catalogue.targets(answers, derived))
    wanted = _built(answers, derived, doc.get("paths"))
    wanted_all = {t["id"] for tasks in wanted.values() for t in tasks}
    existing = _tasks_by_id(doc)
    known = catalogue.all_ids()
    report: dict[str, list[str]] = {"added": [], "removed": [], "updated": []}
    phases = doc.setdefault("phases", CommentedMap())
    for phase in model.PHASES:
        here = {t["id"] for t in wanted[phase]}
        rules = (here, wanted_all, known)
        kept = _kept(phases.get(phase) or CommentedSeq(), rules, report)
        phases[phase] = _place(kept, wanted[phase], existing, report)
    if report["added"] or report["removed"]:
        doc.setdefault("history", CommentedSeq()).append(
            event("refreshed", author, added=report["added"], removed=report["removed"])
        )
    return report


def _update_mapping(
    doc: CommentedMap, key: str, values: Mapping[str, Any], drop: tuple[str, ...] = ()
) -> None:
    """Set the values that changed; remove the keys of `drop` that no longer have a value."""
    node = doc.get(key)
    if not isinstance(node, dict):
        doc[key] = CommentedMap(values)
        return
    for name, value in values.items():
        if node.get(name) != value:  # assign only changes: untouched keys keep their format
            node[name] = value
    for name in [n for n in node if n in drop and n not in values]:
        del node[name]


def _tasks_by_id(doc: CommentedMap) -> dict[str, CommentedMap]:
    found = {}
    for tasks in (doc.get("phases") or {}).values():
        for task in tasks or []:
            found[task["id"]] = task
    return found


def _kept(
    tasks: CommentedSeq,
    rules: tuple[set[str], set[str], frozenset[str]],
    report: dict[str, list[str]],
) -> CommentedSeq:
    """The tasks of a phase that stay: wanted here, the user's own, or already worked on."""
    here, wanted_all, known = rules
    kept = CommentedSeq()
    for task in tasks:
        task_id = task["id"]
        worked_on = task.get("status", "todo") != "todo" or bool(task.get("note"))
        if task_id in here or task_id not in known:
            kept.append(task)
        elif task_id in wanted_all:
            continue  # the catalogue moved it to another phase; _place puts it there
        elif worked_on:
            kept.append(task)
        else:
            report["removed"].append(task_id)
    return kept


def _place(
    kept: CommentedSeq,
    wanted: list[dict[str, Any]],
    existing: dict[str, CommentedMap],
    report: dict[str, list[str]],
) -> CommentedSeq:
    """Update kept tasks in place and insert new ones after their catalogue predecessor."""
    previous: str | None = None
    for spec in wanted:
        ids = [t["id"] for t in kept]
        if spec["id"] in ids:
            _update_task(kept[ids.index(spec["id"])], spec, report)
        else:
            node = existing.get(spec["id"])
            if node is not None:  # moved between phases: keep its progress
                _update_task(node, spec, report)
            else:
                node = task_node(spec)
                report["added"].append(spec["id"])
            position = ids.index(previous) + 1 if previous in ids else 0
            kept.insert(position, node)
        previous = spec["id"]
    return kept


def _update_task(node: CommentedMap, spec: Mapping[str, Any], report: dict[str, list[str]]) -> None:
    changed = False
    for key in CATALOGUE_FIELDS:
        if key in spec and model_value(node.get(key)) != spec[key]:
            node[key] = flow(spec[key]) if key == "check" else spec[key]
            changed = True
        elif key not in spec and key in node and key != "title":
            del node[key]
            changed = True
    if changed:
        report["updated"].append(node["id"])


def model_value(node: Any) -> Any:
    """A round-trip value as plain data, for comparing with the catalogue."""
    return to_plain(node)
