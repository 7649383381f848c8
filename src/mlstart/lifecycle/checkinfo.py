"""How a check reads (its label and key), and what a check not evaluated, or outside, says."""

from __future__ import annotations

from mlstart.lifecycle import model

TYPE_CHECKING = False  # typing stays unimported on the `status` path
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    Check: TypeAlias = dict[str, Any]
    Result: TypeAlias = dict[str, Any]


def check_label(check: Check) -> str:
    """A check as one short line, e.g. 'filled docs/charter.md#Plan'."""
    if len(check) == 1:  # the common case, {kind: value}, without the general loop
        ((kind, value),) = check.items()
        return f"{kind} {value}"
    kind = next(k for k in check if k in model.CHECK_KINDS)
    extra = "".join(f" {k}={v}" for k, v in check.items() if k != kind)
    return f"{kind} {check[kind]}{extra}"


def check_key(check: Check) -> str:
    """A stable key of a check, for recorded results (cheaper than json.dumps on 500 tasks)."""
    if len(check) == 1:  # what the join below gives for one item
        ((kind, value),) = check.items()
        return f"{kind}={value!r}"
    return "|".join(f"{k}={v!r}" for k, v in sorted(check.items()))


def outside(path: str) -> tuple[str, str, str]:  # never read, existing or not
    return "fail", f"{path} leads outside the project; not read", "name a path inside it"


def unknown(kind: str) -> Result:
    if kind == "cmd":
        return {
            "state": "unknown",
            "missing": "runs only with `mlstart check --run`",
            "fix": "mlstart check --run",
        }
    return {"state": "unknown", "missing": "checked by `mlstart check`", "fix": "mlstart check"}
