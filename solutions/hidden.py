"""Instructor-only grading settings: the seed of the hidden checks.

The public checks students run use ``autograder.check.scenario.PUBLIC_SEED``; grading replays the same
scenarios with this seed, so inputs differ and copying the public expected values earns nothing.
"""
HIDDEN_SEED = 917_174_2026
