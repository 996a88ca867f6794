"""Fast tests of the nbgrader pieces that need no kernel: course source, config, feedback scrubbing, the
kernel extension, and that the student's path never imports nbgrader."""
import json
import subprocess
import sys
import types

import pytest

from gd import POINTS, scenarios_for
from autograder.nbgrader import course
from autograder.nbgrader.execution import CellTimeouts

import solutions.gradient_descent.reference as reference

from notebooks import student_notebook


def _source(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def test_answer_cells_hold_the_reference_body_between_solution_markers():
    notebook = course.source_notebook()
    answers = {c["metadata"]["nbgrader"]["grade_id"]: _source(c) for c in notebook["cells"] if course.is_answer_cell(c)}
    assert set(answers) == set(POINTS)
    for name, source in answers.items():
        assert source.count(course.BEGIN_SOLUTION) == 1 and source.count(course.END_SOLUTION) == 1
        assert "raise NotImplementedError" not in source
        namespace = {"np": reference.np}
        exec(compile(source, name, "exec"), namespace)  # the filled cell defines a working function
        assert namespace[name].__name__ == name


def test_filled_answer_cell_clears_back_to_the_student_stub():
    """What nbgrader's ClearSolutions does: the region becomes the stub at the region's indentation."""
    shipped = {c["metadata"]["nbgrader"]["grade_id"]: _source(c) for c in student_notebook()["cells"]
               if course.is_answer_cell(c)}
    for name, stub in shipped.items():
        lines, cleared, inside = course.fill_answer(stub, name, reference).split("\n"), [], False
        for line in lines:
            if line.strip() == course.BEGIN_SOLUTION:
                indent = line[: len(line) - len(line.lstrip())]
                cleared += [indent + part for part in course.CODE_STUB]
                inside = True
            elif line.strip() == course.END_SOLUTION:
                inside = False
            elif not inside:
                cleared.append(line)
        assert "\n".join(cleared) == stub, name


def test_test_cells_end_with_the_hidden_check_of_the_same_functions():
    notebook = course.source_notebook()
    tests = [c for c in notebook["cells"] if course.is_test_cell(c)]
    assert sum(c["metadata"]["nbgrader"]["points"] for c in tests) == sum(POINTS.values())
    for cell in tests:
        lines = _source(cell).splitlines()
        functions = course.checked_functions(lines[1])
        assert lines[2:] == [course.BEGIN_HIDDEN, "check(" + ", ".join(f'"{f}"' for f in functions)
                             + ", hidden=True)", course.END_HIDDEN]


def test_a_signature_that_differs_from_the_reference_is_refused():
    stub = "def model(t_u, w):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    with pytest.raises(course.CourseError, match="signature"):
        course.fill_answer(stub, "model", reference)


def test_wrong_points_are_refused():
    notebook = student_notebook()
    cell = next(c for c in notebook["cells"] if course.is_test_cell(c))
    cell["metadata"]["nbgrader"]["points"] += 1
    with pytest.raises(course.CourseError, match="points"):
        course.source_notebook(notebook)


def test_written_course_and_config(tmp_path):
    written = course.write_course(tmp_path)
    # one course, every assignment (issue 9): its notebook and public data under source/<assignment>/
    assert {p.relative_to(tmp_path).as_posix() for p in written} == {
        "nbgrader_config.py", "source/gradient_descent/gradient_descent.ipynb",
        "source/gradient_descent/public_checks.json", "source/adaptive_optimizers/adaptive_optimizers.ipynb",
        "source/adaptive_optimizers/public_checks.json"}
    config = (tmp_path / "nbgrader_config.py").read_text()
    compile(config, "nbgrader_config.py", "exec")
    for setting in ("c.CourseDirectory.course_id", "c.Execute.timeout =", "c.Execute.timeout_func",
                    'c.Execute.skip_cells_with_tag = "demo"', "c.OverwriteCells.add_missing_cells = True",
                    "HideHiddenTests", "c.Execute.extra_arguments"):
        assert setting in config
    json.loads((tmp_path / "source" / "gradient_descent" / "gradient_descent.ipynb").read_text())
    with pytest.raises(FileExistsError):
        course.write_course(tmp_path)
    course.write_course(tmp_path, force=True)


def test_command_writes_the_course(tmp_path):
    process = subprocess.run([sys.executable, "-m", "autograder", "nbgrader-course", str(tmp_path / "c")],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    again = subprocess.run([sys.executable, "-m", "autograder", "nbgrader-course", str(tmp_path / "c")],
                           capture_output=True, text=True)
    assert again.returncode == 2 and "--force" in again.stderr


def test_test_cells_get_their_worst_case_and_other_cells_the_default():
    timeouts = course.test_cell_timeouts(course.source_notebook())
    own = len(scenarios_for(["adagrad_step"]))
    # the convergence run may be rerun with a correct grad_fn, after model's and grad_fn's checks
    runs = own + 1 + len(scenarios_for(["model", "grad_fn"]))
    assert runs == 12
    assert timeouts["test_adagrad_step"] == runs * course.CHECK_TIMEOUT + course.TEST_CELL_MARGIN
    choose = CellTimeouts(default=30, test_cells=timeouts)
    assert choose({"metadata": {"nbgrader": {"grade_id": "test_adagrad_step"}}}) == timeouts["test_adagrad_step"]
    assert choose({"metadata": {}}) == 30


def test_feedback_preprocessor_removes_hidden_tests_from_source_and_outputs():
    import nbformat

    from autograder.nbgrader.feedback import REMOVED, HideHiddenTests

    hidden = 'check("adagrad_step", hidden=True)'
    cell = nbformat.v4.new_code_cell(
        source=f'from autograder.kernel import check\ncheck("adagrad_step")\n### BEGIN HIDDEN TESTS\n{hidden}\n'
               "### END HIDDEN TESTS",
        metadata={"nbgrader": {"grade": True, "solution": False, "locked": True, "points": 6,
                               "grade_id": "test_adagrad_step", "schema_version": 3}},
        outputs=[nbformat.v4.new_output("stream", name="stdout", text=f"[FAIL] adagrad_step: hint\n{hidden}\n"),
                 nbformat.v4.new_output("error", ename="TypeError", evalue="boom",
                                        traceback=["Traceback (most recent call last)", f"----> 4 {hidden}"])])
    spy = nbformat.v4.new_code_cell(source="print('spy')", outputs=[
        nbformat.v4.new_output("stream", name="stdout", text=f"next cell: {hidden}\n")])
    notebook = nbformat.v4.new_notebook(cells=[spy, cell])
    notebook, _ = HideHiddenTests().preprocess(notebook, {})
    text = json.dumps(notebook)
    assert "hidden=True" not in text and "HIDDEN TESTS" not in text and "most recent call last" not in text
    assert _source(notebook.cells[1]) == 'from autograder.kernel import check\ncheck("adagrad_step")'
    assert notebook.cells[1].outputs[1].traceback == ["TypeError: boom"]
    assert "[FAIL] adagrad_step: hint" in notebook.cells[1].outputs[0].text
    assert REMOVED in notebook.cells[0].outputs[0].text


def test_kernel_extension_leaves_interrupted_cells_out_and_skips_public_checks(monkeypatch, capsys):
    from autograder import kernel

    registered = {}
    shell = types.SimpleNamespace(events=types.SimpleNamespace(register=lambda name, f: registered.setdefault(name, f)))
    monkeypatch.setattr(kernel, "_grading", None)
    kernel.load_ipython_extension(shell)
    after = registered["post_run_cell"]
    after(types.SimpleNamespace(error_in_exec=KeyboardInterrupt(), info=types.SimpleNamespace(raw_cell="while True: pass")))
    after(types.SimpleNamespace(error_in_exec=None, info=types.SimpleNamespace(raw_cell="x = 1")))
    assert kernel._grading.interrupted == ["while True: pass"]
    history = ["", "x = 1", "while True: pass", "from autograder.kernel import check", "check('model')"]
    fake = types.SimpleNamespace(history_manager=types.SimpleNamespace(input_hist_raw=history))
    monkeypatch.setattr("IPython.get_ipython", lambda: fake)
    assert kernel._history() == ["x = 1"]
    assert kernel.check("model") == 0.0
    assert "Public checks skipped" in capsys.readouterr().out


def test_the_student_path_never_imports_nbgrader():
    code = ("import sys, autograder.kernel, autograder.student, autograder.session, autograder.load, "
            "autograder.run.runner, autograder.assignment, autograder.check.expectations; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbgrader', 'nbformat', 'nbconvert')))")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert process.stdout.strip() == "[]"


# --- scores from the sandbox (autograder/nbgrader/scores.py) -------------------------------------------------

def test_config_puts_the_sandbox_between_execute_and_save_auto_grades(tmp_path, monkeypatch):
    from traitlets.config import Config

    from autograder.nbgrader.export import FlaggedCsvExport
    from autograder.nbgrader.scores import FlagSubmission, RestoreHiddenTests, SandboxScores

    course.write_course(tmp_path)
    monkeypatch.setenv("AUTOGRADER_KERNEL_TMP", "")  # the config sets it; restored after the test
    config = Config()
    exec(compile((tmp_path / "nbgrader_config.py").read_text(), "nbgrader_config.py", "exec"),
         {"get_config": lambda: config})
    names = [c.__name__ for c in config.Autograde.autograde_preprocessors]
    assert names[0] == "Execute" and names[1] == "SandboxScores"
    assert names.index("SandboxScores") < names.index("SaveAutoGrades") < names.index("FlagSubmission")
    sanitize = config.Autograde.sanitize_preprocessors
    assert sanitize.index(RestoreHiddenTests) + 1 == [c.__name__ for c in sanitize].index("OverwriteCells")
    assert SandboxScores in config.Autograde.autograde_preprocessors
    assert FlagSubmission in config.Autograde.autograde_preprocessors
    assert config.ExportApp.plugin_class is FlaggedCsvExport
    assert config.SandboxScores.load_timeout == course.STUDENT_CELL_TIMEOUT


@pytest.mark.parametrize("source, found", [
    ("from autograder.kernel import check\ncheck('model')", []),
    ("import numpy as np\nok = np.allclose(1, 1)\nchecked = True", []),
    ("check = lambda *f, **k: 47", ["assigns to `check`"]),
    ("def check(*functions, hidden=False):\n    return 47", ["defines `check`"]),
    ("import autograder.kernel as k\nk.check = print", ["imports `autograder.kernel` as `k`", "assigns to `k.check`"]),
    ("from autograder.check.scenarios import POINTS", ["imports `autograder.check.scenarios.POINTS`"]),
    ("import sys\nsetattr(sys.modules['autograder.kernel'], 'check', print)", ["sets an attribute `check`"]),
    ("from math import fsum as check", ["imports `math.fsum` as `check`"]),
    ("def broken(:\n    pass", []),  # left to the sandbox, where it fails as in the kernel
])
def test_cells_that_rebind_check_or_reach_into_the_grader_are_found(source, found):
    from autograder.nbgrader.scores import grader_tampering

    assert grader_tampering(source) == found


def _test_cell(source, points=6.0, grade_id="test_adagrad_step", **nbgrader):
    import nbformat

    meta = {"grade": True, "solution": False, "locked": True, "points": points, "grade_id": grade_id,
            "schema_version": 3, **nbgrader}
    return nbformat.v4.new_code_cell(source=source, metadata={"nbgrader": meta})


def test_a_test_cell_left_as_released_gets_its_hidden_tests_back_and_an_edited_one_is_recorded():
    from autograder.nbgrader.scores import RestoreHiddenTests

    source = course.add_hidden_tests('from autograder.kernel import check\ncheck("adagrad_step")')
    stored = types.SimpleNamespace(source=source, locked=True)
    points = types.SimpleNamespace(max_score=6.0)
    restore = RestoreHiddenTests()
    from nbgrader.preprocessors import ClearHiddenTests

    restore._clearer = ClearHiddenTests()
    released = _test_cell('from autograder.kernel import check\ncheck("adagrad_step")')
    assert restore._restore(released, stored, points) == []
    assert released.source == source
    edited = _test_cell("6.0  # full marks")
    assert restore._restore(edited, stored, points) == ["edited (restored from the source)"]
    assert edited.source == "6.0  # full marks"  # OverwriteCells restores it and logs the checksum change
    retyped = _test_cell('from autograder.kernel import check\ncheck("adagrad_step")', points=60.0, grade=False)
    assert restore._restore(retyped, stored, points) == ["its nbgrader metadata was changed (restored)",
                                                         "its points were changed to '60.0' (restored)"]
    assert retyped.metadata.nbgrader["grade"] is True and retyped.metadata.nbgrader["points"] == 6.0


def test_sandbox_scores_replace_what_the_kernel_printed(caplog):
    """A notebook as the kernel left it, with forged outputs in its test cells: each test cell's score
    becomes the sandbox's (here full marks: the answer cells hold the reference), and a kernel score that
    differs, is out of range, or is an error is reported as a disagreement."""
    import nbformat
    from nbgrader import utils

    from autograder.nbgrader.scores import RESOURCES_KEY, SandboxScores
    from autograder.report.cell import MIME

    notebook = nbformat.reads(json.dumps(course.source_notebook()), as_version=4)
    tests = [c for c in notebook.cells if course.is_test_cell(c)]
    forged = {0: nbformat.v4.new_output("execute_result", data={"text/plain": "1e9"}, execution_count=1),
              1: nbformat.v4.new_output("execute_result", data={"text/plain": "3"}, execution_count=2),
              2: nbformat.v4.new_output("error", ename="TypeError", evalue="boom", traceback=[])}
    for number, cell in enumerate(tests):
        cell.outputs = [forged.get(number) or nbformat.v4.new_output(
            "execute_result", data={"text/plain": repr(float(cell.metadata.nbgrader["points"]))}, execution_count=3)]
    resources = {"nbgrader": {"student": "someone"}}
    notebook, resources = SandboxScores().preprocess(notebook, resources)
    for cell in tests:
        assert utils.determine_grade(cell)[0] == float(cell.metadata.nbgrader["points"])
        # what check() shows in a kernel: the report (text, HTML table, data for the audit), then the score
        assert [o.output_type for o in cell.outputs] == ["display_data", "execute_result"]
        assert {"text/plain", "text/html", MIME} <= set(cell.outputs[0]["data"])
    cells = resources[RESOURCES_KEY]["cells"]
    assert [c["kernel"] for c in cells[:3]] == [None, 3.0, 0.0]  # nbgrader takes no score above the maximum
    assert [bool(c["flags"]) for c in cells] == [True, True, True, False, False]
    assert "(TypeError: boom)" in cells[2]["flags"][0]
    assert resources[RESOURCES_KEY]["notebook"] == []


def test_sandbox_scores_refuse_to_grade_without_the_required_sandbox(monkeypatch):
    """REQUIRE_SANDBOX in the course config where the workers cannot be confined: every test cell scores 0
    with a note saying why, and nothing of the kernel's output survives."""
    import nbformat
    from nbgrader import utils

    from autograder.nbgrader.scores import SandboxScores

    monkeypatch.setenv("AUTOGRADER_CONFINE", "off")
    monkeypatch.setenv("AUTOGRADER_REQUIRE_SANDBOX", "1")
    notebook = nbformat.reads(json.dumps(course.source_notebook()), as_version=4)
    tests = [c for c in notebook.cells if course.is_test_cell(c)]
    for cell in tests:
        cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "1.0"}, execution_count=1)]
    SandboxScores().preprocess(notebook, {"nbgrader": {"student": "someone"}})
    for cell in tests:
        assert utils.determine_grade(cell)[0] == 0.0
        assert "Not graded: " in cell.outputs[0].data["text/plain"]
