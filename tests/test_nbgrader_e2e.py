"""End to end with real nbgrader: build the course, release, submit, autograde, feedback, export, audit.

Everything runs as an instructor would: the nbgrader CLI in subprocesses, real IPython kernels, the real
sqlite gradebook, in a temporary course folder. To stay within CI's budget nbgrader runs once per step:
one ``autograde`` call grades every student (one kernel each). Students:

========  ==============================================================================================
alice     correct
bob       correct but for Adagrad's accumulator (adds ``grad`` instead of ``grad ** 2``)
carol     correct, plus a cell that trains at learning rate 1e-2 on the raw data: overflow warnings
dave      a notebook that is not JSON
erin      correct, plus an endless loop at top level (nbgrader's per-cell time limit stops it)
gina      correct, but deleted the Adagrad test cell, rewrote the decay test cell to ``4.0``, and her
          ``standardize`` cell raises before its ``def``
hank      correct, but a cell breaks ``subprocess.run`` in the kernel, so the last test cell raises
mallory   stubs only, plus a cell that replaces ``autograder.kernel.check`` by one returning full points
ivan      correct but for the sign of ``grad_fn`` (error carried forward: only grad_fn loses points)
kate      correct but ``model`` ignores the bias; liam: ``loss_fn`` sums; nora: ``gd_step`` adds the step
trudy     bob's Adagrad mistake, plus a cell that reads ``gradebook.db``, writes alice's grades into it,
          writes into alice's autograded folder, and replaces ``check`` by one returning full points
========  ==============================================================================================

The scores nbgrader records come from the sandbox (``SandboxScores``), not from the kernel's output; the
kernel's own scores only serve to flag a submission (``FlagSubmission``).
"""
from __future__ import annotations

import copy
import csv
import html
import inspect
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gd import POINTS
from gd import notebook_path

import solutions.gradient_descent.reference as reference

ASSIGNMENT = "gradient_descent"
NOTEBOOK = "gradient_descent.ipynb"
AUTOMATIC = sum(POINTS.values())  # 47
TEST_CELLS = {
    "test_model_loss_fn_grad_fn_gd_step_training_loop": 21,
    "test_inverse_sqrt_decay_step_decay": 4,
    "test_adagrad_step": 6,
    "test_standardize_apply_standardization": 7,
    "test_critical_learning_rate_sgd_epoch": 9,
}
HIDDEN_MARKERS = ("hidden=True", "HIDDEN TESTS")


# --- helpers ---------------------------------------------------------------------------------------------

def _env(root):
    bin_dir = str(Path(sys.executable).parent)  # nbgrader calls `alembic` by name
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""),
               JUPYTER_CONFIG_DIR=str(root / ".jupyter"))
    env.pop("PYTHONWARNINGS", None)  # the overflow warnings of carol's cell must really be emitted
    env.pop("AUTOGRADER_ASSIGNMENT", None)
    return env


