"""A probe: a small call of one contract function whose inputs isolate one term of it.

Each assignment declares its probes in ``grading/probes.py``; the diagnosis runs them on a failed function to
locate its mistake. A probe with a ``base`` is a changed copy of that probe's input: the diagnosis compares how
the student's result responds to the change with how the expected one does.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Probe:
    """One call: ``function(*args)``. ``about`` names the input in words (and what it isolates)."""

    function: str
    name: str
    about: str
    args: tuple
    #: the probe whose input this one changes; ``about`` then says what was changed
    base: str = ""
    #: what a right result on this probe shows, when the failed check still fails
    means: str = ""

    @property
    def key(self):
        return f"{self.function}: {self.name}"
