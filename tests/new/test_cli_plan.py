"""The plan through the CLI: `mlstart new --defaults --set ... --no-git` as a student runs it.

The verdict must show in the summary (text and --json), lifecycle.yaml, the charter and
`mlstart status`; `not-yet` blocks the planning gate and stage promotion; answers that
contradict each other are refused together, before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from mlstart.cli.app import main

FRAMED = (
    "problem=Agents triage tickets by hand",
    "decision_maker=the support lead",
    "business_objective=time to first answer",
    "business_value=yes",
    "solved_before=published",
)


def new(dest: Path, *sets: str, json_out: bool = False) -> Result:
    args = ["new", str(dest), "--defaults", "--no-git"]
    for pair in sets:
        args += ["--set", pair]
    if json_out:
        args.append("--json")
    return CliRunner().invoke(main, args, catch_exceptions=False)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("sets", "verdict", "archetype"),
    [
        ((), "not-yet", "human-in-the-loop"),
        ((*FRAMED, "heuristic=enough", "data_change=static"), "not-warranted", "human-in-the-loop"),
        ((*FRAMED, "deadline=lt_1_month"), "heuristic-first", "human-in-the-loop"),
        ((*FRAMED, "heuristic=no", "automated_today=yes"), "ml-candidate", "software-2.0"),
        ((*FRAMED, "human_in_loop=autonomous", "failure_rate=0.01"), "ml-candidate", "autonomous"),
    ],
    ids=["defaults", "rule", "deadline", "software-2.0", "autonomous"],
)
def test_the_verdict_reaches_the_summary_lifecycle_charter_and_status(
    tmp_path: Path, sets: tuple[str, ...], verdict: str, archetype: str
) -> None:
    dest = tmp_path / "p"
    result = new(dest, *sets)
    assert result.exit_code == 0, result.output
    assert f"Should we use ML? {verdict}" in result.output
    assert f"Archetype: {archetype}" in result.output
    assert "accuracy" in result.output and "nine" in result.output
    plan = yaml.safe_load((dest / "lifecycle.yaml").read_text(encoding="utf-8"))["plan"]
    assert (plan["verdict"], plan["archetype"]) == (verdict, archetype)
    assert list(plan["drivers"]) == ["data", "accuracy", "difficulty"]
    assert plan["reasons"]
    charter = (dest / "docs/charter.md").read_text(encoding="utf-8")
    assert "## Should we use ML?" in charter and f"### Archetype: {archetype}" in charter
    assert "costs roughly ten times more" in charter and "**Reliable**" in charter
    status = run("status", str(dest)).output
    assert f"Should we use ML? {verdict}, archetype {archetype}" in status
    if archetype == "autonomous":
        assert "start human in the loop" in result.output and "Advice: start human" in charter


def test_json_summary_carries_the_plan(tmp_path: Path) -> None:
    result = new(tmp_path / "p", *FRAMED, "failure_rate=1", json_out=True)
    plan = json.loads(result.output)["plan"]
    assert plan["verdict"] == "ml-candidate" and plan["archetype"] == "human-in-the-loop"
    assert plan["drivers"]["accuracy"]["nines"] == 2.0
    assert plan["drivers"]["accuracy"]["cost_multiplier"] == 10.0


def test_not_yet_blocks_the_gate_and_promotion_until_found_out(tmp_path: Path) -> None:
    dest = tmp_path / "p"
    assert new(dest, "decision_maker=nobody").exit_code == 0
    gate = json.loads(run("status", str(dest), "--json").output)["gate"]
    assert "planning.find-out-decision-maker" in [t["id"] for t in gate["blockers"]]
    (dest / "reports/metrics").mkdir(parents=True)
    for stage, value in (("heuristic", 0.5), ("simple", 0.9)):
        body = {"metric": "f1", "value": value, "direction": "higher"}
        (dest / f"reports/metrics/{stage}.json").write_text(json.dumps(body))
    refused = run("advance", "--stage", "--force", "--reason", "try", "-C", str(dest))
    assert refused.exit_code != 0 and "not yet decided" in refused.output
    blocked = run("advance", "-C", str(dest))
    assert blocked.exit_code != 0 and "find-out-decision-maker" in blocked.output
    status = run("status", str(dest)).output
    assert "the plan is not yet decided" in status


def test_contradicting_answers_are_refused_together(tmp_path: Path) -> None:
    dest = tmp_path / "p"
    result = new(
        dest,
        "metric=f1",
        "metric_target=0.7",
        "metric_min_useful=0.9",
        "latency_ms=100",
        "failure_rate=120",
    )
    assert result.exit_code != 0
    out = result.output
    assert "metric_min_useful" in out and "cannot be above the target" in out
    assert "latency_ms" in out and "real-time or edge" in out
    assert "failure_rate" in out
    assert not dest.exists()
    lower = new(
        dest, "task_type=regression", "metric=rmse", "metric_target=2", "metric_min_useful=1"
    )
    assert lower.exit_code != 0 and "cannot be below the target" in lower.output
    assert new(dest, "metric=f1", "metric_target=1.5").exit_code != 0


def test_min_useful_follows_the_target_when_only_the_target_is_given(tmp_path: Path) -> None:
    result = new(tmp_path / "p", "metric_target=0.4", json_out=True)
    answers = json.loads(result.output)["answers"]
    assert answers["metric_min_useful"] <= answers["metric_target"] == 0.4


def test_i_dont_know_is_a_find_out_task_never_a_filled_section(tmp_path: Path) -> None:
    dest = tmp_path / "p"
    result = new(dest, *FRAMED, "problem=I don't know", "entity=tbd")
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((dest / "lifecycle.yaml").read_text(encoding="utf-8"))
    ids = [t["id"] for t in doc["phases"]["planning"]]
    assert "planning.find-out-problem" in ids and "planning.find-out-entity" in ids
    assert doc["plan"]["verdict"] == "not-yet"
    charter = (dest / "docs/charter.md").read_text(encoding="utf-8")
    background = charter.split("## Background", 1)[1].split("##", 1)[0]
    assert "TODO(mlstart)" in background and "know" not in background
    check = run("check", "-C", str(dest)).output
    assert "planning.charter" in check


def test_status_why_and_check_say_why(tmp_path: Path) -> None:
    dest = tmp_path / "p"
    assert new(dest, *FRAMED).exit_code == 0
    out = run("status", str(dest), "--why").output
    assert "why: " in out and "  - no rule is enough" in out
    mlops = (dest / "docs/mlops.md").read_text(encoding="utf-8")
    for component in (
        "Data management",
        "Version control",
        "Automation",
        "Experiment tracking",
        "CI/CD",
        "Monitoring and retraining",
        "Provisioning",
        "Governance",
    ):
        assert component in mlops
    assert mlops.count("Not covered yet") == 8
