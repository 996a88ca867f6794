"""What each compared output is made of, so a diagnosis can say which part of it is right and which is wrong.

Data only. An output is a vector of named parts (``grad`` is ``[dL/dw, dL/db]``), a sequence along an axis
(``losses`` per epoch, ``learning_rate`` per ``t``), a table of examples by columns (``X_scaled``), or a
pass/fail flag (``diverged``) that says nothing about which numbers are wrong.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """How to talk about one output.

    Attributes
    ----------
    parts : tuple of str
        Names of the entries of a vector output, or of the columns of a sequence of vectors.
    axis : str
        What the first axis counts: ``"epoch"``, ``"t"``, ``"checkpoint"``, ``"example"``, ``"column"``.
    first : int
        The number of the first entry along ``axis`` (``losses[0]`` is epoch 1, ``params_history[0]`` the
        start, epoch 0).
    flag : bool
        A pass/fail output (0 or 1): never used to name a mistake or to measure a factor.
    reciprocal : str
        The output is a number divided by this quantity (``2 / lambda_max``): a factor on the output is told as
        the inverse factor on that quantity, since the usual meanings ("an extra division by N") would point the
        wrong way.
    """

    parts: tuple = ()
    axis: str = ""
    first: int = 0
    flag: bool = False
    reciprocal: str = ""


W_B = ("w", "b")

OUTPUTS = {
    "t_p": Output(axis="example"),
    "loss": Output(),
    "grad": Output(parts=("dL/dw", "dL/db")),
    "params": Output(parts=W_B),
    "sum_sq_grad": Output(parts=("the accumulator of w", "the accumulator of b")),
    "losses": Output(axis="epoch", first=1),
    "learning_rate": Output(axis="t"),
    "X_scaled": Output(axis="example"),
    "mean": Output(axis="column"),
    "std": Output(axis="column"),
    "critical_learning_rate": Output(reciprocal="the largest eigenvalue of the Hessian"),
    "params_history": Output(parts=W_B, axis="epoch"),
    "params_at_checkpoints": Output(parts=W_B, axis="checkpoint"),
    "diverged": Output(flag=True),
}

#: (function, output) -> the argument it updates: the diagnosis looks at the change (the step), not the value
CHANGES = {
    ("gd_step", "params"): "params",
    ("adagrad_step", "params"): "params",
    ("adagrad_step", "sum_sq_grad"): "sum_sq_grad",
    ("sgd_epoch", "params"): "params",
    ("training_loop", "params"): "params",
}

#: how the change of an output, and of one of its parts, is named in hints
CHANGE_NAMES = {"params": "the step of `params`", "sum_sq_grad": "what was added to `sum_sq_grad`"}
CHANGE_PARTS = {"params": "the step of {}", "sum_sq_grad": "what was added to {}"}


def output(name):
    return OUTPUTS.get(name, Output())