def _run(root, *args, check=True):
    started = time.perf_counter()
    process = subprocess.run([sys.executable, "-m", *args], cwd=root, env=_env(root), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if check and process.returncode != 0:
        raise AssertionError(f"{' '.join(args)} exited {process.returncode}\n{process.stdout}\n{process.stderr}")
    return process, elapsed


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _by_grade_id(notebook, grade_id):
    return next(c for c in notebook["cells"] if _nbgrader(c).get("grade_id") == grade_id)


def _answered(release, replace=None, reference=reference):
    """The released notebook with every answer cell filled with the reference (``replace``: edits;
    ``reference``: another assignment's reference module)."""
    notebook = copy.deepcopy(release)
    for cell in notebook["cells"]:
        meta = _nbgrader(cell)
        if cell["cell_type"] == "code" and meta.get("solution") and not meta.get("grade"):
            source = inspect.getsource(getattr(reference, meta["grade_id"]))
            for old, new in (replace or {}).get(meta["grade_id"], ()):
                assert old in source
                source = source.replace(old, new)
            cell["source"] = source
    return notebook


def _insert_after(notebook, grade_id, source, cell_id):
    at = notebook["cells"].index(_by_grade_id(notebook, grade_id))
    notebook["cells"].insert(at + 1, {"cell_type": "code", "execution_count": None, "id": cell_id,
                                      "metadata": {}, "outputs": [], "source": source})
    return notebook


#: students with one wrong function that other functions' checks run: error carried forward
UPSTREAM = {
    "ivan": ("grad_fn", ("2.0 * (", "-2.0 * (")),
    "kate": ("model", (" + b", "")),
    "liam": ("loss_fn", ("squared_diffs.mean()", "squared_diffs.sum()")),
    "nora": ("gd_step", (") - learning_rate", ") + learning_rate")),
}
STUDENTS = ("alice", "bob", "carol", "dave", "erin", "gina", "hank", "mallory", "trudy", *UPSTREAM)
#: the students whose submission autograde flags: every other one must not be
FLAGGED = {"gina", "hank", "mallory", "trudy"}

TAMPER = """import autograder.kernel
from autograder.assignment import load
POINTS = load("gradient_descent").points
autograder.kernel.check = lambda *functions, hidden=False, **options: sum(POINTS[f] for f in functions)"""

#: trudy's attack: each attempt prints what happened (the kernel runs in autograded/trudy/gradient_descent/)
ATTACK = """import os, sqlite3
course = os.path.abspath(os.path.join(os.getcwd(), "..", "..", ".."))
attempts = {}
try:
    with open(os.path.join(course, "gradebook.db"), "rb") as handle:
        attempts["read"] = f"read {len(handle.read())} bytes"
except Exception as error:
    attempts["read"] = f"failed: {type(error).__name__}"
try:
    connection = sqlite3.connect(os.path.join(course, "gradebook.db"))
    connection.execute("UPDATE grade SET manual_score = 0, auto_score = 0")
    connection.commit()
    attempts["write"] = "wrote every grade"
except Exception as error:
    attempts["write"] = f"failed: {type(error).__name__}"
try:
    with open(os.path.join(course, "autograded", "alice", "gradient_descent", "planted.txt"), "w") as handle:
        handle.write("trudy was here")
    attempts["plant"] = "planted"
except Exception as error:
    attempts["plant"] = f"failed: {type(error).__name__}"
print("ATTACK", attempts)
points = {"model": 2, "loss_fn": 3, "grad_fn": 5, "gd_step": 3, "training_loop": 8, "inverse_sqrt_decay": 2,
          "step_decay": 2, "adagrad_step": 6, "standardize": 5, "apply_standardization": 2,
          "critical_learning_rate": 4, "sgd_epoch": 5}
import autograder.kernel
autograder.kernel.check = lambda *functions, hidden=False, **options: sum(points[f] for f in functions)"""


def _submissions(release):
    gina = _answered(release, replace={"standardize": [("def standardize", "raise RuntimeError('not ready')\n"
                                                                           "def standardize")]})
    gina["cells"].remove(_by_grade_id(gina, "test_adagrad_step"))
    _by_grade_id(gina, "test_inverse_sqrt_decay_step_decay")["source"] = "4.0  # full marks"
    return {
        "alice": _answered(release),
        "bob": _answered(release, replace={"adagrad_step": [("grad ** 2", "grad")]}),
        "carol": _insert_after(_answered(release), "training_loop",
                               "params, losses = training_loop(200, 1e-2, params0, t_u, t_c)\nprint(losses[-3:])",
                               "overflow"),
        "dave": '{"cells": [ {"cell_type": "code", "source": "def model(t_u, w, b):\n',
        "erin": _insert_after(_answered(release), "training_loop", "while True:\n    pass", "endless"),
        "gina": gina,
        "hank": _insert_after(_answered(release), "sgd_epoch", "import subprocess\nsubprocess.run = None",
                              "break-subprocess"),
        "mallory": _insert_after(copy.deepcopy(release), "setup_imports_data", TAMPER, "tamper"),
        "trudy": _insert_after(_answered(release, replace={"adagrad_step": [("grad ** 2", "grad")]}),
                               "setup_imports_data", ATTACK, "attack"),
        **{student: _answered(release, replace={function: [edit]}) for student, (function, edit) in UPSTREAM.items()},
    }


def _submitted(root, assignment=ASSIGNMENT):
    """``(student id, submitted notebook)`` for every student with a submission of ``assignment`` (its
    notebook is ``<assignment>.ipynb``), from the gradebook."""
    from nbgrader.api import Gradebook

    from autograder.nbgrader.audit import course_id_of, gradebook_url

    with Gradebook(gradebook_url(root), course_id=course_id_of(root, assignment)) as gradebook:
        for student in gradebook.students:
            try:
                submission = gradebook.find_submission_notebook(assignment, assignment, student.id)
            except Exception:  # noqa: BLE001 - a student without a submission
                continue
            yield student.id, submission


def _gradebook_scores(root, assignment=ASSIGNMENT):
    """``{student: {grade_id: (score, auto_score, manual_score, needs_manual_grade)}}`` from the gradebook."""
    return {student: {g.name: (g.score, g.auto_score, g.manual_score, g.needs_manual_grade) for g in submission.grades}
            for student, submission in _submitted(root, assignment)}


def _flags(root):
    """``{student: (flagged, [the "[autograder]" comment lines of the submission])}`` from the gradebook."""
    from autograder.nbgrader.scores import flag_lines

    return {student: (bool(submission.flagged),
                      list(dict.fromkeys(line for c in submission.comments for line in flag_lines(c.auto_comment))))
            for student, submission in _submitted(root)}


def _log_by_student(log):
    """nbgrader's autograde log cut into each student's part (from its "Sanitizing" line to the next one)."""
    parts, student = {}, None
    for line in log.splitlines():
        if "Sanitizing " in line and "/submitted/" in line:
            student = line.split("/submitted/")[1].split("/")[0]
        if student is not None:
            parts.setdefault(student, []).append(line)
    return {student: "\n".join(lines) for student, lines in parts.items()}


def _export(root, name):
    _run(root, "nbgrader", "export", "--CsvExportPlugin.to", name)
    with open(root / name, newline="") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


# --- the whole flow, once ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def course(tmp_path_factory):
    started = time.perf_counter()
    root = tmp_path_factory.mktemp("course")
    timings = {}
    out, timings["nbgrader-course"] = _run(root, "autograder", "nbgrader-course", str(root))
    _, timings["generate_assignment"] = _run(root, "nbgrader", "generate_assignment", ASSIGNMENT)
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text())
    submissions = _submissions(release)
    for student, notebook in submissions.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_text(notebook if isinstance(notebook, str) else json.dumps(notebook, indent=1))
    autograde, timings["autograde"] = _run(root, "nbgrader", "autograde", ASSIGNMENT, check=False)
    autograded_scores = _gradebook_scores(root)
    flags = _flags(root)
    feedback, timings["generate_feedback"] = _run(root, "nbgrader", "generate_feedback", ASSIGNMENT)
    before = _export(root, "grades.csv")
    audit, timings["audit"] = _run(root, "autograder", "nbgrader-audit", ".", "--json", "audit.json", "--jobs", "2",
                                   "--load-timeout", "3", check=False)
    audit_json = json.loads((root / "audit.json").read_text())
    applied, timings["audit --apply"] = _run(root, "autograder", "nbgrader-audit", ".", "--apply", "--jobs", "2",
                                             "--load-timeout", "3")
    after = _export(root, "grades-after-audit.csv")
    again, _ = _run(root, "autograder", "nbgrader-audit", ".", "--json", "audit-again.json", "--jobs", "2",
                    "--load-timeout", "3")
    timings["module set-up"] = time.perf_counter() - started
    executed = len(submissions) - 1  # dave's notebook is never executed
    print("\nnbgrader e2e timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items())
          + f"; autograde per executed notebook {(timings['autograde'] - 30) / executed:.1f} "
            "(without erin's 30 s time limit)")
    return {
        "root": root, "release": release, "timings": timings, "autograde": autograde, "scores": autograded_scores,
        "feedback": feedback, "flags": flags, "before": before, "after": after, "audit": audit, "audit_json": audit_json,
        "applied": applied, "again": again, "after_scores": _gradebook_scores(root),
    }


