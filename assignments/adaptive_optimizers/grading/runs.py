"""Runs of the student's code drawn in reports: none yet for this assignment."""
RUNS = ()
