"""Broken, hostile and odd submissions: each gets a clear message and a score (0 for what is broken, full
marks for what works), grading completes, and the submitted file is never modified. Plus the CLI contract.

All files are graded in one call shared by the tests of this module.
"""
import ast
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.check.expectations import ReferenceExpectations
from gd import POINTS, SCENARIOS
from autograder.grade import Options, grade
from autograder.load import find_submissions
from gd import notebook_path

from mistaken import write_buggy

HERE = Path(__file__).resolve().parent
BASE = (HERE / "submissions" / "correct_vectorized.py").read_text()
ADA = json.loads((HERE.parent / "examples" / "ada_correct.ipynb").read_text())
TIMEOUT = 1.0

#: function -> functions with a check that runs it (itself included)


def replaced(source, function, new):
    """``source`` with the top-level ``def function`` replaced by ``new`` (removed when ``new`` is empty)."""
    tree = ast.parse(source)
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    lines = source.splitlines(keepends=True)
    return "".join(lines[:node.lineno - 1]) + new + "".join(lines[node.end_lineno:])


def with_answer(function, new_source):
    notebook = json.loads(json.dumps(ADA))
    cell = next(c for c in notebook["cells"] if (c["metadata"].get("nbgrader") or {}).get("grade_id") == function)
    cell["source"] = new_source
    return json.dumps(notebook, indent=1)


SPLIT = BASE.index("\ndef inverse_sqrt_decay")

#: file name -> content
FILES = {
    "not_json.ipynb": '{"cells": [{"cell_type": "code", "source": "def model(t_u, w, b):\\n',
    "syntax_error.py": replaced(BASE, "sgd_epoch", (
        "def sgd_epoch(params, t_u, t_c, learning_rate, rng):\n"
        "    w, b = params\n"
        "    for i in rng.permutation(len(t_u))\n"
        "        w, b = w - learning_rate * 2 * (w * t_u[i] + b - t_c[i]) * t_u[i], b\n"
        "    return np.array([w, b])\n")),
    "syntax_error_cell.ipynb": with_answer("sgd_epoch", (
        "def sgd_epoch(params, t_u, t_c, learning_rate, rng):\n"
        "    for i in rng.permutation(len(t_u)\n"
        "        pass\n")),
    "missing_function.py": replaced(BASE, "critical_learning_rate", ""),
    "wrong_signature.py": replaced(BASE, "apply_standardization", (
        "def apply_standardization(X, stats):\n"
        "    mean, std = stats\n"
        "    return (X - mean) / std\n")),
    "returns_nan.py": replaced(BASE, "loss_fn", (
        "def loss_fn(t_p, t_c):\n"
        "    return float('nan')  # TODO\n")),
    "wrong_shape.py": replaced(BASE, "grad_fn", (
        "def grad_fn(t_u, t_c, t_p, w, b):\n"
        "    dloss_dtp = 2 * (t_p - t_c) / len(t_u)\n"
        "    return np.array([dloss_dtp * t_u, dloss_dtp])  # forgot to sum over the examples\n")),
    "transposed.py": replaced(BASE, "standardize", (
        "def standardize(X):\n"
        "    mean, std = X.mean(axis=0), X.std(axis=0)\n"
        "    std = np.where(std == 0, 1.0, std)\n"
        "    return ((X - mean) / std).T, mean, std\n")),
    "returns_none.py": replaced(BASE, "inverse_sqrt_decay", (
        "def inverse_sqrt_decay(learning_rate, t):\n"
        "    learning_rate = learning_rate / np.sqrt(t + 1)\n")),
    "endless_loop.py": replaced(BASE, "step_decay", (
        "def step_decay(learning_rate, t, drop, every):\n"
        "    n_drops = 0\n"
        "    while t >= every:\n"
        "        n_drops += 1\n"
        "    return learning_rate * drop ** n_drops\n")),
    "exit_at_import.py": BASE[:SPLIT] + "\nimport sys\n\nsys.exit('done with part 1')\n" + BASE[SPLIT:],
    "os_exit_in_function.py": replaced(BASE, "critical_learning_rate", (
        "def critical_learning_rate(t_u):\n"
        "    import os\n"
        "    os._exit(1)\n")),
    "noisy.py": "import sys\nprint('x' * 1_000_000)\nsys.stderr.write('warning! ' * 100_000)\n" + replaced(
        BASE, "model", (
            "def model(t_u, w, b):\n"
            "    print('predicting', t_u, w, b)\n"
            "    print('debug ' * 1000, file=sys.stderr)\n"
            "    return w * np.asarray(t_u, dtype=float) + b\n")),
    "imports_solutions.py": (
        "import sys\nsys.path[:0] = ['/work/main', '.', '..']\n"
        "try:\n    import solutions.gradient_descent as reference\nexcept ImportError as error:\n"
        "    reference = None\n"
        "try:\n    import autograder.check.scenarios\nexcept ImportError:\n    pass\n"
    ) + replaced(BASE, "critical_learning_rate", (
        "def critical_learning_rate(t_u):\n"
        "    from solutions.gradient_descent import critical_learning_rate as answer\n"
        "    return answer(t_u)\n")),
    "stub.ipynb": notebook_path().read_text(),
}

