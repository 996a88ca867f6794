"""Cause notes: a failed check that runs other functions points at those failing their own checks."""
from autograder.check.evaluate import point_at_causes
from gd import SCENARIOS
from autograder.result import CheckResult

LOOP = next(s for s in SCENARIOS if s.function == "training_loop" and s.uses)


def failed(mistake=""):
    return CheckResult(LOOP.name, "training_loop", 0, LOOP.points, "Per epoch: ...", mistake=mistake)


def test_the_note_names_the_failing_functions_the_check_runs():
    result = point_at_causes(failed(), LOOP, {"grad_fn", "loss_fn", "sgd_epoch"})
    assert result.output.endswith("This check also runs your `loss_fn`, `grad_fn`, whose own checks fail: "
                                  "fix those first.")


def test_no_note_when_the_hint_already_blames_a_used_function_or_nothing_else_fails():
    assert "also runs" not in point_at_causes(failed("grad_fn.sign_flipped"), LOOP, {"grad_fn"}).output
    assert "also runs" not in point_at_causes(failed(), LOOP, {"training_loop"}).output
    own = point_at_causes(failed("training_loop.loss_after_update"), LOOP, {"grad_fn"})
    assert "also runs your `grad_fn`" in own.output
    passed = CheckResult(LOOP.name, "training_loop", LOOP.points, LOOP.points)
    assert point_at_causes(passed, LOOP, {"grad_fn"}).output == ""
