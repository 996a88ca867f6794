"""Instructor-only part of every assignment: ``solutions/<assignment>/`` holds its reference
(``reference.py``), its wrong implementations (``mistakes.py``) and the hidden seed (``hidden.py``).

Nothing here is ever shipped to students or imported into a process that runs student code. The grader loads
an assignment's folder by path (``autograder.assignment.load_solutions``) to compute expected values;
``python -m autograder expected`` turns the reference into the public data file that students receive.
"""
