"""The reference reproduces the numbers of the source texts (shared/domain-facts.md), and the declared mistakes
match their wrong implementations one to one, each caught and named by at least one check of its function."""
import numpy as np
import pytest

import solutions.gradient_descent.reference as ref
from autograder.check.compare import compare
from gd import START, T_C, T_U
from autograder.check.expectations import PublicExpectations, ReferenceExpectations, _decode
from gd import MISTAKES
from gd import PUBLIC_SEED
from gd import SCENARIOS
from gd import public_data_path
from gd import FUNCTIONS
from solutions.gradient_descent import hidden
from solutions.gradient_descent.mistakes import IMPLEMENTATIONS


def train(n_epochs, learning_rate, t_u=T_U):
    with np.errstate(over="ignore", invalid="ignore"):
        return ref.training_loop(n_epochs, learning_rate, START, t_u, T_C)


def test_learning_rate_1e_2_blows_up_and_stops_at_the_first_inf_epoch_88():
    params, losses = train(200, 1e-2)
    # exactly 19402.73 / 11 = 1763.8845455 in float64; 1763.884644 is the book's float32 print
    assert losses[0] == pytest.approx(1763.884644, rel=1e-7)
    assert losses[1] == pytest.approx(5802485.5, rel=1e-6)
    assert losses[2] == pytest.approx(1.94e10, rel=1e-3)
    assert losses[3] / losses[2] == pytest.approx(57.8 ** 2, rel=1e-2)  # the params grow x57.8 per epoch
    assert len(losses) == 88 and np.isinf(losses[-1]) and np.isfinite(losses[:-1]).all()
    assert np.isfinite(params).all()


def test_learning_rate_1e_4_is_stable_but_slow():
    params, losses = train(100, 1e-4)
    assert len(losses) == 100
    np.testing.assert_allclose(params, [0.2327, -0.0438], atol=5e-5)
    # float64 gives 29.0226683; the book's float32 prints 29.022669
    assert losses[-1] == pytest.approx(29.022669, abs=2e-6)


def test_normalized_input_converges_to_the_least_squares_line():
    params, losses = train(5000, 1e-2, 0.1 * T_U)
    np.testing.assert_allclose(params, [5.3671, -17.3012], atol=5e-5)
    # float64 gives 2.9276467; the book's float32 prints 2.927648
    assert losses[-1] == pytest.approx(2.927648, abs=2e-6)
    w, b = np.linalg.lstsq(np.column_stack([T_U, np.ones_like(T_U)]), T_C, rcond=None)[0]
    assert (w, b) == pytest.approx((0.536772, -17.304786), abs=1e-6)
    assert ref.loss_fn(ref.model(T_U, w, b), T_C) == pytest.approx(2.927646, abs=1e-6)


def test_one_step_at_1e_4_from_the_start():
    t_p = ref.model(T_U, *START)
    grad = ref.grad_fn(T_U, T_C, t_p, *START)
    np.testing.assert_allclose(grad, [4517.29636364, 82.6], rtol=1e-9)
    np.testing.assert_allclose(ref.gd_step(START, grad, 1e-4), [0.548270, -0.008260], atol=5e-7)


def test_critical_learning_rates_and_conditioning():
    standardized = ref.standardize(T_U.reshape(-1, 1))[0][:, 0]
    assert ref.critical_learning_rate(T_U) == pytest.approx(3.3994e-4, rel=1e-4)
    assert ref.critical_learning_rate(0.1 * T_U) == pytest.approx(0.032978, rel=1e-5)
    assert ref.critical_learning_rate(standardized) == pytest.approx(1.0, rel=1e-12)
    for t_u, lambda_max, condition in [(T_U, 5883.42, 33599), (0.1 * T_U, 60.646, 357), (standardized, 2, 1)]:
        X = np.column_stack([t_u, np.ones_like(t_u)])
        eigenvalues = np.linalg.eigvalsh(2 / len(t_u) * X.T @ X)
        assert eigenvalues[-1] == pytest.approx(lambda_max, rel=1e-5)
        assert eigenvalues[-1] / eigenvalues[0] == pytest.approx(condition, rel=1e-4)


def test_the_critical_rate_separates_convergence_from_divergence():
    limit = ref.critical_learning_rate(T_U)
    _, below = train(3000, 0.99 * limit)
    _, above = train(3000, 1.01 * limit)
    assert np.isfinite(below).all() and below[-1] < below[0]
    assert not np.isfinite(above[-1]) or above[-1] > 1e10


