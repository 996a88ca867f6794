"""examples/ (what ``make demo`` grades) stays in sync with the assignment notebook and grades as described."""
import json
from pathlib import Path

import pytest

from autograder.check.expectations import ReferenceExpectations
from autograder.grade import Options, grade
from autograder.load import find_submissions
from gd import notebook_path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _is_answer_cell(cell):
    return cell["cell_type"] == "code" and (cell["metadata"].get("nbgrader") or {}).get("solution") is True


def test_untouched_stub_is_the_assignment_notebook():
    assert (EXAMPLES / "untouched_stub.ipynb").read_bytes() == notebook_path().read_bytes(), (
        "the assignment notebook changed: copy it to examples/untouched_stub.ipynb")


def test_ada_differs_from_the_assignment_only_in_answer_cells():
    assignment = json.loads(notebook_path().read_text())
    ada = json.loads((EXAMPLES / "ada_correct.ipynb").read_text())
    assert {k: v for k, v in ada.items() if k != "cells"} == {k: v for k, v in assignment.items() if k != "cells"}
    assert len(ada["cells"]) == len(assignment["cells"]), "cells were added or removed"
    answers = 0
    for theirs, ours in zip(assignment["cells"], ada["cells"]):
        if not _is_answer_cell(theirs):
            assert ours == theirs, f"cell {theirs.get('id')} differs from the assignment notebook"
            continue
        answers += 1
        assert {k: v for k, v in ours.items() if k != "source"} == {k: v for k, v in theirs.items() if k != "source"}
        source = "".join(ours["source"])
        assert "NotImplementedError" not in source and "YOUR CODE HERE" not in source, theirs["id"]
        # the signature line is the assignment's: only the body was written
        assert source.splitlines()[0] == "".join(theirs["source"]).splitlines()[0]
    assert answers == 12


def test_readme_describes_every_example_in_one_line():
    lines = (EXAMPLES / "README.md").read_text().splitlines()
    files = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".py", ".ipynb"))
    for name in files:
        assert sum(line.startswith(f"- `{name}`:") for line in lines) == 1, name
    assert 4 <= sum(name.endswith(".py") for name in files) <= 6


@pytest.fixture(scope="module")
def results():
    return {r.submission: r for r in grade(find_submissions([EXAMPLES]), ReferenceExpectations(), Options(jobs=2))}


def test_the_demo_class_grades_as_described(results):
    assert results["ada_correct"].score == 47 and results["untouched_stub"].score == 0
    for name, result in results.items():
        assert result.max_score == 47 and result.notes == [], name
        if name not in ("ada_correct", "untouched_stub"):
            failing = {t.function for t in result.tests if t.status == "failed"}
            assert 0 < result.score < 47 and 1 <= len(failing) <= 7, (name, result.score, failing)
    assert all("Not implemented yet" in t.output for t in results["untouched_stub"].tests)
