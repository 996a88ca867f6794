# Loads the public checks of this assignment; see test_public_checks.py.
pytest_plugins = ["autograder.student"]
