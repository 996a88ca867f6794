"""Instructor-only reference for the gradient-descent assignment.

Nothing in this package is ever shipped to students or imported into a process that runs student code.
The grader imports it to compute expected values; ``python -m autograder expected`` turns it into the
public data file that students receive.
"""
