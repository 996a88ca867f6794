"""Reference implementations of the student contract.

Every function follows the contract in the README: float64 numpy arrays in and out, ``params`` is
``np.array([w, b])``, inputs are never modified.
"""
from __future__ import annotations

import numpy as np


def model(t_u, w, b):
    r"""Linear model of the thermometer example.

    .. math:: t_p = w \, t_u + b
    """
    return w * np.asarray(t_u, dtype=float) + b


def loss_fn(t_p, t_c):
    r"""Mean squared error.

    .. math:: L = \frac{1}{N} \sum_i (t_{p,i} - t_{c,i})^2
    """
    squared_diffs = (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) ** 2
    return float(squared_diffs.mean())


def grad_fn(t_u, t_c, t_p, w, b):
    r"""Gradient of the mean squared error with respect to ``(w, b)``.

    .. math::
        \frac{\partial L}{\partial t_{p,i}} = \frac{2 (t_{p,i} - t_{c,i})}{N}, \quad
        \frac{\partial L}{\partial w} = \sum_i \frac{\partial L}{\partial t_{p,i}} t_{u,i}, \quad
        \frac{\partial L}{\partial b} = \sum_i \frac{\partial L}{\partial t_{p,i}}
    """
    t_u = np.asarray(t_u, dtype=float)
    dloss_dtp = 2.0 * (np.asarray(t_p, dtype=float) - np.asarray(t_c, dtype=float)) / t_u.size
    return np.array([np.sum(dloss_dtp * t_u), np.sum(dloss_dtp)])


def gd_step(params, grad, learning_rate):
    r"""One gradient-descent update, returning new parameters.

    .. math:: \theta \leftarrow \theta - \eta \, \nabla L(\theta)
    """
    return np.asarray(params, dtype=float) - learning_rate * np.asarray(grad, dtype=float)


def training_loop(n_epochs, learning_rate, params, t_u, t_c):
    """Full-batch gradient descent.

    ``losses[i]`` is the loss of epoch ``i + 1`` computed before that epoch's update. The loop stops right
    after the first epoch whose loss is not finite; that loss is the last entry.
    """
    params = np.array(params, dtype=float)
    losses = []
    for _ in range(n_epochs):
        w, b = params
        t_p = model(t_u, w, b)
        loss = loss_fn(t_p, t_c)
        losses.append(loss)
        if not np.isfinite(loss):
            break
        params = gd_step(params, grad_fn(t_u, t_c, t_p, w, b), learning_rate)
    return params, np.array(losses)


def inverse_sqrt_decay(learning_rate, t):
    r"""Lecture schedule :math:`\eta_t = \eta / \sqrt{t + 1}`, ``t`` the 0-based update index."""
    return learning_rate / np.sqrt(t + 1)


def step_decay(learning_rate, t, drop, every):
    r"""Step schedule :math:`\eta_t = \eta \cdot \text{drop}^{\lfloor t / \text{every} \rfloor}`."""
    return learning_rate * drop ** (t // every)


def adagrad_step(params, grad, sum_sq_grad, learning_rate, eps=1e-8):
    r"""One Adagrad update with a per-parameter accumulator.

    .. math::
        G \leftarrow G + g^2, \qquad \theta \leftarrow \theta - \frac{\eta}{\sqrt{G} + \epsilon} \, g

    The current gradient is part of the accumulator, so the very first step moves every parameter by
    exactly ``learning_rate`` (up to ``eps``).
    """
    grad = np.asarray(grad, dtype=float)
    new_sum_sq_grad = np.asarray(sum_sq_grad, dtype=float) + grad ** 2
    new_params = np.asarray(params, dtype=float) - learning_rate * grad / (np.sqrt(new_sum_sq_grad) + eps)
    return new_params, new_sum_sq_grad


def standardize(X):
    r"""Standardize each column (axis 0) with the population standard deviation.

    .. math:: x'_{ij} = \frac{x_{ij} - \mu_j}{\sigma_j}, \qquad \sigma_j = \sqrt{\tfrac{1}{N} \sum_i (x_{ij} - \mu_j)^2}

    A constant column has :math:`\sigma_j = 0`; like sklearn's ``StandardScaler`` its scale is set to 1, so
    the column becomes 0 instead of NaN.
    """
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std = np.where(std == 0.0, 1.0, std)
    return (X - mean) / std, mean, std


def apply_standardization(X, mean, std):
    """Scale new data with statistics fitted on the training data: ``(X - mean) / std``."""
    return (np.asarray(X, dtype=float) - mean) / std


def critical_learning_rate(t_u):
    r"""Largest stable learning rate of full-batch GD on the MSE of ``w * t_u + b``.

    The loss is quadratic with Hessian :math:`H = \frac{2}{N} X^\top X`, ``X = [t_u, 1]``. Each step
    multiplies the error along an eigenvector by :math:`1 - \eta \lambda`, so GD converges iff
    :math:`\eta < 2 / \lambda_{max}(H)`.
    """
    t_u = np.asarray(t_u, dtype=float)
    X = np.column_stack([t_u, np.ones_like(t_u)])
    hessian = 2.0 / t_u.size * X.T @ X
    return float(2.0 / np.linalg.eigvalsh(hessian).max())


def sgd_epoch(params, t_u, t_c, learning_rate, rng):
    r"""One epoch of stochastic gradient descent, one example per update.

    Visits the examples in the order ``rng.permutation(len(t_u))``; example ``i`` contributes the gradient of
    :math:`(w t_{u,i} + b - t_{c,i})^2`, that is :math:`2 (w t_{u,i} + b - t_{c,i}) \, [t_{u,i}, 1]`.
    """
    w, b = np.array(params, dtype=float)
    t_u = np.asarray(t_u, dtype=float)
    t_c = np.asarray(t_c, dtype=float)
    for i in rng.permutation(len(t_u)):
        error = w * t_u[i] + b - t_c[i]
        w, b = w - learning_rate * 2.0 * error * t_u[i], b - learning_rate * 2.0 * error
    return np.array([w, b])