#: file -> (function that is broken or None for all, words of the message the student gets)
BROKEN = {
    "not_json": (None, "is not a valid notebook: its JSON is broken"),
    "syntax_error": (None, "SyntaxError"),
    "syntax_error_cell": ("sgd_epoch", "`sgd_epoch` is not defined"),
    "missing_function": ("critical_learning_rate", "`critical_learning_rate` is not defined"),
    "wrong_signature": ("apply_standardization", "cannot be called as `apply_standardization(X, mean, std)`"),
    "returns_nan": ("loss_fn", "`loss` is nan where a finite number was expected"),
    "wrong_shape": ("grad_fn", "values; expected 2 values"),
    "transposed": ("", ""),  # see its own test
    "returns_none": ("inverse_sqrt_decay", "returned None: is the `return` statement missing?"),
    "endless_loop": ("step_decay", f"Stopped after {TIMEOUT:g} s"),
    "exit_at_import": (None, "exit"),
    "os_exit_in_function": ("critical_learning_rate", "ended the Python process"),
    "noisy": ("", ""),  # nothing is broken
    "imports_solutions": ("critical_learning_rate", "is not available to submissions"),
    "stub": (None, "Not implemented yet"),
}


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad_input")
    for name, content in FILES.items():
        (folder / name).write_text(content)
    return folder


@pytest.fixture(scope="module")
def graded(folder):
    before = {p.name: sha256(p) for p in folder.iterdir()}
    results = grade(find_submissions([folder]), ReferenceExpectations(), Options(timeout=TIMEOUT, jobs=2))
    after = {p.name: sha256(p) for p in folder.iterdir()}
    return {r.submission: r for r in results}, before, after


def test_every_file_is_graded_and_left_byte_identical(graded):
    results, before, after = graded
    assert set(results) == set(BROKEN) == {Path(name).stem for name in FILES}
    assert after == before
    for result in results.values():
        assert len(result.tests) == len(SCENARIOS) and result.max_score == 47


def _messages(result, function=None):
    return [t.output for t in result.tests if t.status == "failed" and function in (None, t.function)] + result.notes


@pytest.mark.parametrize("name", [n for n, (f, _) in BROKEN.items() if f])
def test_one_broken_function_scores_0_and_the_rest_full_marks(graded, name):
    function, message = BROKEN[name]
    result = graded[0][name]
    table = result.by_function()
    assert table[function][0] == 0, f"{name}: {function} kept points"
    own = [t.output for t in table[function][2] if not t.withheld]
    assert own and all(message in output for output in own), (name, own)
    for other, (score, max_score, _) in table.items():  # error carried forward: nothing else loses points
        if other != function:
            assert score == max_score, f"{name}: {other} lost points: {_messages(result, other)}"


def test_a_notebook_that_is_not_json_scores_0_with_the_reason(graded):
    result = graded[0]["not_json"]
    assert result.score == 0
    assert any("not_json.ipynb is not a valid notebook" in note for note in result.notes)
    assert all(t.output.startswith("Not graded: not_json.ipynb is not a valid notebook") for t in result.tests)


def test_a_py_file_with_a_syntax_error_scores_0_and_names_the_line(graded):
    result = graded[0]["syntax_error"]
    assert result.score == 0
    line = FILES["syntax_error.py"].splitlines().index("    for i in rng.permutation(len(t_u))") + 1
    assert result.notes == [f"SyntaxError: expected ':' (syntax_error.py, line {line})"]
    assert all("is not defined" in t.output for t in result.tests)


def test_a_syntax_error_in_one_notebook_cell_costs_only_that_cell(graded):
    result = graded[0]["syntax_error_cell"]
    assert result.score == 47 - POINTS["sgd_epoch"]
    assert len(result.notes) == 1 and result.notes[0].startswith("SyntaxError:")


