"""Every flow for the second assignment, ``adaptive_optimizers``, with the real components: the CLI
(``python -m autograder grade`` in a subprocess, the assignment inferred from the functions a file defines),
the students' ``pytest`` in a release of this assignment installed the way a student installs it, one
nbgrader course holding both assignments, and the Gradescope archive. The helpers are the first
assignment's flow tests' own (release_env, notebooks, gradescope_env, test_nbgrader_e2e, mistaken).

Submissions: the correct styles of ``tests/adaptive/correct_*.py`` and one file per declared mistake
(``tests/adaptive/mistaken.py``, edits of ``correct_vectorized.py``).
"""
from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.assignment import load
from gradescope_env import build_archive, run_autograder, set_up
from release_env import REPO, clean_env, notebook, release, student_python
from test_nbgrader_e2e import _answered, _by_grade_id, _cell_text, _gradebook_scores, _run

import solutions.adaptive_optimizers.reference as reference
from solutions.adaptive_optimizers.mistakes import IMPLEMENTATIONS

ASSIGNMENT = "adaptive_optimizers"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
AO = load(ASSIGNMENT)
POINTS = AO.points
TOTAL = sum(POINTS.values())
ADAPTIVE = Path(__file__).parent / "adaptive"
CORRECT = sorted(p.stem for p in ADAPTIVE.glob("correct_*.py"))
#: nbgrader's test cells of the notebook -> the functions each checks (their points are the sum of those)
TEST_CELLS = {
    "test_quadratic_grad_thermometer_grad": ("quadratic_grad", "thermometer_grad"),
    "test_momentum_step_momentum_critical_learning_rate": ("momentum_step", "momentum_critical_learning_rate"),
    "test_rmsprop_step": ("rmsprop_step",),
    "test_adam_step": ("adam_step",),
}
#: a wrong upstream function -> the functions whose checks run it (and carry its error forward)
UPSTREAM = {
    "quadratic_grad": {"momentum_step", "momentum_critical_learning_rate", "adam_step"},
    "thermometer_grad": {"rmsprop_step"},
}


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# tests/mistaken.py (the first assignment's) is importable as ``mistaken``: this one is loaded by path
mistaken = _load(ADAPTIVE / "mistaken.py", "adaptive_mistaken")


