"""Every check of the gradient-descent assignment, declared once.

Local pytest (public seed, expected values shipped as data), the nbgrader cells and the CLI (hidden seed,
expected values from the reference) all read this list. To add a check, append a :class:`Scenario`; the
README explains the rest.
"""
import numpy as np

from autograder.check.scenario import Scenario
from autograder.run.codec import Rng

from .data import START, T_C, T_U, random_readings, random_scaled_readings

#: the gradient of the book's loss at (w, b) = (1, 0), as printed in the book
BOOK_GRADIENT = np.array([4517.29636364, 82.6])


def _call(function, *args):
    return {"function": function, "args": list(args)}


def _values(function, what, build, points, hint, compare, **extra):
    return Scenario(function, what, "call", build, compare, points, hint, **extra)


def _unchanged(function, build, points, uses=()):
    return Scenario(function, "leaves its inputs unchanged", "call", build, ("modified_inputs",), points,
                    f"`{function}` changed an argument in place (e.g. `params -= ...`); compute a new array "
                    "instead (`params = params - ...`), because the caller still needs the old values.",
                    uses=uses, is_property=True)


def _random_adagrad(rng):
    return _call("adagrad_step", rng.normal(0, 3, 2), rng.normal(0, 2, 2), rng.uniform(0.5, 5.0, 2),
                 rng.uniform(0.05, 0.5))


def _random_matrix(rng, constant_column=False):
    # one small, one middling and one large spread, in random order: a std below 1 is as normal as above
    scales = rng.permutation([rng.uniform(0.05, 0.6), rng.uniform(0.6, 2.0), rng.uniform(2.0, 6.0)])
    X = rng.normal(rng.uniform(-5, 5, 3), scales, size=(int(rng.integers(15, 25)), 3))
    if constant_column:
        # an integer is summed exactly, so the column's std is exactly 0 whatever the seed
        X[:, int(rng.integers(0, 3))] = float(rng.integers(-3, 4))
    return X


def _new_data_and_stats(rng):
    X = _random_matrix(rng)
    X_new = rng.normal(0.0, 5.0, size=(6, 3))
    return _call("apply_standardization", X_new, X.mean(axis=0), X.std(axis=0))


# Fallback hints point at what to check; they do not spell out the reference (a test keeps them so).
GD_HINT = "Check the update rule against the lecture: a step against the gradient, scaled by the learning rate."
ADAGRAD_HINT = ("Adagrad first adds the squared gradient to the accumulator, then divides each parameter's step "
                "by the root of its own accumulator (plus eps).")
STD_HINT = "Standardize each column with its own mean and its population standard deviation."
SGD_HINT = ("Draw one permutation from `rng` per epoch and update `w` and `b` once per example, with the "
            "gradient of that example's squared error.")
CRITICAL_HINT = ("The limit is 2 over the largest eigenvalue of the Hessian of the mean squared error, with a "
                 "column of ones next to `t_u` for the bias.")
GRAD_HINT = ("Differentiate the mean of `(t_p - t_c) ** 2` with the chain rule (dt_p/dw = t_u, dt_p/db = 1) and "
             "return `[dL/dw, dL/db]`.")
LOOP_HINT = "Per epoch: predict, record the loss, compute the gradient, update; return `(params, losses)`."

