"""Hints on the adaptive-optimizers assignment that name the mistake from evidence, not from declared mistakes.

Each case is ``correct_vectorized.py`` with one slip that no declared mistake reproduces, graded whole by the
real grader (sandboxed worker, reference expectations, probes). The assertions check the evidence each hint
must carry (which returned value is misplaced, which argument a value uses in place of another, the factor a
limit is off by, which changed input should not matter), that the slip costs points on its own function only,
and that no hint names a factor or mix-up the numbers do not imply.
"""
from pathlib import Path

import numpy as np
import pytest

from autograder.check.expectations import ReferenceExpectations
from autograder.check.relations import Observation, elementwise_factor, find_factor
from autograder.grade import Options, grade
from autograder.load import find_submissions

BASE = (Path(__file__).parent / "correct_vectorized.py").read_text()

#: name -> ((old, new) edit of the correct file, function, phrases its first failed check's hint must contain)
CASES = {
    "momentum_returns_swapped": (
        ("return params - learning_rate * velocity, velocity", "return velocity, params - learning_rate * velocity"),
        "momentum_step", ["`params` and `velocity` are swapped"]),
    "adam_v_with_beta1": (
        ("v = beta2 * v + (1 - beta2) * grad ** 2", "v = beta1 * v + (1 - beta1) * grad ** 2"),
        "adam_step", ["`m` is right", "for `v`, `beta1` is used where `beta2` belongs"]),
    "critical_divides_by_one_plus_mu": (
        ("return 2 * (1 + momentum) / np.max(a)", "return 2 / ((1 + momentum) * np.max(a))"),
        "momentum_critical_learning_rate", ["1/(1 + momentum)**2 times the expected",
                                            "a division by `1 + momentum` where a multiplication belongs"]),
    "rmsprop_abs_grad": (
        ("sq_avg = alpha * sq_avg + (1 - alpha) * grad ** 2", "sq_avg = alpha * sq_avg + (1 - alpha) * np.abs(grad)"),
        "rmsprop_step", ["the change of `sq_avg`: `1/|grad|` times the expected", "where `|grad|` is not 1"]),
    "momentum_nesterov": (
        ("return params - learning_rate * velocity, velocity",
         "return params - learning_rate * (grad + momentum * velocity), velocity"),
        "momentum_step", ["Changing `momentum` from 0.9 to 0.5 with a zero velocity changes your `params`",
                          "(the step of `params`: (1 + momentum) times the expected)"]),
    "momentum_scales_the_new_gradient": (
        ("velocity = momentum * velocity + grad", "velocity = momentum * (velocity + grad)"),
        "momentum_step", ["a zero velocity, where the step is a plain gradient step (the step of `params`: momentum "
                          "times the expected)", "`momentum = 0`, where the velocity is forgotten (yours leaves "
                          "`params` unchanged)"]),
    "adam_v_not_corrected": (
        ("v_hat = v / (1 - beta2 ** t)", "v_hat = v"),
        "adam_step", ["`m` and `v` are right; `params` is not",
                      "Changing `beta2` from 0.999 to 0.99 at the first step changes your `params`"]),
    "adam_raw_gradient_in_step": (
        ("learning_rate * m_hat /", "learning_rate * grad /"),
        "adam_step", ["`grad = 0` with non-zero averages, which still move `params` (yours leaves `params` unchanged)",
                      "your mistake disappears when `m` is just the gradient"]),
    "thermometer_without_b": (
        ("dloss_dtp = 2 * (w * t_u + b - t_c)", "dloss_dtp = 2 * (w * t_u - t_c)"),
        "thermometer_grad", ["exactly what is expected with `b = 0`"]),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("adaptive_diagnosis")
    for name, ((old, new), _, _) in CASES.items():
        assert BASE.count(old) == 1, name
        (folder / f"{name}.py").write_text(BASE.replace(old, new))
    results = grade(find_submissions([folder]), ReferenceExpectations(assignment="adaptive_optimizers"),
                    Options(jobs=2))
    return {r.submission: r for r in results}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_hint_names_the_slip_and_only_its_function_loses_points(graded, name):
    _, function, phrases = CASES[name]
    failed = [t for t in graded[name].tests if t.status == "failed"]
    assert failed and {t.function for t in failed} == {function}
    hint = failed[0].output
    missing = [p for p in phrases if p not in hint]
    assert not missing, hint


def test_no_mix_up_is_claimed_from_a_negligible_value(graded):
    """With the raw gradient in Adam's step, ``eps`` (1e-8) in place of ``beta1`` reproduces ``params`` on a
    probe: that only says the average's weight vanishes, so it is not told as a mix-up."""
    for test in graded["adam_raw_gradient_in_step"].tests:
        assert "`eps` is used where" not in test.output


def test_a_factor_of_one_plus_a_scalar_needs_two_values_of_it():
    expected = np.array([1.0, 4.0])
    one = Observation(expected, expected / 1.9 ** 2, 0, {"momentum": 0.9}, True)
    alone = find_factor([one])
    assert alone is None or "momentum" not in alone[0]
    other = Observation(expected, expected / 1.5 ** 2, 0, {"momentum": 0.5}, False)
    assert find_factor([one, other])[0] == "1/(1 + momentum)**2"


def test_an_absolute_value_where_a_square_belongs_is_an_entry_by_entry_factor():
    grad = np.array([3.0, -0.5])
    assert elementwise_factor(0.1 * grad ** 2, 0.1 * np.abs(grad), {"grad": grad}) == "1/|grad|"
    assert elementwise_factor(0.1 * grad ** 2, 0.3 * np.abs(grad), {"grad": grad}) is None
