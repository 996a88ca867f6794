"""Instructor-only reference of the gradient-descent assignment (see ``solutions/__init__.py``)."""
