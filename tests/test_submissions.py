"""Whole submissions through the whole pipeline (sandbox, hidden checks, hints).

tests/submissions/ holds correct solutions written in other styles (``correct_*.py``), which must get full
marks; tests/mistaken.py holds solutions with one typical mistake each (``bug_*.py``, written as edits of
one correct file), which must lose points on the function they
break, keep full marks on every function whose checks never run it, and get a hint that names the mistake.
All of them are graded in one call, shared by the tests of this module.
"""
from pathlib import Path

import pytest

from autograder.check.expectations import ReferenceExpectations
from autograder.check.mistakes import mistakes_of
from autograder.check.scenarios import POINTS, SCENARIOS
from autograder.grade import Options, grade
from autograder.load import find_submissions

from mistaken import BUGS, write_buggy

SUBMISSIONS = Path(__file__).parent / "submissions"

#: bug file -> (the function it breaks, a word the hint of its failed checks must contain)
BUGGY = {
    "bug_model_ignores_bias": ("model", "bias is missing"),
    "bug_loss_sum_not_mean": ("loss_fn", "mean"),
    "bug_grad_sign_flipped": ("grad_fn", "sign"),
    "bug_grad_missing_factor_2": ("grad_fn", "factor 2"),
    "bug_grad_sum_not_mean": ("grad_fn", "N times too large"),
    "bug_gd_step_plus_sign": ("gd_step", "uphill"),
    "bug_gd_step_in_place": ("gd_step", "in place"),
    "bug_loop_loss_after_update": ("training_loop", "after the update"),
    "bug_loop_no_stop_on_inf": ("training_loop", "stop"),
    "bug_loop_one_epoch_short": ("training_loop", "n_epochs"),
    "bug_inverse_sqrt_off_by_one": ("inverse_sqrt_decay", "Off by one"),
    "bug_step_decay_float_division": ("step_decay", "integer division"),
    "bug_adagrad_not_squared": ("adagrad_step", "squared"),
    "bug_adagrad_not_kept": ("adagrad_step", "not kept"),
    "bug_adagrad_old_accumulator": ("adagrad_step", "old accumulator"),
    "bug_adagrad_in_place": ("adagrad_step", "in place"),
    "bug_standardize_wrong_axis": ("standardize", "axis"),
    "bug_standardize_ddof1": ("standardize", "ddof"),
    "bug_standardize_constant_nan": ("standardize", "NaN"),
    "bug_apply_refits_statistics": ("apply_standardization", "training `mean`"),
    "bug_critical_no_bias_column": ("critical_learning_rate", "bias column"),
    "bug_critical_sum_of_squares": ("critical_learning_rate", "1/N"),
    "bug_sgd_ignores_permutation": ("sgd_epoch", "permutation"),
    "bug_sgd_sequential_update": ("sgd_epoch", "same old"),
    "bug_loop_in_place": ("training_loop", "in place"),
    "bug_sgd_in_place": ("sgd_epoch", "in place"),
    "bug_standardize_in_place": ("standardize", "in place"),
}
CORRECT = sorted(p.stem for p in SUBMISSIONS.glob("correct_*.py"))

#: function -> functions with a check that runs it (itself included): the points a mistake in it may cost
AFFECTED = {f: {f} | {s.function for s in SCENARIOS if f in s.uses} for f in POINTS}

@pytest.fixture(scope="module")
def results(tmp_path_factory):
    buggy = tmp_path_factory.mktemp("buggy")
    write_buggy(buggy)
    graded = grade(find_submissions([SUBMISSIONS, buggy]), ReferenceExpectations(), Options(jobs=2))
    return {r.submission: r for r in graded}


def test_every_file_is_declared_and_graded(results):
    assert len(CORRECT) >= 6 and len(BUGGY) >= 12
    assert set(results) == set(CORRECT) | set(BUGGY) and set(BUGS) == set(BUGGY)
    for name, (function, _) in BUGGY.items():
        assert function in POINTS, name


@pytest.mark.parametrize("name", CORRECT)
def test_correct_variant_gets_full_marks(results, name):
    result = results[name]
    failed = {t.name: t.output for t in result.tests if t.status == "failed"}
    assert failed == {} and result.notes == []
    assert (result.score, result.max_score) == (47, 47)


@pytest.mark.parametrize("name", sorted(BUGGY))
def test_buggy_variant_loses_points_on_what_it_breaks_only(results, name):
    function, keyword = BUGGY[name]
    result = results[name]
    table = result.by_function()
    score, max_score, failed = table[function]
    assert score < max_score, f"{name}: {function} kept all its points"
    for other, (other_score, other_max, _) in table.items():
        if other not in AFFECTED[function]:
            assert other_score == other_max, f"{name}: {other} lost points, but none of its checks runs {function}"
    assert result.max_score == 47 and result.notes == []
    for test in failed:
        assert keyword in test.output, f"{name}: hint of {test.name!r} lacks {keyword!r}:\n{test.output}"


@pytest.mark.parametrize("name", sorted(BUGGY))
def test_checks_that_run_the_broken_function_blame_it(results, name):
    """A failed check of a correct function must point at the broken one, with the broken one's hint."""
    function, keyword = BUGGY[name]
    for test in results[name].tests:
        if test.status == "passed" or test.function == function:
            continue
        assert f"`{function}`" in test.output, (name, test.name, test.output)
        for own in mistakes_of((test.function,)):
            assert own.hint not in test.output, f"{name}: {test.name!r} blames the correct {test.function}"
        if f"This check runs your `{function}`:" in test.output:
            assert keyword in test.output, f"{name}: {test.name!r} names another mistake:\n{test.output}"
