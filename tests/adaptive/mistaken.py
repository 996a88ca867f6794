"""Submissions of the adaptive-optimizers assignment with one typical mistake each, stored as edits of
``correct_vectorized.py``.

One edit per declared mistake of ``assignments/adaptive_optimizers/grading/mistakes.py``, named
``bug_<function>__<mistake>`` in :data:`BUGS`; each is written the way a student would get it wrong, and a
test proves its numbers are the declared wrong implementation's. :func:`write_buggy` applies the edits with
``tests/mistaken.py``'s own :func:`mistaken.buggy_source`.
"""
import importlib.util
import sys
from pathlib import Path


def _load(path, name):
    """A test helper module by path: ``tests/mistaken.py`` and this file share the name ``mistaken``."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


mistaken = _load(Path(__file__).parents[1] / "mistaken.py", "gradient_descent_mistaken")

BASE = Path(__file__).parent / "correct_vectorized.py"

_THERMO = "    dloss_dtp = 2 * (w * t_u + b - t_c) / len(t_u)\n"
_THERMO_RETURN = "    return np.array([np.sum(dloss_dtp * t_u), np.sum(dloss_dtp)])\n"
_VELOCITY = "    velocity = momentum * velocity + grad\n"
_MOMENTUM = _VELOCITY + "    return params - learning_rate * velocity, velocity\n"
_LIMIT = "    return 2 * (1 + momentum) / np.max(a)\n"
_SQ_AVG = "    sq_avg = alpha * sq_avg + (1 - alpha) * grad ** 2\n"
_RMS_STEP = "    return params - learning_rate * grad / (np.sqrt(sq_avg) + eps), sq_avg\n"
_M = "    m = beta1 * m + (1 - beta1) * grad\n"
_V = "    v = beta2 * v + (1 - beta2) * grad ** 2\n"
_M_HAT = "    m_hat = m / (1 - beta1 ** t)\n"
_V_HAT = "    v_hat = v / (1 - beta2 ** t)\n"
_ADAM_STEP = "    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v\n"

#: (function, declared mistake) -> [(text of the base, replacement), ...]
EDITS = {
    ("quadratic_grad", "keeps_one_half"): [("    return a * theta\n", "    return a / 2 * theta\n")],
    ("quadratic_grad", "squares_theta"): [("    return a * theta\n", "    return a * theta ** 2\n")],
    ("thermometer_grad", "missing_factor_2"): [(_THERMO, "    dloss_dtp = (w * t_u + b - t_c) / len(t_u)\n")],
    ("thermometer_grad", "sum_not_mean"): [(_THERMO, "    dloss_dtp = 2 * (w * t_u + b - t_c)\n")],
    ("thermometer_grad", "sign_flipped"): [(_THERMO, "    dloss_dtp = 2 * (t_c - (w * t_u + b)) / len(t_u)\n")],
    ("thermometer_grad", "swapped_components"): [
        (_THERMO_RETURN, "    return np.array([np.sum(dloss_dtp), np.sum(dloss_dtp * t_u)])\n")],
    ("momentum_step", "dampened"): [(_VELOCITY, "    velocity = momentum * velocity + (1 - momentum) * grad\n")],
    ("momentum_step", "velocity_not_kept"): [
        (_MOMENTUM, "    new_velocity = momentum * velocity + grad\n"
                    "    return params - learning_rate * new_velocity, velocity\n")],
    ("momentum_step", "steps_with_old_velocity"): [
        (_MOMENTUM, "    step = learning_rate * velocity\n"
                    "    velocity = momentum * velocity + grad\n"
                    "    return params - step, velocity\n")],
    ("momentum_step", "plus_sign"): [
        ("    return params - learning_rate * velocity, velocity\n",
         "    return params + learning_rate * velocity, velocity\n")],
    ("momentum_step", "learning_rate_on_gradient_only"): [
        (_MOMENTUM, "    step = momentum * velocity + learning_rate * grad\n"
                    "    velocity = momentum * velocity + grad\n"
                    "    return params - step, velocity\n")],
    ("momentum_critical_learning_rate", "plain_gd_limit"): [(_LIMIT, "    return 2 / np.max(a)\n")],
    ("momentum_critical_learning_rate", "one_minus_momentum"): [(_LIMIT, "    return 2 * (1 - momentum) / np.max(a)\n")],
    ("momentum_critical_learning_rate", "missing_factor_2"): [(_LIMIT, "    return (1 + momentum) / np.max(a)\n")],
    ("momentum_critical_learning_rate", "smallest_curvature"): [(_LIMIT, "    return 2 * (1 + momentum) / np.min(a)\n")],
    ("rmsprop_step", "no_sqrt"): [(_RMS_STEP, "    return params - learning_rate * grad / (sq_avg + eps), sq_avg\n")],
    ("rmsprop_step", "weights_swapped"): [(_SQ_AVG, "    sq_avg = (1 - alpha) * sq_avg + alpha * grad ** 2\n")],
    ("rmsprop_step", "missing_one_minus_alpha"): [(_SQ_AVG, "    sq_avg = alpha * sq_avg + grad ** 2\n")],
    ("rmsprop_step", "average_not_kept"): [(_SQ_AVG, "    sq_avg = (1 - alpha) * grad ** 2\n")],
    ("rmsprop_step", "default_alpha_0_9"): [
        ("def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8):\n",
         "def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.9, eps=1e-8):\n")],
    ("rmsprop_step", "step_before_averaging"): [
        (_SQ_AVG + _RMS_STEP, "    new_sq_avg = alpha * sq_avg + (1 - alpha) * grad ** 2\n"
                              "    return params - learning_rate * grad / (np.sqrt(sq_avg) + eps), new_sq_avg\n")],
    ("adam_step", "no_bias_correction"): [(_M_HAT + _V_HAT, "    m_hat = m\n    v_hat = v\n")],
    ("adam_step", "t_off_by_one"): [
        (_M_HAT + _V_HAT, "    m_hat = m / (1 - beta1 ** (t + 1))\n    v_hat = v / (1 - beta2 ** (t + 1))\n")],
    ("adam_step", "betas_swapped"): [
        (_M + _V + _M_HAT + _V_HAT, "    m = beta2 * m + (1 - beta2) * grad\n"
                                    "    v = beta1 * v + (1 - beta1) * grad ** 2\n"
                                    "    m_hat = m / (1 - beta2 ** t)\n"
                                    "    v_hat = v / (1 - beta1 ** t)\n")],
    ("adam_step", "no_sqrt"): [(_ADAM_STEP, "    return params - learning_rate * m_hat / (v_hat + eps), m, v\n")],
    ("adam_step", "returns_corrected_moments"): [
        (_ADAM_STEP, "    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m_hat, v_hat\n")],
    ("adam_step", "plus_sign"): [
        (_ADAM_STEP, "    return params + learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v\n")],
}

#: file name -> (its docstring, edits), as :data:`mistaken.BUGS`
BUGS = {f"bug_{function}__{name}": (f"One mistake, in `{function}`: {name.replace('_', ' ')}.", edits)
        for (function, name), edits in EDITS.items()}


def buggy_source(name):
    """The source of one buggy submission: the base with its docstring and edits applied."""
    return mistaken.buggy_source(name, bugs=BUGS, base=BASE)


def write_buggy(folder, names=None):
    """Write ``bug_<function>__<mistake>.py`` files into ``folder``; returns their paths."""
    return mistaken.write_buggy(folder, names, bugs=BUGS, base=BASE)
