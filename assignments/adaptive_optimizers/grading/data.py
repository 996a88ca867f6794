"""The data of the adaptive-optimizers assignment: the thermometer readings of *Deep Learning with PyTorch*
(ch. 5), the ill-conditioned quadratic, and the random inputs of the checks."""
import numpy as np

T_C = np.array([0.5, 14.0, 15.0, 28.0, 11.0, 8.0, 3.0, -4.0, 6.0, 13.0, 21.0])
T_U = np.array([35.7, 55.9, 58.2, 81.9, 56.3, 48.9, 33.9, 21.8, 48.4, 60.4, 68.4])
#: the book's starting point ``params = [w, b] = [1.0, 0.0]``
START = np.array([1.0, 0.0])
#: the gradient of the book's mean squared error at (w, b) = (1, 0)
BOOK_GRADIENT = np.array([4517.29636364, 82.6])

#: curvatures of the ill-conditioned quadratic ``f(theta) = sum(a / 2 * theta ** 2)``: condition number 100,
#: plain GD's stability limit 2 / 100 = 0.02, heavy-ball momentum's (mu = 0.9) 2 * 1.9 / 100 = 0.038
A = np.array([1.0, 100.0])
#: where runs on the quadratic start
THETA0 = np.array([3.0, -2.0])


def random_readings(rng, n):
    """Thermometer-like readings: ``t_u`` in the book's range, ``t_c`` a noisy linear function of it."""
    t_u = rng.uniform(20.0, 90.0, n)
    t_c = 0.55 * t_u - 17.0 + rng.normal(0.0, 2.0, n)
    return t_u, t_c


def random_curvatures(rng, n):
    """Positive curvatures spread over two orders of magnitude, in random order."""
    return rng.permutation(np.exp(rng.uniform(np.log(0.5), np.log(50.0), n)))


def away_from_zero(rng, scale, n):
    """Values of either sign with magnitudes in [scale / 2, 2 scale]: no tiny gradient, where eps would matter."""
    return rng.choice([-1.0, 1.0], n) * rng.uniform(0.5 * scale, 2.0 * scale, n)


def random_gradients(rng, n_steps, n):
    """A sequence of gradients that changes sign now and then, as a gradient does around a valley."""
    return [away_from_zero(rng, 1.0, n) for _ in range(n_steps)]
