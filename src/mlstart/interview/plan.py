"""The plan derived from the answers: should we use ML (the verdict), archetype, drivers, gaps.

The rules are data: `VERDICT_RULES` is the decision table (a condition in words, the verdict,
the reason), read top to bottom; the verdict is the first one whose rules hold, and every rule
of that verdict that holds gives a reason. `NOTES` add reasons without changing the verdict
(ethics, regulation, readiness, the flywheel...). `docs/plan.md` prints both tables
(scripts/gen_docs.py). The rules read `Facts` (mlstart.interview.facts), never raw answers.
Pure functions; the template receives the results, it does not repeat the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mlstart.interview.drivers import archetype, drivers, feasibility_level
from mlstart.interview.facts import LONG_LABEL_DELAY_DAYS, Facts, facts_of
from mlstart.interview.questions import UNKNOWN, means_nobody, means_unknown

VERDICTS = ("not-yet", "not-warranted", "heuristic-first", "ml-candidate")
VERDICT_WORDS = {
    "not-yet": "find out what is missing before deciding; build nothing yet",
    "not-warranted": "a rule does the job; ship it and measure it, no ML stage planned",
    "heuristic-first": "a rule serves now; ML once data, labels and time allow",
    "ml-candidate": "measure the rule, then a simple model that must beat it",
}
REVISIT_ML = "revisit ML when the rule grows complex or the data changes"
# What the template receives of the plan (hidden values of template/copier.yml).
TEMPLATE_KEYS = (
    "verdict",
    "verdict_reasons",
    "verdict_notes",
    "archetype",
    "archetype_advice",
    "drivers",
    "feasibility",
    "requirements",
    "metric_direction",
    "find_out",
)


@dataclass(frozen=True)
class Rule:
    """One row of the decision table: when `holds`, the verdict is (at least) `verdict`."""

    verdict: str
    condition: str  # the condition in words, as docs/plan.md shows it
    holds: Callable[[Facts], bool]
    reason: str | Callable[[Facts], str]

    def reason_for(self, f: Facts) -> str:
        return self.reason(f) if callable(self.reason) else self.reason


VERDICT_RULES: tuple[Rule, ...] = (
    # --- not yet: what is needed to decide is missing -------------------------------------
    Rule(
        "not-yet",
        "nobody acts on the predictions",
        lambda f: f.who_acts == "nobody",
        "no one acts on the predictions: a model would create no value yet",
    ),
    Rule(
        "not-yet",
        "who acts on the predictions is unknown",
        lambda f: f.who_acts == "unknown",
        "it is not known who acts on the predictions, or how",
    ),
    Rule(
        "not-yet",
        "the problem is unknown",
        lambda f: not f.problem_known,
        "the problem is not stated: who has it, and what happens today",
    ),
    Rule(
        "not-yet",
        "the KPI is unknown",
        lambda f: not f.kpi_known,
        "no business goal (KPI) is named, so success could not be measured",
    ),
    Rule(
        "not-yet",
        "business value unclear",
        lambda f: f.value == "unclear",
        "it is unclear whether the gain pays for building, deploying and monitoring a model",
    ),
    Rule(
        "not-yet",
        "no data and no known way to get it",
        lambda f: f.data == "none" and not f.source_known,
        "there is no data and no known way to get it",
    ),
    Rule(
        "not-yet",
        "whether data exists is unknown",
        lambda f: f.data == UNKNOWN,
        "it is not known what data exists",
    ),
    Rule(
        "not-yet",
        "ethics unknown",
        lambda f: f.ethics == UNKNOWN,
        "whether a wrong prediction can harm people is not known: screen the ethics first",
    ),
    Rule(
        "not-yet",
        "predictions can harm people and act without review",
        lambda f: f.ethics == "yes" and f.autonomous,
        "a wrong prediction can harm people and nobody reviews it: decide on human oversight",
    ),
    # --- not warranted: a rule does the job and nothing makes ML worth its cost ------------
    Rule(
        "not-warranted",
        "business value no",
        lambda f: f.value == "no",
        "the gain would not pay for building, deploying and monitoring a model",
    ),
    Rule(
        "not-warranted",
        "a rule is enough and the data is stable",
        lambda f: f.rule == "enough" and f.data_change != "fast",
        f"a rule does the job: ship it and measure it; {REVISIT_ML}",
    ),
    # --- heuristic first: a rule serves now ------------------------------------------------
    Rule(
        "heuristic-first",
        "a rule is enough but the data changes fast",
        lambda f: f.rule == "enough" and f.data_change == "fast",
        "a rule does the job today, but the data changes fast and rules go stale: ship the "
        "rule, log data, revisit ML",
    ),
    Rule(
        "heuristic-first",
        "no data yet (a source is known)",
        lambda f: f.data == "none",
        "no data yet: a rule serves while data is collected (start logging now)",
    ),
    Rule(
        "heuristic-first",
        "labels missing, no workable way to label",
        lambda f: f.data in ("partial", "unlabelled") and f.labels == "missing",
        "labels are missing and no way to make them is settled: a rule runs while they are "
        "gathered",
    ),
    Rule(
        "heuristic-first",
        "deadline under a month",
        lambda f: f.deadline_short,
        "the deadline is under a month: too short to build and validate a model; a rule ships",
    ),
    Rule(
        "heuristic-first",
        "a product whose team cannot run a model",
        lambda f: f.kind == "product" and f.readiness == "no",
        "the team cannot deploy and run a model yet: a rule ships while infrastructure and "
        "people are put in place",
    ),
    Rule(
        "heuristic-first",
        "whether a rule would do is unknown",
        lambda f: f.rule == UNKNOWN,
        "whether a rule would do is not known: build and measure one, then decide",
    ),
    # --- ML candidate: otherwise ------------------------------------------------------------
    Rule(
        "ml-candidate",
        "otherwise: no rule is enough, data and labels (or a way to label), clear value",
        lambda f: True,
        lambda f: (
            "no rule is enough, the data is "
            + (
                "labelled"
                if f.labels == "in hand"
                else "partly labelled with a workable way to label"
            )
            + " and the gain pays: measure the rule, then a simple model that must beat it"
        ),
    ),
)


def _readiness_note(f: Facts) -> str:
    if f.readiness == "no":
        return (
            f"nobody can run a model in production yet; acceptable for a {f.kind}, where the "
            "model need not serve real users"
        )
    return "the team can only partly run a model in production: name who deploys and monitors it"


def _delay_note(f: Facts) -> str:
    return (
        f"true outcomes arrive after {f.label_delay_days} days: until then, monitor input drift "
        "and proxy metrics"
    )


NOTES: tuple[Rule, ...] = (
    Rule(
        "",
        "regulated domain",
        lambda f: f.regulated,
        "regulated domain: a review and sign-off come before the data and before each release",
    ),
    Rule(
        "",
        "the data describes people",
        lambda f: f.personal_data,
        "the data describes people: privacy review, minimisation, no personal data in Git",
    ),
    Rule(
        "",
        "predictions can harm people (with review)",
        lambda f: f.ethics == "yes" and not f.autonomous,
        "a wrong prediction can harm people: per-slice evaluation and a model card are required",
    ),
    Rule(
        "",
        "readiness partly, or no outside a product",
        lambda f: f.readiness == "partly" or (f.readiness == "no" and f.kind != "product"),
        _readiness_note,
    ),
    Rule(
        "",
        "something is automated today",
        lambda f: f.automated_today,
        "something already runs automatically: the model must beat it on the same data",
    ),
    Rule(
        "",
        "usage produces labels",
        lambda f: f.flywheel == "yes",
        "usage produces labels (a data flywheel): log predictions and outcomes from day one",
    ),
    Rule(
        "",
        f"labels arrive after more than {LONG_LABEL_DELAY_DAYS} days",
        lambda f: f.label_delay_days > LONG_LABEL_DELAY_DAYS,
        _delay_note,
    ),
    Rule(
        "",
        "an off-the-shelf model or API exists",
        lambda f: f.solved_before == "api",
        "an off-the-shelf model or API exists: try it as a baseline before training one",
    ),
    Rule(
        "",
        "people cannot do it reliably",
        lambda f: f.human_can_do == "no",
        "people cannot do this reliably: expect research risk, and de-risk first",
    ),
    Rule(
        "",
        "generation task",
        lambda f: f.task_type == "generation",
        "open-ended output is hard to evaluate: define a human evaluation protocol early",
    ),
)


def verdict(answers: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The verdict and the reasons that decided it (the first verdict whose rules hold)."""
    f = facts_of(answers)
    holding = [rule for rule in VERDICT_RULES if rule.holds(f)]
    name = holding[0].verdict
    return name, [rule.reason_for(f) for rule in holding if rule.verdict == name]


