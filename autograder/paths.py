"""Where the assignment's files are, in the repository and in a student release alike."""
import os
from pathlib import Path

#: the assignment folder; AUTOGRADER_ASSIGNMENT points elsewhere (a student release, a test copy)
ASSIGNMENT = Path(os.environ.get("AUTOGRADER_ASSIGNMENT",
                                 Path(__file__).resolve().parent.parent / "assignments" / "gradient_descent"))
NOTEBOOK_NAME = "gradient_descent.ipynb"
PUBLIC_DATA_NAME = "public_checks.json"


def public_data_path():
    return ASSIGNMENT / PUBLIC_DATA_NAME


def notebook_path():
    return ASSIGNMENT / NOTEBOOK_NAME
