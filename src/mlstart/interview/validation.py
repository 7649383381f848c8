"""The rules an answer must follow, and the defaults computed from earlier answers."""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata

from mlstart.interview.vocabulary import (
    BASELINES_BY_TASK,
    BOUNDED_METRICS,
    LOWER_IS_BETTER,
    METRICS_BY_TASK,
    Answers,
)

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


def is_classification(a: Answers) -> bool:
    return str(a.get("task_type", "classification")) == "classification"


def default_metric(a: Answers) -> str:
    return METRICS_BY_TASK[a.get("task_type", "classification")][0]


def default_target(a: Answers) -> float:
    metric = a.get("metric", default_metric(a))
    return {"rmse": 1.0, "mae": 1.0, "mape": 0.1, "r2": 0.7}.get(metric, 0.8)


def default_min_useful(a: Answers) -> float:
    """Follows the target: a quarter of the way down (higher is better), or twice it (lower)."""
    metric = a.get("metric", default_metric(a))
    target = float(a.get("metric_target", default_target(a)))
    if metric in LOWER_IS_BETTER:
        return round(target * 2, 6)
    value = round(target - 0.25 * max(abs(target), 0.8), 6)
    return max(value, 0.0) if metric in BOUNDED_METRICS else value


def baselines_for(a: Answers) -> tuple[str, ...]:
    """The baselines on offer: the task's, plus the existing system's rule if one runs today."""
    task = BASELINES_BY_TASK[a.get("task_type", "classification")]
    return (*task, "rule") if a.get("automated_today") else task


def default_baseline(a: Answers) -> str:
    task = a.get("task_type", "classification")
    if a.get("automated_today"):
        return "rule"
    if a.get("input_kind") == "text" and "keyword_rule" in BASELINES_BY_TASK[task]:
        return "keyword_rule"
    return BASELINES_BY_TASK[task][0]
