"""What a student sees: `pytest` in the assignment folder, and the notebook's own check cells in a kernel."""
import json
import os
import re
import subprocess
import sys

import pytest

from gd import SCENARIOS
from gd import ASSIGNMENT, notebook_path
from autograder.report.cell import MIME

from notebooks import completed_notebook, write


def student_pytest(submission, *args):
    env = dict(os.environ, GD_SUBMISSION=str(submission))
    return subprocess.run([sys.executable, "-m", "pytest", *args], cwd=ASSIGNMENT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_completed_notebook_passes_with_full_points(tmp_path):
    run = student_pytest(write(completed_notebook(), tmp_path / "done.ipynb"))
    assert run.returncode == 0, run.stdout
    assert f"{len(SCENARIOS)} passed" in run.stdout
    assert "Public checks: 47 / 47 points" in run.stdout


def before_pytest_summary(stdout):
    """The lines the checks print: everything before pytest's short summary or its final count."""
    lines = stdout.splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^=+ short test summary info =+$", line) or re.match(r"^=*\s*\d+ (failed|passed)", line):
            return lines[:index]
    return lines


def test_buggy_notebook_fails_with_the_hint_and_no_traceback(tmp_path):
    notebook = completed_notebook({"grad_fn": [("dloss_dtp = 2.0 *", "dloss_dtp = 1.0 *")]})
    run = student_pytest(write(notebook, tmp_path / "buggy.ipynb"))
    assert run.returncode == 1
    assert "The factor 2 is missing" in run.stdout
    assert "expected [4517.296364, 82.6], got [2258.648182, 41.3]" in run.stdout  # public checks show the numbers
    assert "Traceback" not in run.stdout and "def run_check" not in run.stdout
    assert "grad_fn                     0 / 5" in run.stdout
    assert len(before_pytest_summary(run.stdout)) <= 25, run.stdout


def test_one_mistake_fits_one_screen_and_verbose_shows_every_check(tmp_path):
    """One wrong sign fails 17 checks in 7 functions. The student reads grad_fn's first failing check with
    its hint and numbers, its other failing checks by name, and one line per function that fails only
    because of it; pytest's short summary does not repeat the failures, even with the repository's -ra."""
    submission = write(completed_notebook({"grad_fn": [("dloss_dtp = 2.0 *", "dloss_dtp = -2.0 *")]}),
                       tmp_path / "sign.ipynb")
    run = student_pytest(submission, "-ra")
    assert run.returncode == 1
    shown = before_pytest_summary(run.stdout)
    assert len(shown) <= 25, run.stdout
    assert run.stdout.count("The sign is flipped") == 1
    assert "grad_fn: gradient on the book's data at (w, b) = (1, 0)  [0/2 points]" in shown
    assert "    Also failing: gradient on the normalized input 0.1 * t_u; gradient on random data." in shown
    assert "    Not scored until the values are right: leaves its inputs unchanged." in shown
    for function in ("training_loop", "inverse_sqrt_decay", "step_decay", "adagrad_step", "standardize",
                     "critical_learning_rate"):
        line, = [line for line in shown if line.startswith(f"  {function} ")]
        assert line.endswith("fails because `grad_fn` fails: fix that first"), line
    assert "FAILED" not in run.stdout and "Traceback" not in run.stdout
    assert "17 failed, 26 passed" in run.stdout.splitlines()[-1]

    verbose = student_pytest(submission, "-v")
    assert verbose.returncode == 1
    assert verbose.stdout.count("The sign is flipped") >= 10  # every failed check, in full
    assert "This check runs your `grad_fn`" in verbose.stdout
    assert "test_check[step_decay: damps a run that oscillates at a constant rate]" in verbose.stdout


def test_untouched_notebook_says_not_implemented_for_every_function():
    run = student_pytest(notebook_path())
    assert run.returncode == 1
    shown = before_pytest_summary(run.stdout)
    assert len(shown) <= 40, run.stdout
    assert sum(line.endswith("not implemented yet") for line in shown) == 12
    assert "Public checks: 0 / 47 points" in run.stdout
    verbose = student_pytest(notebook_path(), "-v")
    assert verbose.stdout.count("Not implemented yet") >= len(SCENARIOS)


def test_one_function_can_be_checked_alone(tmp_path):
    run = student_pytest(write(completed_notebook(), tmp_path / "done.ipynb"), "-k", "sgd_epoch")
    assert run.returncode == 0
    assert "Public checks: 5 / 5 points (of the 5 points checked in this run; 47 in all)" in run.stdout


def test_broken_notebook_gets_one_clear_message_and_nothing_else(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [')
    run = student_pytest(broken)
    assert run.returncode == 1
    shown = before_pytest_summary(run.stdout)
    assert shown[2].startswith("broken.ipynb is not a valid notebook: its JSON is broken at line 1"), run.stdout
    assert shown[3:] == ["Public checks: 0 / 47 points: nothing could be checked."]
    assert "Traceback" not in run.stdout and "is not defined" not in run.stdout


def test_notebook_check_cells_in_a_real_kernel_print_hints_and_write_no_stderr():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.reads(json.dumps(completed_notebook({"loss_fn": [(".mean()", ".sum()")]})), as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True)
    client.execute(cwd=str(ASSIGNMENT))
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    by_id = {c.metadata["nbgrader"]["grade_id"]: c for c in tests}
    part1 = by_id["test_model_loss_fn_grad_fn_gd_step_training_loop"]
    shown, = [o for o in part1.outputs if o.output_type == "display_data"]
    # a table in Jupyter, the same story as text elsewhere, and the report as data for nbgrader's audit
    html, text = shown["data"]["text/html"], shown["data"]["text/plain"]
    assert "<table>" in html and "You summed the squared errors" in html
    assert text.count("You summed the squared errors") == 1
    assert "  training_loop               0 / 8    fails because `loss_fn` fails: fix that first" in text
    assert shown["data"][MIME]["score"] == 10.0
    score, = [o for o in part1.outputs if o.output_type == "execute_result"]
    assert score["data"]["text/plain"] == "10.0"  # what nbgrader reads: 21 minus loss_fn, the loss-based training_loop checks and its gated unchanged-input point
    assert "10 / 21 points" in score["data"]["text/html"]  # not a bare number in Jupyter
    for cell in tests:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.metadata["nbgrader"]["grade_id"]
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.metadata["nbgrader"]["grade_id"]
    part2 = by_id["test_inverse_sqrt_decay_step_decay"]
    assert [o for o in part2.outputs if o.output_type == "execute_result"][0]["data"]["text/plain"] == "4.0"


def test_hidden_checks_without_the_reference_explain_themselves(tmp_path):
    """In a student copy (no solutions/), check(..., hidden=True) says why there is no hidden score."""
    sitecustomize = tmp_path / "sitecustomize.py"
    sitecustomize.write_text(
        "import sys\nclass _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] == 'solutions':\n"
        "            raise ImportError('no solutions here')\n"
        "sys.meta_path.insert(0, _Block())\n")
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
               AUTOGRADER_SOLUTIONS=str(tmp_path / "no-solutions"))  # the grader loads solutions/ by path
    request = json.dumps({"cells": ["x = 1"], "functions": ["model"], "hidden": True})
    run = subprocess.run([sys.executable, "-m", "autograder", "check-cells"], input=request, env=env,
                         capture_output=True, text=True, timeout=60)
    report = json.loads(run.stdout)
    assert (report["score"], report["max_score"], report["tests"]) == (0.0, 2, [])
    assert "only where the instructor's solutions/ is installed" in report["notes"][0]


def test_checking_a_loop_alone_still_names_the_wrong_function_it_runs(tmp_path):
    """`pytest -k training_loop` with a wrong grad_fn: grad_fn's checks run silently first, so the loop's
    failures point at it (students' public data has no reference to carry the error forward with)."""
    notebook = completed_notebook({"grad_fn": [("dloss_dtp = 2.0 *", "dloss_dtp = -2.0 *")]})
    run = student_pytest(write(notebook, tmp_path / "sign.ipynb"), "-k", "training_loop")
    assert run.returncode == 1
    assert "This check runs your `grad_fn`" in run.stdout
    assert "grad_fn                " not in run.stdout  # not a test of this run: no row in the points table


def test_an_in_place_gd_step_is_blamed_on_gd_step_not_on_the_loop(tmp_path):
    notebook = completed_notebook({"gd_step": [("return np.asarray(params, dtype=float) - ",
                                                "params -= learning_rate * np.asarray(grad, dtype=float)\n"
                                                "    return params  # ")],
                                    # a loop that hands the caller's array on, fine with a correct gd_step
                                    "training_loop": [("params = np.array(params, dtype=float)",
                                                       "params = np.asarray(params, dtype=float)")]})
    run = student_pytest(write(notebook, tmp_path / "inplace.ipynb"), "-k", "training_loop")
    assert "training_loop: leaves its inputs unchanged" in run.stdout
    assert "This check runs your `gd_step`, which changes its argument in place" in run.stdout


def test_a_withheld_property_is_not_taken_for_an_in_place_change(tmp_path):
    """grad_fn's unchanged-input point is withheld while its numbers are wrong; that is no evidence that it
    changes its argument, so the loop's unchanged-input check must not say so."""
    notebook = completed_notebook({"grad_fn": [("dloss_dtp = 2.0 *", "dloss_dtp = -2.0 *")]})
    run = student_pytest(write(notebook, tmp_path / "sign.ipynb"), "-k", "training_loop", "-v")  # every check in full
    assert "changes its argument in place" not in run.stdout
    assert "Not scored yet: `training_loop` leaves its inputs unchanged" in run.stdout


def test_a_failure_that_is_not_a_checks_is_shown_in_full(tmp_path):
    """Without -v the checks' failures are told per function; any other failure (the grader itself broke)
    still shows its traceback."""
    import shutil

    for name in ("pytest.ini", "conftest.py", "public_checks.json"):
        shutil.copy(ASSIGNMENT / name, tmp_path / name)
    (tmp_path / "test_extra.py").write_text(
        "from autograder.assignment import load\n\nSCENARIOS = load('gradient_descent').scenarios\n\n"
        "def test_a_check(run_check):\n    run_check(SCENARIOS[0])\n\n"
        "def test_broken_grader():\n    raise RuntimeError('the grader broke here')\n")
    env = dict(os.environ, GD_SUBMISSION=str(write(completed_notebook(), tmp_path / "done.ipynb")))
    run = subprocess.run([sys.executable, "-m", "pytest"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 1
    assert "RuntimeError: the grader broke here" in run.stdout and "test_broken_grader" in run.stdout
    assert ">       raise RuntimeError('the grader broke here')" in run.stdout  # its traceback
    assert "Public checks: 0.75 / 0.75 points" in run.stdout


def test_every_single_mistake_fits_one_screen(tmp_path):
    """The 25-line target holds for each of the 27 one-mistake files, not only for the ones above."""
    from mistaken import write_buggy

    counts = {}
    for path in write_buggy(tmp_path):
        run = student_pytest(path)
        assert run.returncode == 1, path.stem
        counts[path.stem] = len(run.stdout.splitlines()) - 1  # before pytest's own closing count
    assert len(counts) == 27 and max(counts.values()) <= 25, counts
