# Farid: the training loop never stops, even after the loss has become inf, and SGD walks through
# the examples in their stored order instead of rng.permutation(len(t_u)).
import numpy as np


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    return float(np.mean((t_p - t_c) ** 2))


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = 2 * (t_p - t_c) / t_p.size
    return np.array([(dloss_dtp * t_u).sum(), dloss_dtp.sum()])


def gd_step(params, grad, learning_rate):
    return params - learning_rate * grad


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    losses = []
    for epoch in range(n_epochs):
        w, b = params
        t_p = model(t_u, w, b)
        losses.append(loss_fn(t_p, t_c))
        params = gd_step(params, grad_fn(t_u, t_c, t_p, w, b), learning_rate)
    return params, np.array(losses)


def inverse_sqrt_decay(learning_rate, t):
    return learning_rate / np.sqrt(t + 1)


def step_decay(learning_rate, t, drop, every):
    return learning_rate * drop ** (t // every)


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    new_sum = sum_sq_grad + grad ** 2
    new_params = params - learning_rate * grad / (np.sqrt(new_sum) + eps)
    return new_params, new_sum


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0, 1.0, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (X - mean) / std


def critical_learning_rate(t_u):
    X = np.column_stack([t_u, np.ones_like(t_u)])
    H = 2.0 / len(t_u) * X.T @ X
    return float(2.0 / np.linalg.eigvalsh(H).max())


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = params
    for i in range(len(t_u)):
        error = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2 * error * t_u[i], b - learning_rate * 2 * error
    return np.array([w, b])
