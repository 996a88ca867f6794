"""nbgrader's test-cell scores from the sandbox, not from the student's kernel; suspicious submissions flagged.

``nbgrader autograde`` runs the student's cells and the test cells in one kernel, and records each test
cell's score from that cell's output (``nbgrader.utils.determine_grade``: the ``execute_result`` value, or 0
after an error). Student code in that kernel can replace ``check`` and print any score. The course config
therefore adds three preprocessors:

:class:`RestoreHiddenTests` (``Autograde.sanitize_preprocessors``, before ``OverwriteCells``)
    The gradebook keeps each test cell's source *with* its hidden tests, and its checksum; the released cell
    has them removed, so nbgrader's checksum comparison failed for every test cell of every student and
    logged a warning each time. A test cell whose source is exactly the released one gets its hidden tests
    back here, so only a cell the student really changed fails the comparison (and is restored by
    ``OverwriteCells``, which logs it). Edited, deleted and re-typed test cells are recorded in the notebook's
    metadata (``autograder.test_cells``), always overwritten, for the next stage.
:class:`SandboxScores` (``Autograde.autograde_preprocessors``, right after ``Execute``)
    Grades the notebook's code cells in the sandbox with the hidden reference (the same pipeline as
    ``python -m autograder grade``: the student's code runs in a confined worker, the reference and the
    expected values stay in this process), and replaces each test cell's outputs with that report and an
    ``execute_result`` holding the sandbox's score, which is what ``SaveAutoGrades`` then records. The
    kernel's own score is kept only to compare: a difference, a cell that rebinds ``check`` or touches the
    grader's package, and the test-cell findings of :class:`RestoreHiddenTests` are the submission's flags.
:class:`FlagSubmission` (after ``SaveAutoGrades``)
    Sets the submitted notebook's ``flagged`` state in the gradebook and writes each flag as an automatic
    comment (``[autograder] ...``) on the answer cells of the functions concerned, where a TA sees it in the
    formgrader; :class:`autograder.nbgrader.export.FlaggedCsvExport` adds both to ``nbgrader export``.

The flag is only ever set, never cleared here: it is also the formgrader's manual flag, which a TA may have
set. The comments are rewritten on every autograde (``SaveAutoGrades`` resets automatic comments).
"""
from __future__ import annotations

import ast
import json
import math
from dataclasses import asdict, dataclass, field

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Float

from .. import assignment as assignments
from .course import checked_functions

#: notebook metadata key RestoreHiddenTests writes and SandboxScores reads
METADATA_KEY = "autograder"
#: resources key SandboxScores writes and FlagSubmission reads
RESOURCES_KEY = "autograder_flags"
#: prefix of every automatic comment written here (FlaggedCsvExport collects these lines)
SIGNATURE = "[autograder]"
#: scores closer than this are equal
TOLERANCE = 1e-6
#: errors nbgrader's Execute leaves in a cell its time limit stopped (KeyboardInterrupt: interrupt_on_timeout)
TIMED_OUT = ("KeyboardInterrupt", "CellTimeoutError")


def assignment_of(nb, resources):
    """The assignment a notebook nbgrader processes belongs to: nbgrader's assignment id when it is one of
    ours, else the notebook's ``metadata.autograder.assignment``, else the default one."""
    names = assignments.available()
    nbgrader_id = ((resources or {}).get("nbgrader") or {}).get("assignment")
    if nbgrader_id in names:
        return assignments.load(nbgrader_id)
    named = ((nb.get("metadata") or {}).get(METADATA_KEY) or {}).get("assignment")
    return assignments.load(named) if named in names else assignments.default()


def _gradebook(resources):
    return Gradebook(resources["nbgrader"]["db_url"])


def _is_test_cell(cell):
    """A cell whose recorded score nbgrader takes from its output (grade, not solution, code)."""
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell) \
        and bool(cell.metadata.nbgrader.get("grade_id"))


# --- sanitize stage -------------------------------------------------------------------------------------

