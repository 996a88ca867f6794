"""Public checks of this assignment.

Run ``pytest`` in this folder: every check runs your notebook's functions in a separate process and, when
one fails, says what you most likely got wrong. ``pytest -k NAME`` runs the checks of the function NAME.
The checks are the assignment's own (``grading/scenarios.py``); ``autograder.student`` makes one test of each.
"""


def test_check(scenario, run_check):
    run_check(scenario)
