"""Correct: momentum with the learning rate folded into the velocity (v = mu * v + lr * g; theta -= v, the
same method for a constant rate), a matrix form of both gradients, Adam's step written with the paper's
alpha_t = lr * sqrt(1 - beta2 ** t) / (1 - beta1 ** t) and epsilon hat = eps * sqrt(1 - beta2 ** t)."""
import numpy as np


def quadratic_grad(theta, a):
    return np.diag(a) @ theta


def thermometer_grad(params, t_u, t_c):
    X = np.column_stack([t_u, np.ones_like(t_u)])
    return 2.0 / len(t_u) * X.T @ (X @ params - t_c)


def momentum_step(params, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + learning_rate * grad
    return params - velocity, velocity


def momentum_critical_learning_rate(a, momentum):
    return 2.0 * (1.0 + momentum) / np.linalg.eigvalsh(np.diag(a)).max()


def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8):
    new_avg = sq_avg + (1 - alpha) * (grad ** 2 - sq_avg)
    return params - learning_rate * grad / (np.sqrt(new_avg) + eps), new_avg


def adam_step(params, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
    m = m + (1 - beta1) * (grad - m)
    v = v + (1 - beta2) * (grad ** 2 - v)
    alpha_t = learning_rate * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    eps_hat = eps * np.sqrt(1 - beta2 ** t)
    return params - alpha_t * m / (np.sqrt(v) + eps_hat), m, v
