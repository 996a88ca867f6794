"""What each compared output is made of, so a diagnosis can say which part of it is right and which is wrong.

The type only; each assignment declares its outputs in ``grading/outputs.py``. An output is a vector of named
parts (a gradient with one entry per parameter), a sequence along an axis (a loss per epoch, a rate per step),
a table of examples by columns, or a pass/fail flag (did a run diverge) that says nothing about which numbers
are wrong.
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
    #: standardized columns (mean 0, std 1 each): the diagnosis checks those properties on the student's
    standardized: bool = False
    reciprocal: str = ""
