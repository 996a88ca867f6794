"""The outcome of grading: one :class:`CheckResult` per check, one :class:`SubmissionResult` per submission.

Formats (Gradescope JSON, console table, ...) read these; nothing here knows about any format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict

from .run.confine import Isolation


class CheckData(TypedDict, total=False):
    """A :class:`CheckResult` as JSON (``check-cells``' answer, the notebook's report data, results.json's
    ``extra_data``): what reports need, no evidence objects."""

    name: str
    function: str
    score: float
    max_score: float
    status: str
    output: str
    hidden: bool
    mistake: str
    carried_forward: list
    withheld: bool
    uses: list
    failure: str


@dataclass
class CheckResult:
    """One check: ``name`` is ``"<function>: <what is checked>"``; ``output`` is the hint when it failed."""

    name: str
    function: str
    score: float
    max_score: float
    output: str = ""
    hidden: bool = False
    #: ``"<function>.<mistake>"`` when the numbers matched a declared mistake, for later checks to reuse
    mistake: str = ""
    #: upstream functions this check was run with correct versions of, because the student's fail their own
    #: checks (error carried forward); the check passed that way, and ``output`` says so
    carried_forward: tuple = ()
    #: a property check (inputs left unchanged) that held but scores nothing while the function's value checks
    #: fail: it says nothing about where a mistake is
    withheld: bool = False
    #: the evidence behind the hint when no declared mistake matched (:class:`autograder.check.diagnose.Diagnosis`)
    diagnosis: object = None
    #: the student's outputs of this check, decoded (None when the code did not run); later checks of the same
    #: code use them as evidence, no report shows them
    got: object = field(default=None, repr=False, compare=False)
    #: the other functions the check runs (where a failure may come from), as its scenario declares them
    uses: tuple = ()
    #: why it failed, as data: ``"values"`` (wrong numbers or a changed input), or the worker's kind when the
    #: code did not run to the end (``"not_implemented"``, ``"missing"``, ``"contract"``, ``"exception"``,
    #: ``"timeout"``, ``"exit"``, ``"protocol"``, ``"crashed"``), ``"not_graded"``; ``""`` when it passed
    failure: str = ""

    @property
    def status(self):
        return "passed" if self.score >= self.max_score else "failed"

    @property
    def mistake_function(self):
        """The function whose declared mistake the numbers matched ("" when none did)."""
        return self.mistake.partition(".")[0]

    def to_dict(self) -> CheckData:
        return CheckData(name=self.name, function=self.function, score=self.score, max_score=self.max_score,
                         status=self.status, output=self.output, hidden=self.hidden, mistake=self.mistake,
                         carried_forward=list(self.carried_forward), withheld=self.withheld,
                         uses=list(self.uses), failure=self.failure)

    @classmethod
    def from_dict(cls, data: CheckData, hidden=None):
        """The inverse of :meth:`to_dict`; ``hidden`` overrides the stored flag (a report that says it)."""
        return cls(str(data["name"]), str(data["function"]), float(data["score"]), float(data["max_score"]),
                   str(data.get("output", "")), bool(data.get("hidden")) if hidden is None else hidden,
                   str(data.get("mistake", "")), tuple(data.get("carried_forward", ())), bool(data.get("withheld")),
                   uses=tuple(data.get("uses", ())), failure=str(data.get("failure", "")))


@dataclass
class SubmissionResult:
    submission: str
    path: str
    tests: list = field(default_factory=list)
    #: problems met while loading the code (a cell that raised, a syntax error), in the student's words
    notes: list = field(default_factory=list)
    #: the student's training runs for plots (:class:`autograder.check.curves.Curve`), when a report asked
    curves: list = field(default_factory=list)
    #: seconds spent grading it (loading, checks, curves), when known
    execution_time: float = None
    #: how the kernel confined the student's code; None when none of it ran (the file could not be read)
    isolation: Isolation = None
    #: the name of the assignment it was graded as ("" when unknown)
    assignment: str = ""

    @property
    def isolation_text(self):
        """``Isolation: full (Landlock ABI 7, seccomp, ...)``: the line every report shows."""
        if self.isolation is None:
            return "Isolation: no student code was run"
        return f"Isolation: {self.isolation.summary()}"

    @property
    def score(self):
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self):
        return round(sum(t.max_score for t in self.tests), 6)

    def by_function(self):
        """``{function: (score, max_score, [failed checks])}`` in contract order."""
        table = {}
        for test in self.tests:
            score, max_score, failed = table.get(test.function, (0.0, 0.0, []))
            table[test.function] = (score + test.score, max_score + test.max_score,
                                    failed + ([test] if test.status == "failed" else []))
        return table
