"""What a check is: a scenario (data) and a known mistake (data).

A :class:`Scenario` is declared once in its assignment's ``grading/scenarios.py`` and drives local pytest, the
nbgrader cells and the CLI alike: it names the driver that exercises the student's functions, how to build
its inputs from a seeded generator, which outputs are compared with what tolerance, its points, and the
advice to give when it fails for a reason no known mistake explains.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Callable

import numpy as np



@dataclass(frozen=True)
class Scenario:
    """One check.

    Attributes
    ----------
    function : str
        The contract function whose points this check carries.
    what : str
        What is checked, in words; the check is named ``"<function>: <what>"``.
    driver : str
        Name of the driver that runs it: a generic one of :mod:`autograder.run.drivers` (``call``,
        ``sweep``) or one of the assignment's ``grading/loops.py``.
    build : callable
        ``build(rng) -> dict`` of driver arguments (numbers, arrays, function names, :class:`~autograder.run.codec.Rng`).
        Scenarios on the book's data ignore ``rng``; randomized ones draw from it, so hidden grading can use
        other inputs than the public checks by changing the seed.
    compare : tuple of str
        Outputs of the driver compared with the reference, in the order they are reported.
    points : float
    hint : str
        Advice when the check fails and no declared mistake reproduces the student's numbers.
    uses : tuple of str
        Other contract functions the driver calls; their failures are pointed out as likely causes.
    rtol, atol : float
        Tolerances of :func:`numpy.isclose`; wide enough for accepted conventions (eps placement, sum/N
        versus mean), narrow enough for every mistake in :mod:`autograder.check.mistakes`.
    is_property : bool
        A property of the function (it leaves its inputs unchanged) rather than its numbers: it scores only
        when every value check of the same function passes, so code that computes nothing right earns nothing.
        Declared after the function's value checks.
    """

    function: str
    what: str
    driver: str
    build: Callable[[np.random.Generator], dict] = field(repr=False)
    compare: tuple
    points: float
    hint: str
    uses: tuple = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    is_property: bool = False

    @property
    def name(self):
        return f"{self.function}: {self.what}"

    def inputs(self, seed):
        """The driver's arguments for a given base seed (each scenario gets its own stream)."""
        return self.build(np.random.default_rng([seed, zlib.crc32(self.name.encode())]))


@dataclass(frozen=True)
class Mistake:
    """A typical wrong implementation of one function, and what to tell a student whose numbers match it.

    The wrong implementation itself lives in ``solutions/<assignment>/mistakes.py`` (instructor-only): the grader
    replays the scenario with it in place of the reference and compares the student's numbers with the
    result. Public checks ship those numbers as data.
    """

    function: str
    name: str
    hint: str
