"""Correct, written with loops that need integers: `range(t // every)` and `math.sqrt`, as a student would.

Arguments the contract calls integers (`t`, `every`, `n_epochs`) must reach the code as Python ints.
"""
import math

import numpy as np


def model(t_u, w, b):
    return w * np.asarray(t_u, dtype=float) + b


def loss_fn(t_p, t_c):
    return float(np.mean((np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) ** 2))


def grad_fn(t_u, t_c, t_p, w, b):
    t_u = np.asarray(t_u, dtype=float)
    dloss_dtp = 2 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) / len(t_u)
    return np.array([np.sum(dloss_dtp * t_u), np.sum(dloss_dtp)])


def gd_step(params, grad, learning_rate):
    return np.asarray(params, dtype=float) - learning_rate * np.asarray(grad, dtype=float)


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    losses = []
    epoch = 0
    while epoch < n_epochs:
        w, b = params
        t_p = model(t_u, w, b)
        losses.append(loss_fn(t_p, t_c))
        if math.isinf(losses[-1]) or math.isnan(losses[-1]):
            break
        params = gd_step(params, grad_fn(t_u, t_c, t_p, w, b), learning_rate)
        epoch += 1
    return np.asarray(params, dtype=float), np.array(losses)


def inverse_sqrt_decay(learning_rate, t):
    steps_done = list(range(t + 1))  # a list of the steps so far: needs an int
    return learning_rate / math.sqrt(len(steps_done))


def step_decay(learning_rate, t, drop, every):
    rate = learning_rate
    for _ in range(t // every):
        rate *= drop
    return rate


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    new_sum = [s + g * g for s, g in zip(sum_sq_grad, grad)]
    new_params = [p - learning_rate * g / (math.sqrt(s) + eps) for p, g, s in zip(params, grad, new_sum)]
    return np.array(new_params), np.array(new_sum)


def standardize(X):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (np.asarray(X, dtype=float) - mean) / std


def critical_learning_rate(t_u):
    t_u = np.asarray(t_u, dtype=float)
    n = len(t_u)
    # the 2x2 Hessian (2/N) [[sum t_u^2, sum t_u], [sum t_u, N]] and its largest eigenvalue in closed form
    a, b, d = 2 * np.sum(t_u ** 2) / n, 2 * np.sum(t_u) / n, 2.0
    largest = (a + d) / 2 + math.sqrt(((a - d) / 2) ** 2 + b * b)
    return 2 / largest


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = float(params[0]), float(params[1])
    for index in rng.permutation(len(t_u)):
        i = int(index)
        error = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error
    return np.array([w, b])
