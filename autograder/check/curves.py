"""The student's own training runs, for the reports' plot of loss against epoch.

Each run is one ``call`` of the student's ``training_loop`` sent to the sandbox: the code runs there, only
numbers come back, and the reporting process plots them without ever running student code. The runs are
the book's: two learning rates past the raw data's stability limit (diverging) and two below it
(converging), from the same start.
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field

import numpy as np

from ..run import codec
from .data import START, T_C, T_U
from .evaluate import error_message

@dataclass(frozen=True)
class TrainingRun:
    """``training_loop(n_epochs, learning_rate, START, scale * T_U, T_C)``, drawn in ``panel``."""

    label: str
    panel: str
    learning_rate: float
    n_epochs: int
    scale: float = 1.0

    def inputs(self):
        args = [self.n_epochs, self.learning_rate, START, self.scale * T_U, T_C]
        return {"function": codec.to_plain("training_loop"), "args": codec.to_plain(args)}


RUNS = (
    TrainingRun("lr 1e-2 on raw t_u", "diverging", 1e-2, 200),
    TrainingRun("lr 5e-4 on raw t_u", "diverging", 5e-4, 200),
    TrainingRun("lr 1e-2 on 0.1 * t_u", "converging", 1e-2, 3000, scale=0.1),
    TrainingRun("lr 1e-4 on raw t_u", "converging", 1e-4, 3000),
)


@dataclass
class Curve:
    """One run's losses (epoch 1 first; may end in inf or nan), or why there are none (``error``)."""

    label: str
    panel: str
    losses: list = field(default_factory=list)
    error: str = ""

    @property
    def finite(self):
        """``(epochs, losses)`` of the positive finite losses: what a log axis can show."""
        losses = np.asarray(self.losses, dtype=float)
        epochs = np.arange(1, losses.size + 1)
        keep = np.isfinite(losses) & (losses > 0)
        return epochs[keep], losses[keep]

    @property
    def blew_up_at(self):
        """The first epoch whose loss is not finite, or None."""
        bad = ~np.isfinite(np.asarray(self.losses, dtype=float))
        return int(np.argmax(bad)) + 1 if bad.any() else None


_TRAINING_LOOP = types.SimpleNamespace(function="training_loop")


def collect(sandbox, runs=RUNS):
    """Run each of ``runs`` in ``sandbox`` (a :class:`~autograder.run.runner.Sandbox`); one Curve each."""
    curves = []
    for run in runs:
        reply = sandbox.run("call", run.inputs())
        curve = Curve(run.label, run.panel)
        if not reply["ok"]:
            curve.error = error_message(_TRAINING_LOOP, reply, sandbox.timeout)
        elif "losses" not in reply["outputs"]:
            curve.error = "`training_loop` returned no losses."
        else:
            losses = codec.from_plain(reply["outputs"]["losses"])
            curve.losses = [float(x) for x in np.atleast_1d(np.asarray(losses, dtype=float)).ravel()]
            if not curve.losses:
                curve.error = "`training_loop` returned no losses."
        curves.append(curve)
    return curves
