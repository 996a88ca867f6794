"""What every report shows per function: points, a status in words, and the first hint. No format here."""
from __future__ import annotations

from dataclasses import dataclass

NOT_IMPLEMENTED = "Not implemented yet"


@dataclass
class Row:
    function: str
    score: float
    max_score: float
    checks: int
    failed: list  # the failed CheckResults, in order
    status: str  # "passed", "not implemented", "failing"

    @property
    def status_text(self):
        if self.status == "passed":
            return "passed"
        if self.status == "not implemented":
            return "not implemented yet"
        return f"{len(self.failed)} of {self.checks} checks failing"

    @property
    def hint(self):
        """The first failed check's advice (its first line), or ``""``."""
        return self.failed[0].output.splitlines()[0] if self.failed and self.failed[0].output else ""


def function_rows(result):
    rows = []
    for function, (score, max_score, failed) in result.by_function().items():
        checks = sum(1 for t in result.tests if t.function == function)
        if not failed:
            status = "passed"
        elif all(t.output.startswith(NOT_IMPLEMENTED) for t in failed):
            status = "not implemented"
        else:
            status = "failing"
        rows.append(Row(function, score, max_score, checks, failed, status))
    return rows


def title(result):
    """``Hidden checks`` when the result comes from hidden expected values, else ``Public checks``."""
    return "Hidden checks" if any(t.hidden for t in result.tests) else "Public checks"


def points(value):
    return f"{value:g}"
