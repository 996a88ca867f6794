"""Compare nbgrader's recorded scores with the isolated grader's, and record the isolated ones on request.

nbgrader runs the student's code in the same kernel as the test cells: a submission can redefine ``check``
or patch ``subprocess``, and without the course config nbgrader records whatever comes out. With it,
autograde records the isolated grader's scores (:mod:`.scores`), and this audit is the cross-check run
afterwards on the submitted files. The isolated grader (``python -m autograder grade``) runs the same
checks on the same submitted notebooks in a sandbox, so any difference is a sign of tampering or of a
flaky check. nbgrader records one score per test cell; a cell checks one or more functions, so the audit
compares per test cell and shows per function what the isolated grader gave (and what nbgrader's hidden
report in the autograded notebook claims, when that report adds up to the recorded score).
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import assignment as assignments
from ..load import find_submissions
from ..report.cell import MIME
from .course import checked_functions

#: scores closer than this are equal
TOLERANCE = 1e-6
#: who wrote a score --apply records, in the comments of the answer cells concerned
SIGNATURE = "nbgrader-audit"


@dataclass
class CellAudit:
    """One student's test cell: nbgrader's recorded score against the isolated grader's."""

    student: str
    notebook: str
    grade_id: str
    functions: list
    max_score: float
    #: the score nbgrader's gradebook gives the cell (manual score if set, else auto score); None: nothing
    nbgrader: float | None
    auto_score: float | None
    manual_score: float | None
    isolated: float
    #: function -> isolated score of its checks
    isolated_by_function: dict = field(default_factory=dict)
    #: function -> score in nbgrader's hidden report (only when that report adds up to ``nbgrader``)
    nbgrader_by_function: dict = field(default_factory=dict)
    #: function -> its failed isolated checks, each "check name: first line of the hint"
    failed_checks: dict = field(default_factory=dict)
    reason: str = ""
    #: the same, without the checks that were not graded at all (the notebook could not be read ...): chosen
    #: from the results' data, so the report never reads its own text back
    graded_failures: dict = field(default_factory=dict)

    @property
    def agrees(self):
        return self.nbgrader is not None and abs(self.nbgrader - self.isolated) <= TOLERANCE

    def differing_functions(self):
        """Functions whose scores differ; all of the cell's when nbgrader's split is unknown."""
        if not self.nbgrader_by_function:
            return list(self.functions)
        return [f for f in self.functions
                if abs(self.nbgrader_by_function.get(f, -1.0) - self.isolated_by_function.get(f, 0.0)) > TOLERANCE]


@dataclass
class AuditReport:
    assignment: str
    #: function -> its points in the assignment
    points: dict = field(default_factory=dict)
    cells: list = field(default_factory=list)
    #: student -> notes of the isolated grader (a notebook that cannot be read, a cell that raised ...)
    notes: dict = field(default_factory=dict)
    applied: list = field(default_factory=list)

    @property
    def disagreements(self):
        return [c for c in self.cells if not c.agrees]

    def to_json(self):
        return {"assignment": self.assignment, "notes": self.notes,
                "cells": [dict(asdict(c), agrees=c.agrees) for c in self.cells],
                "disagreements": [{"student": c.student, "grade_id": c.grade_id, "functions": c.differing_functions(),
                                   "nbgrader": c.nbgrader, "isolated": c.isolated, "reason": c.reason}
                                  for c in self.disagreements],
                "applied": self.applied}


def gradebook_url(root):
    return f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def course_id_of(root, assignment):
    """The course id the assignment was created under (read directly, so no course row gets created)."""
    database = Path(root) / "gradebook.db"
    if not database.exists():
        raise FileNotFoundError(f"{database} does not exist: run `nbgrader generate_assignment` first")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        row = connection.execute("SELECT course_id FROM assignment WHERE name = ?", (assignment,)).fetchone()
    if row is None:
        raise LookupError(f"the gradebook has no assignment {assignment!r}")
    return row[0]


