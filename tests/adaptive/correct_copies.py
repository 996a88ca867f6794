"""Correct: updates in place, but on copies, so the caller's arrays stay as they were; tuples returned; Adam's
eps inside the square root."""
import numpy as np


def quadratic_grad(theta, a):
    grad = np.array(theta, dtype=float)
    grad *= a
    return grad


def thermometer_grad(params, t_u, t_c):
    t_p = params[0] * t_u + params[1]
    error = t_p - t_c
    error *= 2.0 / t_u.size
    return np.array([error @ t_u, error.sum()])


def momentum_step(params, grad, velocity, learning_rate, momentum):
    velocity = velocity.copy()
    velocity *= momentum
    velocity += grad
    params = params.copy()
    params -= learning_rate * velocity
    return (params, velocity)


def momentum_critical_learning_rate(a, momentum):
    return 2.0 * (1.0 + momentum) / a.max()


def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8):
    sq_avg = sq_avg.copy()
    sq_avg *= alpha
    sq_avg += (1.0 - alpha) * grad * grad
    params = params.copy()
    params -= learning_rate * grad / (sq_avg ** 0.5 + eps)
    return (params, sq_avg)


def adam_step(params, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
    m, v, params = m.copy(), v.copy(), params.copy()
    m *= beta1
    m += (1.0 - beta1) * grad
    v *= beta2
    v += (1.0 - beta2) * grad ** 2
    # eps inside the root: a convention of some textbooks, the same numbers unless v is tiny
    params -= learning_rate * (m / (1.0 - beta1 ** t)) / (v / (1.0 - beta2 ** t) + eps) ** 0.5
    return (params, m, v)
