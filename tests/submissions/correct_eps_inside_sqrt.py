"""Correct, in another style. Adagrad with eps inside the square root (Keras / d2l convention) and a smaller default eps; SVD for the critical rate."""
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
    step = np.multiply(learning_rate, grad)
    return np.subtract(params, step)


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


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-10):
    G = sum_sq_grad + np.square(grad)
    return params - learning_rate * grad / np.sqrt(G + eps), G


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (np.asarray(X, dtype=float) - mean) / std


def critical_learning_rate(t_u):
    # the eigenvalues of X^T X are the squared singular values of X
    X = np.column_stack([t_u, np.ones(len(t_u))])
    largest_singular_value = np.linalg.svd(X, compute_uv=False)[0]
    return 2 / (2 / len(t_u) * largest_singular_value ** 2)


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = np.asarray(params, dtype=float)
    for i in rng.permutation(len(t_u)):
        error = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error
    return np.array([w, b])
