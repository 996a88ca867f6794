"""Chloe's submission.

Adagrad divides by the accumulator *before* adding the current squared gradient (so the first step
divides by eps), and the inverse-square-root schedule divides by sqrt(t) instead of sqrt(t + 1).
"""
import math

import numpy as np


def model(t_u, w, b):
    return np.asarray(t_u) * w + b


def loss_fn(t_p, t_c):
    return float(np.mean((np.asarray(t_p) - np.asarray(t_c)) ** 2))


def grad_fn(t_u, t_c, t_p, w, b):
    n = len(t_u)
    residual = np.asarray(t_p) - np.asarray(t_c)
    return np.array([2 / n * np.dot(residual, t_u), 2 / n * residual.sum()])


def gd_step(params, grad, learning_rate):
    return np.asarray(params, dtype=float) - learning_rate * np.asarray(grad)


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    losses = []
    for _ in range(n_epochs):
        t_p = model(t_u, params[0], params[1])
        loss = loss_fn(t_p, t_c)
        losses.append(loss)
        if math.isinf(loss) or math.isnan(loss):
            break
        params = gd_step(params, grad_fn(t_u, t_c, t_p, params[0], params[1]), learning_rate)
    return params, np.array(losses)


def inverse_sqrt_decay(learning_rate, t):
    # eta_t = eta / sqrt(t)
    return learning_rate / np.sqrt(t)


def step_decay(learning_rate, t, drop, every):
    return learning_rate * math.pow(drop, t // every)


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    new_params = params - learning_rate / (np.sqrt(sum_sq_grad) + eps) * grad
    new_sum_sq_grad = sum_sq_grad + grad * grad
    return new_params, new_sum_sq_grad


def standardize(X):
    mean = np.mean(X, axis=0)
    std = np.std(X, axis=0)
    std = np.where(std == 0, 1, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (X - mean) / std


def critical_learning_rate(t_u):
    X = np.stack([t_u, np.ones_like(t_u)], axis=1)
    hessian = (2 / X.shape[0]) * X.T.dot(X)
    return float(2 / max(np.linalg.eigvalsh(hessian)))


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = float(params[0]), float(params[1])
    order = rng.permutation(len(t_u))
    for i in order:
        e = w * t_u[i] + b - t_c[i]
        grad = np.array([2 * e * t_u[i], 2 * e])
        w, b = np.array([w, b]) - learning_rate * grad
    return np.array([w, b])
