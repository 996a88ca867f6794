# Dev: the numbers are right, but gd_step and adagrad_step update their arguments in place
# (`-=`, `+=`), which changes the caller's arrays.
import numpy as np


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    return ((t_p - t_c) ** 2).mean().item()


def grad_fn(t_u, t_c, t_p, w, b):
    dL_dtp = 2.0 * (t_p - t_c) / t_u.size
    return np.array([np.sum(dL_dtp * t_u), np.sum(dL_dtp)])


def gd_step(params, grad, learning_rate):
    params -= learning_rate * grad
    return params


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    params = params.copy()
    losses = []
    for epoch in range(n_epochs):
        t_p = model(t_u, *params)
        losses.append(loss_fn(t_p, t_c))
        if not np.isfinite(losses[-1]):
            break
        params = gd_step(params, grad_fn(t_u, t_c, t_p, *params), learning_rate)
    return params, np.array(losses)


def inverse_sqrt_decay(learning_rate, t):
    return learning_rate * (t + 1) ** -0.5


def step_decay(learning_rate, t, drop, every):
    return learning_rate * drop ** (t // every)


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    sum_sq_grad += grad ** 2
    return params - learning_rate * grad / (np.sqrt(sum_sq_grad) + eps), sum_sq_grad


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0.0, 1.0, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (X - mean) / std


def critical_learning_rate(t_u):
    X = np.column_stack((t_u, np.ones_like(t_u)))
    eigenvalues = np.linalg.eigvalsh(2 * X.T @ X / len(t_u))
    return 2 / eigenvalues[-1]


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = params
    for i in rng.permutation(len(t_u)):
        residual = w * t_u[i] + b - t_c[i]
        w, b = w - 2 * learning_rate * residual * t_u[i], b - 2 * learning_rate * residual
    return np.array([w, b])