def notes(answers: Mapping[str, Any]) -> list[str]:
    """Reasons that qualify the verdict without changing it (ethics, regulation, readiness...)."""
    f = facts_of(answers)
    return [rule.reason_for(f) for rule in NOTES if rule.holds(f)]


# key -> what to find out. Each open one becomes a required "Find out ..." planning task.
FIND_OUT: tuple[tuple[str, str], ...] = (
    ("problem", "what the problem is and who has it"),
    ("decision_maker", "who will act on the predictions, and how"),
    ("business_value", "whether the gain pays for building, deploying and monitoring a model"),
    ("entity", "what one row describes"),
    ("prediction_output", "what exactly is predicted"),
    ("business_objective", "which business goal (KPI) the project serves"),
    ("business_target", "the KPI target, with its value and date"),
    ("heuristic", "whether a simple rule could do the job"),
    ("solved_before", "whether this has been solved before (papers, open models, APIs)"),
    ("human_can_do", "whether a person can do the task reliably"),
    ("data_availability", "what data exists and whether it is labelled"),
    ("labelling", "who will label the data"),
    ("data_source", "where the data comes from, or how it will be collected"),
    ("data_size", "how much data there is"),
    ("data_change", "how fast the data changes"),
    ("flywheel", "whether usage will produce new labels"),
    ("human_in_loop", "whether a person reviews predictions"),
    ("oversight", "how a person will review predictions that can harm people"),
    ("latency_ms", "the latency budget"),
    ("deadline", "the deadline"),
    ("budget", "the budget"),
    ("privacy", "whether the data describes people"),
    ("regulation", "whether the domain is regulated"),
    ("ethics", "whether a wrong prediction can harm people"),
    ("readiness", "whether the team can deploy and run a model"),
    ("deployment", "how predictions will be served"),
)
_EMPTY_MEANS_UNKNOWN = frozenset({"problem", "decision_maker", "business_objective"})


