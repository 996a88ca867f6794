"""What the class got wrong: the named causes of failed checks, ranked by how many submissions show each.

A cause is a declared mistake (:mod:`autograder.check.mistakes`) whose numbers the student's matched. The
grader records it on the check as ``"<function>.<mistake>"``; :func:`cause_of` is the only place that reads
it, so a richer diagnosis only has to change that function. A submission counts once per cause however many
of its checks show it, and a cause carried into other functions' checks still counts for the function that
has it.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field


def cause_of(check):
    """The named cause of a failed check (``"<function>.<mistake>"``), or None when none was recognised."""
    if check.status != "failed":
        return None
    return getattr(check, "mistake", "") or None


@dataclass
class Cause:
    key: str  # "<function>.<mistake>"
    submissions: list = field(default_factory=list)  # names, in the class's order

    @property
    def function(self):
        return self.key.partition(".")[0]

    @property
    def mistake(self):
        return self.key.partition(".")[2]

    @property
    def hint(self):
        declared = _declared().get(self.key)
        return declared.hint if declared is not None else ""

    @property
    def summary(self):
        """The hint's first clause ("The factor 2 is missing"), or the mistake's name in words."""
        if not self.hint:
            return self.mistake.replace("_", " ")
        return re.split(r"[:;]\s|\.\s|\.$", self.hint, maxsplit=1)[0]

    @property
    def count(self):
        return len(self.submissions)


def _declared():
    """``{"<function>.<mistake>": Mistake}`` of every assignment, in declaration order."""
    from ..assignment import all_assignments

    return {f"{m.function}.{m.name}": m for a in all_assignments() for m in a.mistakes}


def rank(results):
    """Causes found in ``results`` (SubmissionResults), most frequent first; ties in declaration order."""
    order = {key: index for index, key in enumerate(_declared())}
    causes = {}
    for result in results:
        for key in dict.fromkeys(cause_of(t) for t in result.tests):
            if key:
                causes.setdefault(key, Cause(key)).submissions.append(result.submission)
    return sorted(causes.values(), key=lambda c: (-c.count, order.get(c.key, len(order)), c.key))


def names(cause, limit=6):
    """Who made it, shortened for a line of text: ``ann, ben, ... and 9 more``."""
    shown = cause.submissions[:limit]
    more = cause.count - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more else "")


def text(causes, total):
    """The console's lines: ``  11 of 40  my_function: The factor 2 is missing  (ann, ben, ...)``."""
    if not causes:
        return ["No failure was recognised as a known mistake."]
    width = len(str(total))
    lines = ["Most common mistakes (submissions that made each):"]
    for cause in causes:
        lines.append(f"  {cause.count:>{width}} of {total}  {cause.function}: {cause.summary}  ({names(cause)})")
    return lines


def render_csv(causes, total):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["rank", "function", "mistake", "cause", "submissions", "share", "who"])
    for index, cause in enumerate(causes, start=1):
        writer.writerow([index, cause.function, cause.mistake, cause.summary, cause.count,
                         f"{cause.count / total:.3f}" if total else "", " ".join(cause.submissions)])
    return out.getvalue()
