"""Correct, in another style. Plain Python loops instead of vector operations, everywhere."""
import math

import numpy as np


def model(t_u, w, b):
    t_p = np.zeros(len(t_u))
    for i in range(len(t_u)):
        t_p[i] = w * t_u[i] + b
    return t_p


def loss_fn(t_p, t_c):
    total = 0.0
    for p, c in zip(t_p, t_c):
        total += (p - c) ** 2
    return total / len(t_p)


def grad_fn(t_u, t_c, t_p, w, b):
    n = len(t_u)
    dw = 0.0
    db = 0.0
    for i in range(n):
        d = 2.0 * (t_p[i] - t_c[i]) / n
        dw += d * t_u[i]
        db += d
    return np.array([dw, db])


def gd_step(params, grad, learning_rate):
    new = np.zeros(len(params))
    for k in range(len(params)):
        new[k] = params[k] - learning_rate * grad[k]
    return new


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
    new_params = np.zeros(len(params))
    new_acc = np.zeros(len(params))
    for k in range(len(params)):
        new_acc[k] = sum_sq_grad[k] + grad[k] * grad[k]
        new_params[k] = params[k] - learning_rate * grad[k] / (math.sqrt(new_acc[k]) + eps)
    return new_params, new_acc


def standardize(X):
    n, d = X.shape
    mean = np.zeros(d)
    std = np.zeros(d)
    for j in range(d):
        mean[j] = sum(X[i, j] for i in range(n)) / n
        var = sum((X[i, j] - mean[j]) ** 2 for i in range(n)) / n
        std[j] = math.sqrt(var) if var > 0 else 1.0
    scaled = np.zeros((n, d))
    for i in range(n):
        for j in range(d):
            scaled[i, j] = (X[i, j] - mean[j]) / std[j]
    return scaled, mean, std


def apply_standardization(X, mean, std):
    out = np.zeros(X.shape)
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            out[i, j] = (X[i, j] - mean[j]) / std[j]
    return out


def critical_learning_rate(t_u):
    t_u = np.asarray(t_u, dtype=float)
    X = np.column_stack([t_u, np.ones_like(t_u)])
    H = 2 / len(t_u) * X.T @ X
    return float(2 / np.max(np.linalg.eigvalsh(H)))


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w = params[0]
    b = params[1]
    order = rng.permutation(len(t_u))
    for k in range(len(order)):
        i = order[k]
        error = w * t_u[i] + b - t_c[i]
        grad_w = 2 * error * t_u[i]
        grad_b = 2 * error
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return np.array([w, b])
