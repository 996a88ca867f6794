"""The student release: nothing of solutions/ in it, reproducible, and its checks work once installed the way
a student installs them (a fresh virtual environment, ``pip install -e .``)."""
import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from gd import POINTS
from autograder.publish import leaks
from autograder.publish.release import build_release, release_files
from release_env import REPO, TIMINGS, TOTAL, clean_env, notebook, release, scratch, student_python

import solutions.gradient_descent.hidden

SOLUTIONS = REPO / "solutions"


def release_tree(root):
    """Every file under ``root``, dotfiles included, as ``{relative posix path: bytes}``."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_release_has_the_student_repository_layout():
    files = release_tree(release())
    for name in ("README.md", ".gitignore", "pyproject.toml", "requirements.txt", ".github/workflows/feedback.yml",
                 "gradient_descent.ipynb", "public_checks.json", "conftest.py", "test_public_checks.py",
                 "pytest.ini", "autograder/student.py", "autograder/kernel.py", "autograder/run/worker.py",
                 "autograder/commands/check_cells.py", "autograder/commands/grade.py"):
        assert name in files, name
    # instructor-only code stays home: builders, commands that need solutions/ or nbgrader
    for name in files:
        assert not name.startswith(("autograder/publish/", "autograder/nbgrader/")), name
        assert name not in ("autograder/commands/expected.py", "autograder/commands/release.py",
                            "autograder/commands/bundle.py", "autograder/commands/gradescope_bundle.py"), name
    # the package files are byte-for-byte the repository's, not rewritten copies
    for name, data in files.items():
        if name.startswith("autograder/"):
            assert data == (REPO / name).read_bytes(), name
    readme = files["README.md"].decode()
    assert "pytest" in readme and "Reading the feedback" in readme and "hidden checks" in readme


def test_nothing_of_solutions_reaches_the_release():
    files = release_tree(release())
    solution_files = {p.name: p.read_bytes() for p in SOLUTIONS.rglob("*.py")}
    hashes = {hashlib.sha256(data).hexdigest() for data in solution_files.values()}
    seed = solutions.gradient_descent.hidden.HIDDEN_SEED
    for name, data in files.items():
        assert "solutions" not in Path(name).parts, name
        assert hashlib.sha256(data).hexdigest() not in hashes, f"{name} is a file of solutions/"
        text = data.decode("utf-8")
        for spelling in (str(seed), f"{seed:_}", f"{seed:,}"):
            assert spelling not in text, f"{name} holds the hidden seed"
    # no non-trivial line of any solutions/ file, in any file (notebook cells unpacked)
    assert leaks.scan(files, SOLUTIONS) == []


def test_the_leak_scan_catches_a_copied_line_a_copied_file_and_the_seed():
    files = release_tree(release())
    reference = (SOLUTIONS / "gradient_descent" / "reference.py").read_text()
    line = next(l for l in reference.splitlines() if "np.linalg.eigvalsh" in l)
    notebook_json = json.loads(files["gradient_descent.ipynb"])
    notebook_json["cells"][3]["source"] = ["def model(t_u, w, b):\n", line + "\n"]
    planted = dict(files)
    planted["gradient_descent.ipynb"] = json.dumps(notebook_json).encode()
    planted["README.md"] += f"\nseed {solutions.gradient_descent.hidden.HIDDEN_SEED}\n".encode()
    planted["helpers/mistakes.py"] = (SOLUTIONS / "gradient_descent" / "mistakes.py").read_bytes()
    problems = "\n".join(leaks.scan(planted, SOLUTIONS))
    assert "gradient_descent.ipynb: has the line" in problems and "eigvalsh" in problems
    assert "README.md: holds the hidden number" in problems
    assert "helpers/mistakes.py: a copy of solutions/mistakes.py" in problems


def test_building_twice_gives_identical_files(tmp_path):
    first = release_tree(release())
    build_release(tmp_path / "again")
    second = release_tree(tmp_path / "again")
    assert list(first) == list(second)
    assert all(first[name] == second[name] for name in first), [n for n in first if first[n] != second[n]]
    # the in-memory build is sorted and has no time stamps in what it generates
    files = release_files(verify=False)
    assert list(files) == sorted(files)
    generated = [files[n].decode() for n in ("README.md", "pyproject.toml", ".github/workflows/feedback.yml")]
    assert not any(re.search(r"20\d\d-\d\d-\d\d", text) for text in generated)


def test_release_refuses_a_non_empty_folder_without_force(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    refused = subprocess.run([sys.executable, "-m", "autograder", "release", str(tmp_path)], cwd=REPO,
                             capture_output=True, text=True)
    assert refused.returncode == 2 and "--force" in refused.stderr
    forced = subprocess.run([sys.executable, "-m", "autograder", "release", str(tmp_path), "--force"], cwd=REPO,
                            capture_output=True, text=True)
    assert forced.returncode == 0, forced.stderr
    assert not (tmp_path / "keep.txt").exists() and (tmp_path / ".git" / "HEAD").read_text() == "ref"
    assert (tmp_path / "gradient_descent.ipynb").is_file()


def run_pytest(*args):
    return subprocess.run([str(student_python()), "-m", "pytest", *args], cwd=release(), capture_output=True,
                          text=True, env=clean_env(), timeout=120)


def test_installed_release_has_no_solutions_and_uses_its_own_package():
    probe = subprocess.run(
        [str(student_python()), "-c", "import autograder; print(autograder.__file__); import solutions"],
        cwd=scratch(), capture_output=True, text=True, env=clean_env())
    assert Path(probe.stdout.strip()).is_relative_to(release())
    assert "No module named 'solutions'" in probe.stderr
    usage = subprocess.run([str(student_python()), "-m", "autograder", "--help"], cwd=scratch(),
                           capture_output=True, text=True, env=clean_env())
    # check-cells is shipped (the notebook's check() runs it) but internal, so --help does not list it
    assert "grade" in usage.stdout and "check-cells" not in usage.stdout and "release" not in usage.stdout


def test_untouched_notebook_fails_with_not_implemented_and_pytest_stays_fast():
    process = subprocess.run([str(student_python()), "-X", "importtime", "-m", "pytest"], cwd=release(),
                             capture_output=True, text=True, env=clean_env(), timeout=120)
    assert process.returncode == 1
    # one row per function says so (the checks' messages are for `pytest -v`)
    assert sum(line.endswith("not implemented yet") for line in process.stdout.splitlines()) == len(POINTS)
    assert f"Public checks: 0 / {TOTAL:g} points" in process.stdout
    # the plain run never imports the reports' plotting library
    assert "matplotlib" not in process.stderr
    start = time.perf_counter()
    run_pytest("-q")
    TIMINGS["student pytest (untouched)"] = round(time.perf_counter() - start, 2)
    assert TIMINGS["student pytest (untouched)"] < 10


def test_completed_notebook_passes():
    process = run_pytest(f"--submission={notebook('completed')}")
    assert process.returncode == 0, process.stdout[-3000:]
    assert f"Public checks: {TOTAL:g} / {TOTAL:g} points" in process.stdout
    # the path as a separate word, outside the release: pytest must not take it for the project
    spaced = run_pytest("--submission", str(notebook("completed")))
    assert spaced.returncode == 0, spaced.stdout[-3000:] + spaced.stderr
    assert f"Public checks: {TOTAL:g} / {TOTAL:g} points" in spaced.stdout


def test_buggy_notebook_fails_with_the_hints():
    process = run_pytest(f"--submission={notebook('buggy')}")
    assert process.returncode == 1
    assert "The factor 2 is missing" in process.stdout
    # the loop that runs the wrong grad_fn says so in one line; `pytest -v` shows its check in full
    assert re.search(r"training_loop +0 / 8 +fails because `grad_fn` fails", process.stdout), process.stdout
    assert re.search(rf"grad_fn +0 / {POINTS['grad_fn']:g} ", process.stdout)
    assert "This check runs your `grad_fn`" in run_pytest(f"--submission={notebook('buggy')}", "-v").stdout


def test_the_notebooks_check_runs_in_the_release():
    """The notebook's ``check()`` hands the cells to ``python -m autograder check-cells`` in the kernel's
    folder: in the release it finds the public data next to the package."""
    cells = ["import numpy as np", "def model(t_u, w, b):\n    return w * t_u + b\n"]
    process = subprocess.run([str(student_python()), "-m", "autograder", "check-cells"], cwd=release(),
                             input=json.dumps({"cells": cells, "functions": ["model"]}), capture_output=True,
                             text=True, env=clean_env(), timeout=60)
    report = json.loads(process.stdout)
    assert report["score"] == report["max_score"] == 2 and not report["hidden"]
