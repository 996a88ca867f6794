"""Wrong implementations behind the hints of ``assignments/gradient_descent/grading/mistakes.py``.

Each is the reference with one typical mistake, keyed by ``(function, mistake name)``. The grader replays a
failed check with them to find which mistake the student's numbers match.
"""
import numpy as np

from . import reference as ref


def _training_loop(record_after=False, stop=True, record_stop=True, epochs_offset=0, return_initial=False,
                   update_at_stop=False):
    def loop(n_epochs, learning_rate, params, t_u, t_c):
        start = params = np.array(params, dtype=float)
        losses = []
        for _ in range(n_epochs + epochs_offset):
            w, b = params
            t_p = ref.model(t_u, w, b)
            loss = ref.loss_fn(t_p, t_c)
            if stop and not np.isfinite(loss):
                if record_stop:
                    losses.append(loss)
                if update_at_stop:
                    params = ref.gd_step(params, ref.grad_fn(t_u, t_c, t_p, w, b), learning_rate)
                break
            new_params = ref.gd_step(params, ref.grad_fn(t_u, t_c, t_p, w, b), learning_rate)
            losses.append(ref.loss_fn(ref.model(t_u, *new_params), t_c) if record_after else loss)
            params = new_params
        return (start if return_initial else params), np.array(losses)

    return loop


def _standardize(ddof=0, axis=0, center=True, power=1.0, fix_constant=True):
    def standardize(X):
        X = np.asarray(X, dtype=float)
        mean = X.mean(axis=axis, keepdims=axis == 1)
        std = X.std(axis=axis, ddof=ddof, keepdims=axis == 1) ** power
        if fix_constant:
            std = np.where(std == 0.0, 1.0, std)
        scaled = ((X - mean) if center else X) / std
        return scaled, np.squeeze(mean), np.squeeze(std)

    return standardize


def _critical(bias=True, scale=lambda n: 2.0 / n, numerator=2.0, pick=np.max):
    def critical_learning_rate(t_u):
        t_u = np.asarray(t_u, dtype=float)
        X = np.column_stack([t_u, np.ones_like(t_u)]) if bias else t_u.reshape(-1, 1)
        return float(numerator / pick(np.linalg.eigvalsh(scale(t_u.size) * X.T @ X)))

    return critical_learning_rate


def _sgd(order="permutation", factor=2.0, divide=False, full_batch=False, stale=False, sequential=False):
    def sgd_epoch(params, t_u, t_c, learning_rate, rng):
        w, b = np.array(params, dtype=float)
        t_u, t_c = np.asarray(t_u, dtype=float), np.asarray(t_c, dtype=float)
        n = len(t_u)
        indices = {"permutation": lambda: rng.permutation(n), "in_order": lambda: range(n),
                   "replacement": lambda: rng.integers(0, n, n)}[order]()
        w0, b0 = w, b
        for i in indices:
            if full_batch:
                error = w * t_u + b - t_c
                grad_w, grad_b = np.mean(2 * error * t_u), np.mean(2 * error)
            else:
                ww, bb = (w0, b0) if stale else (w, b)
                error = ww * t_u[i] + bb - t_c[i]
                grad_w, grad_b = factor * error * t_u[i], factor * error
            if divide:
                grad_w, grad_b = grad_w / n, grad_b / n
            w = w - learning_rate * grad_w
            if sequential:  # b's error recomputed with the new w
                grad_b = factor * (w * t_u[i] + b - t_c[i])
            b = b - learning_rate * grad_b
        return np.array([w, b])

    return sgd_epoch


def _adagrad(accumulate=lambda acc, g: acc + g ** 2, root=np.sqrt, use_old=False, return_old=False, sign=1.0):
    def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
        grad = np.asarray(grad, dtype=float)
        old = np.asarray(sum_sq_grad, dtype=float)
        new = accumulate(old, grad)
        denominator = root(old if use_old else new) + eps
        params = np.asarray(params, dtype=float) - sign * learning_rate * grad / denominator
        return params, (old if return_old else new)

    return adagrad_step


def _grad(factor=2.0, mean=True, sign=1.0, swap=False, t_u_on_w=True, t_u_on_b=False):
    def grad_fn(t_u, t_c, t_p, w, b):
        t_u = np.asarray(t_u, dtype=float)
        dloss = sign * factor * (np.asarray(t_p, dtype=float) - t_c) / (t_u.size if mean else 1)
        grad_w = np.sum(dloss * t_u) if t_u_on_w else np.sum(dloss)
        grad_b = np.sum(dloss * t_u) if t_u_on_b else np.sum(dloss)
        return np.array([grad_b, grad_w] if swap else [grad_w, grad_b])

    return grad_fn


