"""Runs of the student's code drawn in reports: the quadratic's value step by step, with the student's own
gradient and optimizers, on curvatures [1, 100] (momentum's stability limit there is 2 * 1.9 / 100 = 0.038)."""
from autograder.check.curves import Run

from .data import A, THETA0


def _curve(label, panel, optimizer, learning_rate, hyper=()):
    return Run(label, panel, optimizer, {"optimizer": optimizer, "a": A, "theta": THETA0,
                                          "learning_rate": learning_rate, "n_steps": 200, "hyper": list(hyper)},
               driver="loss_curve_run")


RUNS = (
    _curve("momentum 0.9 at lr 0.042 (1.1x its limit)", "diverging", "momentum_step", 0.042, (0.9,)),
    _curve("momentum 0.9 at lr 0.03", "converging", "momentum_step", 0.03, (0.9,)),
    _curve("RMSProp at lr 0.03", "converging", "rmsprop_step", 0.03),
    _curve("Adam at lr 0.1", "converging", "adam_step", 0.1),
)
