"""Each figure cell of the notebook draws a picture: the completed notebook runs in a real Jupyter kernel and
every code cell that shows a matplotlib figure must output a PNG (no screenshot compared, no pixel test),
and the untouched notebook's figure cells must run without an error (they say what to implement first)."""
import json

import pytest

from gd import notebook_path
from notebooks import completed_notebook

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

#: the figures the text promises: the book's three runs, the data with its fitted line, the SGD comparison
REQUIRED = {"demo-part1-three-runs", "demo-part1-data-fit", "demo-part5-sgd"}


def figure_cells(notebook):
    return [c for c in notebook.cells if c.cell_type == "code" and "plt.show()" in c.source]


def execute(content, tmp_path):
    notebook = nbformat.reads(json.dumps(content), as_version=4)
    # only what the figures need: the set-up cell, the answers and the figure cells (test cells start graders)
    notebook.cells = [c for c in notebook.cells if c.cell_type == "code" and "check(" not in c.source]
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return notebook


def test_figure_cells_exist():
    notebook = nbformat.read(notebook_path(), as_version=4)
    ids = {c.id for c in figure_cells(notebook)}
    assert REQUIRED <= ids and len(ids) >= 6, ids


def test_every_figure_cell_of_the_completed_notebook_outputs_a_png(tmp_path):
    notebook = execute(completed_notebook(), tmp_path)
    cells = figure_cells(notebook)
    for cell in cells:
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, (cell.id, errors and errors[0].get("evalue"))
        images = [o for o in cell.outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
        assert len(images) == 1, (cell.id, [o.output_type for o in cell.outputs])
        assert len(images[0]["data"]["image/png"]) > 10_000, cell.id  # base64 of a real plot, not an empty canvas
        assert "implement" not in "".join(o.get("text", "") for o in cell.outputs), cell.id


def test_figure_cells_of_the_untouched_notebook_say_what_to_implement(tmp_path):
    notebook = execute(json.loads(notebook_path().read_text()), tmp_path)
    for cell in figure_cells(notebook):
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.id
        text = "".join(o.get("text", "") for o in cell.outputs)
        shown = any("image/png" in o.get("data", {}) for o in cell.outputs)
        assert "implement" in text or shown, cell.id
