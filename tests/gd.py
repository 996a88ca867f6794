"""The gradient-descent assignment's declarations and files, for tests: loaded the way the grader loads them."""
from autograder.assignment import grading_module, load

GD = load("gradient_descent")
SCENARIOS = GD.scenarios
POINTS = GD.points
MISTAKES = GD.mistakes
PROBES = GD.probes
PUBLIC_SEED = GD.public_seed
FUNCTIONS = GD.functions
#: the assignment's folder
ASSIGNMENT = GD.folder
_data = grading_module(GD, "data")
START, T_C, T_U = _data.START, _data.T_C, _data.T_U


def scenarios_for(functions=None):
    return GD.scenarios_for(functions)


def mistakes_of(functions):
    return GD.mistakes_of(functions)


def notebook_path(assignment=None):
    return load(assignment or GD).notebook_path


def public_data_path(assignment=None):
    return load(assignment or GD).public_data_path
