import math

import numpy as np


def model(t_u, w, b):
    t_p = w * t_u + b
    return t_p


def loss_fn(t_p, t_c):
    squared_diffs = (t_p - t_c) ** 2
    return float(squared_diffs.mean())


def grad_fn(t_u, t_c, t_p, w, b):
    n = t_u.shape[0]
    dloss_dtp = 2 * (t_p - t_c) / n
    dloss_dw = np.sum(dloss_dtp * t_u)
    dloss_db = np.sum(dloss_dtp)
    return np.array([dloss_dw, dloss_db])


def gd_step(params, grad, learning_rate):
    new_params = params - learning_rate * grad
    return new_params


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    params = params.copy()
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
    return learning_rate / math.sqrt(t + 1)


def step_decay(learning_rate, t, drop, every):
    n_drops = t // every
    return learning_rate * drop ** n_drops


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    new_sum_sq_grad = sum_sq_grad + grad ** 2
    new_params = params - learning_rate * grad / (np.sqrt(new_sum_sq_grad) + eps)
    return new_params, new_sum_sq_grad


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    X_scaled = (X - mean) / std
    return X_scaled, mean, std


def apply_standardization(X, mean, std):
    X_scaled = (X - mean) / std
    return X_scaled


def critical_learning_rate(t_u):
    n = len(t_u)
    X = np.column_stack([t_u, np.ones(n)])
    H = 2 / n * X.T @ X
    eigenvalues = np.linalg.eigvalsh(H)
    lambda_max = eigenvalues[-1]
    return float(2 / lambda_max)


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = params
    order = rng.permutation(len(t_u))
    for i in order:
        error = w * t_u[i] + b - t_c[i]
        grad_w = 2 * error * t_u[i]
        grad_b = 2 * error
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return np.array([w, b])
