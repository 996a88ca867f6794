"""What every report shows per function: points, a status in words, and the first hint. No format here.

A function whose failed checks all run another function that fails on its own is reported as failing
*because of* that one: its row names the upstream function instead of repeating a hint. The public and the
hidden reports then tell the same story for one mistake, whichever inputs they used.
"""
from __future__ import annotations

from dataclasses import dataclass, field

@dataclass
class Row:
    function: str
    score: float
    max_score: float
    checks: int
    failed: list  # the failed CheckResults, in order
    status: str  # "passed", "not implemented", "failing"
    #: functions failing on their own that every failed check of this one runs (fix those first)
    because_of: list = field(default_factory=list)
    #: wrong functions of the student that this one's checks were rerun with correct versions of, and passed
    #: that way (error carried forward): its points are kept, the mistake is theirs
    carried_forward: list = field(default_factory=list)

    @property
    def status_text(self):
        if self.status == "passed" and self.carried_forward:
            return f"passed (right for correct {carried_text(self.carried_forward)})"
        if self.status == "passed":
            return "passed"
        if self.status == "not implemented":
            return "not implemented yet"
        return f"{len(self.failed)} of {self.checks} checks failing"

    @property
    def hint(self):
        """The first failed check's advice (its first line), the upstream function to fix, or ``""``."""
        if self.because_of:
            names = " and ".join(f"`{name}`" for name in self.because_of)
            return f"Fails because {names} fails: its checks run it. Fix {names} first."
        first = next((t for t in self.failed if not t.withheld), self.failed[0] if self.failed else None)
        return first.output.splitlines()[0] if first is not None and first.output else ""


def function_rows(result):
    rows = []
    failing_alone = []  # functions with a failed check that runs no failing function
    for function, (score, max_score, failed) in result.by_function().items():
        checks = sum(1 for t in result.tests if t.function == function)
        because_of = []
        if not failed:
            status = "passed"
        elif all(t.failure == "not_implemented" for t in failed):
            status = "not implemented"
        else:
            status = "failing"
        if failed:
            blamed = [[f for f in t.uses if f in failing_alone] for t in failed if not t.withheld]
            if status == "failing" and all(blamed):
                because_of = list(dict.fromkeys(f for names in blamed for f in names))
            else:
                failing_alone.append(function)
        carried = list(dict.fromkeys(f for t in result.tests if t.function == function for f in t.carried_forward))
        rows.append(Row(function, score, max_score, checks, failed, status, because_of, carried))
    return rows


def carried_text(functions):
    """The functions a check was rerun with correct versions of, in backticks: `f` and `g`."""
    return " and ".join(f"`{name}`" for name in functions)


def title(result):
    """``Hidden checks`` when the result comes from hidden expected values, else ``Public checks``."""
    return "Hidden checks" if any(t.hidden for t in result.tests) else "Public checks"


def points(value):
    return f"{value:g}"
