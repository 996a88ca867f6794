"""The adaptive-optimizers assignment: momentum, RMSProp and Adam, after the Adagrad of gradient_descent.

Loaded by the grader as a value (``autograder.assignment.load``), never imported by name.
"""
from autograder.assignment import Assignment

from .contract import DEFAULTS, FUNCTIONS
from .mistakes import MISTAKES
from .outputs import CHANGE_NAMES, CHANGE_PARTS, CHANGES, OUTPUTS
from .probes import PROBES
from .runs import RUNS
from .scenarios import SCENARIOS

ASSIGNMENT = Assignment(
    name="adaptive_optimizers",
    title="Adaptive optimizers: momentum, RMSProp and Adam",
    functions=FUNCTIONS,
    scenarios=SCENARIOS,
    mistakes=MISTAKES,
    probes=PROBES,
    outputs=OUTPUTS,
    changes=CHANGES,
    change_names=CHANGE_NAMES,
    change_parts=CHANGE_PARTS,
    defaults=DEFAULTS,
    example_arguments=("t_u", "t_c"),
    factor_scalars=("learning_rate", "momentum"),
    runs=RUNS,
)
