"""The student's own training runs, for the reports' plot of loss against epoch.

Each run is one ``call`` of a student function sent to the sandbox: the code runs there, only numbers come
back, and the reporting process plots them without ever running student code. Each assignment declares its
runs (``grading/runs.py``).
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field

import numpy as np

from ..run import codec
from .evaluate import error_message

@dataclass(frozen=True)
class Run:
    """``function(*args)`` in the student's sandbox (or, with another ``driver``, one of the assignment's loops
    on the inputs ``args``, a dict; ``function`` then names the student function it exercises); its ``output``
    (a loss per epoch or step) is drawn in ``panel``."""

    label: str
    panel: str
    function: str
    args: object = field(repr=False)
    output: str = "losses"
    driver: str = "call"

    def inputs(self):
        if self.driver != "call":
            return {name: codec.to_plain(value) for name, value in dict(self.args).items()}
        return {"function": codec.to_plain(self.function), "args": codec.to_plain(list(self.args))}


@dataclass
class Curve:
    """One run's losses (epoch 1 first; may end in inf or nan), or why there are none (``error``)."""

    label: str
    panel: str
    losses: list = field(default_factory=list)
    error: str = ""
    #: the student function that made it
    function: str = ""

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


def collect(sandbox, runs):
    """Run each of ``runs`` in ``sandbox`` (a :class:`~autograder.run.runner.Sandbox`); one Curve each."""
    curves = []
    for run in runs:
        reply = sandbox.run(run.driver, run.inputs())
        curve = Curve(run.label, run.panel, function=run.function)
        missing = f"`{run.function}` returned no `{run.output}`."
        if not reply["ok"]:
            curve.error = error_message(types.SimpleNamespace(function=run.function), reply, sandbox.timeout)
        elif run.output not in reply["outputs"]:
            curve.error = missing
        else:
            losses = codec.from_plain(reply["outputs"][run.output])
            curve.losses = [float(x) for x in np.atleast_1d(np.asarray(losses, dtype=float)).ravel()]
            if not curve.losses:
                curve.error = missing
        curves.append(curve)
    return curves
