"""Every check of the adaptive-optimizers assignment, declared once.

Local pytest (public seed, expected values shipped as data), the nbgrader cells and the CLI (hidden seed,
expected values from the reference) all read this list. Scenarios on the book's data or on the fixed
quadratic ignore ``rng``; randomized ones draw from it.

Tolerances: ``rtol = 1e-6`` accepts eps inside or outside the square root and Keras' folded bias correction
(gradients in the checks are never tiny, so eps hardly matters). Adam's run on the quadratic ends within 1e-6
of the minimum, where eps starts to matter (Keras' eps = 1e-7 moves checkpoint 50 by 1.6e-6 relative): it
compares with ``rtol = 1e-5``, far below any declared mistake. The RMSProp run on the raw data stops at 300
steps: later it passes through a phase that amplifies rounding (eps inside the root changes b by 1e-3 at step
1000) and ends in a two-point cycle around the fit whose phase any such difference can flip. Every declared
mistake is off by far more than the tolerance (a test proves both).
"""
import numpy as np

from autograder.check.scenario import Scenario

from .data import A, BOOK_GRADIENT, START, T_C, T_U, THETA0, away_from_zero, random_curvatures, random_gradients, \
    random_readings


def _call(function, *args):
    return {"function": function, "args": list(args)}


def _values(function, what, build, points, hint, compare, **extra):
    return Scenario(function, what, "call", build, compare, points, hint, **extra)


def _unchanged(function, build, points):
    return Scenario(function, "leaves its inputs unchanged", "call", build, ("modified_inputs",), points,
                    f"`{function}` changed an argument in place (e.g. `params -= ...` or `velocity *= ...`); "
                    "compute new arrays instead, because the caller still needs the old values.",
                    is_property=True)


def _random_quadratic(rng):
    n = int(rng.integers(3, 6))
    return _call("quadratic_grad", rng.normal(0.0, 2.0, n), random_curvatures(rng, n))


def _random_thermometer(rng):
    t_u, t_c = random_readings(rng, 13)
    return _call("thermometer_grad", np.array([rng.normal(0.5, 0.3), rng.normal(-10.0, 5.0)]), t_u, t_c)


def _random_momentum(rng):
    return _call("momentum_step", rng.normal(0, 2, 2), away_from_zero(rng, 1.0, 2), away_from_zero(rng, 1.0, 2),
                 float(rng.uniform(0.01, 0.2)), float(rng.uniform(0.5, 0.95)))


def _random_rmsprop(rng):
    return _call("rmsprop_step", rng.normal(0, 2, 2), away_from_zero(rng, 1.0, 2), rng.uniform(0.5, 3.0, 2),
                 float(rng.uniform(0.01, 0.2)), float(rng.uniform(0.8, 0.99)), 1e-8)


def _random_adam(rng):
    t = int(rng.integers(2, 20))
    return _call("adam_step", rng.normal(0, 2, 2), away_from_zero(rng, 1.0, 2), away_from_zero(rng, 0.3, 2),
                 rng.uniform(0.2, 2.0, 2) * (1 - 0.999 ** (t - 1)), t, float(rng.uniform(0.01, 0.2)))


def _steps(optimizer, hyper, n_steps=6):
    def build(rng):
        return {"optimizer": optimizer, "params": rng.normal(0, 2, 2), "grads": random_gradients(rng, n_steps, 2),
                "learning_rate": float(rng.uniform(0.01, 0.1)), "hyper": list(hyper(rng)),
                "checkpoints": list(range(1, n_steps + 1))}

    return build


def _critical(rng):
    return _call("momentum_critical_learning_rate", random_curvatures(rng, int(rng.integers(2, 6))),
                 float(rng.uniform(0.0, 0.95)))


# Fallback hints point at what to check; they do not spell out the reference (a test keeps them so).
QUADRATIC_HINT = "Differentiate `a_i / 2 * theta_i ** 2` with respect to `theta_i`, one coordinate at a time."
THERMOMETER_HINT = ("The gradient of the mean of `(w * t_u + b - t_c) ** 2` by the chain rule: dt_p/dw = t_u, "
                    "dt_p/db = 1; return `[dL/dw, dL/db]`.")
MOMENTUM_HINT = ("The velocity decays by `momentum` and collects the new gradient; the step is the velocity "
                 "scaled by the learning rate, against the gradient.")
CRITICAL_HINT = ("Along one curvature `a`, heavy-ball momentum is stable while `learning_rate * a` stays below "
                 "`2 (1 + momentum)`; the stiffest direction decides.")
RMSPROP_HINT = ("RMSProp keeps a leaky average of squared gradients (weight `alpha` on the old average) and "
                "divides each parameter's step by the root of its own average (plus eps).")
ADAM_HINT = ("Adam keeps two leaky averages, of the gradient (`beta1`) and of its square (`beta2`), corrects "
             "both for their start at zero (with `t` counted from 1) and steps by their ratio.")

