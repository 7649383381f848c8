"""One interview question as data: its key, prompt, kind, default, choices and condition."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mlstart.interview.vocabulary import ALL_METRICS, BASELINES, Answers


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
