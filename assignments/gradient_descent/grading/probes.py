"""The gradient-descent assignment's probes: small calls that isolate one term of a function, run on a
failed function to locate its mistake.

Data only. Each probe is a call of one contract function on inputs chosen so that a single term matters
(``w = 0`` leaves only the bias, ``t_u = 0`` makes dL/dw vanish) or so that the right answer is known from a
property (with ``learning_rate = 0`` nothing moves). A probe with a ``base`` is a changed copy of that probe's
input (every error doubled, every example repeated): the diagnosis compares how the student's result
responds to the change with how the expected one does. Expected values come from the reference in the
grader and from the shipped data file on students' machines (``python -m autograder expected``); probes only
run when a check of their function has failed, so a passing submission pays nothing.
"""
import numpy as np

from autograder.check.probe import Probe
from autograder.run.codec import Rng


def _a(*values):
    return np.array(values, dtype=float)


# A small data set: three examples, errors 0.5, -1, 1 at (w, b) = (0.5, 1)
T_U3, T_C3, W3, B3 = _a(1, 2, 4), _a(1, 3, 2), 0.5, 1.0
T_P3 = W3 * T_U3 + B3
TWICE = np.tile  # every example repeated: a mean does not change, a sum doubles

PROBES = (
    Probe("model", "w0", "`w = 0`, where only the bias `b` is left", (T_U3, 0.0, 2.5), means="the bias term is right"),
    Probe("model", "b0", "`b = 0`, where only the term with `w` is left", (T_U3, 1.5, 0.0),
          means="the term with `w` is right"),
    Probe("model", "base", "`t_u = [1, 2, 4]`, `w = 1.5`, `b = 2.5`", (T_U3, 1.5, 2.5)),

    Probe("loss_fn", "base", "three examples with errors 1, -2 and 3", (_a(1.5, -1, 2), _a(0.5, 1, -1))),
    Probe("loss_fn", "one", "one example (`N = 1`) with error 3", (_a(4.0), _a(1.0)),
          means="a single example is right; the difference comes with several examples"),
    Probe("loss_fn", "cancel", "two errors that cancel (1 and -1), where the loss is 1", (_a(2, 0), _a(1, 1))),
    Probe("loss_fn", "perfect", "a perfect fit (`t_p = t_c`), where the loss is 0", (_a(0.5, 1, -1), _a(0.5, 1, -1))),
    Probe("loss_fn", "swapped", "swapping `t_p` and `t_c`", (_a(0.5, 1, -1), _a(1.5, -1, 2)), base="base"),
    Probe("loss_fn", "doubled", "doubling every error", (_a(2.5, -3, 5), _a(0.5, 1, -1)), base="base"),
    Probe("loss_fn", "repeated", "repeating every example twice",
          (TWICE(_a(1.5, -1, 2), 2), TWICE(_a(0.5, 1, -1), 2)), base="base"),

    Probe("grad_fn", "base", "three examples at `(w, b) = (0.5, 1)`", (T_U3, T_C3, T_P3, W3, B3)),
    Probe("grad_fn", "one", "one example (`N = 1`)", (_a(2.0), _a(1.0), _a(3.5), 1.5, 0.5),
          means="a single example is right; the difference comes with several examples"),
    Probe("grad_fn", "t_u0", "`t_u = 0`, where dL/dw must be 0",
          (_a(0, 0, 0), _a(0, 2, 3), _a(1, 1, 1), W3, B3)),
    Probe("grad_fn", "t_u1", "`t_u = 1`, where dL/dw must equal dL/db",
          (_a(1, 1, 1), _a(1, 3, 0), _a(1.5, 1.5, 1.5), W3, B3)),
    Probe("grad_fn", "perfect", "a perfect fit (`t_p = t_c`), where the gradient is 0",
          (T_U3, T_P3, T_P3, W3, B3)),
    Probe("grad_fn", "repeated", "repeating every example twice",
          (TWICE(T_U3, 2), TWICE(T_C3, 2), TWICE(T_P3, 2), W3, B3), base="base"),
    Probe("grad_fn", "other_t_p", "changing only the predictions `t_p` you are given",
          (T_U3, T_C3, T_P3 + 1, W3, B3), base="base"),
    Probe("grad_fn", "doubled", "doubling every error `t_p - t_c`",
          (T_U3, T_P3 - 2 * (T_P3 - T_C3), T_P3, W3, B3), base="base"),

    Probe("gd_step", "base", "`learning_rate = 0.1`", (_a(1, 2), _a(3, -4), 0.1)),
    Probe("gd_step", "lr0", "`learning_rate = 0`, where `params` must not change", (_a(1, 2), _a(3, -4), 0.0)),
    Probe("gd_step", "grad0", "`grad = 0`, where `params` must not change", (_a(1, 2), _a(0, 0), 0.1)),
    Probe("gd_step", "lr1", "`learning_rate = 1`", (_a(1, 2), _a(3, -4), 1.0)),

    # the schedules: at t = 0 the rate is learning_rate itself; two learning rates show a factor that follows it
    Probe("inverse_sqrt_decay", "t0", "`t = 0`, where the rate is `learning_rate` itself", (0.5, 0)),
    Probe("inverse_sqrt_decay", "lr1", "`learning_rate = 1` at `t = 3`", (1.0, 3)),
    Probe("step_decay", "t0", "`t = 0`, where the rate is `learning_rate` itself", (0.5, 0, 0.5, 2)),
    Probe("step_decay", "lr1", "`learning_rate = 1` at `t = 5` (`drop = 0.5`, `every = 2`)", (1.0, 5, 0.5, 2)),

    Probe("training_loop", "base", "3 epochs at `learning_rate = 0.1` on three examples",
          (3, 0.1, _a(W3, B3), T_U3, T_C3)),
    Probe("training_loop", "zero", "`n_epochs = 0`, where nothing is recorded or updated",
          (0, 0.1, _a(W3, B3), T_U3, T_C3)),
    Probe("training_loop", "one", "`n_epochs = 1`: one loss, one update", (1, 0.1, _a(W3, B3), T_U3, T_C3),
          means="a single epoch is right"),
    Probe("training_loop", "lr0", "`learning_rate = 0`, where every loss equals the first and `params` stay",
          (3, 0.0, _a(W3, B3), T_U3, T_C3)),

    # a sweep of t at another `every` than the checks': a shift of t must hold here too to be called one
    *(Probe("step_decay", f"every5_t{t}", f"`every = 5`, `t = {t}`", (1.0, t, 0.5, 5)) for t in range(12)),

    Probe("adagrad_step", "base", "an accumulator `[4, 9]` at `learning_rate = 0.1`",
          (_a(1, 2), _a(3, -0.5), _a(4, 9), 0.1)),
    Probe("adagrad_step", "zero", "a zero accumulator, where each parameter moves by `learning_rate`",
          (_a(1, 2), _a(3, -0.5), _a(0, 0), 0.1), means="a step from an empty accumulator is right"),
    Probe("adagrad_step", "grad0", "`grad = 0`, where nothing changes", (_a(1, 2), _a(0, 0), _a(4, 9), 0.1)),
    Probe("adagrad_step", "lr0", "`learning_rate = 0`, where `params` must not change",
          (_a(1, 2), _a(3, -0.5), _a(4, 9), 0.0)),

    Probe("standardize", "base", "a 4 x 3 matrix",
          (np.array([[1.0, 10, 0.5], [2, -2, 0.5], [3, 4, 1.5], [6, 0, -0.5]]),)),
    Probe("standardize", "shifted", "adding 10 to column 0 (`X_scaled` must not change)",
          (np.array([[11.0, 10, 0.5], [12, -2, 0.5], [13, 4, 1.5], [16, 0, -0.5]]),), base="base"),
    Probe("standardize", "scaled", "multiplying column 1 by 3 (`X_scaled` must not change)",
          (np.array([[1.0, 30, 0.5], [2, -6, 0.5], [3, 12, 1.5], [6, 0, -0.5]]),), base="base"),

    Probe("apply_standardization", "base", "`mean = [1, 0.5]`, `std = [2, 0.5]`",
          (np.array([[1.0, 2], [3, -1], [0, 4]]), _a(1, 0.5), _a(2, 0.5))),
    Probe("apply_standardization", "identity", "`mean = 0` and `std = 1`, where `X` must come back unchanged",
          (np.array([[1.0, 2], [3, -1], [0, 4]]), _a(0, 0), _a(1, 1))),
    Probe("apply_standardization", "std1", "`std = 1`, where only the mean is subtracted",
          (np.array([[1.0, 2], [3, -1], [0, 4]]), _a(1, 0.5), _a(1, 1))),
    Probe("apply_standardization", "mean0", "`mean = 0`, where only the division by `std` is left",
          (np.array([[1.0, 2], [3, -1], [0, 4]]), _a(0, 0), _a(2, 0.5))),
    Probe("apply_standardization", "other_mean", "passing another `mean` with the same `X` and `std`",
          (np.array([[1.0, 2], [3, -1], [0, 4]]), _a(-1, 2), _a(2, 0.5)), base="base"),
    Probe("apply_standardization", "other_std", "passing another `std` with the same `X` and `mean`",
          (np.array([[1.0, 2], [3, -1], [0, 4]]), _a(1, 0.5), _a(4, 1)), base="base"),

    Probe("critical_learning_rate", "base", "`t_u = [1, 2, 4]`", (T_U3,)),
    Probe("critical_learning_rate", "standard",
          "standardized `t_u = [-1, 1]`, where the Hessian is `2 I` with both eigenvalues equal", (_a(-1, 1),)),
    Probe("critical_learning_rate", "t_u0", "`t_u = 0`, where only the bias column is left", (_a(0, 0, 0),)),
    Probe("critical_learning_rate", "repeated", "repeating every reading twice", (TWICE(T_U3, 2),), base="base"),

    Probe("sgd_epoch", "base", "three examples at `learning_rate = 0.05`",
          (_a(W3, B3), T_U3, T_C3, 0.05, Rng(3))),
    Probe("sgd_epoch", "lr0", "`learning_rate = 0`, where `params` must not change",
          (_a(W3, B3), T_U3, T_C3, 0.0, Rng(3))),
    Probe("sgd_epoch", "one", "one example (`N = 1`), where the order cannot matter",
          (_a(W3, B3), _a(2.0), _a(1.0), 0.05, Rng(3)), means="the update for one example is right"),
    Probe("sgd_epoch", "same", "three identical examples, where the order cannot matter",
          (_a(W3, B3), _a(2, 2, 2), _a(1, 1, 1), 0.05, Rng(3)),
          means="the updates are right when the order of the examples does not matter"),
    Probe("sgd_epoch", "same2", "two identical examples", (_a(W3, B3), _a(2, 2), _a(1, 1), 0.05, Rng(3))),
    Probe("sgd_epoch", "perfect", "a perfect fit, where no update moves `params`",
          (_a(W3, B3), T_U3, T_P3, 0.05, Rng(3))),
)