class RestoreHiddenTests(NbGraderPreprocessor):
    """Put the hidden tests back into test cells the student left as released; record the ones changed."""

    def preprocess(self, nb, resources):
        self._clearer = ClearHiddenTests(parent=self)
        findings = {}
        notebook_id = resources["nbgrader"]["notebook"]
        assignment_id = resources["nbgrader"]["assignment"]
        with _gradebook(resources) as gradebook:
            source_notebook = gradebook.find_notebook(notebook_id, assignment_id)
            test_cells = {c.name: c for c in source_notebook.grade_cells
                          if c.cell_type == "code" and c.name not in {s.name for s in source_notebook.solution_cells}}
            seen = set()
            for cell in nb.cells:
                grade_id = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
                if grade_id not in test_cells or grade_id in seen:
                    continue
                seen.add(grade_id)
                source_cell = gradebook.find_source_cell(grade_id, notebook_id, assignment_id)
                problems = self._restore(cell, source_cell, test_cells[grade_id])
                if problems:
                    findings[grade_id] = problems
            for grade_id in test_cells:
                if grade_id not in seen:
                    findings[grade_id] = ["deleted (put back by nbgrader)"]
        # overwritten whatever the submission carried under this key: the next stage trusts it
        nb.metadata[METADATA_KEY] = {**(nb.metadata.get(METADATA_KEY) or {}), "test_cells": findings}
        return nb, resources

    def _released(self, source):
        cell = NotebookNode(cell_type="code", source=source, metadata={})
        self._clearer._remove_hidden_test_region(cell)
        return cell.source

    def _restore(self, cell, source_cell, grade_cell):
        problems = []
        meta = cell.metadata.nbgrader
        # OverwriteCells restores the cell type and the locked state itself, but not grade/solution: with those
        # changed its checksum check of the restored source fails and the whole notebook goes ungraded
        if cell.cell_type != "code" or meta.get("grade") is not True or meta.get("solution") not in (False, None) \
                or bool(meta.get("locked")) != bool(source_cell.locked):
            problems.append("its nbgrader metadata was changed (restored)")
            meta["grade"], meta["solution"] = True, False
        try:
            points = float(meta.get("points", -1))
        except (TypeError, ValueError):
            points = None
        if points != float(grade_cell.max_score):
            problems.append(f"its points were changed to {str(meta.get('points'))[:20]!r} (restored)")
            meta["points"] = grade_cell.max_score
        if cell.source == source_cell.source:
            pass  # submitted with the hidden tests in it: the source notebook itself, nothing to restore
        elif cell.source == self._released(source_cell.source):
            cell.source = source_cell.source
        else:
            problems.append("edited (restored from the source)")
        return problems


# --- autograde stage -------------------------------------------------------------------------------------

@dataclass
class CellScore:
    """One test cell: the sandbox's score (recorded) and the kernel's (compared only)."""

    grade_id: str
    functions: list
    max_score: float
    sandbox: float
    #: what nbgrader would have recorded from the kernel's output; None: no number (an error, no output)
    kernel: float | None
    #: the kernel cell's error, "ename: evalue", if it raised
    kernel_error: str = ""
    flags: list = field(default_factory=list)

    @property
    def agrees(self):
        return self.kernel is not None and abs(self.kernel - self.sandbox) <= TOLERANCE


def _kernel_score(cell):
    """``(score, error)`` nbgrader would have taken from the executed cell (hostile: any output may be forged)."""
    error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
    error_text = f"{error.get('ename', '')}: {error.get('evalue', '')}"[:300] if error is not None else ""
    try:
        score, _ = utils.determine_grade(cell)
        score = float(score)
    except Exception:  # noqa: BLE001 - a forged output that is not a number
        return None, error_text
    return (score if math.isfinite(score) else None), error_text


def _timed_out(cell):
    return any(o.get("output_type") == "error" and o.get("ename") in TIMED_OUT for o in cell.get("outputs", []))


