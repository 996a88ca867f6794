"""Public checks for the gradient-descent assignment.

Run ``pytest`` in this folder: every check runs your notebook's functions in a separate process and, when
one fails, says what you most likely got wrong. ``pytest -k grad_fn`` runs the checks of one function.
"""
import pytest

from autograder.check.scenarios import SCENARIOS
from autograder.student import check_ids


@pytest.mark.parametrize("scenario", SCENARIOS, ids=check_ids())
def test_check(scenario, run_check):
    run_check(scenario)
