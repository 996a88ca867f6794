"""Where an assignment's files are, in the repository and in a student release alike."""
from .assignment import PUBLIC_DATA_NAME, default, load  # noqa: F401  (PUBLIC_DATA_NAME is re-exported)


def _assignment(assignment):
    return load(assignment) if assignment is not None else default()


def public_data_path(assignment=None):
    return _assignment(assignment).public_data_path


def notebook_path(assignment=None):
    return _assignment(assignment).notebook_path


def __getattr__(name):
    """``ASSIGNMENT``: the default assignment's folder (read when asked, so importing this loads nothing)."""
    if name == "ASSIGNMENT":
        return default().folder
    raise AttributeError(name)
