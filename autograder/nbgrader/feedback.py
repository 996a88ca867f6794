"""Feedback that shows students which check failed and why, and nothing of the hidden tests.

nbgrader's default ``generate_feedback`` renders the autograded notebook as it ran, hidden tests included,
and a failing hidden test's traceback quotes them (nbgrader issue #917). :class:`HideHiddenTests` is
nbgrader's ``ClearHiddenTests`` for feedback: it removes the hidden-test regions from the sources and,
because the outputs could quote them as well, also from every output: a test cell's error shows only its
last line (``ename: evalue``), and any output line containing a hidden test's line is dropped (a student
cell could print the source of the cells that run after it with an IPython hook).
"""
from __future__ import annotations

from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests
from traitlets import List

#: placeholder for an output line that quoted a hidden test
REMOVED = "[hidden test line removed]"


class HideHiddenTests(ClearHiddenTests):
    # nbconvert configures this for its own classes; declaring it here keeps nbgrader from warning about it
    display_data_priority = List([]).tag(config=True)

    def preprocess(self, nb, resources):
        self._hidden_lines = set()
        for cell in nb.cells:
            self._hidden_lines.update(self._hidden_region_lines(cell.source))
        nb, resources = super().preprocess(nb, resources)
        return nb, resources

    def _hidden_region_lines(self, source):
        lines, inside = [], False
        for line in source.split("\n"):
            if self.begin_test_delimeter in line:
                inside = True
            elif self.end_test_delimeter in line:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
        return lines

    def _scrub(self, text):
        lines = text.split("\n")
        kept = [REMOVED if any(hidden in line for hidden in self._hidden_lines)
                or self.begin_test_delimeter in line or self.end_test_delimeter in line else line
                for line in lines]
        return "\n".join(kept)

    def _scrub_value(self, value):
        if isinstance(value, list):
            return [self._scrub(v) if isinstance(v, str) else v for v in value]
        return self._scrub(value) if isinstance(value, str) else value

    def preprocess_cell(self, cell, resources, index):
        cell, resources = super().preprocess_cell(cell, resources, index)
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                if utils.is_grade(cell):
                    output["traceback"] = [f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"]
                output["traceback"] = self._scrub_value(output.get("traceback", []))
                output["evalue"] = self._scrub_value(output.get("evalue", ""))
            elif kind == "stream":
                output["text"] = self._scrub_value(output.get("text", ""))
            elif kind in ("execute_result", "display_data"):
                data = output.get("data", {})
                for mime in list(data):
                    if mime.startswith("text/") or mime in ("application/javascript", "application/json"):
                        data[mime] = self._scrub_value(data[mime])
        return cell, resources
