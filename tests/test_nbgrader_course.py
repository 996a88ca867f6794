"""Fast tests of the nbgrader pieces that need no kernel: course source, config, feedback scrubbing, the
kernel extension, and that the student's path never imports nbgrader."""
import json
import subprocess
import sys
import types

import pytest

from autograder.check.scenarios import POINTS, scenarios_for
from autograder.nbgrader import course
from autograder.nbgrader.execution import CellTimeouts

import solutions.gradient_descent as reference

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
    assert {p.name for p in written} == {"nbgrader_config.py", "gradient_descent.ipynb", "public_checks.json"}
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
    assert runs == 10
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
            "autograder.run.runner, autograder.check.scenarios, autograder.check.expectations; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbgrader', 'nbformat', 'nbconvert')))")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert process.stdout.strip() == "[]"
