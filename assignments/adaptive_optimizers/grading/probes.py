"""Probe inputs of the adaptive-optimizers assignment: small calls that isolate one term of a function.

Data only; expected values come from the reference in the grader and from the shipped data file on students'
machines. A probe with a ``base`` is a changed copy of that probe's input.
"""
import numpy as np

from autograder.check.probe import Probe


def _a(*values):
    return np.array(values, dtype=float)


T_U3, T_C3 = _a(1, 2, 4), _a(1, 3, 2)

PROBES = (
    Probe("quadratic_grad", "base", "`theta = [1, -2, 3]`, `a = [2, 1, 0.5]`", (_a(1, -2, 3), _a(2, 1, 0.5))),
    Probe("quadratic_grad", "unit", "`theta = 1`, where the gradient is `a` itself", (_a(1, 1, 1), _a(2, 1, 0.5)),
          means="the gradient at theta = 1 is right"),
    Probe("quadratic_grad", "doubled", "doubling `theta`", (_a(2, -4, 6), _a(2, 1, 0.5)), base="base"),

    Probe("thermometer_grad", "base", "three examples at `(w, b) = (0.5, 1)`", (_a(0.5, 1), T_U3, T_C3)),
    Probe("thermometer_grad", "one", "one example (`N = 1`)", (_a(1.5, 0.5), _a(2.0), _a(1.0)),
          means="the term of a single example is right; how the examples are combined is not"),
    Probe("thermometer_grad", "t_u0", "`t_u = 0`, where dL/dw must be 0", (_a(0.5, 1), _a(0, 0, 0), _a(0, 2, 3))),
    Probe("thermometer_grad", "perfect", "a perfect fit, where the gradient is 0", (_a(0.5, 1), T_U3, 0.5 * T_U3 + 1)),
    Probe("thermometer_grad", "b0", "`b = 0`, where the bias adds nothing to the prediction",
          (_a(0.5, 0), T_U3, T_C3), means="the gradient is right when `b = 0`: look at where `b` enters"),
    Probe("thermometer_grad", "repeated", "repeating every example twice",
          (_a(0.5, 1), np.tile(T_U3, 2), np.tile(T_C3, 2)), base="base"),

    Probe("momentum_step", "zero", "a zero velocity, where the step is a plain gradient step",
          (_a(1, 2), _a(3, -0.5), _a(0, 0), 0.1, 0.9), means="a step from a zero velocity is right"),
    Probe("momentum_step", "zero_mu", "changing `momentum` from 0.9 to 0.5 with a zero velocity",
          (_a(1, 2), _a(3, -0.5), _a(0, 0), 0.1, 0.5), base="zero"),
    Probe("momentum_step", "mu0", "`momentum = 0`, where the velocity is forgotten",
          (_a(1, 2), _a(3, -0.5), _a(2, 1), 0.1, 0.0), means="a step with momentum 0 is right"),
    Probe("momentum_step", "grad0", "`grad = 0`, where only the carried-over velocity moves `params`",
          (_a(1, 2), _a(0, 0), _a(2, 1), 0.1, 0.9)),
    Probe("momentum_step", "lr0", "`learning_rate = 0`, where `params` must not change",
          (_a(1, 2), _a(3, -0.5), _a(2, 1), 0.0, 0.9)),

    Probe("momentum_critical_learning_rate", "base", "`a = [1, 4]`, `momentum = 0.5`", (_a(1, 4), 0.5)),
    Probe("momentum_critical_learning_rate", "mu0", "`momentum = 0`, plain GD's limit", (_a(1, 4), 0.0),
          means="the limit without momentum is right"),
    Probe("momentum_critical_learning_rate", "one", "a single curvature `a = [4]`", (_a(4.0), 0.5)),

    Probe("rmsprop_step", "base", "an average `[4, 9]` at `learning_rate = 0.1`, `alpha = 0.9`",
          (_a(1, 2), _a(3, -0.5), _a(4, 9), 0.1, 0.9, 1e-8)),
    Probe("rmsprop_step", "zero", "a zero average, where the new average is `1 - alpha` times the squared gradient",
          (_a(1, 2), _a(3, -0.5), _a(0, 0), 0.1, 0.9, 1e-8)),
    Probe("rmsprop_step", "alpha0", "`alpha = 0`, where the average is just the squared gradient",
          (_a(1, 2), _a(3, -0.5), _a(4, 9), 0.1, 0.0, 1e-8), means="the step with alpha = 0 is right"),
    Probe("rmsprop_step", "unit", "`grad = [1, -1]`, where `grad ** 2` and `|grad|` are both 1",
          (_a(1, 2), _a(1, -1), _a(4, 9), 0.1, 0.9, 1e-8), means="your mistake shows only where `|grad|` is not 1"),
    Probe("rmsprop_step", "grad0", "`grad = 0`, where `params` must not change", (_a(1, 2), _a(0, 0), _a(4, 9), 0.1, 0.9, 1e-8)),
    Probe("rmsprop_step", "lr0", "`learning_rate = 0`, where `params` must not change",
          (_a(1, 2), _a(3, -0.5), _a(4, 9), 0.0, 0.9, 1e-8)),

    Probe("adam_step", "base", "a step at `t = 3` with explicit betas",
          (_a(1, 2), _a(3, -0.5), _a(0.5, -0.2), _a(2, 0.1), 3, 0.1, 0.9, 0.999, 1e-8)),
    Probe("adam_step", "first", "the first step (`t = 1`) from zero averages, which moves each parameter by about "
          "`learning_rate`", (_a(1, 2), _a(3, -0.5), _a(0, 0), _a(0, 0), 1, 0.1, 0.9, 0.999, 1e-8),
          means="the first step is right"),
    Probe("adam_step", "second", "repeating the gradient at a second step (`t = 2`, from the averages the first "
          "step leaves), where the corrected averages are again the gradient and its square,",
          (_a(1, 2), _a(3, -0.5), 0.1 * _a(3, -0.5), 0.001 * _a(9, 0.25), 2, 0.1, 0.9, 0.999, 1e-8), base="first"),
    Probe("adam_step", "first_beta1", "changing `beta1` from 0.9 to 0.5 at the first step",
          (_a(1, 2), _a(3, -0.5), _a(0, 0), _a(0, 0), 1, 0.1, 0.5, 0.999, 1e-8), base="first"),
    Probe("adam_step", "first_beta2", "changing `beta2` from 0.999 to 0.99 at the first step",
          (_a(1, 2), _a(3, -0.5), _a(0, 0), _a(0, 0), 1, 0.1, 0.9, 0.99, 1e-8), base="first"),
    Probe("adam_step", "beta1_0", "`beta1 = 0`, where `m` is just the gradient (nothing to average or correct)",
          (_a(1, 2), _a(3, -0.5), _a(0.5, -0.2), _a(2, 0.1), 3, 0.1, 0.0, 0.999, 1e-8),
          means="your mistake disappears when `m` is just the gradient: look at how `m` is made and where it is used"),
    Probe("adam_step", "beta2_0", "`beta2 = 0`, where `v` is just the squared gradient (nothing to average or "
          "correct)", (_a(1, 2), _a(3, -0.5), _a(0.5, -0.2), _a(2, 0.1), 3, 0.1, 0.9, 0.0, 1e-8),
          means="your mistake disappears when `v` is just the squared gradient: look at how `v` is made and where "
                "it is used"),
    Probe("adam_step", "grad0", "`grad = 0` with non-zero averages, which still move `params`",
          (_a(1, 2), _a(0, 0), _a(0.5, -0.2), _a(2, 0.1), 3, 0.1, 0.9, 0.999, 1e-8)),
    Probe("adam_step", "lr0", "`learning_rate = 0`, where `params` must not change",
          (_a(1, 2), _a(3, -0.5), _a(0.5, -0.2), _a(2, 0.1), 3, 0.0, 0.9, 0.999, 1e-8)),
)