def grader_tampering(source):
    """Why a non-test cell's source looks like it changes the grading in the kernel, or ``[]``.

    Rebinding ``check`` (assignment, ``def``, ``import ... as check``, ``x.check = ...``), importing the
    grader's package other than ``from autograder.kernel import check``, or assigning to anything reached
    through it. A cell that does not parse is left to the sandbox (it fails there as in the kernel).
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found = []
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == "check":
            found.append("defines `check`")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            module = getattr(node, "module", None) or ""
            for alias in node.names:
                full = f"{module}.{alias.name}" if module else alias.name
                if full == "autograder.kernel.check" and alias.asname in (None, "check"):
                    continue
                if (alias.asname or alias.name) == "check" or full.split(".")[0] == "autograder":
                    found.append(f"imports `{full}`" + (f" as `{alias.asname}`" if alias.asname else ""))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr":
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "check":
                found.append("sets an attribute `check`")
        for target in targets:
            for sub in ast.walk(target):
                name = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else None
                if name == "check" or (isinstance(sub, ast.Name) and name == "autograder"):
                    found.append(f"assigns to `{ast.unparse(target)}`")
                    break
    return list(dict.fromkeys(found))


class SandboxScores(NbGraderPreprocessor):
    """Grade the notebook in the sandbox; each test cell's outputs become the sandbox's report and score."""

    check_timeout = Float(10.0, help="seconds one check may take in the sandbox").tag(config=True)
    load_timeout = Float(30.0, help="seconds one cell of the student's top-level code may take in the sandbox"
                         ).tag(config=True)

    def preprocess(self, nb, resources):
        from ..report.cell import from_json

        test_cells = [c for c in nb.cells if _is_test_cell(c)]
        assignment = assignment_of(nb, resources)
        result, skipped = self._grade(nb, assignment)
        findings = (nb.metadata.get(METADATA_KEY) or {}).get("test_cells")
        notebook_flags = []
        if not isinstance(findings, dict):  # the course config lacks RestoreHiddenTests: nothing is known
            findings = {}
        for number, cell in enumerate(nb.cells, start=1):
            if cell.cell_type == "code" and not _is_test_cell(cell):
                found = grader_tampering(cell.source)
                if found:
                    notebook_flags.append(f"cell {number} {', '.join(found)}: it may change how the notebook "
                                          "grades itself in the kernel")
        scores = []
        for cell in test_cells:
            grade_id = cell.metadata.nbgrader["grade_id"]
            functions = [f for f in checked_functions(cell.source) if f in assignment.points]
            kernel, kernel_error = _kernel_score(cell)
            tests = [t for t in result.tests if t.function in functions]
            sandbox = round(sum(t.score for t in tests), 6)
            score = CellScore(grade_id, functions, float(cell.metadata.nbgrader["points"]), sandbox, kernel,
                              kernel_error)
            score.flags = [f"{grade_id} {problem}" for problem in findings.get(grade_id, [])]
            if not score.agrees:
                kernel_text = "no score" if kernel is None else f"{kernel:g}"
                score.flags.append(f"{grade_id}: the kernel's own run gave {kernel_text}"
                                   f"{f' ({kernel_error})' if kernel_error else ''}, the sandbox "
                                   f"{sandbox:g} / {score.max_score:g} (recorded)")
            notes = list(result.notes)
            notes[:0] = [f"{label} was stopped by the time limit and is left out (an endless loop at top level?)."
                         for label in skipped]
            if not score.agrees:
                notes.append(f"This cell's run in the notebook's kernel gave "
                             f"{'no score' if kernel is None else f'{kernel:g}'}"
                             f"{f' ({kernel_error})' if kernel_error else ''}; the score recorded is the isolated "
                             "grader's.")
            report = {"score": sandbox, "max_score": round(sum(t.max_score for t in tests), 6), "hidden": True,
                      "notes": notes, "isolation": result.isolation_text,
                      "tests": [t.to_dict() for t in tests]}
            shown = from_json(report)
            # what check() displays in a kernel: the table (HTML), its text, and the report as data for the audit
            data = {"text/plain": shown.text(), "text/html": shown._repr_html_(), **shown._repr_mimebundle_()}
            cell.outputs = [new_output("display_data", data=data),
                            new_output("execute_result", data={"text/plain": repr(sandbox)},
                                       execution_count=cell.get("execution_count"))]
            scores.append(score)
        resources[RESOURCES_KEY] = {"notebook": notebook_flags, "cells": [asdict(s) for s in scores]}
        for flag in notebook_flags + [f for s in scores for f in s.flags]:
            self.log.warning("Flagged %s: %s", resources["nbgrader"]["student"], flag)
        return nb, resources

    def _grade(self, nb, assignment):
        """The sandbox's :class:`~autograder.result.SubmissionResult` for the notebook's code, and the labels of
        the cells left out because nbgrader's time limit stopped them in the kernel."""
        from ..check.expectations import ReferenceExpectations
        from ..grade import Options, grade_submission
        from ..load import LoadError, Submission
        from ..load.source import notebook_cells
        from ..result import CheckResult, SubmissionResult
        from ..run.runner import Launcher, SandboxUnavailable

        from ..load.labels import cell_labels

        plain = json.loads(json.dumps(nb))  # a plain copy: the loader reads notebook JSON
        code = [c for c in nb.cells if c.cell_type == "code"]
        label = dict(zip(map(id, code), cell_labels([c.source for c in code])))
        skipped = []  # how the student sees the cells the time limit stopped
        for cell, original in zip(plain["cells"], nb.cells):
            if original.cell_type == "code" and not _is_test_cell(original) and _timed_out(original):
                cell["source"] = ""
                skipped.append(label[id(original)])
        expectations = ReferenceExpectations(assignment=assignment)
        try:
            cells = notebook_cells(json.dumps(plain), "notebook")
        except LoadError as error:
            cells = error
        options = Options(timeout=self.check_timeout, load_timeout=self.load_timeout)
        submission = Submission("notebook", "notebook.ipynb")
        try:
            with Launcher(memory_mb=options.memory_mb) as launcher:
                return grade_submission(submission, expectations, launcher, options, cells), skipped
        except SandboxUnavailable as error:
            result = SubmissionResult("notebook", "notebook.ipynb", notes=[f"Not graded: {error}"])
            result.tests = [CheckResult(s.name, s.function, 0.0, s.points, f"Not graded: {error}", True,
                                        uses=tuple(s.uses), failure="not_graded") for s in assignment.scenarios]
            return result, skipped


