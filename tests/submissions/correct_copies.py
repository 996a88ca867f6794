"""Correct, in another style. Copies then in-place updates on the copy; np.float64 scalars; the loop in a while."""
import numpy as np


def model(t_u, w, b):
    return w * np.asarray(t_u, dtype=float) + b


def loss_fn(t_p, t_c):
    return np.mean(np.square(np.subtract(t_p, t_c)))


def grad_fn(t_u, t_c, t_p, w, b):
    t_u = np.asarray(t_u, dtype=float)
    dloss_dtp = 2 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) / len(t_u)
    dloss_dw = np.sum(dloss_dtp * t_u)
    dloss_db = np.sum(dloss_dtp)
    return np.array([dloss_dw, dloss_db])


def gd_step(params, grad, learning_rate):
    new_params = np.copy(params).astype(float)
    new_params -= learning_rate * np.asarray(grad)
    return new_params


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    params = params.copy()
    losses = np.zeros(0)
    epoch = 0
    while epoch < n_epochs:
        t_p = model(t_u, *params)
        loss = loss_fn(t_p, t_c)
        losses = np.append(losses, loss)
        if np.isnan(loss) or np.isinf(loss):
            break
        params = gd_step(params, grad_fn(t_u, t_c, t_p, *params), learning_rate)
        epoch += 1
    return params, losses


def inverse_sqrt_decay(learning_rate, t):
    return np.float64(learning_rate) * (t + 1) ** -0.5


def step_decay(learning_rate, t, drop, every):
    return learning_rate * drop ** (t // every)


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    acc = sum_sq_grad.copy()
    acc += grad * grad
    new_params = params.copy()
    new_params -= learning_rate / (np.sqrt(acc) + eps) * grad
    return new_params, acc


def standardize(X):
    X_scaled = X.astype(float)
    mean = X_scaled.mean(axis=0)
    std = X_scaled.std(axis=0, ddof=0)
    std[std == 0] = 1
    X_scaled -= mean
    X_scaled /= std
    return X_scaled, mean, std


def apply_standardization(X, mean, std):
    return (np.asarray(X, dtype=float) - mean) / std


def critical_learning_rate(t_u):
    X = np.stack([t_u, np.ones_like(t_u)], axis=1)
    H = 2 * X.T.dot(X) / X.shape[0]
    return 2 / np.linalg.eigvalsh(H)[-1]


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    p = params.copy()
    for i in rng.permutation(len(t_u)):
        error = p[0] * t_u[i] + p[1] - t_c[i]
        p -= learning_rate * 2 * error * np.array([t_u[i], 1.0])
    return p
