"""``check(...)`` for the notebook's test cells: grade this kernel's code in separate processes.

The kernel holds the student's code, so nothing is graded inside it. ``check`` collects the code cells run
so far (IPython's raw input history, without test cells), hands them to ``python -m autograder
check-cells`` — a grader process that holds the expected values and runs the code in yet another, sandboxed
process — and prints what comes back. It writes nothing to stderr (nbgrader zeroes a test cell that does)
and returns the score, which nbgrader records as the cell's partial credit.
"""
import json
import subprocess
import sys

#: history entries containing this are test cells (they call check) and are not part of the submission
TEST_CELL_MARKER = "autograder"


def _history():
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return []
    raw = shell.history_manager.input_hist_raw
    # the last entry is the test cell running now; earlier test cells are left out by the marker
    return [source for source in raw[1:-1] if source.strip() and TEST_CELL_MARKER not in source]


def check(*functions, hidden=False, timeout=10.0):
    """Run the checks of ``functions`` on the code executed so far; print a report, return the score.

    Parameters
    ----------
    functions : str
        Names from the contract, e.g. ``check("model", "loss_fn")``.
    hidden : bool
        Hidden checks (instructor grading): other inputs, expected values from the reference solutions,
        and no numbers in the report.
    """
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
    print(format_report(report))
    return report["score"]


def format_report(report):
    kind = "Hidden checks" if report["hidden"] else "Checks"
    lines = []
    for note in report["notes"]:
        lines.append(f"note: {note}")
    for test in report["tests"]:
        mark = "PASS" if test["status"] == "passed" else "FAIL"
        lines.append(f"[{mark}] {test['name']}  ({test['score']:g}/{test['max_score']:g})")
        lines.extend(f"       {line}" for line in test["output"].splitlines())
    lines.append(f"{kind}: {report['score']:g} / {report['max_score']:g} points")
    return "\n".join(lines)
