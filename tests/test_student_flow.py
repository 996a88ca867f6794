"""What a student sees: `pytest` in the assignment folder, and the notebook's own check cells in a kernel."""
import json
import os
import subprocess
import sys

import pytest

from autograder.check.scenarios import SCENARIOS
from autograder.paths import ASSIGNMENT, notebook_path

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


def test_buggy_notebook_fails_with_the_hint_and_no_traceback(tmp_path):
    notebook = completed_notebook({"grad_fn": [("dloss_dtp = 2.0 *", "dloss_dtp = 1.0 *")]})
    run = student_pytest(write(notebook, tmp_path / "buggy.ipynb"))
    assert run.returncode == 1
    assert "The factor 2 is missing" in run.stdout
    assert "expected [4517.296364" in run.stdout  # public checks show the numbers
    assert "Traceback" not in run.stdout and "def run_check" not in run.stdout
    assert "grad_fn                     0 / 5" in run.stdout


def test_untouched_notebook_says_not_implemented_for_every_function():
    run = student_pytest(notebook_path())
    assert run.returncode == 1
    assert run.stdout.count("Not implemented yet") >= len(SCENARIOS)
    assert "Public checks: 0 / 47 points" in run.stdout


def test_one_function_can_be_checked_alone(tmp_path):
    run = student_pytest(write(completed_notebook(), tmp_path / "done.ipynb"), "-k", "sgd_epoch")
    assert run.returncode == 0
    assert "Public checks: 5 / 5 points (of the 5 points checked in this run; 47 in all)" in run.stdout


def test_broken_notebook_gets_a_clear_message(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [')
    run = student_pytest(broken)
    assert run.returncode == 1
    assert "is not a valid notebook: its JSON is broken" in run.stdout
    assert "Traceback" not in run.stdout


def test_notebook_check_cells_in_a_real_kernel_print_hints_and_write_no_stderr():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.reads(json.dumps(completed_notebook({"loss_fn": [(".mean()", ".sum()")]})), as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3", allow_errors=True)
    client.execute(cwd=str(ASSIGNMENT))
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    by_id = {c.metadata["nbgrader"]["grade_id"]: c for c in tests}
    part1 = by_id["test_model_loss_fn_grad_fn_gd_step_training_loop"]
    text = "".join(o.get("text", "") for o in part1.outputs if o.output_type == "stream")
    assert "You summed the squared errors" in text
    assert [o for o in part1.outputs if o.output_type == "execute_result"][0]["data"]["text/plain"] == "10.0"  # 21 minus loss_fn, the loss-based training_loop checks and its gated unchanged-input point
    for cell in tests:
        assert not [o for o in cell.outputs if o.output_type == "error"], cell.metadata["nbgrader"]["grade_id"]
        assert not [o for o in cell.outputs if o.get("name") == "stderr"], cell.metadata["nbgrader"]["grade_id"]
    part2 = by_id["test_inverse_sqrt_decay_step_decay"]
    assert [o for o in part2.outputs if o.output_type == "execute_result"][0]["data"]["text/plain"] == "4"


def test_hidden_checks_without_the_reference_explain_themselves(tmp_path):
    """In a student copy (no solutions/), check(..., hidden=True) says why there is no hidden score."""
    sitecustomize = tmp_path / "sitecustomize.py"
    sitecustomize.write_text(
        "import sys\nclass _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] == 'solutions':\n"
        "            raise ImportError('no solutions here')\n"
        "sys.meta_path.insert(0, _Block())\n")
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
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
