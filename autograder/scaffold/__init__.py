"""``new-assignment NAME``: a new assignment folder that works at once, to start from.

It writes ``assignments/NAME/`` (notebook, students' pytest entry, ``grading/`` declarations) and
``solutions/NAME/`` (reference, one declared mistake's wrong implementation, hidden seed, and the
assignment's own test), then the public data. The example function is deliberately small (the mean squared
error of predictions): replace it with yours, keeping the files' shapes. ``docs/writing-an-assignment.md``
explains each file.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates")
#: assignment names are folder names, nbgrader ids and Python identifiers at once
NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


def _render(text, name, title):
    return text.replace("@@NAME@@", name).replace("@@TITLE@@", title)


def scaffold(root, name, title=None):
    """Write the new assignment under ``root`` (a folder holding ``assignments/`` and ``solutions/``);
    returns the written paths. Refuses a bad name or an existing assignment."""
    if not NAME.match(name):
        raise ValueError(f"{name!r}: use lower case letters, digits and underscores, starting with a letter")
    root = Path(root)
    title = title or name.replace("_", " ").capitalize()
    targets = {"assignments": root / "assignments" / name, "solutions": root / "solutions" / name}
    for target in targets.values():
        if target.exists():
            raise FileExistsError(f"{target} exists already")
    written = []
    for template in sorted(TEMPLATES.rglob("*")):
        if template.is_dir() or "__pycache__" in template.parts:
            continue
        relative = template.relative_to(TEMPLATES)
        top, rest = relative.parts[0], Path(*relative.parts[1:])
        path = targets[top] / Path(_render(str(rest), name, title)).with_suffix(
            "" if rest.suffix == ".tmpl" else rest.suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_render(template.read_text(encoding="utf-8"), name, title), encoding="utf-8")
        written.append(path)
    solutions_init = root / "solutions" / "__init__.py"
    if not solutions_init.exists():
        solutions_init.write_text('"""Instructor-only part of every assignment."""\n', encoding="utf-8")
        written.append(solutions_init)
    written.append(_public_data(targets["assignments"]))
    return written


def _public_data(folder):
    from ..check.expectations import dump_public_data, public_data

    path = folder / "public_checks.json"
    path.write_text(dump_public_data(public_data(folder)), encoding="utf-8")
    return path


def notebook_json(name, title):
    """The template's notebook (kept as JSON text in the templates)."""
    return json.loads(_render((TEMPLATES / "assignments" / "@@NAME@@.ipynb").read_text(encoding="utf-8"),
                              name, title))
