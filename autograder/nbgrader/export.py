"""``nbgrader export`` with the submissions' flags: nbgrader's CSV columns plus ``flagged`` and ``flags``.

nbgrader's own CSV export leaves out the ``flagged`` state of a submission and its comments, so a TA who
works from the export would not see that autograde flagged a submission (see :mod:`.scores`). This plugin
writes the same columns, properly quoted, plus ``flagged`` (any notebook of the submission flagged, by
autograde or by hand in the formgrader) and ``flags`` (the ``[autograder]`` comment lines, `` | ``-joined).
"""
from __future__ import annotations

import csv

from nbgrader.api import MissingEntry
from nbgrader.plugins import CsvExportPlugin

from .scores import flag_lines

COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email", "raw_score",
           "late_submission_penalty", "score", "max_score", "flagged", "flags"]


class FlaggedCsvExport(CsvExportPlugin):
    """``c.ExportApp.plugin_class``: nbgrader's CSV export plus the columns ``flagged`` and ``flags``."""

    def export(self, gradebook):
        destination = self.to or "grades.csv"
        students = [str(s) for s in self.student]
        assignments = [str(a) for a in self.assignment]
        self.log.info("Exporting grades to %s", destination)
        with open(destination, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, COLUMNS)
            writer.writeheader()
            for assignment in gradebook.assignments:
                if assignments and assignment.name not in assignments:
                    continue
                for student in gradebook.students:
                    if students and student.id not in students:
                        continue
                    writer.writerow(self._row(gradebook, assignment, student))

    @staticmethod
    def _row(gradebook, assignment, student):
        row = {"assignment": assignment.name, "duedate": assignment.duedate, "student_id": student.id,
               "last_name": student.last_name, "first_name": student.first_name, "email": student.email,
               "max_score": assignment.max_score}
        try:
            submission = gradebook.find_submission(assignment.name, student.id)
        except MissingEntry:
            row.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0, flagged=False, flags="")
        else:
            penalty = submission.late_submission_penalty
            lines = []
            for notebook in submission.notebooks:
                for comment in notebook.comments:
                    lines += flag_lines(comment.auto_comment)
            row.update(timestamp=submission.timestamp, raw_score=submission.score, late_submission_penalty=penalty,
                       score=max(0.0, submission.score - penalty),
                       flagged=any(n.flagged for n in submission.notebooks),
                       flags=" | ".join(dict.fromkeys(line.split("flagged: ", 1)[-1] for line in lines)))
        return {key: "" if value is None else str(value) for key, value in row.items()}
