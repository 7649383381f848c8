"""The interview's question bank as data: keys, prompts, kinds, choices, defaults, conditions.

Pure data and pure functions; no prompting (that is `mlstart.interview.prompts`) and no I/O.
The same questions are declared in `template/copier.yml`, generated from this bank.
What each answer changes is written next to it (`changes`), and shown in `docs/interview.md`.
"""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Answers = Mapping[str, Any]
UNKNOWN = "unknown"
# Typed into a free-text answer, these mean "I don't know": stored as `unknown`, they make a
# "find out" task and never count as a filled document section.
UNKNOWN_WORDS = frozenset(
    {
        "unknown",
        "i don't know",
        "i do not know",
        "don't know",
        "dont know",
        "do not know",
        "dunno",
        "idk",
        "no idea",
        "not sure",
        "unsure",
        "not known",
        "not yet known",
        "tbd",
        "tba",
        "tbc",
        "todo",
        "to do",
        "to be decided",
        "to be determined",
        "?",
        "-",
        "...",
        "n/a",
        "na",
        "none yet",
    }
)
# A decision-maker answer that means no one acts on the predictions.
NOBODY = frozenset({"nobody", "no one", "noone", "none", "no-one"})


def means_unknown(value: Any) -> bool:
    """Whether a typed answer says "I don't know" ('unknown', 'tbd', '?', "I don't know"...)."""
    text = str(value).strip().lower().replace("\u2019", "'").rstrip(".!")
    return text in UNKNOWN_WORDS or (bool(text) and set(text) <= {"?", " "})


def means_nobody(value: Any) -> bool:
    """Whether a decision-maker answer says that no one acts on the predictions."""
    return str(value).strip().lower().rstrip(".!") in NOBODY


TASK_TYPES = ("classification", "regression", "ranking", "forecasting", "generation", "other")
METRICS_BY_TASK: dict[str, tuple[str, ...]] = {
    "classification": ("f1", "accuracy", "roc_auc", "precision", "recall"),
    "regression": ("rmse", "mae", "r2"),
    "ranking": ("ndcg_at_10", "map_at_10"),
    "forecasting": ("mae", "rmse", "mape"),
    "generation": ("exact_match", "accuracy"),
    "other": ("accuracy", "f1", "rmse", "mae"),
}
ALL_METRICS = tuple(dict.fromkeys(m for ms in METRICS_BY_TASK.values() for m in ms))
LOWER_IS_BETTER = frozenset({"rmse", "mae", "mape"})
BOUNDED_METRICS = frozenset(
    {"f1", "accuracy", "roc_auc", "precision", "recall", "ndcg_at_10", "map_at_10", "exact_match"}
)
BASELINES = (
    "majority_class",
    "class_prior",
    "mean",
    "median",
    "last_value",
    "seasonal_naive",
    "weighted_rating",
    "keyword_rule",
    "rule",  # the existing system's rule (rules.py): offered when something runs today
)
BASELINES_BY_TASK: dict[str, tuple[str, ...]] = {
    "classification": ("majority_class", "class_prior", "keyword_rule"),
    "regression": ("mean", "median"),
    "ranking": ("weighted_rating",),
    "forecasting": ("last_value", "seasonal_naive", "mean"),
    "generation": ("keyword_rule", "majority_class"),
    "other": ("majority_class", "mean", "keyword_rule"),
}
NEEDS_LABELS = ("partial", "unlabelled", "none", UNKNOWN)
ASKS_LATENCY = ("realtime", "edge")

# Longer names make the generated imports wrap, and its own lint would then fail.
PROJECT_NAME_MAX = 40
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")  # <> would break a git ident
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def package_name_for(project_name: str) -> str:
    """The Python package name a project name gives: `My ML-Project` → `my_ml_project`.

    Accented letters lose their accents (`Détection` → `detection`).
    """
    ascii_name = unicodedata.normalize("NFKD", project_name).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-zA-Z]+", "_", ascii_name.strip()).strip("_").lower()


