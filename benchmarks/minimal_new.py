"""The floor for `mlstart new`: the bundled template rendered by Jinja alone, then committed.

`python minimal_new.py CONTEXT.json DEST`: renders every file of the template's project folder
with the sandboxed Jinja environment Copier would use (mlstart.render.bundled_files.environment,
which renders the charter beside other templates' files) and the same context, writes the
answers file Copier wrote, and runs `git init/add/commit`. No question logic, no conflict
handling, no Copier: the least any renderer of this template must do. bench_new checks once
that it writes the same bytes as Copier.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from mlstart.render.bundled_files import environment


def render(template: Path, context: dict[str, object], answers: str, dest: Path) -> None:
    """Write the rendered project folder of template into dest."""
    env = environment(template, settings={})  # the bundled copier.yml sets no _envops
    project = template / "project"
    for folder, dirs, files in os.walk(project):
        relative = Path(folder).relative_to(project)
        target = dest / Path(*(env.from_string(p).render(context) for p in relative.parts))
        dirs[:] = sorted(
            d for d in dirs if d != "__pycache__" and env.from_string(d).render(context)
        )
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):  # Copier's _exclude: compiled files
                continue
            if "_copier_conf" in name:
                target.mkdir(parents=True, exist_ok=True)
                (target / ".copier-answers.yml").write_text(answers, encoding="utf-8")
                continue
            out = env.from_string(name).render(context)
            if not out or out in (".jinja", "~") or out.startswith("~"):
                continue
            target.mkdir(parents=True, exist_ok=True)
            if name.endswith(".jinja"):
                source = (Path(folder) / name).relative_to(template).as_posix()
                text = env.get_template(source).render(context)
                (target / out.removesuffix(".jinja")).write_text(text, encoding="utf-8")
            else:
                (target / out).write_bytes((Path(folder) / name).read_bytes())


def main(context_file: str, dest: str) -> None:
    spec = json.loads(Path(context_file).read_text(encoding="utf-8"))
    target = Path(dest)
    render(Path(spec["template"]), spec["context"], spec["answers"], target)
    for args in (["init", "-q", "-b", "main"], ["add", "--all"], ["commit", "-q", "-m", "first"]):
        subprocess.run(["git", "-C", str(target), *args], check=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
