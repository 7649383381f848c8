"""The planning phase's tasks: charter, metrics, baseline, feasibility, find-out tasks."""

from __future__ import annotations

from mlstart.interview.plan import find_out
from mlstart.lifecycle.taskkit import CHARTER, Context, Task, filled, task

# --- planning -----------------------------------------------------------------------------------


def _planning_first(c: Context) -> list[Task]:
    """The tasks that open the planning phase, in order; `planning` adds the rest."""
    return [
        task(
            "planning.repo",
            "Repository set up: committed, remote set, pushed",
            [{"git": "commits"}, {"git": "remote"}, {"git": "pushed"}],
            "`mlstart publish` sets the remote and pushes (`mlstart doctor` checks the set-up)",
        ),
        task(
            "planning.charter",
            "Charter written: problem, users and the decision predictions feed",
            [filled(CHARTER, "Background"), filled(CHARTER, "Users")],
        ),
        task(
            "planning.metrics",
            f"Success metrics defined: the KPI, {c.metric} ({c.direction} is better), "
            f"target and minimum gain {c.min_gain}",
            [filled("docs/metrics.md"), {"config": "targets.metric"}],
        ),
        task(
            "planning.baseline",
            "Baseline decided: a heuristic to beat, runnable from day one",
            {"path": f"src/{c.pkg}/baseline.py"},
            f"write the heuristic in src/{c.pkg}/baseline.py",
        ),
    ]


def planning(c: Context) -> list[Task]:
    """Planning and scoping (reference b.3, PLN-01..11), plus one task per "don't know"."""
    tasks = [
        *_planning_first(c),
        task(
            "planning.approach",
            f"Decision recorded: ML, heuristic first, or stop (the plan says {c.verdict})",
            filled("docs/decisions/0001-approach.md"),
        ),
        task(
            "planning.feasibility",
            f"Feasibility assessed: data, accuracy and difficulty (plan: {c.feasibility} cost)",
            filled(CHARTER, "Feasibility"),
            required=c.product,
        ),
        task(
            "planning.constraints",
            "Constraints recorded: deadline, budget, latency, privacy",
            filled(CHARTER, "Constraints"),
            required=c.product,
        ),
        task(
            "planning.ethics",
            "Ethics and privacy screen: each risk with an owner and a mitigation",
            filled("docs/risks.md"),
            required=c.flagged or c.product,
        ),
    ]
    tasks += _planning_conditional(c)
    tasks.append(
        task(
            "planning.plan",
            f"Plan: milestones per phase, first target stage {c.target_stage}, a fallback",
            filled(CHARTER, "Plan"),
            required=False,
        )
    )
    tasks += _find_outs(c)
    return tasks


def _planning_conditional(c: Context) -> list[Task]:
    tasks = []
    if c.flagged:
        flags = (("privacy", c.privacy), ("regulation", c.regulated), ("ethics", c.harm))
        what = ", ".join(w for w, on in flags if on)
        tasks.append(
            task(
                "planning.review",
                f"Review of {what} done and signed off",
                fix="get the review, then "
                "`mlstart done planning.review --note 'signed off by ...'`",
            )
        )
    if c.automated:
        tasks.append(
            task(
                "planning.incumbent",
                "What runs today is described and will be measured as the baseline to beat",
                filled(CHARTER, "Baseline"),
                required=False,
            )
        )
    if c.feasibility == "high":
        tasks.append(
            task(
                "planning.derisk",
                "De-risk first: literature, a quick labelled benchmark, a rule-based version",
                required=False,
            )
        )
    if not c.course:
        tasks.append(
            task(
                "planning.approval",
                "Stakeholders agree on the charter and the success criteria",
                fix="record who agreed: `mlstart done planning.approval --note 'approved by ...'`",
                required=c.product,
            )
        )
    return tasks


def _find_outs(c: Context) -> list[Task]:
    return [
        task(
            f"planning.find-out-{key.replace('_', '-')}",
            f"Find out {what}",
            fix=f"find it out, then `mlstart done planning.find-out-{key.replace('_', '-')} "
            "--note '...'`",
        )
        for key, what in find_out(c.answers)
    ]
