import math

import numpy as np


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    squared_diffs = (t_p - t_c) ** 2
    return float(squared_diffs.mean())


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = 2 * (t_p - t_c) / t_p.size
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
    return learning_rate * drop ** (t // every)


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
    return (X - mean) / std


def critical_learning_rate(t_u):
    N = len(t_u)
    X = np.column_stack([t_u, np.ones(N)])
    H = (2 / N) * X.T @ X
    lambda_max = np.linalg.eigvalsh(H).max()
    return float(2 / lambda_max)


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    params = params.copy()
    order = rng.permutation(len(t_u))
    for i in order:
        w, b = params
        error = w * t_u[i] + b - t_c[i]
        grad = np.array([2 * error * t_u[i], 2 * error])
        params = params - learning_rate * grad
    return params