def test_a_transposed_matrix_fails_where_it_matters_and_says_so(graded):
    result = graded[0]["transposed"]
    failed = result.by_function()["standardize"][2]
    assert [t.name for t in failed] == ["standardize: a random matrix, per column",
                                        "standardize: a constant column scales to 0, not NaN",
                                        "standardize: leaves its inputs unchanged"]
    assert all("`X_scaled` has shape (3, " in t.output and "expected (" in t.output for t in failed[:2])
    # it does leave its input unchanged, but that point counts only once the numbers are right
    assert failed[2].withheld and failed[2].output.startswith("Not scored yet: `standardize` leaves its inputs")
    assert result.score == 47 - sum(t.max_score for t in failed)


def test_sys_exit_at_import_keeps_what_was_defined_before(graded):
    result = graded[0]["exit_at_import"]
    assert result.notes == ["exit_at_import.py called exit() or sys.exit(); the rest of it was skipped"]
    table = result.by_function()
    before = ["model", "loss_fn", "grad_fn", "gd_step", "training_loop"]
    assert all(table[f][0] == table[f][1] for f in before)
    for function in set(POINTS) - set(before):
        assert table[function][0] == 0
        assert all(f"`{function}` is not defined" in t.output for t in table[function][2]), function


def test_an_endless_loop_costs_its_checks_only(graded):
    result = graded[0]["endless_loop"]
    assert result.score == 47 - POINTS["step_decay"]
    assert all("endless loop" in t.output for t in result.by_function()["step_decay"][2])


def test_os_exit_inside_a_function_costs_its_checks_only(graded):
    result = graded[0]["os_exit_in_function"]
    assert result.score == 47 - POINTS["critical_learning_rate"]


def test_printing_and_writing_to_stderr_do_not_matter(graded):
    result = graded[0]["noisy"]
    assert result.score == 47 and result.notes == []


def test_importing_the_reference_fails_in_the_sandbox_and_the_rest_is_graded(graded):
    result = graded[0]["imports_solutions"]
    assert result.score == 47 - POINTS["critical_learning_rate"]
    assert all("ImportError" in t.output for t in result.by_function()["critical_learning_rate"][2])


def test_the_untouched_stub_scores_0_with_not_implemented_everywhere(graded):
    result = graded[0]["stub"]
    assert result.score == 0 and result.notes == []
    assert all(t.output.startswith("Not implemented yet") for t in result.tests)


# The command line ----------------------------------------------------------------------------------------

def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "autograder", "grade", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """One class graded by the CLI, and one of its submissions graded again alone with --json."""
    work = tmp_path_factory.mktemp("cli")
    [buggy] = write_buggy(work / "buggy", ["bug_grad_sign_flipped"])
    first = cli(HERE / "submissions" / "correct_loops.py", buggy, "--jobs", "2", "--out", work / "class")
    again = cli(buggy, "--out", work / "alone", "--json", work / "bob.json")
    return work, first, again


def test_cli_writes_gradescope_results_per_submission(cli_run):
    work, first, _ = cli_run
    assert first.returncode == 0, first.stderr
    correct = json.loads((work / "class" / "correct_loops" / "results.json").read_text())
    buggy = json.loads((work / "class" / "bug_grad_sign_flipped" / "results.json").read_text())
    assert correct["score"] == correct["extra_data"]["max_score"] == 47
    assert 0 < buggy["score"] < buggy["extra_data"]["max_score"] == 47
    for data in (correct, buggy):
        assert len(data["tests"]) == len(SCENARIOS)
        assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]))
        for test in data["tests"]:
            assert {"name", "score", "max_score", "status", "output"} <= set(test)
            assert test["status"] in ("passed", "failed")
            assert (test["status"] == "passed") == (test["score"] == test["max_score"])
    assert any("sign" in t["output"] for t in buggy["tests"] if t["status"] == "failed")


def test_cli_json_file_and_determinism(cli_run):
    work, first, again = cli_run
    assert again.returncode == 0, again.stderr
    def without_time(path):  # the time spent grading is the one field that may differ between runs
        data = json.loads(path.read_text())
        assert data.pop("execution_time") > 0
        return data

    graded = without_time(work / "class" / "bug_grad_sign_flipped" / "results.json")
    assert without_time(work / "alone" / "bug_grad_sign_flipped" / "results.json") == graded
    assert (work / "bob.json").read_text() == (work / "alone" / "bug_grad_sign_flipped" / "results.json").read_text()


def test_cli_exits_2_for_a_missing_path_or_missing_arguments(tmp_path):
    missing = cli(tmp_path / "nope.ipynb", "--out", tmp_path / "out")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert not (tmp_path / "out").exists()
    bare = cli()
    assert bare.returncode == 2 and "PATH" in bare.stderr
