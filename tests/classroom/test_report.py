"""`mlstart report`: one project's status and story as text, Markdown, JSON and HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.classroom import build
from tests.helpers import git
from tests.ssh.conftest import run_cli

CHARTER = (
    build.FILLED_CHARTER
    + "\n## Approach decision\n\nVerdict: **ML candidate**, because:\n\n"
    + "- the heuristic is known to fall short\n- labelled data exists\n\n## Feasibility\n\nx\n"
)


def story_project(root: Path) -> Path:
    """A project that went to data, on to training, back to data, with a forced advance."""
    data = json.loads(build.lifecycle(build.base_lifecycle(), phase="data"))
    data["history"][-1].update(forced=True, reason="deadline", blockers=["planning.approval"])
    data["history"] += [
        {"at": "2026-09-29T10:00:00+00:00", "event": "advanced", "by": "Ada", "from": "data",
         "to": "training"},
        {"at": "2026-09-30T10:00:00+00:00", "event": "back", "by": "Ada", "from": "training",
         "to": "data", "reason": "labels leaked"},
    ]  # fmt: skip
    data["phases"]["planning"][0]["status"] = "skipped"
    data["phases"]["planning"][0]["reason"] = "no remote in the lab"
    files = {
        "lifecycle.yaml": json.dumps(data, indent=1),
        "docs/charter.md": CHARTER,
        "reports/metrics/heuristic.json": json.dumps({"metric": "f1", "value": 0.55}),
        "reports/metrics/simple.json": json.dumps({"metric": "f1", "value": 0.71}),
    }
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "work")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return story_project(tmp_path / "churn")


def test_report_json(project: Path) -> None:
    result = run_cli("report", str(project), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1 and data["phase"] == "data"
    assert [s["phase"] for s in data["timeline"]] == ["planning", "data", "training", "data"]
    assert data["timeline"][-1] == {
        "phase": "data", "entered": "2026-09-30T10:00:00+00:00", "left": None, "via": "back",
        "reason": "labels leaked",
    }  # fmt: skip
    assert data["timeline"][0]["left"] == build.START
    assert [e["reason"] for e in data["loop_backs"]] == ["labels leaked"]
    assert data["overrides"][0]["blockers"] == ["planning.approval"]
    skipped = [s for s in data["skipped"] if s["how"] == "skipped"]
    assert skipped == [
        {"id": "planning.repo", "title": skipped[0]["title"],
         "reason": "no remote in the lab", "how": "skipped"}
    ]  # fmt: skip
    # tasks the story marks done by hand without their evidence are listed as overridden
    assert {s["how"] for s in data["skipped"]} <= {"skipped", "overridden"}
    assert [(s["stage"], s["value"]) for s in data["ladder"]] == [
        ("heuristic", 0.55), ("simple", 0.71), ("ml", None), ("complex", None),
    ]  # fmt: skip
    assert data["targets"]["target"] == 0.8 and data["targets"]["min_useful"] == 0.6
    assert data["verdict_reasons"] == [
        "the heuristic is known to fall short",
        "labelled data exists",
    ]
    assert all(".find-out-" in t["id"] for t in data["find_out"])


def test_report_text_and_markdown(project: Path) -> None:
    text = run_cli("report", "-C", str(project)).stdout
    assert "phase data" in text and "Timeline:" in text and "(loop-back)" in text
    assert "Stage ladder (f1, target 0.8, min useful 0.6):" in text
    assert "simple     0.71" in text and "deadline" in text
    assert "Verdict: ml-candidate" in text and "labelled data exists" in text
    md = run_cli("report", str(project), "--md").stdout
    assert md.startswith("## churn: data phase, heuristic stage")
    assert "| simple | 0.71 |" in md and "- labelled data exists" in md


def test_report_html_is_self_contained(project: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    result = run_cli("report", str(project), "--html", str(page))
    assert result.exit_code == 0 and result.stdout == ""
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>")
    for forbidden in ("<script", "http://", "https://", "@import", "url(", "<link"):
        assert forbidden not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert html.count("<svg") == 3 and html.count("<title id=") == 3
    assert html.count("<desc id=") == 3 and "labels leaked" in html
    for section in ("standing", "timeline", "progress", "ladder", "blockers", "overrides"):
        assert f'id="{section}"' in html


def test_report_outside_a_project(tmp_path: Path) -> None:
    result = run_cli("report", str(tmp_path))
    assert result.exit_code == 1 and "not inside an mlstart project" in result.stderr
