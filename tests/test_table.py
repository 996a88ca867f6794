"""The console table: per-function points and status, and what to fix, once per function."""
from autograder.report.table import class_summary, submission_table
from autograder.result import CheckResult, SubmissionResult


def result():
    stub = "Not implemented yet: `model` still raises NotImplementedError."
    return SubmissionResult("ann", "ann.py", notes=["cell 3 raised NameError"], tests=[
        CheckResult("model: a", "model", 0, 1, stub, failure="not_implemented"),
        CheckResult("model: b", "model", 0, 1, stub, failure="not_implemented"),
        CheckResult("loss_fn: a", "loss_fn", 1.5, 1.5),
        CheckResult("loss_fn: b", "loss_fn", 0, 1.5, "You summed the squared errors.\n`loss`: expected 1, got 11."),
    ])


def test_the_table_says_what_to_fix_once_per_function():
    text = submission_table(result())
    assert text.count("still raises NotImplementedError") == 0  # the row says it
    assert "   model                         0/2   not implemented yet" in text
    assert "   - loss_fn: b  [0/1.5 points]\n       You summed the squared errors.\n       `loss`: expected 1, got 11." in text
    assert "note: cell 3 raised NameError" in text and "1.5/5 points" in text
    assert "   loss_fn                     1.5/3   1 of 2 checks failing" in text


def test_class_summary_lists_each_submission_and_the_mean():
    text = class_summary([result(), result()])
    assert text.splitlines()[1].split() == ["ann", "1.5/5", "0", "1.5"]
    assert text.splitlines()[-1] == "2 submissions, mean 1.50/5"


def momentum_result(submission="mo"):
    """Two functions whose names agree on their first 9 characters, one of them 31 characters long."""
    return SubmissionResult(submission, f"{submission}.py", tests=[
        CheckResult("quadratic_grad: a", "quadratic_grad", 3, 3),
        CheckResult("momentum_step: a", "momentum_step", 0, 5, "You stepped uphill."),
        CheckResult("momentum_critical_learning_rate: a", "momentum_critical_learning_rate", 4, 4),
        CheckResult("momentum_critical_learning_rate: b", "momentum_critical_learning_rate", 0.5, 0.5),
    ])


def test_class_summary_headings_tell_functions_apart_and_stay_over_their_column():
    text = class_summary([momentum_result("ann"), momentum_result("bartholomew")])
    header, *rows, _ = text.splitlines()
    assert "moment moment" not in header
    headings = header.split()[2:]
    assert headings == ["quadra", "momentum_s", "momentum_c"]
    # every number ends where its heading ends
    ends = [header.index(h) + len(h) for h in headings]
    for row in rows:
        assert [row.rindex(cell, 0, end) + len(cell) for cell, end in zip(row.split()[2:], ends)] == ends, row
    assert rows[1].split() == ["bartholomew", "7.5/12.5", "3", "0", "4.5"]


def test_class_summary_headings_of_the_first_assignment_are_unchanged():
    from autograder.report.table import column_headings
    from gd import FUNCTIONS

    assert column_headings(FUNCTIONS) == {f: f[:6] for f in FUNCTIONS}
    # a name that is the start of another keeps its own heading
    assert column_headings(["step", "step_decay", "momentum", "momentum_step"]) == {
        "step": "step", "step_decay": "step_d", "momentum": "momentum", "momentum_step": "momentum_"}


def test_points_tables_keep_their_columns_with_a_long_function_name():
    from autograder.report.story import table_lines

    result = momentum_result()
    lines = table_lines(result)
    assert len(lines) == 3 and lines[2].startswith("  momentum_critical_learning_rate  ")
    assert len({line.index(" / ") for line in lines}) == 1, "\n".join(lines)
    statuses = ("ok", "1 of 1 checks failing", "ok")
    assert len({line.index(status, 33) for line, status in zip(lines, statuses)}) == 1, "\n".join(lines)
    table = submission_table(result).splitlines()
    start = next(i for i, line in enumerate(table) if line.startswith("   function"))
    rows = table[start:start + 4]
    # the points, right-aligned, end where the heading "points" ends; the statuses start in one column
    ends = {line.index(line.split()[1], 3 + len(line.split()[0])) + len(line.split()[1]) for line in rows}
    assert len(ends) == 1, "\n".join(rows)
    assert len({line.index(line.split()[2], min(ends)) for line in rows}) == 1, "\n".join(rows)
