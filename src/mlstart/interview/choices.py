"""How each choice of a question reads on the terminal (the stored value stays short)."""

from __future__ import annotations

from mlstart.interview.vocabulary import UNKNOWN

# How choices read on the terminal; the stored value stays the short key.
CHOICE_TITLES: dict[str, dict[str, str]] = {
    "project_kind": {
        "course": "course: a learning project (lighter documents and tasks)",
        "poc": "poc: a proof of concept or value",
        "product": "product: a production system (every document and task)",
    },
    "heuristic": {
        "enough": "yes, a rule may be all that is needed",
        "baseline": "yes, as a baseline to beat",
        "no": "no",
    },
    "data_availability": {
        "labelled": "labelled data",
        "partial": "partly labelled data",
        "unlabelled": "data, but no labels",
        "none": "no data yet",
    },
    "labelling": {
        "self": "I will label it myself",
        "annotators": "annotators",
        "domain_experts": "domain experts",
        "weak_supervision": "rules (weak supervision)",
    },
    "data_size": {
        "lt_1k": "under 1,000",
        "1k_100k": "1,000 to 100,000",
        "100k_10m": "100,000 to 10 million",
        "gt_10m": "over 10 million",
    },
    "data_change": {"static": "it does not", "slow": "slowly", "fast": "fast or adversarially"},
    "deployment": {
        "batch": "batch: score a file on a schedule",
        "realtime": "real-time: an API answers each request",
        "edge": "edge: on the user's device",
        "undecided": "not decided yet",
    },
    "human_in_loop": {
        "review": "yes, a person reviews (human in the loop)",
        "autonomous": "no, predictions act directly",
    },
    "deadline": {
        "lt_1_month": "within a month",
        "1_3_months": "in 1 to 3 months",
        "3_12_months": "in 3 to 12 months",
        "gt_1_year": "in more than a year",
    },
    "privacy": {
        "none": "no",
        "personal": "yes, personal data",
        "sensitive": "yes, sensitive data (health, finances, ...)",
    },
    "regulation": {"none": "no", "regulated": "yes"},
    "business_value": {
        "yes": "yes, the gain clearly pays for it",
        "unclear": "unclear",
        "no": "no, a model would cost more than it brings",
    },
    "solved_before": {
        "api": "yes, an off-the-shelf model or API exists",
        "published": "similar published or open work exists",
        "no": "not that I know of",
        UNKNOWN: "not checked yet",
    },
    "human_can_do": {
        "yes": "yes, easily",
        "expert": "yes, with expertise",
        "no": "not reliably",
    },
    "flywheel": {
        "yes": "yes, usage produces labels (a data flywheel)",
        "no": "no, labels must be made separately",
    },
    "ethics": {"no": "no", "yes": "yes"},
    "readiness": {
        "yes": "yes",
        "partly": "partly",
        "no": "no, not yet",
    },
}


def choice_title(key: str, value: str) -> str:
    """How a choice reads on the terminal."""
    titles = CHOICE_TITLES.get(key, {})
    if value == UNKNOWN and value not in titles:
        return "I don't know yet"
    return titles.get(value, value)