# Names a generated package must not take: it would shadow the module of that name (the
# standard library's, or a dependency's) for every import in the project and its tests.
SHADOWED = frozenset(sys.stdlib_module_names) | {
    "copier", "cookiecutter", "mlstart", "numpy", "pandas", "sklearn", "scipy", "pytest",
    "yaml", "requests", "fastapi", "uvicorn", "pydantic", "mlflow", "dvc", "joblib", "tests",
    "setuptools", "pip", "click", "jinja2", "matplotlib", "torch", "tensorflow", "src",
}  # fmt: skip


def single_line_problem(value: str, _answers: Answers = {}) -> str | None:  # noqa: B006
    """Why a value that goes into one line (a name, an address) is unusable, or None."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "contains a line break or another control character; give it on one line"
    return None


def project_name_problem(value: str, _answers: Answers = {}) -> str | None:  # noqa: B006
    """Why a project name is unusable, or None. It becomes a folder and a package name."""
    name = value.strip()
    if not name:
        return "the project name is empty"
    if single_line_problem(name):
        return single_line_problem(name)
    if "/" in name or "\\" in name or name in {".", ".."} or name.startswith("."):
        return f"'{name}' looks like a path; give a plain name such as 'churn-model'"
    if len(name) > PROJECT_NAME_MAX:
        return f"the project name is longer than {PROJECT_NAME_MAX} characters"
    package = package_name_for(name)
    if not package or not package.isidentifier() or not package[0].isalpha():
        return f"'{name}' gives no valid Python package name; start it with a letter"
    return _shadow_problem(package, f"'{name}' gives the package name '{package}', which")


def _shadow_problem(package: str, subject: str) -> str | None:
    if keyword.iskeyword(package) or keyword.issoftkeyword(package):
        return f"{subject} is a Python keyword; choose another name"
    if package in SHADOWED:
        return (
            f"{subject} would shadow the module '{package}' (standard library or a dependency) "
            f"in every import; choose another name, such as 'my_{package}'"
        )
    return None


def package_name_problem(value: str, _answers: Answers = {}) -> str | None:  # noqa: B006
    """Why a package name is unusable, or None."""
    if not value.isidentifier() or not value.isascii() or not value[:1].isalpha():
        return f"'{value}' is not a valid Python package name (letters, digits, '_')"
    if value != value.lower():
        return f"'{value}' should be lower case (PEP 8)"
    if len(value) > PROJECT_NAME_MAX:
        return f"'{value}' cannot be a package name (longer than {PROJECT_NAME_MAX} characters)"
    return _shadow_problem(value, f"'{value}'")


def author_name_problem(name: str) -> str | None:
    """A message when the name cannot be a Git author name, else None."""
    if not name.strip():
        return "the name is empty"
    if any(c in name for c in "<>\n"):
        return "the name may not contain <, > or a line break"
    return None


def email_problem(value: str, _answers: Answers = {}) -> str | None:  # noqa: B006
    """Why an email address is unusable, or None."""
    return None if _EMAIL.match(value.strip()) else f"'{value}' is not an email address"


def column_problem(value: str, _answers: Answers = {}) -> str | None:  # noqa: B006
    """Why a target column name is unusable, or None (it is used as a CSV header and in code)."""
    if _COLUMN.match(value):
        return None
    return f"'{value}' is not a usable column name (letters, digits and '_', not first a digit)"


def metric_value_problem(value: float, answers: Answers) -> str | None:
    """Why a metric value is out of range for the chosen metric, or None."""
    metric = answers.get("metric", "")
    if metric in BOUNDED_METRICS and not 0 <= value <= 1:
        return f"{metric} lies between 0 and 1; {value} is out of range"
    if metric == "r2" and value > 1:
        return f"r2 is at most 1; {value} is out of range"
    if metric in LOWER_IS_BETTER and value < 0:
        return f"{metric} is never negative; {value} is out of range"
    return None


def min_useful_problem(value: float, answers: Answers) -> str | None:
    """Why the lowest useful value is out of range, or on the wrong side of the target."""
    problem = metric_value_problem(value, answers)
    target = answers.get("metric_target")
    if problem or isinstance(target, bool) or not isinstance(target, int | float):
        return problem
    metric = answers.get("metric", "")
    if metric in LOWER_IS_BETTER and value < target:
        return (
            f"{metric} is better when lower, so the lowest useful value ({value:g}) cannot be "
            f"below the target ({target:g})"
        )
    if metric not in LOWER_IS_BETTER and value > target:
        return (
            f"{metric} is better when higher, so the lowest useful value ({value:g}) cannot be "
            f"above the target ({target:g})"
        )
    return None


def _is_classification(a: Answers) -> bool:
    return str(a.get("task_type", "classification")) == "classification"


def _default_metric(a: Answers) -> str:
    return METRICS_BY_TASK[a.get("task_type", "classification")][0]


def _default_target(a: Answers) -> float:
    metric = a.get("metric", _default_metric(a))
    return {"rmse": 1.0, "mae": 1.0, "mape": 0.1, "r2": 0.7}.get(metric, 0.8)


def _default_min_useful(a: Answers) -> float:
    """Follows the target: a quarter of the way down (higher is better), or twice it (lower)."""
    metric = a.get("metric", _default_metric(a))
    target = float(a.get("metric_target", _default_target(a)))
    if metric in LOWER_IS_BETTER:
        return round(target * 2, 6)
    value = round(target - 0.25 * max(abs(target), 0.8), 6)
    return max(value, 0.0) if metric in BOUNDED_METRICS else value


def _baselines(a: Answers) -> tuple[str, ...]:
    """The baselines on offer: the task's, plus the existing system's rule if one runs today."""
    task = BASELINES_BY_TASK[a.get("task_type", "classification")]
    return (*task, "rule") if a.get("automated_today") else task


def _default_baseline(a: Answers) -> str:
    task = a.get("task_type", "classification")
    if a.get("automated_today"):
        return "rule"
    if a.get("input_kind") == "text" and "keyword_rule" in BASELINES_BY_TASK[task]:
        return "keyword_rule"
    return BASELINES_BY_TASK[task][0]


@dataclass(frozen=True)
class Question:
    """One interview question. `default` and `choices` may depend on earlier answers."""

    key: str
    prompt: str
    kind: str  # text | select | number | integer | confirm (yes/no, a bool)
    default: Any | Callable[[Answers], Any]
    changes: str
    choices: tuple[str, ...] | Callable[[Answers], tuple[str, ...]] = ()
    essential: bool = True
    when: Callable[[Answers], bool] | None = None
    validate: Callable[[Any, Answers], str | None] | None = None
    minimum: float | None = None
    maximum: float | None = None
    unknown_ok: bool = False  # numbers only: "unknown" is accepted as an answer
    help: str = field(default="")
    asked_when: str = ""  # the `when` condition in words (docs/interview.md, refusals)

    def applies(self, answers: Answers) -> bool:
        """Whether this question is asked, given the answers so far."""
        return self.when is None or self.when(answers)

    def default_for(self, answers: Answers) -> Any:
        """The default, computed from the answers so far."""
        return self.default(answers) if callable(self.default) else self.default

    def choices_for(self, answers: Answers) -> tuple[str, ...]:
        """The choices on offer, given the answers so far (empty for free input)."""
        return self.choices(answers) if callable(self.choices) else self.choices

    def all_choices(self) -> tuple[str, ...]:
        """Every choice this question can ever offer (what copier.yml declares)."""
        if self.key == "metric":
            return ALL_METRICS
        if self.key == "baseline_kind":
            return BASELINES
        return self.choices_for({})


QUESTIONS: tuple[Question, ...] = (
    # --- the project -------------------------------------------------------------------------
    Question(
        "project_name",
        "Project name",
        "text",
        "ml-project",
        "the folder, the README title and (derived) the package name",
        validate=project_name_problem,
    ),
    Question(
        "package_name",
        "Python package name",
        "text",
        lambda a: package_name_for(a.get("project_name", "ml-project")),
        "src/<package>/ and every import",
        essential=False,
        validate=package_name_problem,
    ),
    Question(
        "description",
        "One-line description",
        "text",
        "A machine-learning project started with mlstart.",
        "README, pyproject.toml and the charter",
    ),
    Question(
        "author_name",
        "Your name",
        "text",
        "Your Name",
        "pyproject.toml, licence, charter",
        validate=single_line_problem,
    ),
    Question(
        "author_email",
        "Your email",
        "text",
        "you@example.com",
        "pyproject.toml and the charter",
        validate=email_problem,
    ),
    Question(
        "license",
        "Licence",
        "select",
        "MIT",
        "the LICENSE file and pyproject.toml",
        choices=("MIT", "Apache-2.0", "BSD-3-Clause", "Proprietary"),
        essential=False,
    ),
    Question(
        "python_version",
        "Python version",
        "select",
        "3.11",
        "requires-python, the CI workflow, ruff's target",
        choices=("3.11", "3.12", "3.13", "3.10"),
        essential=False,
    ),
    Question(
        "project_kind",
        "What is this project?",
        "select",
        "course",
        "how many documents and tasks: course (lite), poc, product (all)",
        choices=("course", "poc", "product"),
    ),
    # --- framing -----------------------------------------------------------------------------
    Question(
        "problem",
        "The problem in a sentence: who has it, what happens today?",
        "text",
        "",
        "charter: Background; an empty answer leaves a 'find out' task",
    ),
    Question(
        "decision_maker",
        "Who (or what) acts on each prediction, and how?",
        "text",
        "",
        "charter: Users and decision; empty or 'nobody' → verdict not yet and a 'find out' task",
    ),
    Question(
        "business_value",
        "Is the gain big enough to pay for building, deploying and monitoring a model?",
        "select",
        "unclear",
        "the verdict: no → not warranted; unclear → not yet, with a 'find out' task",
        choices=("yes", "unclear", "no"),
    ),
    Question(
        "automated_today",
        "Is something already automated that ML would improve (a ranking, fraud rules...)?",
        "confirm",
        False,
        "the archetype (yes → software 2.0: the model must beat what runs today)",
    ),
    Question(
        "task_type",
        "What does the model output?",
        "select",
        "classification",
        "the metric, the baseline and the evaluation code",
        choices=TASK_TYPES,
    ),
    Question(
        "input_kind",
        "What does one input look like?",
        "select",
        lambda a: "time_series" if a.get("task_type") == "forecasting" else "tabular",
        "the sample data and the baseline (text → keyword rule)",
        choices=("tabular", "text", "time_series", "image", "other"),
    ),
    Question(
        "prediction_output",
        "What exactly is predicted (type, unit, classes)?",
        "text",
        "",
        "charter: ML framing; the ML canvas",
        essential=False,
    ),
    Question(
        "entity",
        "What does one row describe (customer, patient, transaction...)?",
        "text",
        "",
        "the entity column of the sample; splits grouped by entity; unknown → a 'find out' task",
    ),
    Question(
        "rows_repeat",
        "Do several rows describe the same entity (e.g. one customer over months)?",
        "confirm",
        False,
        "the sample repeats entities; train, validation and test are split by entity",
        when=lambda a: bool(str(a.get("entity", "")).strip()) and a.get("entity") != UNKNOWN,
        asked_when="an entity is named",
    ),
    Question(
        "target_column",
        "Name of the target column in your data",
        "text",
        "target",
        "data loading, schema checks, the sample data",
        validate=column_problem,
    ),
    # --- objectives --------------------------------------------------------------------------
    Question(
        "business_objective",
        "Which business or user goal should improve (the KPI)?",
        "text",
        "",
        "charter: Objectives; metrics.md; empty → a 'find out' task",
    ),
    Question(
        "business_target",
        "KPI target (value and date)",
        "text",
        "",
        "charter: Objectives; metrics.md",
        essential=False,
    ),
    Question(
        "metric",
        "Primary ML metric",
        "select",
        _default_metric,
        "evaluation code, reports/metrics/*.json, the promotion check",
        choices=lambda a: METRICS_BY_TASK[a.get("task_type", "classification")],
    ),
    Question(
        "metric_target",
        "Target value of the metric",
        "number",
        _default_target,
        "lifecycle targets; the training gate",
        validate=metric_value_problem,
    ),
    Question(
        "metric_min_useful",
        "Lowest value that would still be useful",
        "number",
        _default_min_useful,
        "lifecycle targets; the release check (on the right side of the target)",
        essential=False,
        validate=min_useful_problem,
    ),
    Question(
        "min_gain",
        "Minimum gain for a model to replace a simpler one",
        "number",
        0.01,
        "the stage promotion check (heuristic → simple → ml → complex)",
        essential=False,
        minimum=0.0,
        maximum=1000.0,
    ),
    Question(
        "costlier_error",
        "Which error costs more: a false positive, a false negative, or equal?",
        "select",
        "equal",
        "the metric set and the threshold note: the threshold is chosen for this cost",
        choices=("fp", "fn", "equal"),
        when=_is_classification,
        asked_when="the task is classification",
    ),
    # --- baseline ----------------------------------------------------------------------------
    Question(
        "heuristic",
        "Could a simple rule or statistic do the job?",
        "select",
        "baseline",
        "the verdict: enough → not warranted (or heuristic first); unknown → a 'find out' task",
        choices=("enough", "baseline", "no", UNKNOWN),
        help="enough: a rule may be all you need; baseline: a rule is a fair first baseline",
    ),
    Question(
        "solved_before",
        "Has this been solved before (elsewhere, in papers, by an API)?",
        "select",
        UNKNOWN,
        "the difficulty driver; an API → try it as a baseline; unknown → a 'find out' task",
        choices=("api", "published", "no", UNKNOWN),
    ),
    Question(
        "human_can_do",
        "Can a person do this task reliably from the same input?",
        "select",
        "yes",
        "the difficulty driver; no → a research-risk reason in the plan",
        choices=("yes", "expert", "no", UNKNOWN),
    ),
    Question(
        "baseline_kind",
        "Which heuristic baseline (or the existing system's rule, to beat)?",
        "select",
        _default_baseline,
        "src/<package>/baseline.py; rule → the existing system's rule, written in rules.py",
        essential=False,
        choices=_baselines,
    ),
    # --- data --------------------------------------------------------------------------------
    Question(
        "data_availability",
        "What data exists today?",
        "select",
        "labelled",
        "labelling tasks and guide; none/unknown → 'find out' tasks; the verdict",
        choices=("labelled", "partial", "unlabelled", "none", UNKNOWN),
    ),
    Question(
        "labelling",
        "Who will label the data?",
        "select",
        UNKNOWN,
        "the labelling guide and its tasks; the verdict (a workable way to label)",
        choices=("self", "annotators", "domain_experts", "weak_supervision", UNKNOWN),
        when=lambda a: a.get("data_availability") in NEEDS_LABELS,
        asked_when="labels are missing",
    ),
    Question(
        "data_source",
        "Where does the data come from (or how will it be collected)?",
        "text",
        "",
        "data report: sources; no data and no source → verdict not yet",
        essential=False,
    ),
    Question(
        "data_size",
        "Roughly how many examples?",
        "select",
        "1k_100k",
        "the data report; unknown → a 'find out' task",
        choices=("lt_1k", "1k_100k", "100k_10m", "gt_10m", UNKNOWN),
    ),
    Question(
        "positive_rate",
        "How common is the positive class, in percent of examples?",
        "number",
        20.0,
        "the class balance of the sample data; the trivial baselines it is measured against",
        essential=False,
        when=_is_classification,
        asked_when="the task is classification",
        minimum=0.1,
        maximum=99.9,
    ),
    Question(
        "data_change",
        "How fast does the data change?",
        "select",
        "slow",
        "splits (fast → time-based) and the monitoring plan",
        choices=("static", "slow", "fast", UNKNOWN),
        essential=False,
    ),
    Question(
        "flywheel",
        "Once live, will usage produce new labels (corrections, clicks, outcomes)?",
        "select",
        "no",
        "the data flywheel: yes → a feedback task, and partial labels become workable",
        choices=("yes", "no", UNKNOWN),
    ),
    Question(
        "label_delay_days",
        "How many days until the true outcome is known (0 at once)?",
        "integer",
        0,
        "the sample's label dates; monitoring measures quality once labels arrive",
        minimum=0,
        maximum=3650,
    ),
    # --- deployment --------------------------------------------------------------------------
    Question(
        "deployment",
        "How will predictions be served?",
        "select",
        "batch",
        "the serving code of the deployment phase and its tasks",
        choices=("batch", "realtime", "edge", "undecided"),
    ),
    Question(
        "human_in_loop",
        "Does a person review predictions before they act?",
        "select",
        "review",
        "the archetype (human in the loop or autonomous); feedback-loop and guardrail tasks",
        choices=("review", "autonomous", UNKNOWN),
    ),
    Question(
        "failure_rate",
        "Acceptable failure rate, in percent (1 = right 99 % of the time)",
        "number",
        5.0,
        "the accuracy driver: counted in nines, about 10x the cost per extra nine",
        minimum=0.0,
        maximum=100.0,
    ),
    # --- constraints -------------------------------------------------------------------------
    Question(
        "latency_ms",
        "Latency budget per prediction, in milliseconds",
        "integer",
        200,
        "the latency test of the deployment phase; unknown → a 'find out' task",
        when=lambda a: a.get("deployment") in ASKS_LATENCY,
        asked_when="deployment is real-time or edge",
        minimum=1,
        maximum=600_000,
        unknown_ok=True,
    ),
    Question(
        "deadline",
        "When must a first version be ready?",
        "select",
        "1_3_months",
        "the plan; under a month → heuristic first; unknown → a 'find out' task",
        choices=("lt_1_month", "1_3_months", "3_12_months", "gt_1_year", UNKNOWN),
    ),
    Question(
        "budget",
        "Compute and labelling budget",
        "select",
        "small",
        "charter: Requirements and constraints",
        essential=False,
        choices=("none", "small", "moderate", "large", UNKNOWN),
    ),
    Question(
        "privacy",
        "Does the data describe people?",
        "select",
        "none",
        "privacy tasks, the risk register; unknown → a 'find out' task",
        choices=("none", "personal", "sensitive", UNKNOWN),
    ),
    Question(
        "regulation",
        "Is the domain regulated (health, finance, hiring, ...)?",
        "select",
        "none",
        "review and sign-off tasks; the plan's reasons; unknown → a 'find out' task",
        choices=("none", "regulated", UNKNOWN),
    ),
    Question(
        "ethics",
        "Could a wrong or biased prediction harm people (deny a job, credit or care; injure)?",
        "select",
        "no",
        "model card and slices required; yes with no review → verdict not yet",
        choices=("no", "yes", UNKNOWN),
    ),
    Question(
        "readiness",
        "Can the team deploy and run a model in production (infrastructure, people)?",
        "select",
        "partly",
        "the verdict (a product that cannot run a model starts with a rule) and its reasons",
        choices=("yes", "partly", "no", UNKNOWN),
    ),
    # --- tooling -----------------------------------------------------------------------------
    Question(
        "mlflow",
        "Track runs with MLflow too (a local file store, no server)?",
        "confirm",
        False,
        "train logs each run to mlruns/ too (an mlflow extra); the evidence accepts mlruns/",
        essential=False,
    ),
    Question(
        "dvc",
        "Version data and the pipeline with DVC (dvc.yaml)?",
        "confirm",
        False,
        "a dvc.yaml with the pipeline's stages and a dvc extra; the evidence accepts dvc.lock",
        essential=False,
    ),
)

BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}

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