def _autograded(course, student):
    return json.loads((course["root"] / "autograded" / student / ASSIGNMENT / NOTEBOOK).read_text())


def _feedback_html(course, student):
    return (course["root"] / "feedback" / student / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")).read_text()


def _test_scores(course, student, when="scores"):
    return {grade_id: course[when][student][grade_id][0] for grade_id in TEST_CELLS}


def _cell_text(cell):
    parts = []
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain") or output.get("traceback") or ""
        parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


# --- release ----------------------------------------------------------------------------------------------

def test_release_code_cells_equal_the_student_notebook(course):
    shipped = json.loads(notebook_path().read_text())

    def code_cells(notebook):
        return [(c.get("id"), _source(c), c.get("metadata", {}).get("tags", []),
                 {k: v for k, v in _nbgrader(c).items() if k not in ("checksum", "cell_type")})
                for c in notebook["cells"] if c["cell_type"] == "code"]

    assert code_cells(course["release"]) == code_cells(shipped)
    assert [_source(c) for c in course["release"]["cells"]] == [_source(c) for c in shipped["cells"]]


def test_release_holds_neither_hidden_tests_nor_solutions(course):
    from autograder.nbgrader.course import solution_body

    text = (course["root"] / "release" / ASSIGNMENT / NOTEBOOK).read_text()
    for marker in HIDDEN_MARKERS + ("BEGIN SOLUTION", "END SOLUTION"):
        assert marker not in text
    code = "\n".join(_source(c) for c in course["release"]["cells"] if c["cell_type"] == "code")
    for function in POINTS:
        body = solution_body(getattr(reference, function))
        assert body.splitlines()[0].strip() not in code, function
    assert (course["root"] / "release" / ASSIGNMENT / "public_checks.json").is_file()


def test_source_notebook_points_match_the_cli(course):
    source = json.loads((course["root"] / "source" / ASSIGNMENT / NOTEBOOK).read_text())
    cells = {_nbgrader(c)["grade_id"]: c for c in source["cells"] if _nbgrader(c).get("grade") and c["cell_type"] == "code"}
    assert {k: v["metadata"]["nbgrader"]["points"] for k, v in cells.items()} == TEST_CELLS
    assert sum(TEST_CELLS.values()) == AUTOMATIC
    for cell in cells.values():
        assert _source(cell).splitlines()[-2].endswith("hidden=True)")


# --- autograde --------------------------------------------------------------------------------------------

def test_one_autograde_call_grades_everyone_but_the_broken_notebook(course):
    log = course["autograde"].stderr
    assert course["autograde"].returncode == 1, log  # nbgrader exits 1 when one notebook fails
    assert "There was an error processing assignment 'gradient_descent' for student 'dave'" in log
    for student in set(STUDENTS) - {"dave"}:
        assert (course["root"] / "autograded" / student / ASSIGNMENT / NOTEBOOK).is_file(), student
        assert f"for student '{student}'" not in log


def test_correct_submission_gets_every_automatic_point(course):
    assert _test_scores(course, "alice") == TEST_CELLS


def test_overflow_warnings_do_not_cost_points(course):
    notebook = _autograded(course, "carol")
    overflow = next(c for c in notebook["cells"] if c.get("id") == "overflow")
    assert any(o.get("name") == "stderr" and "overflow" in _source({"source": o["text"]}) for o in overflow["outputs"])
    assert _test_scores(course, "carol") == TEST_CELLS


def test_no_test_cell_writes_to_stderr(course):
    for student in ("alice", "bob", "carol", "erin", "gina"):
        for cell in _autograded(course, student)["cells"]:
            if _nbgrader(cell).get("grade") and cell["cell_type"] == "code":
                assert not [o for o in cell["outputs"] if o.get("name") == "stderr" or o["output_type"] == "error"]


def test_buggy_submission_loses_points_in_its_own_cell_with_the_hint(course):
    scores = _test_scores(course, "bob")
    assert scores["test_adagrad_step"] < TEST_CELLS["test_adagrad_step"]
    assert {k: v for k, v in scores.items() if k != "test_adagrad_step"} == {
        k: v for k, v in TEST_CELLS.items() if k != "test_adagrad_step"}
    output = _cell_text(_by_grade_id(_autograded(course, "bob"), "test_adagrad_step"))
    first, *others = _isolated_failures(course, "bob", "adagrad_step")
    # the hidden report tells the isolated grader's story: the first failing check with its hint, the others
    # by name, the function's row with its points
    assert f"{first[0]}  [0/" in output and first[1] in output
    assert others and all(what.split(": ", 1)[1] in output for what, _ in others)
    assert re.search(r"^  adagrad_step +[\d.]+ / 6 +\d of \d checks failing", output, re.M), output


@pytest.mark.parametrize("student", sorted(UPSTREAM))
def test_a_wrong_upstream_function_costs_only_its_own_points_and_the_loop_says_why(course, student):
    """Error carried forward in nbgrader: each test cell's hidden checks run the used functions' checks as
    silent prerequisites and rerun the composites with correct versions of the failing ones."""
    function, _ = UPSTREAM[student]
    scores = _test_scores(course, student)
    part1 = "test_model_loss_fn_grad_fn_gd_step_training_loop"
    assert scores == dict(TEST_CELLS, **{part1: TEST_CELLS[part1] - POINTS[function]})
    output = _cell_text(_by_grade_id(_autograded(course, student), part1))
    assert re.search(rf"^  {function} .* checks failing", output, re.M), output
    assert f"fails because `{function}`" not in output  # the loop keeps its points: the error is carried forward
    assert re.search(rf"^  training_loop +8 / 8 +ok \(right for correct `{function}`: error carried forward\)$",
                     output, re.M), output


def test_a_cell_of_later_functions_carries_a_grad_fn_error_forward(course):
    adagrad = _cell_text(_by_grade_id(_autograded(course, "ivan"), "test_adagrad_step"))
    assert re.search(r"^  adagrad_step +6 / 6 +ok \(right for correct `grad_fn`: error carried forward\)$",
                     adagrad, re.M), adagrad


def _isolated_failures(course, student, function):
    """The isolated grader's failed checks of ``function``: (name, first line of the hint) in order."""
    cells = [c for c in course["audit_json"]["cells"] if c["student"] == student and function in c["functions"]]
    return [(f"{name}: {what}", hint) for name, what, hint in
            (check.split(": ", 2) for check in cells[0]["failed_checks"][function])]


def test_endless_loop_is_stopped_and_the_rest_graded(course):
    notebook = _autograded(course, "erin")
    endless = next(c for c in notebook["cells"] if c.get("id") == "endless")
    assert any(o["output_type"] == "error" for o in endless["outputs"])
    assert _test_scores(course, "erin") == TEST_CELLS
    assert "the cell that starts with `while True:` was stopped by the time limit and is left out" in _cell_text(
        _by_grade_id(notebook, "test_adagrad_step"))


def test_deleted_and_edited_test_cells_are_restored_and_a_raising_answer_costs_its_function(course):
    notebook = _autograded(course, "gina")
    restored = _by_grade_id(notebook, "test_adagrad_step")
    assert "was missing from the submission" in _source(restored)
    assert 'check("adagrad_step", hidden=True)' in _source(restored)
    assert 'check("inverse_sqrt_decay", "step_decay", hidden=True)' in _source(
        _by_grade_id(notebook, "test_inverse_sqrt_decay_step_decay"))
    expected = dict(TEST_CELLS, test_standardize_apply_standardization=POINTS["apply_standardization"])
    assert _test_scores(course, "gina") == expected
    output = _cell_text(_by_grade_id(notebook, "test_standardize_apply_standardization"))
    assert "`standardize` is not defined" in output


def test_broken_notebook_has_a_submission_without_scores_until_the_audit_records_zero(course):
    assert all(course["scores"]["dave"][g][1] is None for g in TEST_CELLS)  # nbgrader: no auto score
    assert course["before"]["dave"]["score"] == "0.0"
    assert all(course["after_scores"]["dave"][g][:3] == (0.0, None, 0.0) for g in TEST_CELLS)
    assert not any(course["after_scores"]["dave"][g][3] for g in TEST_CELLS)


# --- feedback and export ----------------------------------------------------------------------------------

@pytest.mark.parametrize("student", ["alice", "bob", "carol", "erin", "gina", "hank", "mallory", "trudy"])
def test_feedback_hides_hidden_tests_and_their_tracebacks(course, student):
    page = _feedback_html(course, student)
    for marker in HIDDEN_MARKERS + ("BEGIN HIDDEN", "END HIDDEN"):
        assert marker not in page, (student, marker)
    assert "check" in page  # the public line of each test cell is still there


def test_feedback_shows_the_failed_check_and_its_hint(course):
    source = _feedback_html(course, "bob")
    assert "<table>" in source  # check()'s report as a table, not text
    page = html.unescape(re.sub(r"<[^>]+>", "", source))
    assert "Hidden checks: " in page
    first, *others = _isolated_failures(course, "bob", "adagrad_step")
    assert first[0] in page and first[1].replace("`", "") in page
    assert all(what.split(": ", 1)[1] in page for what, _ in others)


def test_feedback_of_a_raising_test_cell_shows_only_the_error_line(course):
    page = html.unescape(_feedback_html(course, "hank"))
    assert "TypeError" in page and "'NoneType' object is not callable" in page
    assert "most recent call last" not in page  # IPython tracebacks start so; "Traceback" is also a CSS class


def test_export_gives_every_student_a_row_with_nbgrader_scores(course):
    rows = course["before"]
    assert set(rows) >= set(STUDENTS)
    assert float(rows["alice"]["max_score"]) == AUTOMATIC + 4  # two written answers, 2 points each
    assert float(rows["alice"]["score"]) == AUTOMATIC
    assert float(rows["bob"]["score"]) < AUTOMATIC
    assert float(rows["mallory"]["score"]) == 0.0  # her replaced check decided nothing
    assert {student for student, row in rows.items() if row["flagged"] == "True"} == FLAGGED
    assert "assigns to `autograder.kernel.check`" in rows["mallory"]["flags"]
    assert all(row["flags"] == "" for student, row in rows.items() if student not in FLAGGED)


# --- audit ------------------------------------------------------------------------------------------------

def test_audit_finds_only_the_ungraded_notebook(course):
    """The cross-check: the isolated grader, run afterwards on the submitted files, agrees with every score
    autograde recorded, tampering (mallory, trudy) and sabotage (hank) included; only the notebook nbgrader
    could not read (dave) has no score."""
    assert course["audit"].returncode == 1
    flagged = {(d["student"], d["grade_id"]) for d in course["audit_json"]["disagreements"]}
    assert flagged == {("dave", g) for g in TEST_CELLS}
    assert all("recorded no score" in d["reason"] for d in course["audit_json"]["disagreements"])
    compared = {c["student"] for c in course["audit_json"]["cells"]}
    assert compared == set(STUDENTS)


def test_audit_reads_each_functions_score_from_the_hidden_reports_data(course):
    """check() displays its report as data next to the table; the audit reads the per-function split from it
    (no parsing of the text), and it agrees with the isolated grader for an honest submission."""
    bob = [c for c in course["audit_json"]["cells"] if c["student"] == "bob"]
    assert bob and all(c["nbgrader_by_function"] == c["isolated_by_function"] for c in bob)
    adagrad, = [c for c in bob if c["grade_id"] == "test_adagrad_step"]
    assert adagrad["nbgrader_by_function"]["adagrad_step"] < POINTS["adagrad_step"]


def test_audit_apply_records_the_isolated_scores(course):
    assert "Recorded 5 isolated score(s)" in course["applied"].stdout
    assert _test_scores(course, "dave", "after_scores") == {g: 0.0 for g in TEST_CELLS}
    assert _test_scores(course, "mallory", "after_scores") == {g: 0.0 for g in TEST_CELLS}
    assert _test_scores(course, "hank", "after_scores") == TEST_CELLS
    assert float(course["after"]["mallory"]["score"]) == 0.0
    assert float(course["after"]["hank"]["score"]) == AUTOMATIC
    assert float(course["after"]["alice"]["score"]) == AUTOMATIC
    assert "0 disagreement(s)" in course["again"].stdout


# --- scores from the sandbox, flags -------------------------------------------------------------------------

def test_an_untouched_notebook_logs_no_checksum_warning(course):
    """The released test cells lack the hidden tests; RestoreHiddenTests puts them back before nbgrader
    compares checksums, so the only checksum warnings are those of gina's edited cell."""
    parts = _log_by_student(course["autograde"].stderr)
    assert set(parts) == set(STUDENTS)
    warned = {student for student, part in parts.items() if "checksum" in part}
    assert warned == {"gina"}, {s: [line for line in parts[s].splitlines() if "checksum" in line] for s in warned}
    assert "Attribute 'checksum' for cell test_inverse_sqrt_decay_step_decay has changed" in parts["gina"]
    assert parts["gina"].count("Attribute 'checksum'") == 1


def test_the_recorded_scores_are_the_sandboxs_not_the_kernels(course):
    """mallory's kernel printed full marks for every cell and hank's raised in one: nbgrader recorded the
    isolated grader's scores, and each cell shows its report with the kernel's disagreeing score."""
    assert _test_scores(course, "mallory") == {g: 0.0 for g in TEST_CELLS}
    assert _test_scores(course, "hank") == TEST_CELLS
    assert all(course["scores"]["mallory"][g][1] == 0.0 and not course["scores"]["mallory"][g][3]
               for g in TEST_CELLS)  # an auto score, no manual one, no review needed
    cell = _by_grade_id(_autograded(course, "mallory"), "test_adagrad_step")
    assert [o["output_type"] for o in cell["outputs"]] == ["display_data", "execute_result"]
    text = _cell_text(cell)
    assert "Hidden checks: 0 / 6 points" in text and "Isolation: " in text
    assert "run in the notebook's kernel gave 6" in text
    hank = _cell_text(_by_grade_id(_autograded(course, "hank"), "test_critical_learning_rate_sgd_epoch"))
    assert "Hidden checks: 9 / 9 points" in hank and "TypeError: 'NoneType' object is not callable" in hank


def test_a_kernel_that_attacks_the_gradebook_and_replaces_check_fails_and_is_flagged(course):
    """trudy's cell reads gradebook.db, writes every grade in it (alice's too), plants a file in alice's
    folder and replaces check: every attempt fails in the confined kernel, the replaced check decides
    nothing, the scores stand, and the submission is flagged."""
    from autograder.run.confine import landlock_abi

    flagged, lines = course["flags"]["trudy"]
    assert flagged
    assert any("assigns to `autograder.kernel.check`" in line for line in lines), lines
    if landlock_abi() < 1:  # the kernel is not confined: its writes to the gradebook succeed (README, Limits)
        pytest.skip("no Landlock here: the kernel cannot be kept from the gradebook")
    attack = _cell_text(next(c for c in _autograded(course, "trudy")["cells"] if c.get("id") == "attack"))
    assert "'read': 'failed: PermissionError'" in attack, attack
    assert "'write': 'failed: OperationalError'" in attack, attack
    assert "'plant': 'failed: PermissionError'" in attack, attack
    assert not (course["root"] / "autograded" / "alice" / ASSIGNMENT / "planted.txt").exists()
    assert _test_scores(course, "alice") == TEST_CELLS  # nobody's grade was written
    assert all(course["scores"]["alice"][g][2] is None for g in TEST_CELLS)  # no manual score either
    trudy = _test_scores(course, "trudy")
    assert trudy == _test_scores(course, "bob")  # the same mistake, the same isolated score
    assert trudy["test_adagrad_step"] < TEST_CELLS["test_adagrad_step"]
    assert any("test_adagrad_step: the kernel's own run gave 6, the sandbox" in line for line in lines), lines
    # the replaced check agreed with the sandbox on the other cells: no disagreement flagged there
    assert not any("test_model_loss_fn" in line for line in lines), lines
    assert float(course["before"]["trudy"]["score"]) == AUTOMATIC - 6 + trudy["test_adagrad_step"]


def test_only_suspicious_submissions_are_flagged_each_with_its_reasons(course):
    flags = course["flags"]
    assert {student for student, (flagged, _) in flags.items() if flagged} == FLAGGED
    assert all(not lines for student, (_, lines) in flags.items() if student not in FLAGGED)
    gina = flags["gina"][1]
    assert any("test_adagrad_step deleted" in line for line in gina), gina
    assert any("test_inverse_sqrt_decay_step_decay edited" in line for line in gina), gina
    assert any("the kernel's own run gave 0 (TypeError: 'NoneType' object is not callable)" in line
               for line in flags["hank"][1]), flags["hank"]
    assert len([line for line in flags["mallory"][1] if "the kernel's own run gave" in line]) == len(TEST_CELLS)
    from nbgrader.api import Gradebook

    from autograder.nbgrader.audit import course_id_of, gradebook_url

    root = course["root"]
    with Gradebook(gradebook_url(root), course_id=course_id_of(root, ASSIGNMENT)) as gradebook:
        comment = gradebook.find_comment("adagrad_step", NOTEBOOK[:-6], ASSIGNMENT, "mallory").comment
    assert "[autograder] flagged: test_adagrad_step: the kernel's own run gave 6, the sandbox 0 / 6" in comment


def test_isolated_cli_grades_the_submitted_folder(course):
    process, _ = _run(course["root"], "autograder", "grade", "submitted", "--quiet", "--out", "isolated",
                      "--load-timeout", "3", "--jobs", "2")
    results = {p.parent.name: json.loads(p.read_text()) for p in (course["root"] / "isolated").glob("*/results.json")}
    assert set(results) == set(STUDENTS)
    for student, (function, _) in UPSTREAM.items():
        assert results[student]["score"] == AUTOMATIC - POINTS[function], student
    assert results["alice"]["score"] == AUTOMATIC and results["mallory"]["score"] == 0


def test_module_fits_the_ci_budget(course):
    assert course["timings"]["module set-up"] < 180, course["timings"]
