"""The gradient-descent assignment, declared for the grader (see ``autograder/assignment.py``).

Thermometer example of *Deep Learning with PyTorch* ch. 5 and Hung-yi Lee's "Gradient Descent" lecture: the
update rule, learning-rate decay, Adagrad, standardization, the stability limit and SGD.
"""
from autograder.assignment import Assignment, GradientCheck

from .contract import DEFAULTS, FUNCTIONS
from .mistakes import MISTAKES
from .outputs import CHANGE_NAMES, CHANGE_PARTS, CHANGES, OUTPUTS
from .probes import PROBES
from .runs import RUNS
from .scenarios import SCENARIOS

ASSIGNMENT = Assignment(
    name="gradient_descent",
    title="Gradient descent: from the update rule to Adagrad and SGD",
    functions=FUNCTIONS,
    defaults=DEFAULTS,
    scenarios=SCENARIOS,
    mistakes=MISTAKES,
    probes=PROBES,
    outputs=OUTPUTS,
    changes=CHANGES,
    change_names=CHANGE_NAMES,
    change_parts=CHANGE_PARTS,
    # their length is the number of examples N, for factors such as 1/N
    example_arguments=("t_u", "t_p", "X"),
    factor_scalars=("learning_rate", "drop"),
    gradient_check=GradientCheck(function="grad_fn", predict="model", loss="loss_fn", inputs=("t_u",),
                                 params=("w", "b"), target="t_c"),
    runs=RUNS,
    # statements the notebook's text or demo cells use exactly as the reference does, each for a reason
    shared_lines=(
        "w, b = params",  # unpacking the contract's params = np.array([w, b])
        "t_p = model(t_u, w, b)",  # the contract: grad_fn receives the predictions of model (stated in the notebook)
        "for _ in range(n_epochs):",  # the loop header of any epoch loop (also in the grader's loops)
        "return params, np.array(losses)",  # the contract's return value of training_loop (demo cells too)
    ),
)
