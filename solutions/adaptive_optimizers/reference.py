"""Reference implementation of the adaptive-optimizers assignment (instructor-only).

Conventions are those of ``torch.optim`` (SGD with momentum, RMSprop, Adam) and of Kingma & Ba (2015) for
Adam: ``g`` is the gradient, ``t`` counts updates from 1, every state (velocity, averages) starts at zero.
"""
import numpy as np


def quadratic_grad(theta, a):
    r"""Gradient of the diagonal quadratic, one coordinate at a time.

    .. math:: f(\theta) = \sum_i \frac{a_i}{2} \theta_i^2, \qquad \frac{\partial f}{\partial \theta_i} = a_i \theta_i
    """
    return np.asarray(a, dtype=float) * np.asarray(theta, dtype=float)


def thermometer_grad(params, t_u, t_c):
    r"""Gradient of the thermometer example's mean squared error, as a function of ``params = [w, b]``.

    .. math:: \nabla L = \frac{2}{N} \sum_i (w t_{u,i} + b - t_{c,i}) \, [t_{u,i}, 1]
    """
    w, b = np.asarray(params, dtype=float)
    t_u, t_c = np.asarray(t_u, dtype=float), np.asarray(t_c, dtype=float)
    dloss_dtp = 2.0 * (w * t_u + b - t_c) / t_u.size
    return np.array([np.sum(dloss_dtp * t_u), np.sum(dloss_dtp)])


def momentum_step(params, grad, velocity, learning_rate, momentum):
    r"""Heavy-ball momentum in torch.optim.SGD's convention (dampening 0, not Nesterov).

    .. math::
        b_t = \mu\, b_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta\, b_t

    with :math:`b_0 = 0`, so the first step is a plain gradient step. New arrays are returned.
    """
    velocity = momentum * np.asarray(velocity, dtype=float) + np.asarray(grad, dtype=float)
    return np.asarray(params, dtype=float) - learning_rate * velocity, velocity


def rmsprop_step(params, grad, sq_avg, learning_rate, alpha=0.99, eps=1e-8):
    r"""RMSProp as torch.optim.RMSprop computes it (not centered, no momentum).

    .. math::
        v_t = \alpha v_{t-1} + (1 - \alpha) g_t^2, \qquad
        \theta_t = \theta_{t-1} - \eta \frac{g_t}{\sqrt{v_t} + \epsilon}
    """
    grad = np.asarray(grad, dtype=float)
    sq_avg = alpha * np.asarray(sq_avg, dtype=float) + (1.0 - alpha) * grad**2
    return np.asarray(params, dtype=float) - learning_rate * grad / (np.sqrt(sq_avg) + eps), sq_avg


def adam_step(params, grad, m, v, t, learning_rate, beta1=0.9, beta2=0.999, eps=1e-8):
    r"""Adam as in Kingma & Ba (2015), with torch.optim.Adam's defaults.

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \quad v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2, \\
        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \quad \hat v_t = \frac{v_t}{1 - \beta_2^t}, \quad
        \theta_t = \theta_{t-1} - \eta \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}

    ``t`` counts updates from 1; the returned moments are the uncorrected ones.
    """
    grad = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1.0 - beta1) * grad
    v = beta2 * np.asarray(v, dtype=float) + (1.0 - beta2) * grad**2
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    return np.asarray(params, dtype=float) - learning_rate * m_hat / (np.sqrt(v_hat) + eps), m, v


def momentum_critical_learning_rate(a, momentum):
    r"""Stability limit of heavy-ball momentum on the diagonal quadratic.

    Along curvature :math:`a` the iteration :math:`\theta_{t+1} = (1 + \mu - \eta a)\theta_t - \mu\theta_{t-1}`
    converges iff :math:`0 < \eta a < 2 (1 + \mu)`; the stiffest direction decides:

    .. math:: \eta_{crit} = \frac{2 (1 + \mu)}{\max_i a_i}
    """
    return float(2.0 * (1.0 + momentum) / np.max(np.asarray(a, dtype=float)))
