"""`mlstart new --template` with a cookiecutter template against plain `cookiecutter`.

The template is shaped like cookiecutter-data-science (bench_update_cookiecutter's, with its
post-generation hook), grown to 30 and to 3,000 files with small templated modules. Pairs,
run in turn: `mlstart new --defaults --template` (render, lifecycle, hooks, first commit) with
`cookiecutter --no-input` of the same template. Targets: at most 1.5x at 30 files, 1.1x at 3,000.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench_update_cookiecutter import MODULE, _template_files
from timing import exe, isolated_env, paired, row

SIZES = (30, 3000)


def template(root: Path, size: int) -> Path:
    """A cookiecutter template of `size` rendered files."""
    files = _template_files()
    index = 0
    while len(files) < size + 2:  # cookiecutter.json and the hook are not rendered files
        name = f"{MODULE}/gen/m{index // 100}/f{index}.py"
        files[name] = f'NAME = "{{{{ cookiecutter.module_name }}}}"  # {index}\n'
        index += 1
    folder = root / f"cookiecutter-{size}"
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def run() -> list[tuple[str, float, str | None, object]]:
    """Paired ratios at each size."""
    base = Path(tempfile.mkdtemp(prefix="mlstart-bench-new-cc-"))
    env = isolated_env(base / "home")
    rows: list[tuple[str, float, str | None, object]] = []
    for size in SIZES:
        tpl = str(template(base, size))

        def ours(w: Path, tpl: str = tpl) -> list[list[str]]:
            demo = str(w / "demo")
            return [
                [
                    exe("mlstart"),
                    "new",
                    demo,
                    "--defaults",
                    "--no-install",
                    "--trust",
                    "--template",
                    tpl,
                ]
            ]

        def theirs(w: Path, tpl: str = tpl) -> list[list[str]]:
            return [[exe("cookiecutter"), "--no-input", "-o", str(w), tpl]]

        label = f"cookiecutter --no-input ({size} files)"
        pair = paired(ours, theirs, env=env, runs=11 if size < 1000 else 5)
        rows.append(row(f"mlstart new --template, cookiecutter ({size} files)", pair, label))
        rows.append((label, sorted(pair.b)[len(pair.b) // 2], None, None))
    return rows


if __name__ == "__main__":
    from run import main

    sys.exit(main(["new_cookiecutter"]))
