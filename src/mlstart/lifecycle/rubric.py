"""The 28 tests of "The ML Test Score" (Breck et al., 2017) and the evidence that shows each one.

Pure data. Each test names its section, a short title, the evidence in the repository that it
is done (all clauses must hold), and what to do when it is not. Evidence clauses are
declarative strings, evaluated by `mlstart.lifecycle.score` without running any project code:

- `file:GLOB`            a file matches (`{pkg}` is the package name)
- `text:GLOB:NEEDLE`     a file matching GLOB contains NEEDLE
- `json:PATH:KEY`        a JSON file has KEY
- `ci:NEEDLE`            a CI workflow (.github/workflows/*.yml) contains NEEDLE: the test runs
                         automatically and repeatedly, which is what the paper's full point needs

A test with no evidence clauses can only be recorded by hand (`mlstart score --set ID=done`).
"""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS = ("data", "model", "infrastructure", "monitoring")
PREFIXES = {"data": "D", "model": "M", "infrastructure": "I", "monitoring": "Mon"}
TESTS_IN_CI = "ci:pytest"
PIPELINE_IN_CI = "ci:pipeline"


@dataclass(frozen=True)
class Test:
    """One test of the rubric."""

    id: str
    section: str
    title: str
    evidence: tuple[str, ...]
    todo: str


def _t(id_: str, section: str, title: str, evidence: tuple[str, ...], todo: str) -> Test:
    return Test(id_, section, title, evidence, todo)


