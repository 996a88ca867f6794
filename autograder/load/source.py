"""Read a submission's code: a notebook's code cells, or a ``.py`` file as one cell.

A notebook is plain JSON; it is read with :mod:`json` (``import nbformat`` alone costs about a second,
which the student's ``pytest`` cannot afford). Test cells, demo cells and IPython-only lines are left out.
"""
from __future__ import annotations

import functools
import importlib.util
import json
import re
from pathlib import Path

from ..run.runner import Cell
from .labels import cell_labels

#: a cell tagged so only shows results (plots, experiments); the grader does not run it
DEMO_TAG = "demo"
#: cell magics whose body is still Python; any other cell magic (%%bash, %%writefile ...) skips the cell
PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun"}
_IPYTHON_LINE = re.compile(r"^(\s*)(?:[%!]|\w+\s*=\s*[!%]|[\w.]+\?\??\s*$)")


class LoadError(Exception):
    """The submission cannot be read at all; the message says why, in the student's terms."""


def load_cells(path, root=None):
    """Cells of code in the order a notebook runs them (the whole file for ``.py``).

    ``root`` is the folder the submission was found in (default: the file's own folder): a file that is a
    link leading out of it (a zip upload can carry links, e.g. to ``solutions/``) is refused, not read.
    """
    path = Path(path)
    try:
        _inside_submission(path, root)
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise LoadError(f"{path.name} is not UTF-8 text.") from None
    except OSError as error:
        raise LoadError(f"{path.name} cannot be read: {error.strerror}.") from None
    if path.suffix == ".py":
        return [Cell(path.name, text)]
    return notebook_cells(text, path.name)


def _inside_submission(path, root):
    folder = Path(root if root is not None else path.absolute().parent).resolve()
    if folder not in path.resolve().parents:
        raise LoadError(f"{path.name} is a link to a file outside the submission folder; it was not read. "
                            "Submit the notebook itself.")
    status = path.stat()
    # a hard link has no target to resolve: compare the file itself with the grader's own files (a tar
    # upload, or a copy made by root, can carry one to solutions/)
    if status.st_nlink > 1 and (status.st_dev, status.st_ino) in _grader_files():
        raise LoadError(f"{path.name} is a hard link to one of the grader's own files; it was not read. "
                        "Submit the notebook itself.")


@functools.lru_cache(maxsize=1)
def _grader_files():
    """``(device, inode)`` of every file of the grader's packages (``solutions``, ``autograder``) where installed."""
    found = set()
    for package in ("solutions", "autograder"):
        try:
            spec = importlib.util.find_spec(package)  # locates the package without running it
        except (ImportError, ValueError):
            continue
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for file in Path(folder).rglob("*"):
                try:
                    status = file.stat()
                except OSError:
                    continue
                found.add((status.st_dev, status.st_ino))
    return frozenset(found)


def notebook_cells(text, filename="notebook"):
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise LoadError(f"{filename} is not a valid notebook: its JSON is broken at line {error.lineno}, "
                        f"column {error.colno} ({error.msg}). Was it edited outside Jupyter?") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        version = notebook.get("nbformat") if isinstance(notebook, dict) else None
        raise LoadError(f"{filename} is not a version-4 Jupyter notebook (nbformat {version}); "
                        "open and save it in a current Jupyter.")
    kept = []
    for cell in notebook["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or _skipped(cell):
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if strip_ipython(source).strip():
            kept.append(source)
    # labelled by their text as the student sees it, magics included
    return [Cell(label, strip_ipython(source)) for label, source in zip(cell_labels(kept), kept)]


def is_test_cell(cell):
    meta = (cell.get("metadata") or {}).get("nbgrader") or {}
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else str(source)
    return (meta.get("grade") is True and meta.get("solution") is False) or "autograder.kernel" in source


def _skipped(cell):
    tags = (cell.get("metadata") or {}).get("tags") or []
    return is_test_cell(cell) or DEMO_TAG in tags


def strip_ipython(source):
    """Remove IPython-only syntax, keeping line numbers so error messages still point at the right line."""
    lines = source.splitlines()
    if lines and lines[0].startswith("%%"):
        magic = lines[0][2:].split()[0] if lines[0][2:].split() else ""
        if magic not in PYTHON_CELL_MAGICS:
            return ""
        lines[0] = ""
    kept = []
    for line in lines:
        match = _IPYTHON_LINE.match(line)
        kept.append(f"{match.group(1)}pass" if match else line)
    return "\n".join(kept) + "\n"
