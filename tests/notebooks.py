"""Notebook fixtures for tests: the student notebook with answer cells filled in (tests are instructor-side,
so they may read solutions/)."""
import copy
import inspect
import json

from autograder.paths import notebook_path

import solutions.gradient_descent.reference as reference


def student_notebook():
    return json.loads(notebook_path().read_text())


def answer_cells(notebook):
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in notebook["cells"]
            if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")}


def completed_notebook(replace=None, extra_cells=()):
    """The student notebook answered with the reference; ``replace`` maps function -> (old, new) edits."""
    notebook = copy.deepcopy(student_notebook())
    for name, cell in answer_cells(notebook).items():
        source = inspect.getsource(getattr(reference, name))
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