IMPLEMENTATIONS = {
    ("model", "swapped_w_b"): lambda t_u, w, b: b * np.asarray(t_u, dtype=float) + w,
    ("model", "ignores_bias"): lambda t_u, w, b: w * np.asarray(t_u, dtype=float),
    ("loss_fn", "sum_not_mean"): lambda t_p, t_c: float(np.sum((np.asarray(t_p) - t_c) ** 2)),
    ("loss_fn", "not_squared"): lambda t_p, t_c: float(np.mean(np.asarray(t_p) - t_c)),
    ("loss_fn", "root_mean_squared"): lambda t_p, t_c: float(np.sqrt(np.mean((np.asarray(t_p) - t_c) ** 2))),
    ("loss_fn", "absolute_error"): lambda t_p, t_c: float(np.mean(np.abs(np.asarray(t_p) - t_c))),
    ("loss_fn", "half_mean_squared"): lambda t_p, t_c: float(0.5 * np.mean((np.asarray(t_p) - t_c) ** 2)),
    ("grad_fn", "missing_factor_2"): _grad(factor=1.0),
    ("grad_fn", "sum_not_mean"): _grad(mean=False),
    ("grad_fn", "sign_flipped"): _grad(sign=-1.0),
    ("grad_fn", "swapped_components"): _grad(swap=True),
    ("grad_fn", "missing_t_u_factor"): _grad(t_u_on_w=False),
    ("grad_fn", "t_u_factor_on_bias"): _grad(t_u_on_b=True),
    ("gd_step", "plus_sign"): lambda params, grad, lr: np.asarray(params, dtype=float) + lr * np.asarray(grad),
    ("gd_step", "missing_learning_rate"): lambda params, grad, lr: np.asarray(params, dtype=float) - grad,
    ("gd_step", "divides_by_learning_rate"): lambda params, grad, lr: np.asarray(params, dtype=float) - grad / lr,
    ("training_loop", "loss_after_update"): _training_loop(record_after=True),
    ("training_loop", "no_stop_at_nonfinite"): _training_loop(stop=False),
    ("training_loop", "stops_before_recording"): _training_loop(record_stop=False),
    ("training_loop", "one_epoch_short"): _training_loop(epochs_offset=-1),
    ("training_loop", "initial_params_returned"): _training_loop(return_initial=True),
    ("training_loop", "updates_at_stop"): _training_loop(update_at_stop=True),
    ("inverse_sqrt_decay", "sqrt_t"): lambda lr, t: lr / np.sqrt(np.float64(t)),
    ("inverse_sqrt_decay", "no_sqrt"): lambda lr, t: lr / (t + 1),
    ("inverse_sqrt_decay", "sqrt_t_plus_2"): lambda lr, t: lr / np.sqrt(t + 2),
    ("step_decay", "float_division"): lambda lr, t, drop, every: lr * drop ** (t / every),
    ("step_decay", "drops_immediately"): lambda lr, t, drop, every: lr * drop ** (t // every + 1),
    ("step_decay", "linear_drop"): lambda lr, t, drop, every: lr * drop * (t // every),
    ("adagrad_step", "accumulates_gradient_not_square"): _adagrad(accumulate=lambda acc, g: acc + g),
    ("adagrad_step", "accumulator_not_kept"): _adagrad(accumulate=lambda acc, g: g ** 2),
    ("adagrad_step", "no_sqrt"): _adagrad(root=lambda acc: acc),
    ("adagrad_step", "update_before_accumulating"): _adagrad(use_old=True),
    ("adagrad_step", "returns_old_accumulator"): _adagrad(return_old=True),
    ("adagrad_step", "plus_sign"): _adagrad(sign=-1.0),
    ("standardize", "sample_std"): _standardize(ddof=1),
    ("standardize", "wrong_axis"): _standardize(axis=1),
    ("standardize", "global_statistics"): _standardize(axis=None),
    ("standardize", "not_centered"): _standardize(center=False),
    ("standardize", "divides_by_variance"): _standardize(power=2.0),
    ("standardize", "constant_column_nan"): _standardize(fix_constant=False),
    ("apply_standardization", "refits_statistics"): lambda X, mean, std: ref.standardize(X)[0],
    ("apply_standardization", "multiplies_by_std"): lambda X, mean, std: (np.asarray(X, dtype=float) - mean) * std,
    ("apply_standardization", "not_centered"): lambda X, mean, std: np.asarray(X, dtype=float) / std,
    ("critical_learning_rate", "missing_factor_2"): _critical(numerator=1.0),
    ("critical_learning_rate", "no_bias_column"): _critical(bias=False),
    ("critical_learning_rate", "sum_of_squares_hessian"): _critical(scale=lambda n: 2.0),
    ("critical_learning_rate", "hessian_without_2"): _critical(scale=lambda n: 1.0 / n),
    ("critical_learning_rate", "smallest_eigenvalue"): _critical(pick=np.min),
    ("sgd_epoch", "ignores_permutation"): _sgd(order="in_order"),
    ("sgd_epoch", "full_batch_gradient"): _sgd(full_batch=True),
    ("sgd_epoch", "missing_factor_2"): _sgd(factor=1.0),
    ("sgd_epoch", "divides_by_n"): _sgd(divide=True),
    ("sgd_epoch", "samples_with_replacement"): _sgd(order="replacement"),
    ("sgd_epoch", "b_updated_with_new_w"): _sgd(sequential=True),
    ("sgd_epoch", "stale_parameters"): _sgd(stale=True),
}