def _hidden_report(cell):
    """``({function: score}, total)`` from the hidden check's report in an autograded cell: the data
    ``check()`` displays with it (:data:`autograder.report.cell.MIME`), not its text."""
    by_function, total = {}, None
    for output in cell.get("outputs", []):
        report = (output.get("data") or {}).get(MIME) if output.get("output_type") == "display_data" else None
        if not isinstance(report, dict) or not report.get("hidden"):
            continue
        try:
            for test in report.get("tests", []):
                by_function[test["function"]] = by_function.get(test["function"], 0.0) + float(test["score"])
            total = float(report["score"])
        except (KeyError, TypeError, ValueError):  # written by the student's kernel: anything may be there
            return {}, None
    return by_function, total


def _autograded_reports(root, assignment, student, notebook):
    path = Path(root) / "autograded" / student / assignment / f"{notebook}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    reports = {}
    for cell in cells:
        grade_id = ((cell.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
        if grade_id:
            reports[grade_id] = _hidden_report(cell)
    return reports


def isolated_results(root, assignment, notebooks, options=None):
    """Grade ``root/submitted/<student>/<assignment>/<notebook>.ipynb`` in the sandbox with the hidden
    reference; returns ``{(student, notebook): SubmissionResult}``."""
    from ..check.expectations import ReferenceExpectations
    from ..grade import Options, grade

    paths = sorted(p for name in notebooks
                   for p in (Path(root) / "submitted").glob(f"*/{assignment}/{name}.ipynb"))
    submissions = find_submissions(paths) if paths else []
    results = grade(submissions, ReferenceExpectations(assignment=assignment), options or Options())
    return {(Path(r.path).parts[-3], Path(r.path).stem): r for r in results}


def audit(root, assignment=None, options=None):
    """Compare every test cell of every submission in ``root/submitted`` with the gradebook (``assignment``:
    the nbgrader assignment id, which is the assignment's name; the default assignment when None)."""
    from nbgrader.api import Gradebook, MissingEntry

    root = Path(root)
    assignment = assignment or assignments.default().name
    points = assignments.load(assignment).points
    report = AuditReport(assignment, dict(points))
    with Gradebook(gradebook_url(root), course_id=course_id_of(root, assignment)) as gradebook:
        source = gradebook.find_assignment(assignment)
        test_cells = {}
        for notebook in source.notebooks:
            for cell in notebook.grade_cells:
                if cell.cell_type != "code" or not cell.name.startswith("test_"):
                    continue
                source_cell = gradebook.find_source_cell(cell.name, notebook.name, assignment)
                functions = [f for f in checked_functions(source_cell.source) if f in points]
                test_cells.setdefault(notebook.name, []).append((cell.name, functions, float(cell.max_score)))
        results = isolated_results(root, assignment, list(test_cells), options)
        for (student, notebook), result in sorted(results.items()):
            report.notes[student] = list(result.notes)
            reports = _autograded_reports(root, assignment, student, notebook)
            for grade_id, functions, max_score in test_cells[notebook]:
                report.cells.append(_audit_cell(gradebook, MissingEntry, assignment, student, notebook, grade_id,
                                                functions, max_score, result, reports.get(grade_id)))
    return report


def _audit_cell(gradebook, missing_entry, assignment, student, notebook, grade_id, functions, max_score, result,
                hidden_report):
    tests = [t for t in result.tests if t.function in functions]
    by_function = {f: round(sum(t.score for t in tests if t.function == f), 6) for f in functions}
    cell = CellAudit(student, notebook, grade_id, functions, max_score, None, None, None,
                     round(sum(by_function.values()), 6), by_function,
                     failed_checks={f: [f"{t.name}: {t.output.splitlines()[0] if t.output else ''}"
                                        for t in tests if t.function == f and t.status == "failed"]
                                    for f in functions},
                     graded_failures={f: [f"{t.name}: {t.output.splitlines()[0] if t.output else ''}"
                                          for t in tests if t.function == f and t.status == "failed"
                                          and t.failure != "not_graded"] for f in functions})
    try:
        grade = gradebook.find_grade(grade_id, notebook, assignment, student)
    except missing_entry:
        cell.reason = "nbgrader has no grade for this cell (not autograded)"
        return cell
    cell.auto_score, cell.manual_score = grade.auto_score, grade.manual_score
    if grade.auto_score is not None or grade.manual_score is not None:
        cell.nbgrader = float(grade.score)
    if hidden_report is not None:
        split, total = hidden_report
        if total is not None and grade.auto_score is not None and abs(total - grade.auto_score) <= TOLERANCE \
                and set(split) == set(functions):
            cell.nbgrader_by_function = split
    if cell.nbgrader is None:
        notes = "; ".join(result.notes)
        cell.reason = "nbgrader recorded no score (its autograde failed on this notebook)" + (
            f"; isolated grader: {notes}" if notes else "")
    elif not cell.agrees:
        if hidden_report is None or hidden_report[1] is None:
            cell.reason = "nbgrader's score does not come from the hidden checks' report (the cell's check was " \
                          "replaced or its output is missing): tampering?"
        elif cell.nbgrader_by_function:
            cell.reason = "the kernel's checks and the isolated checks scored the same code differently: a " \
                          "flaky check, or code that behaves differently in the kernel"
        else:
            cell.reason = "nbgrader's recorded score differs from its own hidden report: the gradebook was " \
                          "changed after the checks ran, or the report was faked: tampering?"
    return cell


def apply(root, report):
    """Record the isolated score of every disagreeing cell as nbgrader's manual score (which takes precedence
    over the auto score), with a comment on the answer cells of the functions concerned."""
    from nbgrader.api import Gradebook, MissingEntry

    root = Path(root)
    applied = []
    with Gradebook(gradebook_url(root), course_id=course_id_of(root, report.assignment)) as gradebook:
        for cell in report.disagreements:
            try:
                gradebook.find_submission(report.assignment, cell.student)
            except MissingEntry:
                gradebook.update_or_create_student(cell.student)
                gradebook.update_or_create_submission(report.assignment, cell.student)
            grade = gradebook.find_grade(cell.grade_id, cell.notebook, report.assignment, cell.student)
            grade.manual_score = cell.isolated
            grade.needs_manual_grade = False
            text = (f"[{SIGNATURE}] {cell.grade_id}: {cell.isolated:g} / {cell.max_score:g} points from the isolated "
                    f"grader (nbgrader had recorded {'nothing' if cell.nbgrader is None else f'{cell.nbgrader:g}'}).")
            for function in cell.differing_functions():
                try:
                    comment = gradebook.find_comment(function, cell.notebook, report.assignment, cell.student)
                except MissingEntry:
                    continue
                kept = [line for line in (comment.manual_comment or "").splitlines()
                        if not line.startswith(f"[{SIGNATURE}] {cell.grade_id}:")]
                comment.manual_comment = "\n".join(kept + [text])
            gradebook.db.commit()
            applied.append({"student": cell.student, "grade_id": cell.grade_id, "manual_score": cell.isolated})
    report.applied = applied
    return applied


def format_report(report):
    lines = []
    students = sorted({c.student for c in report.cells})
    lines.append(f"Audit of {report.assignment}: {len(students)} submission(s), {len(report.cells)} test cell(s) "
                 f"compared, {len(report.disagreements)} disagreement(s).")
    for cell in report.disagreements:
        recorded = "none" if cell.nbgrader is None else f"{cell.nbgrader:g}"
        lines.append(f"\n{cell.student}  {cell.grade_id}: nbgrader {recorded} / {cell.max_score:g}, "
                     f"isolated {cell.isolated:g} / {cell.max_score:g}")
        lines.append(f"  why: {cell.reason}")
        for function in cell.differing_functions():
            claimed = cell.nbgrader_by_function.get(function)
            claimed = "?" if claimed is None else f"{claimed:g}"
            failed = cell.graded_failures.get(function, [])
            first = f"  {len(failed)} check(s) failed, first: {failed[0]}" if failed else ""
            lines.append(f"  {function:<24} nbgrader {claimed:>5}  isolated {cell.isolated_by_function[function]:g}"
                         f" / {report.points.get(function, 0.0):g}{first}")
    for student in students:
        for note in report.notes.get(student, []):
            lines.append(f"note ({student}): {note}")
    if report.applied:
        lines.append(f"\nRecorded {len(report.applied)} isolated score(s) as manual scores in the gradebook.")
    elif report.disagreements:
        lines.append("\nRun again with --apply to record the isolated scores in the gradebook.")
    return "\n".join(lines)
