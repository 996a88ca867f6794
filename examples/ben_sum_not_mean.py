# Ben's gradient descent homework.
# Two related mistakes: the loss is a sum of squares, not a mean, and the gradient
# follows it (no division by N). Everything else is right.
import numpy as np


def model(t_u, w, b):
    return w * t_u + b


def loss_fn(t_p, t_c):
    squared_diffs = (t_p - t_c) ** 2
    return float(squared_diffs.sum())


def grad_fn(t_u, t_c, t_p, w, b):
    dloss_dtp = 2 * (t_p - t_c)
    dloss_dw = dloss_dtp * t_u
    dloss_db = dloss_dtp * 1.0
    return np.array([dloss_dw.sum(), dloss_db.sum()])


def gd_step(params, grad, learning_rate):
    return params - learning_rate * grad


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
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
    sum_sq_grad = sum_sq_grad + grad ** 2
    params = params - learning_rate * grad / (np.sqrt(sum_sq_grad) + eps)
    return params, sum_sq_grad


def standardize(X):
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    return (X - mean) / std


def critical_learning_rate(t_u):
    X = np.column_stack([t_u, np.ones(len(t_u))])
    H = 2 / len(t_u) * X.T @ X
    return 2 / np.linalg.eigvalsh(H).max()


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    w, b = params
    for i in rng.permutation(len(t_u)):
        err = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2 * err * t_u[i], b - learning_rate * 2 * err
    return np.array([w, b])
