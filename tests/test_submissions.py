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
from gd import mistakes_of
from gd import POINTS, SCENARIOS
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
    """Error carried forward: every other function keeps all its points, also those whose checks run the
    broken one."""
    function, keyword = BUGGY[name]
    result = results[name]
    table = result.by_function()
    score, max_score, failed = table[function]
    assert score < max_score, f"{name}: {function} kept all its points"
    lost = {other: other_max - other_score for other, (other_score, other_max, _) in table.items()
            if other != function and other_score != other_max}
    assert lost == {}, f"{name}: points lost on correct functions"
    assert result.max_score == 47 and result.notes == []
    for test in failed:
        if test.withheld:  # a property that held, scoring nothing while the numbers are wrong
            continue
        assert keyword in test.output, f"{name}: hint of {test.name!r} lacks {keyword!r}:\n{test.output}"
    assert any(not t.withheld for t in failed)


@pytest.mark.parametrize("name", sorted(BUGGY))
def test_checks_that_run_the_broken_function_say_where_the_difference_comes_from(results, name):
    """A check of a correct function that runs the broken one keeps its points and names the broken one."""
    function, _ = BUGGY[name]
    for test in results[name].tests:
        if test.function == function or not test.carried_forward:
            continue
        assert test.status == "passed" and test.carried_forward == (function,), (name, test.name)
        assert test.output.startswith(f"`{test.function}` is right for correct versions of `{function}`"), test.output
        for own in mistakes_of((test.function,)):
            assert own.hint not in test.output, f"{name}: {test.name!r} blames the correct {test.function}"


def test_a_mistake_upstream_is_carried_forward_where_it_flows(results):
    """The checks that carry a grad_fn mistake forward are exactly those of the composites that call it."""
    carried = {t.function for t in results["bug_grad_sign_flipped"].tests if t.carried_forward}
    assert carried == {"training_loop", "inverse_sqrt_decay", "step_decay", "adagrad_step", "standardize",
                       "critical_learning_rate"}
    in_place = [t for t in results["bug_gd_step_in_place"].tests if t.function == "training_loop"]
    assert all(t.status == "passed" for t in in_place)


def test_the_reports_say_where_a_carried_forward_check_got_its_points(results):
    from autograder.report.rows import function_rows
    from autograder.report.table import submission_table

    result = results["bug_grad_sign_flipped"]
    loop = next(row for row in function_rows(result) if row.function == "training_loop")
    assert loop.status_text == "passed (right for correct `grad_fn`)"
    table = submission_table(result)
    assert "training_loop                 8/8   ok (right for correct `grad_fn`: error carried forward)" in table
