"""Instructor-only grading settings of the adaptive-optimizers assignment: the seed of the hidden checks.

The public checks use the public seed; grading replays the same scenarios with this one, so inputs differ and
copying the public expected values earns nothing.
"""
HIDDEN_SEED = 4_117_2026
