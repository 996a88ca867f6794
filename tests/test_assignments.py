"""Assignments are values: every one in the repository holds together, and `new-assignment` writes one whose
own tests pass at once (issue 9)."""
import shutil
import subprocess
import sys

import pytest

from autograder.assignment import available, load
from autograder.scaffold import scaffold
from autograder.selftest import problems


@pytest.mark.parametrize("name", available())
def test_every_assignment_holds_together(name):
    """Contract, checks, declared mistakes and their implementations, reference and public data agree."""
    assert problems(name) == []


def test_a_scaffolded_assignment_passes_its_own_tests_at_once(tmp_path):
    written = scaffold(tmp_path, "my_topic", "My topic")
    folder = tmp_path / "assignments" / "my_topic"
    assert folder / "grading" / "__init__.py" in written and (folder / "public_checks.json").is_file()
    assignment = load(folder)
    assert assignment.name == "my_topic" and assignment.solutions_dir == tmp_path / "solutions" / "my_topic"
    own = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "solutions/my_topic"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert own.returncode == 0, own.stdout + own.stderr
    # the students' checks: the stub notebook is "not implemented yet", the reference gets every point
    stub = subprocess.run([sys.executable, "-m", "pytest"], cwd=folder, capture_output=True, text=True, timeout=300)
    assert stub.returncode == 1 and "not implemented yet" in stub.stdout
    answer = tmp_path / "answer.py"
    shutil.copy(tmp_path / "solutions" / "my_topic" / "reference.py", answer)
    done = subprocess.run([sys.executable, "-m", "pytest", "--submission", str(answer)], cwd=folder,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout
    total = sum(assignment.points.values())
    assert f"Public checks: {total:g} / {total:g} points" in done.stdout


def test_a_scaffolded_assignment_with_a_broken_piece_says_what(tmp_path):
    scaffold(tmp_path, "my_topic")
    mistakes = tmp_path / "solutions" / "my_topic" / "mistakes.py"
    mistakes.write_text(mistakes.read_text().replace('"sum_not_mean"', '"summed"'))
    # a fresh process, as an instructor runs it after an edit (a process keeps the modules it loaded)
    own = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "solutions/my_topic"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert own.returncode == 1
    assert "('mean_squared_error', 'sum_not_mean') is declared but has no wrong implementation" in own.stdout
    assert "('mean_squared_error', 'summed') is implemented but not declared" in own.stdout


@pytest.mark.parametrize("name", ["My Topic", "1st", "x", "gradient-descent"])
def test_scaffold_refuses_names_that_cannot_be_folders_ids_and_identifiers(tmp_path, name):
    with pytest.raises(ValueError):
        scaffold(tmp_path, name)


def test_scaffold_never_overwrites(tmp_path):
    scaffold(tmp_path, "my_topic")
    with pytest.raises(FileExistsError):
        scaffold(tmp_path, "my_topic")


def test_the_hidden_bundle_of_the_second_assignment_grades_it(tmp_path):
    """`bundle --assignment` holds that assignment's hidden checks; `grade --bundle` grades with them, and
    knows the assignment from the bundle (no --assignment needed)."""
    import json

    from autograder.assignment import REPOSITORY

    bundle = tmp_path / "hidden.zip"
    made = subprocess.run([sys.executable, "-m", "autograder", "bundle", str(bundle), "--assignment",
                           "adaptive_optimizers"], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    submission = REPOSITORY / "tests" / "adaptive" / "correct_loops.py"
    results = tmp_path / "results.json"
    graded = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--bundle", str(bundle),
                             "--json", str(results), "--out", str(tmp_path / "out"), "--quiet"],
                            capture_output=True, text=True, timeout=300)
    assert graded.returncode == 0, graded.stderr
    data = json.loads(results.read_text())
    total = sum(load("adaptive_optimizers").points.values())
    assert data["score"] == total and data["extra_data"]["assignment"] == "adaptive_optimizers"
    assert all(test["extra_data"]["hidden"] for test in data["tests"])


def test_the_second_assignment_draws_its_own_runs_in_the_reports():
    """Plots are the assignment's: its runs (a loop of its own, the student's optimizers and gradient) become the
    reports' curves, one per run, the diverging one blowing up and the converging ones falling."""
    from autograder.assignment import REPOSITORY
    from autograder.check.expectations import ReferenceExpectations
    from autograder.grade import Options, grade
    from autograder.load import find_submissions
    from autograder.report import markdown

    assignment = load("adaptive_optimizers")
    submission = REPOSITORY / "tests" / "adaptive" / "correct_vectorized.py"
    result, = grade(find_submissions([submission]), ReferenceExpectations(assignment=assignment), Options(curves=True))
    assert [c.label for c in result.curves] == [r.label for r in assignment.runs] and len(result.curves) == 4
    assert all(not c.error and c.function.endswith("_step") for c in result.curves)
    diverging, *converging = result.curves
    assert diverging.losses[-1] > 1e10 * diverging.losses[0]
    assert all(c.losses[-1] < 1e-3 * c.losses[0] for c in converging)
    text = markdown.render(result)
    assert "### Your training runs" in text and "momentum 0.9 at lr 0.042" in text
