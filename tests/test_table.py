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
