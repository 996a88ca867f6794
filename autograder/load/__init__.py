"""Stage 1: find submissions and turn each into the cells of code to run."""
from .discover import Submission, find_submissions
from .source import LoadError, load_cells

__all__ = ["LoadError", "Submission", "find_submissions", "load_cells"]
