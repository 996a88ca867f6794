"""Instructor-only part of the adaptive-optimizers assignment: the reference, the wrong implementations behind
the hints, and the hidden seed.

Nothing here is ever shipped to students or imported into a process that runs student code.
"""
