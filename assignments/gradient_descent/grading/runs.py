"""The gradient-descent assignment's runs drawn in reports: the book's two learning rates past the raw data's
stability limit (diverging) and two below it (converging), from the same start."""
from autograder.check.curves import Run

from .data import START, T_C, T_U

RUNS = (
    Run("lr 1e-2 on raw t_u", "diverging", "training_loop", (200, 1e-2, START, T_U, T_C)),
    Run("lr 5e-4 on raw t_u", "diverging", "training_loop", (200, 5e-4, START, T_U, T_C)),
    Run("lr 1e-2 on 0.1 * t_u", "converging", "training_loop", (3000, 1e-2, START, 0.1 * T_U, T_C)),
    Run("lr 1e-4 on raw t_u", "converging", "training_loop", (3000, 1e-4, START, T_U, T_C)),
)