def _open(key: str, answers: Mapping[str, Any]) -> bool:
    """Whether the answer to key leaves something to find out."""
    if key == "oversight":
        return answers.get("ethics") == "yes" and answers.get("human_in_loop") == "autonomous"
    if key == "data_source" and answers.get("data_availability") == "none":
        value = answers.get("data_source", "")
        return not str(value).strip() or means_unknown(value)
    if key not in answers:
        return False
    value = answers[key]
    if key == "decision_maker" and means_nobody(value):
        return True
    if key == "business_value":
        return bool(value == "unclear")
    if value in (UNKNOWN, "undecided"):
        return True
    return key in _EMPTY_MEANS_UNKNOWN and not str(value).strip()


def find_out(answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key, what to find out) for every answer that is unknown, undecided, empty or 'nobody'."""
    return [(key, what) for key, what in FIND_OUT if _open(key, answers)]


def target_stage(verdict_name: str) -> str:
    """The stage the plan aims for first: the first simple model, or a heuristic release."""
    return "simple" if verdict_name == "ml-candidate" else "heuristic"


def requirements(answers: Mapping[str, Any]) -> dict[str, str]:
    """The four requirements (reliable, scalable, maintainable, adaptable) for this project."""
    f = facts_of(answers)
    rate = answers.get("failure_rate", 5.0)
    fallback = "a guardrail and a fallback" if f.autonomous else "a person reviewing predictions"
    deployment = str(answers.get("deployment", "batch"))
    load = {
        "realtime": "answers each request within the latency budget at peak traffic",
        "edge": "fits the device's size and latency budget on every device",
        "batch": "scores the whole input on schedule as the data grows",
    }.get(deployment, "copes with growth in data and traffic once the serving path is chosen")
    change = {
        "fast": "the data changes fast: time-ordered splits, drift alerts and a retraining trigger",
        "static": "the data is static: retrain when the business need changes",
    }.get(f.data_change, "the data changes slowly: watch drift, retrain on a schedule or on cue")
    return {
        "reliable": f"fails at most {rate} % of the time, caught by monitoring and {fallback}",
        "scalable": load,
        "maintainable": "code, data and models versioned; one command rebuilds each result",
        "adaptable": change,
    }


def derive(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Everything derived, as plain values for the template and the lifecycle file."""
    name, reasons = verdict(answers)
    f = facts_of(answers)
    levels = drivers(answers, f)
    kind, advice = archetype(answers, f)
    metric = str(answers.get("metric", ""))
    return {
        "verdict": name,
        "verdict_reasons": reasons,
        "verdict_notes": notes(answers),
        "archetype": kind,
        "archetype_advice": advice,
        "drivers": levels,
        "feasibility": feasibility_level(levels),
        "target_stage": target_stage(name),
        "metric_direction": "lower" if metric in ("rmse", "mae", "mape") else "higher",
        "find_out": [what for _key, what in find_out(answers)],
        "requirements": requirements(answers),
    }