SCENARIOS = (
    # Part 1: the update rule ------------------------------------------------------------------------------
    _values("model", "predictions on the book's data", lambda rng: _call("model", T_U, 0.5, -3.0), 0.75,
            "Return the predictions for the whole array at once.", ("t_p",)),
    _values("model", "predictions on random inputs",
            lambda rng: _call("model", rng.uniform(-50, 50, 7), rng.normal(), rng.normal()), 0.75,
            "Return the predictions for the whole array at once.", ("t_p",)),
    _unchanged("model", lambda rng: _call("model", rng.uniform(-50, 50, 7), rng.normal(), rng.normal()), 0.5),
    _values("loss_fn", "mean squared error on the book's data at (w, b) = (1, 0)",
            lambda rng: _call("loss_fn", T_U, T_C), 1.25,
            "The loss is the mean of the squared differences, a single float.", ("loss",)),
    _values("loss_fn", "mean squared error on random inputs",
            lambda rng: _call("loss_fn", rng.normal(0, 10, 9), rng.normal(0, 10, 9)), 1.25,
            "The loss is the mean of the squared differences, a single float.", ("loss",)),
    _unchanged("loss_fn", lambda rng: _call("loss_fn", rng.normal(0, 10, 9), rng.normal(0, 10, 9)), 0.5),
    _values("grad_fn", "gradient on the book's data at (w, b) = (1, 0)",
            lambda rng: _call("grad_fn", T_U, T_C, T_U, 1.0, 0.0), 2,
            GRAD_HINT, ("grad",)),
    _values("grad_fn", "gradient on the normalized input 0.1 * t_u",
            lambda rng: _call("grad_fn", 0.1 * T_U, T_C, 0.1 * T_U * 2.0 - 5.0, 2.0, -5.0), 1,
            GRAD_HINT, ("grad",)),
    _values("grad_fn", "gradient on random data",
            lambda rng: (lambda t_u, t_c, w, b: _call("grad_fn", t_u, t_c, w * t_u + b, w, b))(
                *random_readings(rng, 13), rng.normal(0.5, 0.3), rng.normal(-10, 5)), 1.5,
            GRAD_HINT, ("grad",)),
    _unchanged("grad_fn", lambda rng: (lambda t_u, t_c, w, b: _call("grad_fn", t_u, t_c, w * t_u + b, w, b))(
        *random_readings(rng, 13), rng.normal(0.5, 0.3), rng.normal(-10, 5)), 0.5),
    _values("gd_step", "one update from the book's start at learning rate 1e-4",
            lambda rng: _call("gd_step", START, BOOK_GRADIENT, 1e-4), 1, GD_HINT, ("params",)),
    _values("gd_step", "one update on random inputs",
            lambda rng: _call("gd_step", rng.normal(0, 2, 2), rng.normal(0, 50, 2), rng.uniform(1e-4, 1e-1)), 1,
            GD_HINT, ("params",)),
    _unchanged("gd_step", lambda rng: _call("gd_step", rng.normal(0, 2, 2), rng.normal(0, 5, 2), 0.1), 1),
    Scenario("training_loop", "100 epochs at learning rate 1e-4 on the raw data", "call",
             lambda rng: _call("training_loop", 100, 1e-4, START, T_U, T_C), ("losses", "params"), 2,
             LOOP_HINT,
             uses=("model", "loss_fn", "grad_fn", "gd_step")),
    Scenario("training_loop", "stops after the first inf loss at learning rate 1e-2", "call",
             lambda rng: _call("training_loop", 200, 1e-2, START, T_U, T_C), ("losses", "params"), 2,
             "At 1e-2 the loss overflows to inf at epoch 88: record that loss, then stop the loop.",
             uses=("model", "loss_fn", "grad_fn", "gd_step")),
    Scenario("training_loop", "300 epochs at learning rate 1e-2 on the normalized input", "call",
             lambda rng: _call("training_loop", 300, 1e-2, START, 0.1 * T_U, T_C), ("losses", "params"), 2,
             LOOP_HINT,
             uses=("model", "loss_fn", "grad_fn", "gd_step")),
    Scenario("training_loop", "random data", "call",
             lambda rng: _call("training_loop", int(rng.integers(20, 60)), 0.05, rng.normal(0, 1, 2),
                               *random_scaled_readings(rng, 12)), ("losses", "params"), 1,
             LOOP_HINT,
             uses=("model", "loss_fn", "grad_fn", "gd_step")),
    _unchanged("training_loop", lambda rng: _call("training_loop", 10, 0.05, rng.normal(0, 1, 2),
                                                   *random_scaled_readings(rng, 12)), 1,
               uses=("model", "loss_fn", "grad_fn", "gd_step")),
    # Part 2: learning-rate decay -----------------------------------------------------------------------
    Scenario("inverse_sqrt_decay", "rates for t = 0..9", "sweep",
             lambda rng: {"function": "inverse_sqrt_decay", "args": [float(rng.uniform(0.01, 1.0)), 0],
                          "vary": 1, "values": list(range(10))}, ("learning_rate",), 1,
             "The first update (t = 0) uses the full rate; later rates shrink with the square root of `t + 1`."),
    Scenario("inverse_sqrt_decay", "damps a run that oscillates at a constant rate", "gd_run",
             lambda rng: {"t_u": T_U, "t_c": T_C, "params": START, "learning_rate": 5e-4, "n_epochs": 60,
                          "schedule": "inverse_sqrt_decay"}, ("diverged", "params_history"), 1,
             "Decayed rates should tame lr = 5e-4 (above the raw data's limit 3.4e-4).",
             uses=("model", "grad_fn", "gd_step")),
    Scenario("step_decay", "rates for t = 0..11", "sweep",
             lambda rng: {"function": "step_decay",
                          "args": [float(rng.uniform(0.01, 1.0)), 0, float(rng.uniform(0.2, 0.8)),
                                   int(rng.integers(2, 5))],
                          "vary": 1, "values": list(range(12))}, ("learning_rate",), 1,
             "The rate stays constant for `every` steps, then is multiplied by `drop`, and so on."),
    Scenario("step_decay", "damps a run that oscillates at a constant rate", "gd_run",
             lambda rng: {"t_u": T_U, "t_c": T_C, "params": START, "learning_rate": 5e-4, "n_epochs": 60,
                          "schedule": "step_decay", "schedule_args": [0.6, 3]}, ("diverged", "params_history"), 1,
             "Multiplying the rate by 0.6 every 3 steps should tame lr = 5e-4.",
             uses=("model", "grad_fn", "gd_step")),
    # Part 3: Adagrad -----------------------------------------------------------------------------------
    _values("adagrad_step", "first step from a zero accumulator moves each parameter by learning_rate",
            lambda rng: _call("adagrad_step", START, BOOK_GRADIENT, np.zeros(2), 1.0), 1.5, ADAGRAD_HINT,
            ("params", "sum_sq_grad")),
    _values("adagrad_step", "one step on random inputs", _random_adagrad, 1.5, ADAGRAD_HINT,
            ("params", "sum_sq_grad")),
    Scenario("adagrad_step", "converges on the raw data where plain GD crawls", "adagrad_run",
             lambda rng: {"t_u": T_U, "t_c": T_C, "params": START, "learning_rate": 1.0, "n_steps": 3000,
                          "checkpoints": [1, 10, 100, 1000, 3000]}, ("params_at_checkpoints", "params"), 2,
             "With lr = 1 Adagrad should reach w = 0.5367, b = -17.30 in 3000 steps; " + ADAGRAD_HINT,
             uses=("model", "grad_fn")),
    _unchanged("adagrad_step", _random_adagrad, 1),
    # Part 4: standardization ---------------------------------------------------------------------------
    _values("standardize", "the book's t_u as one column", lambda rng: _call("standardize", T_U.reshape(-1, 1)),
            1, STD_HINT, ("X_scaled", "mean", "std")),
    _values("standardize", "a random matrix, per column", lambda rng: _call("standardize", _random_matrix(rng)),
            1, STD_HINT, ("X_scaled", "mean", "std")),
    _values("standardize", "a constant column scales to 0, not NaN",
            lambda rng: _call("standardize", _random_matrix(rng, constant_column=True)), 1,
            "A constant column has std 0: give it a std of 1 instead, so that it becomes 0 rather than NaN.",
            ("X_scaled", "mean", "std")),
    Scenario("standardize", "lets plain GD converge at learning rate 0.5", "standardized_gd_run",
             lambda rng: {"t_u": T_U, "t_c": T_C, "params": START, "learning_rate": 0.5, "n_epochs": 60},
             ("diverged", "params"), 1,
             "On standardized input the Hessian is 2 I, so lr = 0.5 converges in a few dozen epochs; " + STD_HINT,
             uses=("model", "grad_fn", "gd_step")),
    _unchanged("standardize", lambda rng: _call("standardize", _random_matrix(rng)), 1),
    _values("apply_standardization", "scales new data with the training statistics", _new_data_and_stats, 0.75,
            "Scale with the `mean` and `std` passed in (the training statistics), not new ones.", ("X_scaled",)),
    _values("apply_standardization", "scales new readings with the book's statistics",
            lambda rng: _call("apply_standardization", np.array([[20.0], [45.0], [90.0]]),
                              T_U.reshape(-1, 1).mean(axis=0), T_U.reshape(-1, 1).std(axis=0)), 0.75,
            "Scale with the `mean` and `std` passed in (the training statistics), not new ones.", ("X_scaled",)),
    _unchanged("apply_standardization", _new_data_and_stats, 0.5),
    # Part 5: stability and SGD -------------------------------------------------------------------------
    _values("critical_learning_rate", "the raw t_u", lambda rng: _call("critical_learning_rate", T_U), 1,
            CRITICAL_HINT, ("critical_learning_rate",)),
    _values("critical_learning_rate", "the normalized input 0.1 * t_u",
            lambda rng: _call("critical_learning_rate", 0.1 * T_U), 1, CRITICAL_HINT, ("critical_learning_rate",)),
    _values("critical_learning_rate", "random readings",
            lambda rng: _call("critical_learning_rate", random_readings(rng, 10)[0] * rng.uniform(0.05, 2.0)), 0.5,
            CRITICAL_HINT, ("critical_learning_rate",)),
    Scenario("critical_learning_rate", "GD converges just below it and diverges just above it", "critical_run",
             lambda rng: {"t_u": T_U, "t_c": T_C, "params": START, "n_epochs": 150, "factors": [0.9, 1.1]},
             ("critical_learning_rate", "diverged"), 1,
             "At 0.9 times the limit GD must stay bounded and at 1.1 times it must blow up; " + CRITICAL_HINT,
             uses=("model", "grad_fn", "gd_step")),
    _unchanged("critical_learning_rate",
               lambda rng: _call("critical_learning_rate", random_readings(rng, 10)[0] * rng.uniform(0.05, 2.0)), 0.5),
    _values("sgd_epoch", "one epoch on the normalized book data",
            lambda rng: _call("sgd_epoch", START, 0.1 * T_U, T_C, 1e-3, Rng(0)), 2, SGD_HINT, ("params",)),
    _values("sgd_epoch", "one epoch on random data",
            lambda rng: _call("sgd_epoch", rng.normal(0, 1, 2), *random_scaled_readings(rng, 9),
                              float(rng.uniform(0.01, 0.05)), Rng(int(rng.integers(0, 2**31)))),
            1, SGD_HINT, ("params",)),
    Scenario("sgd_epoch", "several epochs share one generator", "sgd_run",
             lambda rng: {"params": START, "t_u": 0.1 * T_U, "t_c": T_C, "learning_rate": 1e-3,
                          "seed": int(rng.integers(0, 2**31)), "n_epochs": 5}, ("params_history",), 1,
             "The epochs share one generator, so each epoch's permutation continues its stream. " + SGD_HINT),
    _unchanged("sgd_epoch", lambda rng: _call("sgd_epoch", rng.normal(0, 1, 2), *random_scaled_readings(rng, 9), 0.02,
                                              Rng(int(rng.integers(0, 2**31)))), 1),
)
