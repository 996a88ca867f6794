"""Correct, other conventions: CS231n's momentum (velocity in parameter units), eps inside the square root
for RMSProp and Adam, Keras' Adam with the bias corrections folded into the rate."""
import math

import numpy as np


def quadratic_grad(theta, a):
    return np.multiply(a, theta)


def thermometer_grad(params, t_u, t_c):
    w, b = params
    residual = w * t_u + b - t_c
    return 2 * np.array([np.mean(residual * t_u), np.mean(residual)])


def momentum_step(params, grad, velocity, learning_rate, momentum):
    # v = mu * v - lr * g; theta += v: the same method for a constant learning rate (v = -lr * b)
    velocity = momentum * velocity - learning_rate * grad
    return params + velocity, velocity


def momentum_critical_learning_rate(a, momentum):
    return float(2 * (1 + momentum) / max(a))


def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8):
    sq_avg = alpha * sq_avg + (1 - alpha) * np.square(grad)
    return params - learning_rate * grad / np.sqrt(sq_avg + eps), sq_avg


def adam_step(params, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad * grad
    lr_t = learning_rate * math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return params - lr_t * m / (np.sqrt(v) + eps), m, v