TESTS: tuple[Test, ...] = (
    # --- data ---------------------------------------------------------------------------------
    _t("D1", "data", "Feature expectations are captured in a schema",
       ("file:configs/schema.json", "file:tests/test_data_contract.py", TESTS_IN_CI),
       "write configs/schema.json and a test that the data passes it"),
    _t("D2", "data", "All features are beneficial",
       ("file:reports/eval/feature_ablation.json", PIPELINE_IN_CI),
       "measure what each feature adds (leave one out) in reports/eval/feature_ablation.json"),
    _t("D3", "data", "No feature's cost is too much", (),
       "note each feature's cost (latency, memory, upstream fragility) in the data dictionary"),
    _t("D4", "data", "Features adhere to meta-level requirements",
       ("text:configs/schema.json:\"forbidden\"", "text:tests/test_data_contract.py:forbidden",
        TESTS_IN_CI),
       "list forbidden inputs in configs/schema.json and test that none is used"),
    _t("D5", "data", "The data pipeline has appropriate privacy controls", (),
       "restrict access to the data and make deletions reach data and models"),
    _t("D6", "data", "New features can be added quickly",
       ("text:src/{pkg}/*.py:def features", "file:tests/test_train.py", TESTS_IN_CI),
       "keep feature code in one function with its tests, so a feature is one change"),
    _t("D7", "data", "All input feature code is tested",
       ("text:tests/test_*.py:import", "file:tests/test_data.py", "file:tests/test_train.py",
        TESTS_IN_CI),
       "test the code that reads data and computes features"),
    # --- model --------------------------------------------------------------------------------
    _t("M1", "model", "Model specs are reviewed and submitted",
       ("file:src/{pkg}/train.py", "json:reports/runs/*.json:commit", "ci:pull_request"),
       "keep training code in git, review it in pull requests, link runs to commits"),
    _t("M2", "model", "Offline and online metrics correlate", (),
       "check that a better offline score moves the business KPI (A/B test or a degraded model)"),
    _t("M3", "model", "All hyperparameters have been tuned",
       ("json:reports/runs/*.json:sweep", PIPELINE_IN_CI),
       "tune the hyperparameters on the validation split and record the sweep"),
    _t("M4", "model", "The impact of model staleness is known", (),
       "evaluate an older model on newer data and write down how fast quality drops"),
    _t("M5", "model", "A simpler model is not better",
       ("file:reports/metrics/heuristic.json", "file:reports/metrics/simple.json",
        PIPELINE_IN_CI),
       "measure the heuristic baseline and the simple model on the same test split"),
    _t("M6", "model", "Model quality is sufficient on all important data slices",
       ("file:reports/eval/slices.json", PIPELINE_IN_CI),
       "write per-slice metrics to reports/eval/slices.json"),
    _t("M7", "model", "The model has been tested for considerations of inclusion", (),
       "check which groups could be served worse, and record the check"),
    # --- infrastructure -----------------------------------------------------------------------
    _t("I1", "infrastructure", "Training is reproducible",
       ("file:tests/test_reproducibility.py", TESTS_IN_CI),
       "test that the same data and seed give the same model"),
    _t("I2", "infrastructure", "Model specs are unit tested",
       ("file:tests/test_train.py", TESTS_IN_CI),
       "unit test the training code"),
    _t("I3", "infrastructure", "The ML pipeline is integration tested",
       ("file:src/{pkg}/pipeline.py", PIPELINE_IN_CI),
       "run the whole pipeline on the sample in CI"),
    _t("I4", "infrastructure", "Model quality is validated before serving",
       ("text:src/{pkg}/pipeline.py:gate", PIPELINE_IN_CI),
       "make the pipeline refuse a model below the useful level before it is served"),
    _t("I5", "infrastructure", "The model is debuggable",
       ("text:src/{pkg}/__main__.py:explain", "file:tests/test_explain.py", TESTS_IN_CI),
       "add a command that shows one example's features, scores and prediction"),
    _t("I6", "infrastructure", "Models are canaried before serving",
       ("file:Dockerfile", "file:tests/test_dockerfile.py", TESTS_IN_CI),
       "load the packaged model in the serving environment before it takes traffic"),
    _t("I7", "infrastructure", "Serving models can be rolled back",
       ("text:src/{pkg}/registry.py:def rollback", "text:tests/test_train.py:rollback",
        TESTS_IN_CI),
       "version models and test a one-command rollback"),
    # --- monitoring ---------------------------------------------------------------------------
    _t("Mon1", "monitoring", "Dependency changes result in notification",
       ("file:.github/dependabot.yml",),
       "turn on dependency update alerts and name the owners of upstream data"),
    _t("Mon2", "monitoring", "Data invariants hold in training and serving inputs",
       ("file:configs/schema.json", "text:src/{pkg}/**/*.py:check_value", TESTS_IN_CI),
       "check serving inputs against the same schema as the training data"),
    _t("Mon3", "monitoring", "Training and serving features compute the same values",
       ("file:tests/test_skew.py", TESTS_IN_CI),
       "test that a logged serving input gives the same features as the training path"),
    _t("Mon4", "monitoring", "Models are not too stale",
       ("text:src/{pkg}/settings.py:MAX_MODEL_AGE_DAYS", "file:tests/test_monitor.py",
        TESTS_IN_CI),
       "set a maximum model age and check it in monitoring"),
    _t("Mon5", "monitoring", "The model is numerically stable",
       ("text:src/{pkg}/**/*.py:isfinite", "text:tests/test_*.py:finite", TESTS_IN_CI),
       "refuse NaN and infinity in training and serving, and test it"),
    _t("Mon6", "monitoring", "Computing performance has not regressed",
       ("text:tests/test_*.py:p95", TESTS_IN_CI),
       "test latency (p95) or throughput, and keep the history"),
    _t("Mon7", "monitoring", "Prediction quality has not regressed",
       ("text:src/{pkg}/monitor.py:def live_quality", "file:tests/test_monitor.py", TESTS_IN_CI),
       "measure the quality of served predictions once their labels arrive"),
)  # fmt: skip

BY_ID = {test.id: test for test in TESTS}

# The paper's reading of the final score (the minimum over the four sections).
BANDS: tuple[tuple[float, str], ...] = (
    (0.0, "more of a research project than a productionized system"),
    (1.0, "not totally untested, but it is worth considering the possibility of serious holes"),
    (2.0, "there has been a first pass at basic productionization, but more investment may be"
     " needed"),
    (3.0, "reasonably tested, but it is possible that more of those tests and procedures may be"
     " automated"),
    (5.0, "strong levels of automated testing and monitoring, appropriate for mission-critical"
     " systems"),
    (float("inf"), "exceptional levels of automated testing and monitoring"),
)  # fmt: skip


def reading(score: float) -> str:
    """The paper's interpretation of a final score."""
    for upper, text in BANDS:
        if score <= upper:
            return text
    return BANDS[-1][1]
