"""Correct: Python loops over coordinates and examples, the math module, lists returned."""
import math


def quadratic_grad(theta, a):
    return [a_i * theta_i for theta_i, a_i in zip(theta, a)]


def thermometer_grad(params, t_u, t_c):
    w, b = params[0], params[1]
    n = len(t_u)
    dw = db = 0.0
    for x, y in zip(t_u, t_c):
        error = w * x + b - y
        dw += 2.0 * error * x / n
        db += 2.0 * error / n
    return [dw, db]


def momentum_step(params, grad, velocity, learning_rate, momentum):
    new_velocity = [momentum * v_i + g_i for v_i, g_i in zip(velocity, grad)]
    new_params = [p_i - learning_rate * v_i for p_i, v_i in zip(params, new_velocity)]
    return new_params, new_velocity


def momentum_critical_learning_rate(a, momentum):
    largest = a[0]
    for a_i in a:
        if a_i > largest:
            largest = a_i
    return 2.0 * (1.0 + momentum) / largest


def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8):
    new_params, new_avg = [], []
    for p_i, g_i, s_i in zip(params, grad, sq_avg):
        s_i = alpha * s_i + (1.0 - alpha) * g_i * g_i
        new_avg.append(s_i)
        new_params.append(p_i - learning_rate * g_i / (math.sqrt(s_i) + eps))
    return new_params, new_avg


def adam_step(params, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
    new_params, new_m, new_v = [], [], []
    for p_i, g_i, m_i, v_i in zip(params, grad, m, v):
        m_i = beta1 * m_i + (1.0 - beta1) * g_i
        v_i = beta2 * v_i + (1.0 - beta2) * g_i ** 2
        m_hat = m_i / (1.0 - beta1 ** t)
        v_hat = v_i / (1.0 - beta2 ** t)
        new_params.append(p_i - learning_rate * m_hat / (math.sqrt(v_hat) + eps))
        new_m.append(m_i)
        new_v.append(v_i)
    return new_params, new_m, new_v
