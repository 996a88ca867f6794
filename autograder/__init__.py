"""Auto-graded exercises on gradient descent: isolated checks with hints, for pytest, nbgrader and the CLI.

The package is laid out as the grading pipeline: ``load`` (read submissions) -> ``run`` (execute them in a
sandboxed process) -> ``check`` (compare with expectations, explain mistakes) -> ``report`` (formats).
"""
__version__ = "0.1.0"