def test_adagrad_first_step_moves_each_parameter_by_lr_and_converges_on_raw_data():
    params, acc = START, np.zeros(2)
    for step in range(5000):
        grad = ref.grad_fn(T_U, T_C, ref.model(T_U, *params), *params)
        new_params, acc = ref.adagrad_step(params, grad, acc, 1.0)
        if step == 0:
            np.testing.assert_allclose(np.abs(new_params - params), [1.0, 1.0], rtol=1e-9)
        params = new_params
    np.testing.assert_allclose(params, [0.53673, -17.3025], atol=5e-5)
    assert ref.loss_fn(ref.model(T_U, *params), T_C) == pytest.approx(2.927646, abs=1e-6)


def test_schedules_standardization_and_sgd_follow_the_conventions():
    assert [ref.inverse_sqrt_decay(0.5, t) for t in (0, 3)] == [0.5, 0.25]
    assert [ref.step_decay(0.8, t, 0.5, 3) for t in (0, 2, 3, 6)] == [0.8, 0.8, 0.4, 0.2]
    X = np.column_stack([T_U, np.full_like(T_U, 7.0)])
    scaled, mean, std = ref.standardize(X)
    np.testing.assert_allclose(scaled[:, 0], (T_U - T_U.mean()) / T_U.std(ddof=0))
    assert (scaled[:, 1] == 0).all() and std[1] == 1.0 and mean[1] == 7.0
    # SGD: one permutation per epoch from the generator it is given
    a = ref.sgd_epoch(START, 0.1 * T_U, T_C, 1e-3, np.random.default_rng(5))
    b = ref.sgd_epoch(START, 0.1 * T_U, T_C, 1e-3, np.random.default_rng(5))
    np.testing.assert_array_equal(a, b)


def test_the_constant_column_checks_use_inputs_whose_std_is_exactly_0():
    """numpy's std of a constant column is not always 0 (e.g. 16 copies of 0.1 give about 1e-17): a check
    whose constant column had that would expect garbage instead of zeros. Guard both seeds in use."""
    scenario = next(s for s in SCENARIOS if s.what == "a constant column scales to 0, not NaN")
    for seed in (hidden.HIDDEN_SEED, PUBLIC_SEED):
        X = scenario.inputs(seed)["args"][0]
        assert (X.std(axis=0) == 0).sum() == 1, seed
        assert (ref.standardize(X)[0][:, X.std(axis=0) == 0] == 0).all()


# Declared mistakes ----------------------------------------------------------------------------------------

def test_every_declared_mistake_has_an_implementation_and_vice_versa():
    declared = [(m.function, m.name) for m in MISTAKES]
    assert len(declared) == len(set(declared)), "a mistake is declared twice"
    assert set(declared) == set(IMPLEMENTATIONS)
    for function, name in declared:
        assert function in FUNCTIONS, (function, name)
        assert callable(IMPLEMENTATIONS[(function, name)])


@pytest.fixture(scope="module", params=["hidden", "public"])
def expectations(request):
    if request.param == "hidden":
        return ReferenceExpectations()
    return PublicExpectations(public_data_path())


def test_every_mistake_is_caught_and_named_by_a_check_of_its_function(expectations):
    """For each mistake, some check of its own function fails on it, and of the mistakes that give the same
    numbers there it is the first one declared, so a student who makes it gets its hint."""
    named, caught = set(), set()
    for scenario in SCENARIOS:
        own = [(m, out) for m, out in expectations.mistakes(scenario) if m.function == scenario.function]
        for mistake, outputs in own:
            caught.add(mistake)
            first = next(m for m, o in own if compare(o, outputs, scenario.compare, scenario.rtol, scenario.atol) is None)
            if first == mistake:
                named.add(mistake)
    assert [m.name for m in MISTAKES if m not in caught] == []
    assert [m.name for m in MISTAKES if m not in named] == []


def test_each_mistake_substituted_into_the_reference_loses_points():
    """The end-to-end version, in the grader's process: the reference with one wrong function fails a check."""
    expectations = ReferenceExpectations(PUBLIC_SEED)
    for mistake in MISTAKES:
        namespace = expectations._with(mistake.function, IMPLEMENTATIONS[(mistake.function, mistake.name)])
        failed = []
        for scenario in (s for s in SCENARIOS if s.function == mistake.function):
            try:
                got = expectations._run(namespace, scenario)
            except Exception:  # noqa: BLE001 - a crash loses the points too
                failed.append(scenario.name)
                continue
            if compare(expectations.expected(scenario), _decode(got), scenario.compare, scenario.rtol,
                       scenario.atol) is not None:
                failed.append(scenario.name)
        assert failed, f"{mistake.function}.{mistake.name} passes every check of {mistake.function}"
