"""Which modules of the package a set of entry modules needs: the static closure of their imports.

Every ``import`` and ``from ... import`` is followed, including those inside functions (lazy imports), so
whatever a shipped command can reach is shipped. Imports outside the package (numpy, solutions) are not
followed: they are the shipped code's dependencies, or, for solutions, never shipped.
"""
from __future__ import annotations

import ast
from pathlib import Path


def module_file(root, module):
    """The file of ``module`` (dotted) under ``root`` (the folder holding the package), or None."""
    path = root.joinpath(*module.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(module, path):
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def imported_modules(root, module, package):
    """Modules of ``package`` that ``module``'s source imports (resolved to modules that exist)."""
    path = module_file(root, module)
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = _package_of(module, path)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.split(".")[0] == package and module_file(root, name) is not None:
                found.add(name)
    return found


def closure(root, entries):
    """Sorted relative paths (posix) of the files ``entries`` need, with every enclosing ``__init__.py``."""
    root = Path(root)
    package = entries[0].split(".")[0]
    todo, seen = list(entries), set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        if module_file(root, module) is None:
            raise FileNotFoundError(f"module {module} not found under {root}")
        seen.add(module)
        parts = module.split(".")
        enclosing = (".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(p for p in enclosing if module_file(root, p) is not None)  # namespace packages have none
        todo.extend(imported_modules(root, module, package) - seen)
    return sorted(module_file(root, m).relative_to(root).as_posix() for m in seen)
