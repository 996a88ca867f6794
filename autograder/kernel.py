"""``check(...)`` for the notebook's test cells: grade this kernel's code in separate processes.

The kernel holds the student's code, so nothing is graded inside it. ``check`` collects the code cells run
so far (IPython's raw input history, without test cells), hands them to ``python -m autograder
check-cells`` — a grader process that holds the expected values and runs the code in yet another, sandboxed
process — and shows what comes back: a table in Jupyter, text elsewhere (:mod:`autograder.report.cell`). It writes
nothing to stderr (nbgrader zeroes a test cell that does) and returns the score, which nbgrader records as
the cell's partial credit (the ``text/plain`` of the cell's last value).
"""
import json
import subprocess
import sys

#: history entries containing this are test cells (they call check) and are not part of the submission
TEST_CELL_MARKER = "autograder"


#: set when nbgrader's course config loads this module as an IPython extension (see load_ipython_extension)
_grading = None
#: the folder the course config makes for its kernels' temporary folders (and removes when nbgrader exits)
KERNEL_TMP_ENV = "AUTOGRADER_KERNEL_TMP"


class _GradingKernel:
    """What a kernel run by ``nbgrader autograde``/``validate`` with the course config keeps track of."""

    def __init__(self, shell):
        #: sources of the cells nbgrader's per-cell time limit interrupted (an endless loop at top level)
        self.interrupted = []
        #: how this kernel is confined (:class:`autograder.run.confine.Isolation`), None when it is not a kernel
        self.isolation = None
        shell.events.register("post_run_cell", self._after_cell)

    def _after_cell(self, result):
        if isinstance(result.error_in_exec, KeyboardInterrupt):
            self.interrupted.append(result.info.raw_cell)


def load_ipython_extension(shell):
    """Loaded by the nbgrader course's kernels (``--IPKernelApp.extensions=autograder.kernel``).

    Cells the time limit interrupted are not run again by the checks (each would cost its full time limit
    in every test cell), and ``check()`` without ``hidden=True`` is skipped: the course's test cells
    follow it with the hidden checks, which alone decide the score.
    """
    global _grading
    _grading = _GradingKernel(shell)
    # only a real Jupyter kernel (ipykernel's shell has one) is confined, never a process that merely loads
    # the extension (a terminal IPython, a test)
    _grading.isolation = _confine_kernel() if getattr(shell, "kernel", None) is not None else None


def _confine_kernel():
    """Landlock on this kernel (see :func:`autograder.run.confine.kernel_layer`): the student's cells may
    write only the notebook's folder and the temporary folder, read only Python and the grader, reach no
    network and signal nothing outside the kernel; the gradebook and other students' files are out of reach."""
    import os
    import tempfile
    from pathlib import Path

    from .assignment import all_assignments
    from .run import confine

    package = Path(__file__).resolve().parent
    readable = [str(package)] + [str(a.folder) for a in all_assignments()]
    if (package.parent / "pyproject.toml").is_file():  # a checkout: solutions/ lives next to the package
        readable.append(str(package.parent))
    home = Path.home()
    readable += [str(home / ".ipython"), str(home / ".cache" / "matplotlib"), str(home / ".config" / "matplotlib")]
    # a temporary folder of its own (the course may live under /tmp): the grader it starts works in it too.
    # nbgrader kills its kernels, so the folder lives in one the course config makes and removes at exit.
    private = tempfile.mkdtemp(prefix="gd-kernel-", dir=os.environ.get(KERNEL_TMP_ENV) or None)
    os.environ["TMPDIR"] = tempfile.tempdir = private
    import atexit
    import shutil

    atexit.register(shutil.rmtree, private, True)
    return confine.kernel_layer([os.getcwd(), private], readable)


def _history():
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return []
    raw = shell.history_manager.input_hist_raw
    stopped = _grading.interrupted if _grading is not None else ()
    # the last entry is the test cell running now; earlier test cells are left out by the marker
    return [source for source in raw[1:-1]
            if source.strip() and TEST_CELL_MARKER not in source and source not in stopped]


def check(*functions, hidden=False, timeout=10.0):
    """Run the checks of ``functions`` on the code executed so far; show a report, return the score.

    Parameters
    ----------
    functions : str
        Names from the contract, e.g. ``check("f", "g")``.
    hidden : bool
        Hidden checks (instructor grading): other inputs, expected values from the reference solutions,
        and no numbers in the report.
    """
    if _grading is not None and not hidden:
        print("Public checks skipped: nbgrader is grading this notebook with the hidden checks below.")
        return 0.0
    request = {"cells": _history(), "functions": list(functions), "hidden": hidden, "timeout": timeout}
    process = subprocess.run(
        [sys.executable, "-m", "autograder", "check-cells"],
        input=json.dumps(request), capture_output=True, text=True,
    )
    try:
        report = json.loads(process.stdout)
    except json.JSONDecodeError:
        print("The checks could not run: the grader process failed. Is the `autograder` package installed "
              "in this kernel's environment? (`pip install -e .` in the assignment repository)")
        return 0.0
    if _grading is not None and _grading.interrupted:
        from .load.labels import cell_labels

        report["notes"][:0] = [f"{label} was stopped by the time limit and is left out (an endless loop at top "
                               "level?)." for label in cell_labels(_grading.interrupted)]
    if _grading is not None and _grading.isolation is not None:
        report["notes"].append(f"This kernel: {_grading.isolation.summary()}")
    return show(report)


def show(report):
    """Display ``check-cells``' answer (rich in Jupyter, text elsewhere); return the score for nbgrader."""
    from .report.cell import Score, from_json

    shown = from_json(report)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(shown)
    else:
        print(shown.text())
    return Score(report["score"], report["max_score"], shown.kind)
