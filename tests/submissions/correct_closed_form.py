"""Correct, in another style. Closed-form 2x2 eigenvalue, broadcasting with [None, :], np.var, np.dot, rng.shuffle."""
import numpy as np


def model(t_u, w, b):
    return w * np.asarray(t_u, dtype=float) + b


def loss_fn(t_p, t_c):
    return ((t_p - t_c) ** 2).sum() / len(t_c)


def grad_fn(t_u, t_c, t_p, w, b):
    err = t_p - t_c
    n = err.shape[0]
    return np.array([2 * np.dot(err, t_u) / n, 2 * err.sum() / n])


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
    return learning_rate * 1 / (t + 1) ** 0.5


def step_decay(learning_rate, t, drop, every):
    n_drops = int(np.floor(t / every))
    return learning_rate * drop ** n_drops


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    new_sum = np.add(sum_sq_grad, np.power(grad, 2))
    adjusted = learning_rate / (np.sqrt(new_sum) + eps)
    return params - adjusted * grad, new_sum


def standardize(X):
    mu = np.mean(X, axis=0, keepdims=True)
    sigma = np.sqrt(np.var(X, axis=0, keepdims=True))
    sigma = np.where(sigma > 0, sigma, 1.0)
    return (X - mu) / sigma, mu.ravel(), sigma.ravel()


def apply_standardization(X, mean, std):
    return (X - mean[None, :]) / std[None, :]


def critical_learning_rate(t_u):
    n = t_u.size
    a = 2 * np.mean(t_u ** 2)
    c = 2 * np.mean(t_u)
    d = 2.0
    trace, det = a + d, a * d - c * c
    lam_max = trace / 2 + np.sqrt(trace ** 2 / 4 - det)
    return 2 / lam_max


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    order = np.arange(len(t_u))
    rng.shuffle(order)  # the same draw as rng.permutation(len(t_u))
    w, b = params
    for i in order:
        err = w * t_u[i] + b - t_c[i]
        w, b = w - 2 * learning_rate * err * t_u[i], b - 2 * learning_rate * err
    return np.array([w, b])
