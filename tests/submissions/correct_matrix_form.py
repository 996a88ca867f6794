"""Correct, in another style. Matrix form: X = [t_u, 1], predictions X @ params, gradient (2/N) X^T r, np.linalg.eig."""
import numpy as np


def model(t_u, w, b):
    X = np.column_stack([t_u, np.ones(len(t_u))])
    return X @ np.array([w, b])


def loss_fn(t_p, t_c):
    r = np.asarray(t_p) - np.asarray(t_c)
    return float(r @ r / r.size)


def grad_fn(t_u, t_c, t_p, w, b):
    X = np.column_stack([t_u, np.ones(len(t_u))])
    return 2.0 / len(t_u) * X.T @ (np.asarray(t_p) - np.asarray(t_c))


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
    mean = X.sum(axis=0) / X.shape[0]
    centered = X - mean
    std = np.sqrt((centered ** 2).sum(axis=0) / X.shape[0])
    std[std == 0] = 1.0
    return centered / std, mean, std


def apply_standardization(X, mean, std):
    return (np.asarray(X, dtype=float) - mean) / std


def critical_learning_rate(t_u):
    X = np.column_stack([t_u, np.ones(len(t_u))])
    H = (2.0 / X.shape[0]) * (X.T @ X)
    eigenvalues, _ = np.linalg.eig(H)
    return 2.0 / np.real(eigenvalues).max()


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    theta = np.array(params, dtype=float)
    for i in rng.permutation(len(t_u)):
        x = np.array([t_u[i], 1.0])
        theta = theta - learning_rate * 2.0 * (x @ theta - t_c[i]) * x
    return theta
