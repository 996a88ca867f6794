"""What the notebook's ``check()`` shows: a table in Jupyter, the same story as text elsewhere, the score for nbgrader.

:class:`CheckReport` is displayed (``IPython.display.display``): Jupyter renders its HTML table, a terminal
its text, and it carries the report as data (:data:`MIME`) for ``nbgrader-audit``, which must not parse
text. :class:`Score`, what ``check()`` returns, is the number nbgrader reads from a test cell's last value
(``text/plain`` must be a float), shown in Jupyter as the points it records rather than a bare ``Out: 21.0``.
"""
from __future__ import annotations

from html import escape
import re

from ..result import CheckResult, SubmissionResult
from .rows import function_rows, points
from .story import also, status, stories, table_lines, text_lines

#: the report as JSON in a notebook's outputs (display data of this type), read by the nbgrader audit
MIME = "application/vnd.gradient-descent.checks+json"

_CSS = {"passed": "#2e7d32", "failing": "#c62828", "not implemented": "#8d6e00"}


def from_json(report):
    """A :class:`CheckReport` from ``check-cells``' answer (``tests`` as dicts of :class:`CheckResult`
    fields)."""
    tests = [CheckResult.from_dict(t, hidden=bool(report.get("hidden"))) for t in report.get("tests", [])]
    result = SubmissionResult("notebook", "", tests, notes=list(report.get("notes", [])))
    shown = CheckReport(result, bool(report.get("hidden")), report.get("score", 0.0), report.get("max_score", 0.0))
    shown.footer = [str(report["isolation"])] if report.get("isolation") else []  # the sandbox's level, when told
    return shown


def _code(text):
    return re.sub(r"`([^`\n]+)`", r"<code>\1</code>", escape(text))


class CheckReport:
    """One ``check()`` call's outcome, rendered for whoever displays it."""

    def __init__(self, result, hidden, score, max_score, footer=()):
        self.result, self.hidden = result, hidden
        self.score, self.max_score = score, max_score
        #: lines shown after the total
        self.footer = list(footer)

    @property
    def kind(self):
        return "Hidden checks" if self.hidden else "Checks"

    def text(self):
        lines = [f"note: {note}" for note in self.result.notes]
        lines += text_lines(self.result)
        if self.result.tests:
            lines += table_lines(self.result)
        lines.append(f"{self.kind}: {points(self.score)} / {points(self.max_score)} points")
        return "\n".join(lines + self.footer)

    def __repr__(self):
        return self.text()

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.text())

    def _repr_html_(self):
        cell = 'style="text-align:left;padding:.2rem .6rem;vertical-align:top"'
        parts = ['<div class="gd-checks">']
        parts += [f'<p style="background:#fff8e1;border-left:4px solid #f9a825;padding:.3rem .6rem">'
                  f"{_code(note)}</p>" for note in self.result.notes]
        told = {story.row.function: story for story in stories(self.result)}
        if self.result.tests:
            parts.append(f"<table><thead><tr><th {cell}>Function</th><th {cell}>Points</th>"
                         f"<th {cell}>Status</th></tr></thead><tbody>")
            for row in function_rows(self.result):
                color = _CSS["failing" if row.because_of else row.status]
                parts.append(f"<tr><td {cell}><code>{escape(row.function)}</code></td>"
                             f'<td {cell}>{points(row.score)} / {points(row.max_score)}</td>'
                             f'<td {cell}><span style="color:{color}">{_code(status(row))}</span></td></tr>')
                story = told.get(row.function)
                if story is not None:
                    parts.append(f'<tr><td {cell}></td><td colspan="2" {cell}>{self._story_html(story)}</td></tr>')
            parts.append("</tbody></table>")
        parts.append(f"<p><strong>{self.kind}: {points(self.score)} / {points(self.max_score)} points</strong></p>")
        parts += [f'<p style="color:#555">{escape(line)}</p>' for line in self.footer]
        parts.append("</div>")
        return "\n".join(parts)

    @staticmethod
    def _story_html(story):
        parts = []
        if story.first is not None:
            first = story.first
            parts.append(f"<strong>{escape(first.name)}</strong> ({points(first.score)} / "
                         f"{points(first.max_score)})")
            parts.append(f'<pre style="white-space:pre-wrap;margin:.2rem 0">{_code(first.output)}</pre>')
        parts += [f"<div>{_code(line)}</div>" for line in also(story)]
        return "\n".join(parts)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {MIME: self.to_json()}

    def to_json(self):
        return {"hidden": self.hidden, "score": self.score, "max_score": self.max_score, "notes": self.result.notes,
                "tests": [{"name": t.name, "function": t.function, "score": t.score, "max_score": t.max_score,
                           "status": t.status, "withheld": t.withheld} for t in self.result.tests]}


class Score(float):
    """The score ``check()`` returns: a float whose ``text/plain`` nbgrader reads as the test cell's partial
    credit, and which Jupyter shows as the points recorded."""

    def __new__(cls, value, max_score=0.0, kind="Checks"):
        score = super().__new__(cls, value)
        score.max_score, score.kind = max_score, kind
        return score

    def __repr__(self):
        return float.__repr__(self)

    def _repr_html_(self):
        return (f"<small>{escape(self.kind)}: {points(float(self))} / {points(self.max_score)} points "
                "(this cell's score)</small>")
