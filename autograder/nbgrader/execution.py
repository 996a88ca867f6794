"""How nbgrader runs the course's notebooks: per-cell time limits and kernel options (see the config)."""
from __future__ import annotations


class CellTimeouts:
    """``Execute.timeout_func``: seconds allowed for a cell, by its nbgrader ``grade_id``.

    Test cells run every hidden check of their functions, each with its own time limit, so they get the sum
    (``test_cells``); any other cell gets ``default``.
    """

    def __init__(self, default, test_cells):
        self.default, self.test_cells = default, dict(test_cells)

    def __call__(self, cell):
        grade_id = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
        return self.test_cells.get(grade_id, self.default)

    def __repr__(self):
        return f"CellTimeouts(default={self.default!r}, test_cells={self.test_cells!r})"


#: extra command-line arguments of the grading kernels: load autograder.kernel as an IPython extension
KERNEL_ARGUMENTS = ["--IPKernelApp.extensions=autograder.kernel"]
