"""Wrong implementations behind the hints of ``assignments/adaptive_optimizers/grading/mistakes.py``.

Each is the reference with one typical mistake, keyed by ``(function, mistake name)``. The grader replays a
failed check with them to find which mistake the student's numbers match.
"""
import numpy as np

from . import reference as ref


def _arrays(*values):
    return [np.asarray(v, dtype=float) for v in values]


def _thermometer(factor=2.0, mean=True, sign=1.0, swap=False):
    def thermometer_grad(params, t_u, t_c):
        (w, b), t_u, t_c = _arrays(params, t_u, t_c)
        error = sign * factor * (w * t_u + b - t_c) / (t_u.size if mean else 1.0)
        grad = np.array([np.sum(error * t_u), np.sum(error)])
        return grad[::-1] if swap else grad

    return thermometer_grad


def _momentum(dampened=False, keep=True, old_velocity=False, sign=1.0, lr_on_gradient_only=False):
    def momentum_step(params, grad, velocity, learning_rate, momentum):
        params, grad, velocity = _arrays(params, grad, velocity)
        new_velocity = momentum * velocity + ((1.0 - momentum) if dampened else 1.0) * grad
        if lr_on_gradient_only:
            step = momentum * velocity + learning_rate * grad
        else:
            step = learning_rate * (velocity if old_velocity else new_velocity)
        return params - sign * step, (new_velocity if keep else velocity)

    return momentum_step


def _critical(factor=2.0, mu_sign=1.0, pick=np.max):
    def momentum_critical_learning_rate(a, momentum):
        return float(factor * (1.0 + mu_sign * momentum) / pick(np.asarray(a, dtype=float)))

    return momentum_critical_learning_rate


def _rmsprop(power=0.5, swap=False, weight_new=True, keep=True, default_alpha=0.99, before=False):
    def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=default_alpha, eps=1e-8):
        params, grad, sq_avg = _arrays(params, grad, sq_avg)
        old_weight, new_weight = (1.0 - alpha, alpha) if swap else (alpha, 1.0 - alpha)
        new_avg = (old_weight * sq_avg if keep else 0.0) + (new_weight if weight_new else 1.0) * grad**2
        used = sq_avg if before else new_avg
        return params - learning_rate * grad / (used**power + eps), new_avg

    return rmsprop_step


def _adam(correct=True, t_shift=0, swap=False, power=0.5, return_corrected=False, sign=1.0):
    def adam_step(params, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
        params, grad, m, v = _arrays(params, grad, m, v)
        if swap:
            beta1, beta2 = beta2, beta1
        m = beta1 * m + (1.0 - beta1) * grad
        v = beta2 * v + (1.0 - beta2) * grad**2
        m_hat = m / (1.0 - beta1 ** (t + t_shift)) if correct else m
        v_hat = v / (1.0 - beta2 ** (t + t_shift)) if correct else v
        new = params - sign * learning_rate * m_hat / (v_hat**power + eps)
        return (new, m_hat, v_hat) if return_corrected else (new, m, v)

    return adam_step


IMPLEMENTATIONS = {
    ("quadratic_grad", "keeps_one_half"): lambda theta, a: 0.5 * ref.quadratic_grad(theta, a),
    ("quadratic_grad", "squares_theta"): lambda theta, a: ref.quadratic_grad(np.asarray(theta, float) ** 2, a),
    ("thermometer_grad", "missing_factor_2"): _thermometer(factor=1.0),
    ("thermometer_grad", "sum_not_mean"): _thermometer(mean=False),
    ("thermometer_grad", "sign_flipped"): _thermometer(sign=-1.0),
    ("thermometer_grad", "swapped_components"): _thermometer(swap=True),
    ("momentum_step", "dampened"): _momentum(dampened=True),
    ("momentum_step", "velocity_not_kept"): _momentum(keep=False),
    ("momentum_step", "steps_with_old_velocity"): _momentum(old_velocity=True),
    ("momentum_step", "plus_sign"): _momentum(sign=-1.0),
    ("momentum_step", "learning_rate_on_gradient_only"): _momentum(lr_on_gradient_only=True),
    ("momentum_critical_learning_rate", "plain_gd_limit"): lambda a, momentum: ref.momentum_critical_learning_rate(a, 0.0),
    ("momentum_critical_learning_rate", "one_minus_momentum"): _critical(mu_sign=-1.0),
    ("momentum_critical_learning_rate", "missing_factor_2"): _critical(factor=1.0),
    ("momentum_critical_learning_rate", "smallest_curvature"): _critical(pick=np.min),
    ("rmsprop_step", "no_sqrt"): _rmsprop(power=1.0),
    ("rmsprop_step", "weights_swapped"): _rmsprop(swap=True),
    ("rmsprop_step", "missing_one_minus_alpha"): _rmsprop(weight_new=False),
    ("rmsprop_step", "average_not_kept"): _rmsprop(keep=False),
    ("rmsprop_step", "default_alpha_0_9"): _rmsprop(default_alpha=0.9),
    ("rmsprop_step", "step_before_averaging"): _rmsprop(before=True),
    ("adam_step", "no_bias_correction"): _adam(correct=False),
    ("adam_step", "t_off_by_one"): _adam(t_shift=1),
    ("adam_step", "betas_swapped"): _adam(swap=True),
    ("adam_step", "no_sqrt"): _adam(power=1.0),
    ("adam_step", "returns_corrected_moments"): _adam(return_corrected=True),
    ("adam_step", "plus_sign"): _adam(sign=-1.0),
}
