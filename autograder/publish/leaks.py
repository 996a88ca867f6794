"""Prove that a set of files holds nothing of ``solutions/``: no file, no copied line, no hidden seed.

A line of a solutions file counts when, with whitespace collapsed, it is at least ``MIN_LENGTH`` long and is
not one of the lines an assignment necessarily shares with its reference: imports, the contract's ``def``
lines (the notebook gives students the signatures) and the short statements each assignment declares as
``shared_lines``, which its notebook's text and demo cells also use. Docstring lines count like code. Numbers
of any ``solutions/**/hidden.py`` (the hidden seeds) must not appear in any form.
"""
from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import assignment as assignments

MIN_LENGTH = 12


def normalize(line):
    return " ".join(line.split())


def _allowed():
    """Contract functions and shared lines of every assignment: ``(functions, lines)``."""
    known = assignments.all_assignments()
    functions = {f for a in known for f in a.functions}
    lines = {normalize(line) for a in known for line in a.shared_lines}
    return functions, lines


def _shared(line, functions, lines):
    if line.startswith(("import ", "from ")) or line in lines:
        return True
    return any(line.startswith(f"def {name}(") for name in functions)


@dataclass
class Fingerprint:
    """What would betray ``solutions/``: its files' hashes, its distinctive lines, its hidden numbers."""

    hashes: dict = field(default_factory=dict)  # sha256 -> file name
    lines: dict = field(default_factory=dict)  # normalized line -> file name
    numbers: list = field(default_factory=list)  # texts of the hidden numbers, in every spelling


def fingerprint(solutions_dir):
    found = Fingerprint()
    functions, shared = _allowed()
    for path in sorted(Path(solutions_dir).rglob("*.py")):
        data = path.read_bytes()
        found.hashes[hashlib.sha256(data).hexdigest()] = path.name
        for line in data.decode("utf-8").splitlines():
            text = normalize(line)
            if len(text) >= MIN_LENGTH and not _shared(text, functions, shared):
                found.lines.setdefault(text, path.name)
    for hidden in sorted(Path(solutions_dir).rglob("hidden.py")):
        for node in ast.walk(ast.parse(hidden.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, int) and abs(node.value) >= 1000:
                found.numbers += [str(node.value), f"{node.value:_}", f"{node.value:,}"]
    return found


def scan(files, solutions_dir):
    """Problems found in ``files`` (``{relative path: bytes}``); an empty list means nothing leaked."""
    found = fingerprint(solutions_dir)
    problems = []
    numbers = re.compile("|".join(re.escape(n) for n in found.numbers)) if found.numbers else None
    for name, data in sorted(files.items()):
        if "solutions" in Path(name).parts:
            problems.append(f"{name}: a path under solutions/")
        digest = hashlib.sha256(data).hexdigest()
        if digest in found.hashes:
            problems.append(f"{name}: a copy of solutions/{found.hashes[digest]}")
        text = data.decode("utf-8", errors="replace")
        if numbers is not None and (match := numbers.search(text)):
            problems.append(f"{name}: holds the hidden number {match.group(0)}")
        for candidate in _lines(name, text):
            if candidate in found.lines:
                problems.append(f"{name}: has the line {candidate!r} of solutions/{found.lines[candidate]}")
    return problems


def _lines(name, text):
    """Normalized lines of a file; a notebook's cells are unpacked so their lines are compared too."""
    lines = [normalize(line) for line in text.splitlines()]
    if name.endswith(".ipynb"):
        import json

        try:
            cells = json.loads(text).get("cells", [])
        except (ValueError, AttributeError):
            cells = []
        for cell in cells:
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            lines += [normalize(line) for line in source.splitlines()]
    return lines
