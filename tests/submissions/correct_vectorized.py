"""Correct, plain vectorized style; tests/mistaken.py writes each buggy submission as an edit of it."""
import numpy as np


def model(t_u, w, b):
    return w * np.asarray(t_u, dtype=float) + b


def loss_fn(t_p, t_c):
    diff = np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)
    return float(np.mean(diff ** 2))


def grad_fn(t_u, t_c, t_p, w, b):
    t_u = np.asarray(t_u, dtype=float)
    dloss_dtp = 2 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) / len(t_u)
    dloss_dw = np.sum(dloss_dtp * t_u)
    dloss_db = np.sum(dloss_dtp)
    return np.array([dloss_dw, dloss_db])


def gd_step(params, grad, learning_rate):
    return np.asarray(params, dtype=float) - learning_rate * np.asarray(grad, dtype=float)


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    params = np.array(params, dtype=float)
    losses = []
    for epoch in range(1, n_epochs + 1):
        w, b = params
        t_p = model(t_u, w, b)
        loss = loss_fn(t_p, t_c)
        losses.append(loss)
        if not np.isfinite(loss):
            break
        grad = grad_fn(t_u, t_c, t_p, w, b)
        params = gd_step(params, grad, learning_rate)
    return params, np.array(losses)


def inverse_sqrt_decay(learning_rate, t):
    return learning_rate / np.sqrt(t + 1)


def step_decay(learning_rate, t, drop, every):
    return learning_rate * drop ** (t // every)


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    grad = np.asarray(grad, dtype=float)
    sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad ** 2
    new_params = np.asarray(params, dtype=float) - learning_rate * grad / (np.sqrt(sum_sq_grad) + eps)
    return new_params, sum_sq_grad


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (np.asarray(X, dtype=float) - mean) / std


def critical_learning_rate(t_u):
    t_u = np.asarray(t_u, dtype=float)
    X = np.column_stack([t_u, np.ones_like(t_u)])
    H = 2 / len(t_u) * X.T @ X
    return float(2 / np.max(np.linalg.eigvalsh(H)))


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = np.asarray(params, dtype=float)
    for i in rng.permutation(len(t_u)):
        error = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error
    return np.array([w, b])
