"""Correct: vectorized numpy, torch's forms, as the notebook states them."""
import numpy as np


def quadratic_grad(theta, a):
    return a * theta


def thermometer_grad(params, t_u, t_c):
    w, b = params
    dloss_dtp = 2 * (w * t_u + b - t_c) / len(t_u)
    return np.array([np.sum(dloss_dtp * t_u), np.sum(dloss_dtp)])


def momentum_step(params, grad, velocity, learning_rate, momentum):
    velocity = momentum * velocity + grad
    return params - learning_rate * velocity, velocity


def momentum_critical_learning_rate(a, momentum):
    return 2 * (1 + momentum) / np.max(a)


def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8):
    sq_avg = alpha * sq_avg + (1 - alpha) * grad ** 2
    return params - learning_rate * grad / (np.sqrt(sq_avg) + eps), sq_avg


def adam_step(params, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return params - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v
