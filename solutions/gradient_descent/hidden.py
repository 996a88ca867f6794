"""Instructor-only grading settings: the seed of the hidden checks.

The public checks students run use the assignment's ``public_seed``; grading replays the same
scenarios with this seed, so inputs differ and copying the public expected values earns nothing.
"""
HIDDEN_SEED = 917_174_2026
