"""The small parts of `mlstart class`: SSH URLs, the ref advertisement, the roster, escaping."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mlstart.cli.class_cmd import class_
from mlstart.cli.launch import CLASS_VALUE_OPTIONS, class_roster
from mlstart.gitssh.mirror import _heads, _pkt_lines
from mlstart.gitssh.sshmux import ssh_target
from mlstart.views.html import class_page
from mlstart.workflow.classroom import finish_row, summary
from mlstart.workflow.roster import parse_roster


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("git@github.com:course/ada.git", ("git@github.com", None, "course/ada.git")),
        ("ssh://git@host:2222/course/ada.git", ("git@host", "2222", "/course/ada.git")),
        ("ssh://host/x", ("host", None, "/x")),
        ("https://github.com/course/ada.git", None),
        ("/srv/git/ada.git", None),
        ("-oProxyCommand=touch:x", None),
        ("git@host:it's.git", None),
        ("ssh://host:port/x", None),
    ],
)
def test_ssh_target(url: str, expected: tuple[str, str | None, str] | None) -> None:
    assert ssh_target(url) == expected


def _pkt(text: str) -> bytes:
    return f"{len(text) + 4:04x}{text}".encode()


def test_ref_advertisement() -> None:
    sha = "a" * 40
    data = (
        _pkt(f"{sha} HEAD\0multi_ack symref=HEAD:refs/heads/main\n")
        + _pkt(f"{sha} refs/heads/main\n")
        + _pkt(f"{'b' * 40} refs/heads/dev\n")
        + _pkt(f"{'c' * 40} refs/tags/v1\n")
        + b"0000"
        + _pkt(f"{'d' * 40} refs/heads/after-flush\n")
    )
    assert _heads(_pkt_lines(data)) == {"main": sha, "dev": "b" * 40}
    assert _heads(_pkt_lines(b"")) == {} and _pkt_lines(b"zz") == []


def test_roster_columns_any_case_bom_and_relative_paths(tmp_path: Path) -> None:
    text = "\ufeffName,REPO,Group,extra\nAda,../repos/ada,A,x\nBob,git@h:c/b.git,,\n"
    roster = parse_roster(text.lstrip("\ufeff"), tmp_path / "sub" / "roster.csv")
    assert [s.repo for s in roster.students] == [str(tmp_path / "repos" / "ada"), "git@h:c/b.git"]
    assert roster.students[0].group == "A" and roster.students[1].group is None


def test_class_page_escapes_what_students_wrote() -> None:
    row = {
        "name": "<script>alert(1)</script>", "repo": "x", "email": None, "group": "<b>",
        "line": 2, "state": "ok", "error": None, "head": "a", "commits": 1, "authored": None,
        "pushed": True, "first_commit": None, "last_activity": None,
        "lifecycle": {"error": "lifecycle.yaml:1: <img src=x onerror=alert(1)>"},
    }  # fmt: skip
    rows = [finish_row(row)]
    now = datetime(2026, 10, 1, tzinfo=UTC)
    html = class_page(rows, summary(rows, now=now), ["<i>line</i>"], title="<t>", now=now)
    assert "<script>" not in html and "<img" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["roster.csv"], "roster.csv"),
        (["--cache", "c", "roster.csv", "--json"], "roster.csv"),
        (["-j", "4", "--sort=phase", "roster.csv", "--html", "out.html"], "roster.csv"),
        (["-j4", "--at", "2026-10-01", "r.csv", "--require", "data", "--stale", "3"], "r.csv"),
        (["roster.csv", "--help"], None),
        (["--", "roster.csv"], None),
        ([], None),
        (["a.csv", "b.csv"], None),
    ],
)
def test_the_roster_the_command_line_connects_for_early(
    args: list[str], expected: str | None
) -> None:
    assert class_roster(args) == expected


def test_the_early_parser_knows_every_option_of_class_that_takes_a_value() -> None:
    valued = {
        name
        for param in class_.params
        if not getattr(param, "is_flag", True) and param.param_type_name == "option"
        for name in [*param.opts, *param.secondary_opts]
    }
    assert valued == CLASS_VALUE_OPTIONS
