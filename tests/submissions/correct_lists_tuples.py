"""Correct, in another style. Returns Python lists and tuples and plain floats; math.sqrt in the schedules; float(lr) for floats."""
import math

import numpy as np


def model(t_u, w, b):
    return [w * x + b for x in t_u]


def loss_fn(t_p, t_c):
    diff = np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)
    return float(np.mean(diff ** 2))


def grad_fn(t_u, t_c, t_p, w, b):
    n = len(t_u)
    errors = [2 * (p - c) / n for p, c in zip(t_p, t_c)]
    return [sum(e * x for e, x in zip(errors, t_u)), sum(errors)]


def gd_step(params, grad, learning_rate):
    return tuple(p - learning_rate * g for p, g in zip(params, grad))


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    params = list(params)
    losses = []
    for epoch in range(n_epochs):
        t_p = model(t_u, params[0], params[1])
        loss = loss_fn(t_p, t_c)
        losses.append(loss)
        if math.isinf(loss) or math.isnan(loss):
            break
        params = list(gd_step(params, grad_fn(t_u, t_c, t_p, params[0], params[1]), learning_rate))
    return params, losses


def inverse_sqrt_decay(learning_rate, t):
    return learning_rate / math.sqrt(t + 1)


def step_decay(learning_rate, t, drop, every):
    return learning_rate * math.pow(drop, math.floor(t / every))


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    acc = [s + g ** 2 for s, g in zip(sum_sq_grad, grad)]
    new = [p - learning_rate * g / (math.sqrt(a) + eps) for p, g, a in zip(params, grad, acc)]
    return (new, acc)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return ((np.asarray(X) - mean) / std).tolist()


def critical_learning_rate(t_u):
    n = len(t_u)
    sxx = sum(x * x for x in t_u)
    sx = sum(t_u)
    a, c, d = 2 * sxx / n, 2 * sx / n, 2.0
    # largest eigenvalue of the symmetric 2x2 matrix [[a, c], [c, d]]
    lam_max = (a + d) / 2 + math.sqrt(((a - d) / 2) ** 2 + c * c)
    return 2 / lam_max


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = float(params[0]), float(params[1])
    for i in rng.permutation(len(t_u)).tolist():
        e = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2 * e * t_u[i], b - learning_rate * 2 * e
    return [w, b]
