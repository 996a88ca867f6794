"""Reading submissions: notebooks as JSON, IPython syntax removed, test and demo cells left out."""
import json

import pytest

from autograder.load import LoadError, find_submissions, load_cells
from autograder.load.source import notebook_cells, strip_ipython


def cell(source, **metadata):
    return {"cell_type": "code", "metadata": metadata, "source": source, "outputs": [], "execution_count": None}


def test_magics_and_shell_lines_are_removed_keeping_line_numbers():
    source = "%matplotlib inline\nimport numpy as np\n!pip install x\nfiles = !ls\nif True:\n    %time y = 1\nnp.mean?\n"
    stripped = strip_ipython(source)
    assert stripped.splitlines() == ["pass", "import numpy as np", "pass", "pass", "if True:", "    pass", "pass"]
    compile(stripped, "cell", "exec")


def test_cell_magics_keep_python_bodies_and_drop_others():
    assert strip_ipython("%%time\nx = 1\n").splitlines() == ["", "x = 1"]
    assert strip_ipython("%%bash\nls -la\n") == ""


def test_test_cells_demo_cells_and_markdown_are_not_run():
    notebook = {"nbformat": 4, "cells": [
        cell("x = 1", nbgrader={"grade": False, "solution": True}),
        cell("from autograder.kernel import check\ncheck('model')", nbgrader={"grade": True, "solution": False}),
        cell("check('model')  # a copied test cell without metadata\nimport autograder.kernel"),
        cell("plot()", tags=["demo"]),
        {"cell_type": "markdown", "metadata": {}, "source": "# text"},
        cell(["y = ", "2\n"]),
    ]}
    cells = notebook_cells(json.dumps(notebook))
    assert [(c.label, c.source) for c in cells] == [("the cell that starts with `x = 1`", "x = 1\n"),
                                                   ("the cell that starts with `y = 2`", "y = 2\n")]


@pytest.mark.parametrize("text, message", [
    ('{"cells": [', "its JSON is broken at line 1"),
    ('{"worksheets": []}', "not a version-4 Jupyter notebook"),
    ("[1, 2]", "not a version-4 Jupyter notebook"),
])
def test_unreadable_notebooks_raise_a_clear_load_error(tmp_path, text, message):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    with pytest.raises(LoadError, match=message):
        load_cells(path)


def test_submissions_are_named_by_file_or_by_nbgrader_student(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "ann.py").write_text("")
    (tmp_path / "class" / "bob.ipynb").write_text("{}")
    (tmp_path / "class" / ".ipynb_checkpoints").mkdir()
    (tmp_path / "class" / ".ipynb_checkpoints" / "bob-checkpoint.ipynb").write_text("{}")
    for student in ("s1", "s2"):
        folder = tmp_path / "course" / "submitted" / student / "gradient_descent"
        folder.mkdir(parents=True)
        (folder / "gradient_descent.ipynb").write_text("{}")
    assert [s.name for s in find_submissions([tmp_path / "class"])] == ["ann", "bob"]
    assert [s.name for s in find_submissions([tmp_path / "course" / "submitted"])] == ["s1", "s2"]
    assert [s.name for s in find_submissions([tmp_path / "course"])] == ["s1", "s2"]
    with pytest.raises(FileNotFoundError):
        find_submissions([tmp_path / "nowhere"])


def test_cells_are_named_by_how_they_start_as_the_student_sees_them():
    from autograder.load.labels import cell_labels

    sources = ["\n# Part 5\ndef sgd_epoch(params, t_u, t_c, learning_rate, rng):\n    pass\n",
               "def sgd_epoch(params, t_u, t_c, learning_rate, rng):\n    pass\n",
               "%matplotlib inline\nimport numpy as np\n",
               "losses = [loss_fn(model(t_u, w, b), t_c) for w in np.linspace(0, 1, 11) for b in range(3)]\n",
               "print(`x`)\n", "   \n"]
    assert cell_labels(sources) == [
        "the cell that starts with `# Part 5`",
        "the cell that starts with `def sgd_epoch`",
        "the cell that starts with `%matplotlib inline`",
        "the cell that starts with `losses = [loss_fn(model(t_u, w, b) ...`",
        "the cell that starts with `print('x')`",
        "the empty cell"]
    assert cell_labels(["x = 1", "y = 2", "x = 1", "x = 1"])[2:] == [
        "the second cell that starts with `x = 1`", "the third cell that starts with `x = 1`"]
    # a kernel's history: the same cell run again, or edited, keeps its name
    assert set(cell_labels(["x = 1", "x = 1\ny = 2"], unique=False)) == {"the cell that starts with `x = 1`"}


def test_an_error_while_loading_names_the_cell_by_its_start_and_the_line_in_it():
    from autograder.run.runner import Launcher, Sandbox

    notebook = {"nbformat": 4, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# many\n\nmarkdown cells before"},
        cell("import math\n"),
        cell("def model(t_u, w, b):\n    return w * t_u + b\n\nscale = 1 / 0\n"),
    ]}
    with Launcher(fork=False) as launcher:
        sandbox = Sandbox(launcher, notebook_cells(json.dumps(notebook)))
        sandbox.close()
    assert sandbox.problems == ["ZeroDivisionError: division by zero (the cell that starts with `def model`, line 4, "
                                "in <module>: `scale = 1 / 0`)"]
