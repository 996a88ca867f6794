"""Instructor-side builders: the student release, the hidden grader bundle, the Gradescope autograder.

Nothing here is shipped to students (the release copies only the modules its checks import), and every
output is reproducible: the same sources give byte-identical files.
"""