class FlagSubmission(NbGraderPreprocessor):
    """Write :class:`SandboxScores`' flags to the gradebook: ``flagged`` and automatic comments."""

    def preprocess(self, nb, resources):
        flags = resources.get(RESOURCES_KEY)
        if not flags:
            return nb, resources
        info = resources["nbgrader"]
        cells = [c for c in flags["cells"] if c["flags"]]
        if not cells and not flags["notebook"]:
            return nb, resources
        with _gradebook(resources) as gradebook:
            submitted = gradebook.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
            submitted.flagged = True
            # flags of the whole notebook go on the first answer cell, a test cell's on those of its functions
            first = [f for c in flags["cells"] for f in c["functions"]][:1]
            lines = {function: list(flags["notebook"]) for function in first}
            for cell in cells:
                for function in cell["functions"]:
                    lines.setdefault(function, []).extend(cell["flags"])
            for function, texts in lines.items():
                try:
                    comment = gradebook.find_comment(function, info["notebook"], info["assignment"], info["student"])
                except MissingEntry:
                    continue
                kept = [line for line in (comment.auto_comment or "").splitlines() if not line.startswith(SIGNATURE)]
                comment.auto_comment = "\n".join(kept + [f"{SIGNATURE} flagged: {t}" for t in dict.fromkeys(texts)])
            gradebook.db.commit()
        return nb, resources


def flag_lines(comment_text):
    """The ``[autograder]`` lines of a comment."""
    return [line for line in (comment_text or "").splitlines() if line.startswith(SIGNATURE)]


__all__ = ["RestoreHiddenTests", "SandboxScores", "FlagSubmission", "grader_tampering", "flag_lines"]