SCENARIOS = (
    # Part 1: gradients to descend ---------------------------------------------------------------------------
    _values("quadratic_grad", "the quadratic with curvatures [1, 100] at [3, -2]",
            lambda rng: _call("quadratic_grad", THETA0, A), 1, QUADRATIC_HINT, ("grad_theta",)),
    _values("quadratic_grad", "random curvatures and point", _random_quadratic, 1.5, QUADRATIC_HINT,
            ("grad_theta",)),
    _unchanged("quadratic_grad", _random_quadratic, 0.5),
    _values("thermometer_grad", "the book's data at (w, b) = (1, 0)",
            lambda rng: _call("thermometer_grad", START, T_U, T_C), 1.5, THERMOMETER_HINT, ("grad",)),
    _values("thermometer_grad", "random readings and params", _random_thermometer, 2, THERMOMETER_HINT, ("grad",)),
    _unchanged("thermometer_grad", _random_thermometer, 0.5),
    # Part 2: momentum ---------------------------------------------------------------------------------------
    _values("momentum_step", "the first step from a zero velocity is a plain gradient step",
            lambda rng: _call("momentum_step", START, BOOK_GRADIENT, np.zeros(2), 1e-4, 0.9), 1, MOMENTUM_HINT,
            ("params",)),
    Scenario("momentum_step", "six steps on given gradients", "steps_run",
             _steps("momentum_step", lambda rng: [float(rng.uniform(0.5, 0.95))]), ("params_at_checkpoints",), 1.5,
             "From the second step on, the velocity carries the earlier gradients; " + MOMENTUM_HINT),
    Scenario("momentum_step", "converges on the quadratic at learning rate 0.03, above plain GD's limit 0.02",
             "quadratic_run",
             lambda rng: {"optimizer": "momentum_step", "a": A, "theta": THETA0, "learning_rate": 0.03,
                          "n_steps": 100, "checkpoints": [1, 2, 5, 10, 50, 100], "hyper": [0.9]},
             ("params_at_checkpoints",), 1.5,
             "With momentum 0.9, lr = 0.03 must converge on curvatures [1, 100]; " + MOMENTUM_HINT,
             uses=("quadratic_grad",)),
    _unchanged("momentum_step", _random_momentum, 1),
    _values("momentum_critical_learning_rate", "curvatures [1, 100] with momentum 0.9",
            lambda rng: _call("momentum_critical_learning_rate", A, 0.9), 1, CRITICAL_HINT,
            ("critical_learning_rate",)),
    _values("momentum_critical_learning_rate", "random curvatures and momentum", _critical, 1, CRITICAL_HINT,
            ("critical_learning_rate",)),
    Scenario("momentum_critical_learning_rate", "momentum converges just below it and diverges just above it",
             "momentum_critical_run",
             lambda rng: {"a": A, "theta": THETA0, "momentum": 0.9, "n_steps": 150, "factors": [0.9, 1.1]},
             ("critical_learning_rate", "diverged"), 1.5,
             "At 0.9 times the limit momentum must stay bounded and at 1.1 times it must blow up; " + CRITICAL_HINT,
             uses=("quadratic_grad", "momentum_step")),
    _unchanged("momentum_critical_learning_rate", _critical, 0.5),
    # Part 3: RMSProp ----------------------------------------------------------------------------------------
    _values("rmsprop_step", "the first step from a zero average, with the default alpha and eps",
            lambda rng: _call("rmsprop_step", START, BOOK_GRADIENT, np.zeros(2), 0.01), 1.5,
            "With alpha = 0.99 the first average is 1% of the squared gradient, so each parameter moves by "
            "10 times the learning rate; " + RMSPROP_HINT, ("params", "sq_avg")),
    _values("rmsprop_step", "one step on random inputs", _random_rmsprop, 1.5, RMSPROP_HINT, ("params", "sq_avg")),
    Scenario("rmsprop_step", "keeps moving on the raw data, where Adagrad's step has decayed", "thermometer_run",
             lambda rng: {"optimizer": "rmsprop_step", "t_u": T_U, "t_c": T_C, "params": START,
                          "learning_rate": 0.03, "n_steps": 300, "checkpoints": [1, 2, 10, 100, 300], "hyper": []},
             ("params_at_checkpoints",), 2,
             "After 300 steps at lr = 0.03 RMSProp should have b near -4.8 (Adagrad's is still near -0.7); "
             + RMSPROP_HINT, uses=("thermometer_grad",)),
    _unchanged("rmsprop_step", _random_rmsprop, 1),
    # Part 4: Adam -------------------------------------------------------------------------------------------
    _values("adam_step", "the first step moves each parameter by about learning_rate",
            lambda rng: _call("adam_step", START, BOOK_GRADIENT, np.zeros(2), np.zeros(2), 1, 0.1), 1.5,
            "At t = 1 the corrected averages are the gradient and its square, so each parameter moves by about "
            "the learning rate; " + ADAM_HINT, ("params", "m", "v")),
    _values("adam_step", "one step at a later t on random inputs", _random_adam, 1.5, ADAM_HINT, ("params", "m", "v")),
    Scenario("adam_step", "converges on the quadratic with curvatures [1, 100]", "quadratic_run",
             lambda rng: {"optimizer": "adam_step", "a": A, "theta": THETA0, "learning_rate": 0.1, "n_steps": 200,
                          "checkpoints": [1, 2, 5, 10, 50, 100, 200], "hyper": []},
             ("params_at_checkpoints",), 2, "At lr = 0.1 Adam should be near 0 after 200 steps; " + ADAM_HINT,
             uses=("quadratic_grad",), rtol=1e-5, atol=1e-8),
    _unchanged("adam_step", _random_adam, 1),
)
