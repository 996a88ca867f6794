"""Notebook fixtures for tests: the student notebook with answer cells filled in (tests are instructor-side,
so they may read solutions/)."""
import copy
import importlib
import inspect
import json

from gd import notebook_path

import solutions.gradient_descent.reference as reference


def _reference(assignment):
    """The reference module of ``assignment`` (None: the first one)."""
    return reference if assignment is None else importlib.import_module(f"solutions.{assignment}.reference")


def student_notebook(assignment=None):
    return json.loads(notebook_path(assignment).read_text())


def answer_cells(notebook):
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in notebook["cells"]
            if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")}


def completed_notebook(replace=None, extra_cells=(), assignment=None):
    """The student notebook answered with the reference; ``replace`` maps function -> (old, new) edits;
    ``assignment``: another assignment than the first one."""
    notebook = copy.deepcopy(student_notebook(assignment))
    for name, cell in answer_cells(notebook).items():
        source = inspect.getsource(getattr(_reference(assignment), name))
        for old, new in (replace or {}).get(name, ()):
            assert old in source, (name, old)
            source = source.replace(old, new)
        cell["source"] = source
    for source in extra_cells:
        notebook["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                                  "source": source, "id": f"extra{len(notebook['cells'])}"})
    return notebook


def write(notebook, path):
    path.write_text(json.dumps(notebook, indent=1))
    return path
