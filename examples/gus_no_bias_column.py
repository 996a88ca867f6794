"""Gus: critical_learning_rate builds the Hessian from t_u alone, without the column of ones for the
bias, and the step schedule uses t / every (a smooth decay) instead of the integer t // every."""
import numpy as np


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    return float(((t_p - t_c) ** 2).mean())


def grad_fn(t_u, t_c, t_p, w, b):
    d = 2 * (t_p - t_c) / len(t_u)
    return np.array([np.sum(d * t_u), np.sum(d)])


def gd_step(params, grad, learning_rate):
    return params - learning_rate * grad


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    losses = []
    for epoch in range(n_epochs):
        t_p = model(t_u, *params)
        loss = loss_fn(t_p, t_c)
        losses.append(loss)
        if not np.isfinite(loss):
            break
        params = gd_step(params, grad_fn(t_u, t_c, t_p, *params), learning_rate)
    return params, np.array(losses)


def inverse_sqrt_decay(learning_rate, t):
    return learning_rate / np.sqrt(t + 1)


def step_decay(learning_rate, t, drop, every):
    return learning_rate * drop ** (t / every)


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    acc = sum_sq_grad + grad ** 2
    return params - learning_rate * grad / (np.sqrt(acc) + eps), acc


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (X - mean) / std


def critical_learning_rate(t_u):
    # Hessian of the MSE: 2/N X^T X
    X = t_u.reshape(-1, 1)
    H = 2 / len(t_u) * X.T @ X
    return float(2 / np.linalg.eigvalsh(H).max())


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = params
    for i in rng.permutation(len(t_u)):
        error = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error
    return np.array([w, b])