def cli(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def by_function(results):
    """``{function: (score, max_score)}`` from a results.json."""
    table = {}
    for test in results["tests"]:
        score, max_score = table.get(test["extra_data"]["function"], (0.0, 0.0))
        table[test["extra_data"]["function"]] = (score + test["score"], max_score + test["max_score"])
    return table


def lost_points(results):
    """``{function: points lost}`` for every function that lost some."""
    return {f: max_score - score for f, (score, max_score) in by_function(results).items() if score != max_score}


# --- the submissions ------------------------------------------------------------------------------------

def _call(function, args):
    value = function(*args)
    return [np.asarray(v, dtype=float) for v in (value if isinstance(value, tuple) else (value,))]


def test_every_declared_mistake_is_an_edit_whose_numbers_are_that_mistake():
    """One edit per declared mistake (all 27), and on the inputs of its function's one-call checks the edited
    function computes what the declared wrong implementation computes, and not what the reference does."""
    assert set(mistaken.EDITS) == {(m.function, m.name) for m in AO.mistakes} and len(mistaken.EDITS) == 27
    for (function, name), _ in mistaken.EDITS.items():
        namespace = {}
        exec(compile(mistaken.buggy_source(f"bug_{function}__{name}"), name, "exec"), namespace)
        differs = False
        calls = [s for s in AO.scenarios if s.function == function and s.driver == "call"]
        assert calls, function
        for scenario in calls:
            args = scenario.inputs(AO.public_seed)["args"]
            edited, wrong, right = (_call(f, args) for f in (namespace[function], IMPLEMENTATIONS[(function, name)],
                                                             getattr(reference, function)))
            assert all(np.allclose(e, w, rtol=1e-12) for e, w in zip(edited, wrong)), (function, name, scenario.what)
            differs = differs or not all(np.allclose(e, r) for e, r in zip(edited, right))
        assert differs, f"{function}.{name}: the edit computes the reference's numbers"


# --- the CLI --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every correct style and every mistake graded in one CLI call, without ``--assignment``."""
    folder = tmp_path_factory.mktemp("adaptive-submissions")
    for name in CORRECT:
        (folder / f"{name}.py").write_bytes((ADAPTIVE / f"{name}.py").read_bytes())
    mistaken.write_buggy(folder)
    out = folder.parent / f"{folder.name}-results"
    process = cli("grade", folder, "--jobs", "2", "--out", out)
    assert process.returncode == 0, process.stderr
    results = {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}
    return {"process": process, "results": results}


def test_the_cli_grades_every_file_as_the_assignment_its_functions_belong_to(graded):
    results = graded["results"]
    assert set(results) == set(CORRECT) | set(mistaken.BUGS) and len(CORRECT) >= 5
    assert {r["extra_data"]["assignment"] for r in results.values()} == {ASSIGNMENT}
    assert {r["extra_data"]["max_score"] for r in results.values()} == {TOTAL} and TOTAL == 28
    # the class summary on stdout tells the two momentum functions apart
    header = graded["process"].stdout.splitlines()[0]
    assert "moment moment" not in header and "momentum_s" in header and "momentum_c" in header, header


@pytest.mark.parametrize("name", CORRECT)
def test_a_correct_style_gets_full_marks(graded, name):
    results = graded["results"][name]
    assert results["score"] == TOTAL
    assert [t["name"] for t in results["tests"] if t["status"] != "passed"] == []
    assert results["extra_data"]["notes"] == []


@pytest.mark.parametrize("function, mistake", sorted(mistaken.EDITS), ids=lambda v: v)
def test_a_mistake_costs_points_on_its_function_only_and_is_named(graded, function, mistake):
    results = graded["results"][f"bug_{function}__{mistake}"]
    lost = lost_points(results)
    assert list(lost) == [function] and results["score"] == TOTAL - lost[function], lost
    own = [t for t in results["tests"] if t["extra_data"]["function"] == function and t["status"] == "failed"
           and not t["extra_data"]["withheld"]]
    first = own[0]
    declared = next(m for m in AO.mistakes if (m.function, m.name) == (function, mistake))
    assert first["extra_data"]["mistake"] == f"{function}.{mistake}", first
    assert first["output"].startswith(declared.hint), first["output"]
    # no other function's check names a mistake, and no other function's declared hint appears
    others = [t for t in results["tests"] if t["extra_data"]["function"] != function]
    assert all(t["status"] == "passed" and not t["extra_data"]["mistake"] for t in others)


@pytest.mark.parametrize("upstream, mistake, carried_to", [
    ("quadratic_grad", "squares_theta", {"momentum_step", "momentum_critical_learning_rate", "adam_step"}),
    # Adam's steps do not change when every gradient is scaled by 1/2: its run passes on its own
    ("quadratic_grad", "keeps_one_half", {"momentum_step", "momentum_critical_learning_rate"}),
    ("thermometer_grad", "sign_flipped", {"rmsprop_step"}),
])
def test_a_wrong_gradient_is_carried_forward_where_it_flows(graded, upstream, mistake, carried_to):
    """The run checks of momentum, its stability limit, RMSProp and Adam run the student's gradient; with a
    wrong one that changes their numbers they are rerun with the correct one, keep their points and say so."""
    results = graded["results"][f"bug_{upstream}__{mistake}"]
    assert list(lost_points(results)) == [upstream]
    users = [t for t in results["tests"] if upstream in t["extra_data"]["uses"]]
    assert {t["extra_data"]["function"] for t in users} == UPSTREAM[upstream]
    assert UPSTREAM[upstream] == {s.function for s in AO.scenarios if upstream in s.uses}
    assert all(t["status"] == "passed" for t in users)
    carried = [t for t in results["tests"] if t["extra_data"]["carried_forward"]]
    assert {t["extra_data"]["function"] for t in carried} == carried_to
    for test in carried:
        function = test["extra_data"]["function"]
        assert test["extra_data"]["carried_forward"] == [upstream], test
        assert test["output"].startswith(f"`{function}` is right for correct versions of `{upstream}`"), test


def test_the_cli_reads_a_notebooks_metadata_and_prints_aligned_tables(tmp_path):
    """A completed notebook, graded alone: the assignment from its metadata, and the table's points in one
    column although ``momentum_critical_learning_rate`` is longer than the first assignment's names."""
    process = cli("grade", notebook("completed", ASSIGNMENT), "--out", tmp_path)
    assert process.returncode == 0, process.stderr
    results = json.loads((tmp_path / "completed" / "results.json").read_text())
    assert results["score"] == TOTAL and results["extra_data"]["assignment"] == ASSIGNMENT
    rows = [line for line in process.stdout.splitlines() if re.match(r"   \w+ +[\d.]+/[\d.]+   ", line)]
    assert [line.split()[0] for line in rows] == list(POINTS)
    assert len({line.index("/") + len(line.split()[1].partition("/")[2]) for line in rows}) == 1, process.stdout
    # the stub notebook defines no function: only its metadata says which assignment it is
    stub = cli("grade", notebook("untouched", ASSIGNMENT), "--out", tmp_path)
    assert stub.returncode == 0, stub.stderr
    results = json.loads((tmp_path / "untouched" / "results.json").read_text())
    assert (results["score"], results["extra_data"]["max_score"]) == (0, TOTAL)
    assert results["extra_data"]["assignment"] == ASSIGNMENT


def test_expected_writes_and_checks_this_assignments_public_data(tmp_path):
    """``expected --assignment adaptive_optimizers --output FILE`` writes what the shipped data file holds;
    ``--output`` without ``--assignment`` is the default assignment's, as before; two assignments into one
    file is a usage error."""
    out = tmp_path / "adaptive.json"
    assert cli("expected", "--assignment", ASSIGNMENT, "--output", out).returncode == 0
    assert json.loads(out.read_text()) == json.loads(AO.public_data_path.read_text())
    check = cli("expected", "--assignment", ASSIGNMENT, "--output", out, "--check")
    assert check.returncode == 0 and "current" in check.stderr, check.stderr
    # the first assignment's data is not this one's
    other = cli("expected", "--output", out, "--check")
    assert other.returncode == 1 and "OUT OF DATE" in other.stderr, other.stderr
    both = cli("expected", "--assignment", ASSIGNMENT, "--assignment", "gradient_descent", "--output", out)
    assert both.returncode == 2 and "one --assignment" in both.stderr


# --- students' pytest in a release of this assignment ------------------------------------------------------

def run_student_pytest(*args):
    return subprocess.run([str(student_python(ASSIGNMENT)), "-m", "pytest", *args], cwd=release(ASSIGNMENT),
                          capture_output=True, text=True, env=clean_env(), timeout=300)


def test_the_release_holds_this_assignment_and_nothing_of_solutions():
    from autograder.publish import leaks

    root = release(ASSIGNMENT)
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    for name in (NOTEBOOK, "public_checks.json", "conftest.py", "test_public_checks.py", "pytest.ini",
                 "README.md", "grading/contract.py", "autograder/student.py"):
        assert name in files, name
    assert "gradient_descent.ipynb" not in files
    assert not [name for name in files if "solutions" in Path(name).parts]
    assert leaks.scan(files, REPO / "solutions") == []


def test_students_pytest_on_the_stub_notebook_scores_nothing_and_says_not_implemented():
    process = run_student_pytest()
    assert process.returncode == 1, process.stdout[-3000:] + process.stderr
    rows = [line for line in process.stdout.splitlines() if line.endswith("not implemented yet")]
    assert [line.split()[0] for line in rows] == list(POINTS), process.stdout[-3000:]
    assert f"Public checks: 0 / {TOTAL:g} points" in process.stdout
    # the points table keeps one column for the points, also after the 31-character name
    assert len({line.index(" / ") for line in rows}) == 1, "\n".join(rows)


def test_students_pytest_on_a_completed_notebook_gives_full_points():
    process = run_student_pytest(f"--submission={notebook('completed', ASSIGNMENT)}")
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr
    assert f"Public checks: {TOTAL:g} / {TOTAL:g} points" in process.stdout


def test_students_pytest_names_a_mistake_in_a_notebook():
    buggy = notebook("buggy", ASSIGNMENT, buggy={"adam_step": [("m_hat = m / (1.0 - beta1**t)", "m_hat = m"),
                                                                ("v_hat = v / (1.0 - beta2**t)", "v_hat = v")]})
    process = run_student_pytest(f"--submission={buggy}")
    assert process.returncode == 1
    hint = next(m.hint for m in AO.mistakes if m.name == "no_bias_correction")
    assert hint in process.stdout, process.stdout[-3000:]
    assert f"Public checks: {TOTAL - POINTS['adam_step']:g} / {TOTAL:g} points" in process.stdout


# --- nbgrader: one course with both assignments ---------------------------------------------------------

#: students of the nbgrader course: their submission of this assignment
STUDENTS = {
    "amy": "completed",
    "sam": "stubs",
    "tom": ("thermometer_grad", ("2.0 * (w * t_u + b - t_c)", "2.0 * (t_c - w * t_u - b)")),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    built, _ = _run(root, "autograder", "nbgrader-course", str(root))
    _run(root, "nbgrader", "generate_assignment", ASSIGNMENT)
    released = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text())
    for student, kind in STUDENTS.items():
        if kind == "completed":
            content = _answered(released, reference=reference)
        elif kind == "stubs":
            content = released
        else:
            function, edit = kind
            content = _answered(released, replace={function: [edit]}, reference=reference)
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(json.dumps(content, indent=1))
    _run(root, "nbgrader", "autograde", ASSIGNMENT)
    _run(root, "autograder", "grade", "submitted", "--quiet", "--out", "isolated", "--jobs", "2")
    isolated = {p.parent.name: json.loads(p.read_text()) for p in (root / "isolated").glob("*/results.json")}
    return {"root": root, "scores": _gradebook_scores(root, ASSIGNMENT), "isolated": isolated}


def _cell_scores(course, student):
    return {grade_id: course["scores"][student][grade_id][0] for grade_id in TEST_CELLS}


def test_nbgrader_course_holds_both_assignments(course):
    root = course["root"]
    for name in ("gradient_descent", ASSIGNMENT):
        assert (root / "source" / name / f"{name}.ipynb").is_file(), name
    source = json.loads((root / "source" / ASSIGNMENT / NOTEBOOK).read_text())
    points = {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"]["points"] for c in source["cells"]
              if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("grade")}
    assert points == {cell: sum(POINTS[f] for f in functions) for cell, functions in TEST_CELLS.items()}


def test_nbgrader_records_the_clis_scores(course):
    """The gradebook's score of every test cell is what the CLI gives the same notebook for that cell's
    functions (both grade with the hidden checks in the sandbox)."""
    assert set(course["scores"]) == set(STUDENTS) and set(course["isolated"]) == set(STUDENTS)
    for student in STUDENTS:
        cli_scores = by_function(course["isolated"][student])
        expected = {cell: sum(cli_scores[f][0] for f in functions) for cell, functions in TEST_CELLS.items()}
        assert _cell_scores(course, student) == pytest.approx(expected), student
    full = {cell: sum(POINTS[f] for f in functions) for cell, functions in TEST_CELLS.items()}
    assert _cell_scores(course, "amy") == full
    assert _cell_scores(course, "sam") == {cell: 0.0 for cell in TEST_CELLS}
    assert _cell_scores(course, "tom") == dict(full, test_quadratic_grad_thermometer_grad=POINTS["quadratic_grad"])


def test_nbgrader_cells_tell_the_mistake_and_carry_it_forward(course):
    notebook = json.loads((course["root"] / "autograded" / "tom" / ASSIGNMENT / NOTEBOOK).read_text())
    gradient = _cell_text(_by_grade_id(notebook, "test_quadratic_grad_thermometer_grad"))
    hint = next(m.hint for m in AO.mistakes if (m.function, m.name) == ("thermometer_grad", "sign_flipped"))
    assert hint in gradient, gradient
    rmsprop = _cell_text(_by_grade_id(notebook, "test_rmsprop_step"))
    assert re.search(r"^  rmsprop_step +6 / 6 +ok \(right for correct `thermometer_grad`: error carried forward\)$",
                     rmsprop, re.M), rmsprop
    stub = _cell_text(_by_grade_id(json.loads(
        (course["root"] / "autograded" / "sam" / ASSIGNMENT / NOTEBOOK).read_text()), "test_adam_step"))
    assert "not implemented yet" in stub, stub


# --- Gradescope -----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def gradescope(tmp_path_factory):
    archive = build_archive(tmp_path_factory.mktemp("gradescope"), ASSIGNMENT)
    return set_up(archive, tmp_path_factory.mktemp("autograder-root"))


def test_gradescope_archive_carries_this_assignment_and_its_reference(gradescope):
    source = gradescope / "source"
    assert (source / "solutions" / ASSIGNMENT / "reference.py").read_bytes() == \
        (REPO / "solutions" / ASSIGNMENT / "reference.py").read_bytes()
    assert (source / "assignments" / ASSIGNMENT / "grading" / "scenarios.py").is_file()
    # only this assignment: the other one's reference and checks stay home
    assert sorted(p.name for p in (source / "solutions").iterdir() if p.is_dir()) == [ASSIGNMENT]
    assert sorted(p.name for p in (source / "assignments").iterdir()) == [ASSIGNMENT]


def test_gradescope_gives_a_completed_notebook_full_marks(gradescope):
    results = run_autograder(gradescope, {NOTEBOOK: notebook("completed", ASSIGNMENT)})
    assert results["score"] == sum(t["max_score"] for t in results["tests"]) == TOTAL
    assert all(t["status"] == "passed" for t in results["tests"])
    assert results["extra_data"]["assignment"] == ASSIGNMENT


def test_gradescope_names_a_mistake_and_carries_it_forward(gradescope, tmp_path):
    path = tmp_path / f"{ASSIGNMENT}.py"
    path.write_text(mistaken.buggy_source("bug_thermometer_grad__sign_flipped"))
    results = run_autograder(gradescope, {path.name: path})
    lost = lost_points(results)
    assert list(lost) == ["thermometer_grad"] and results["score"] == TOTAL - lost["thermometer_grad"] < TOTAL
    failed = [t for t in results["tests"] if t["status"] == "failed" and not t["extra_data"]["withheld"]]
    assert failed and all(t["extra_data"]["mistake"] == "thermometer_grad.sign_flipped" for t in failed)
    assert all(t["output"].startswith("The sign is flipped") for t in failed)
    assert not [t for t in failed if "expected [" in t["output"] or "got [" in t["output"]]  # no hidden numbers
    carried = [t for t in results["tests"] if t["extra_data"]["carried_forward"]]
    assert carried and all(t["status"] == "passed" and t["output"].startswith(
        "`rmsprop_step` is right for correct versions of `thermometer_grad`") for t in carried)
