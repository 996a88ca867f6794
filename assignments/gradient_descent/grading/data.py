"""The thermometer data of *Deep Learning with PyTorch*, ch. 5, and the random inputs of the checks."""
import numpy as np

T_C = np.array([0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0])
T_U = np.array([35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4])
#: the book's starting point ``params = [w, b] = [1.0, 0.0]``
START = np.array([1.0, 0.0])


def random_readings(rng, n):
    """Thermometer-like readings: ``t_u`` in the book's range, ``t_c`` a noisy linear function of it."""
    t_u = rng.uniform(20.0, 90.0, n)
    t_c = 0.55 * t_u - 17.0 + rng.normal(0.0, 2.0, n)
    return t_u, t_c


def random_scaled_readings(rng, n):
    """Readings already of order one, where a learning rate of 0.05 is stable."""
    t_u = rng.uniform(-2.0, 2.0, n)
    t_c = rng.normal(1.0, 0.5) * t_u + rng.normal(0.0, 1.0) + rng.normal(0.0, 0.3, n)
    return t_u, t_c
